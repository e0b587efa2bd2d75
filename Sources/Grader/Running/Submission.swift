import Foundation

/// A learner's submission, checked and copied before anything of it is compiled.
///
/// A submission may be an exercises folder (`01-Perceptron/…`), a checkout or folder that
/// holds one (`exercises/01-Perceptron/…`), or the Swift files uploaded flat
/// (`Perceptron.swift`, matched to their module by name), each also inside the one folder a
/// zip of the repository wraps it in (`ada-gradkit-main/`). Only regular `.swift` files with
/// plain names and a sane size are copied; a symbolic link, a device, an odd name or an
/// oversized file is refused with the reason, and its module's tests report the refusal.
/// A module with no file in the submission is reported as not submitted.
enum Submission {
  /// What was taken from the submission.
  struct Prepared {
    /// The copy, holding a folder per module that was submitted and accepted.
    var exercises: URL
    /// The modules that cannot be graded, and why.
    var refusals: [String: ModuleProblem]
    /// How the submission was read, for the report.
    var layout: String
  }

  /// The largest file accepted: a lesson's file is a few kilobytes.
  static let maximumFileSize = 1 << 20
  /// The most Swift files accepted in one module.
  static let maximumFiles = 32

  /// Checks `folder` and copies what can be graded into `destination`, which is emptied first.
  ///
  /// - Parameter expected: each module's file names, from the checkout's stubs.
  /// - Throws: ``GraderError/usage(_:)`` when `folder` is not a folder at all.
  static func prepare(
    _ folder: URL, into destination: URL, expected: [CourseModule: [String]]
  ) throws(GraderError) -> Prepared {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      throw .usage(
        "\(folder.path) is not a folder. Pass the folder that holds the learner's module"
          + " folders (01-Perceptron, …) or their .swift files.")
    }
    try? FileManager.default.removeItem(at: destination)
    do {
      try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
    } catch {
      throw .cannotRun("cannot create \(destination.path): \(error.localizedDescription)")
    }
    let upload = unwrapped(folder)
    let (root, found) = locate(in: upload)
    let layout =
      upload == folder ? found : "\(found), inside \(sanitizedName(upload.lastPathComponent))/"
    var refusals: [String: ModuleProblem] = [:]
    for module in Course.modules {
      let target = destination.appendingPathComponent(module.folder)
      let candidates: [URL]
      if let root {
        let moduleFolder = root.appendingPathComponent(module.folder)
        if let problem = refusal(ofFolder: moduleFolder, module: module) {
          refusals[module.name] = problem
          continue
        }
        candidates = entries(of: moduleFolder)
      } else {
        let names = Set(expected[module] ?? [])
        candidates = entries(of: upload).filter { names.contains($0.lastPathComponent) }
      }
      let swift = candidates.filter { $0.pathExtension == "swift" }
      guard !swift.isEmpty else {
        let files = (expected[module] ?? []).map { "exercises/\(module.folder)/\($0)" }
        // A Softmax.swift.txt or softmax.SWIFT beside nothing else: say what is there.
        let found = candidates.map { sanitizedName($0.lastPathComponent) }
        refusals[module.name] = ModuleProblem(
          status: .notSubmitted,
          summary: "not submitted: \(module.code) \(module.title) has no .swift file",
          details: ["Expected " + files.joined(separator: ", ") + "."]
            + (found.isEmpty
              ? []
              : [
                "Found " + found.prefix(5).joined(separator: ", ")
                  + (found.count > 5 ? " and \(found.count - 5) more" : "")
                  + ": a Swift file's name ends in .swift."
              ]))
        continue
      }
      let problems = swift.compactMap { problem(with: $0) }
      guard problems.isEmpty, swift.count <= maximumFiles else {
        refusals[module.name] = ModuleProblem(
          status: .refused,
          summary: "refused: \(module.code) \(module.title) holds files that cannot be graded",
          details: problems
            + (swift.count > maximumFiles ? ["more than \(maximumFiles) Swift files"] : [])
            + [
              "Submit plain .swift files only (no links, no special files), with plain names,"
                + " at most \(maximumFileSize / 1024) KB each and \(maximumFiles) a module."
            ])
        continue
      }
      do {
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for file in swift {
          let data = try Data(contentsOf: file)
          try data.write(to: target.appendingPathComponent(file.lastPathComponent))
        }
      } catch {
        throw .cannotRun("cannot copy the submission: \(error.localizedDescription)")
      }
    }
    if refusals.values.allSatisfy({ $0.status == .notSubmitted }),
      refusals.count == Course.modules.count
    {
      return Prepared(
        exercises: destination, refusals: refusals,
        layout: "an upload with no module in it: nothing to grade. Upload your module folders"
          + " (01-Perceptron/, …, as in exercises/), a folder holding exercises/, or the"
          + " modules' .swift files (Perceptron.swift, …)")
    }
    return Prepared(exercises: destination, refusals: refusals, layout: layout)
  }

  /// The folder an upload is read from: `folder` itself, or its one folder when its top holds
  /// no module folder, no `exercises/` and no `.swift` file, as when a zip wraps the learner's
  /// repository (`ada-gradkit-main/`, perhaps beside macOS's `__MACOSX/`). A link is not
  /// followed.
  static func unwrapped(_ folder: URL) -> URL {
    let top = entries(of: folder)
    guard locate(in: folder).0 == nil, !top.contains(where: { $0.pathExtension == "swift" })
    else { return folder }
    let folders = top.filter {
      fileType($0) == .typeDirectory && $0.lastPathComponent != "__MACOSX"
    }
    return folders.count == 1 ? folders[0] : folder
  }

  /// The folder that holds the module folders, or `nil` for flat files, and how it was found.
  static func locate(in folder: URL) -> (URL?, String) {
    func holdsModules(_ candidate: URL) -> Bool {
      Course.modules.contains {
        FileManager.default.fileExists(atPath: candidate.appendingPathComponent($0.folder).path)
      }
    }
    if holdsModules(folder) { return (folder, "an exercises folder") }
    let nested = folder.appendingPathComponent("exercises")
    // A link named exercises could point anywhere, the reference included: not followed.
    if fileType(nested) == .typeDirectory, holdsModules(nested) {
      return (nested, "a folder holding exercises/")
    }
    return (nil, "files uploaded flat, matched to modules by name")
  }

  /// Why a module folder itself cannot be used: a link, or not a folder.
  static func refusal(ofFolder folder: URL, module: CourseModule) -> ModuleProblem? {
    guard let kind = fileType(folder) else { return nil }
    guard kind == .typeDirectory else {
      return ModuleProblem(
        status: .refused,
        summary: "refused: \(module.folder) is \(describe(kind)), not a folder",
        details: ["Submit the folder itself with its .swift files."])
    }
    return nil
  }

  /// Why `file` cannot be graded, or `nil` when it can.
  static func problem(with file: URL) -> String? {
    let name = file.lastPathComponent
    guard let kind = fileType(file), kind == .typeRegular else {
      return "\(name) is \(fileType(file).map(describe) ?? "unreadable"), not a plain file"
    }
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+.")
    guard name.allSatisfy(allowed.contains), !name.hasPrefix("."), !name.hasPrefix("-") else {
      return
        "\(sanitizedName(name)) has characters a file name may not have here (use letters, digits, _ - + .)"
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    guard size <= maximumFileSize else {
      return "\(name) is \(size) bytes, more than the \(maximumFileSize) allowed"
    }
    return nil
  }

  /// The entries of a folder, links included, without following them.
  static func entries(of folder: URL) -> [URL] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
      .filter { !$0.hasPrefix(".") || $0.hasSuffix(".swift") }
      .map { folder.appendingPathComponent($0) }
  }

  /// The type of the item at `url` itself, not of what a link points to.
  static func fileType(_ url: URL) -> FileAttributeType? {
    (try? FileManager.default.attributesOfItem(atPath: url.path)[.type]) as? FileAttributeType
  }

  static func describe(_ kind: FileAttributeType) -> String {
    switch kind {
    case .typeSymbolicLink: "a symbolic link"
    case .typeDirectory: "a folder"
    case .typeRegular: "a file"
    case .typeCharacterSpecial, .typeBlockSpecial: "a device"
    case .typeSocket: "a socket"
    default: "a special file"
    }
  }

  /// A file name as it may be shown: control characters and quotes replaced.
  static func sanitizedName(_ name: String) -> String {
    String(
      name.unicodeScalars.map { $0.value < 0x20 || $0 == "\"" || $0 == "'" ? "?" : Character($0) })
  }
}
