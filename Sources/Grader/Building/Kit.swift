import Foundation

/// The kit as a grading run uses it: the graded tests, built once from the checkout, and
/// what each learner program is compiled against.
///
/// Only the checkout's own sources go into it (the engine, the pipe, the reference, the
/// tests), never the learner's, so it builds whatever state the exercises are in; it is
/// rebuilt only when those sources change. Learner programs see a copy of just the engine's
/// and the pipe's modules and one shared library of their code (`.gradkit/kit/`): nothing
/// of the reference or the tests.
public struct Kit: Sendable {
  /// How to start the graded tests.
  public var launcher: TestLauncher
  /// The folder with `GradKit.swiftmodule` and `LessonWire.swiftmodule`, and nothing else.
  public var include: URL
  /// The engine and the pipe as one shared library, which every learner program links:
  /// linking one library is about twice as fast as linking their fifty object files.
  public var library: URL
  /// Every graded test, by module.
  public var catalogue: Catalogue
  /// The hash of the sources the kit was built from.
  public var fingerprint: String

  /// What the kit remembers between runs, in `.gradkit/kit/kit.json`.
  struct Record: Codable {
    var fingerprint: String
    var library: String
    var catalogue: Catalogue
  }

  /// The kit of `workspace`, built first if its sources changed since the last build.
  ///
  /// - Parameter progress: sees a line now and then during a build, for the learner.
  /// - Throws: ``GraderError/kitBroken(_:)`` when the kit itself does not compile.
  public static func prepare(
    _ workspace: Workspace, progress: @escaping @Sendable (String) -> Void
  ) throws(GraderError) -> Kit {
    try prepare(
      workspace, fingerprint: Fingerprint.ofMetadata(sourcesOf: workspace), progress: progress)
  }

  /// The kit of `workspace`, built first if its sources changed since the last build, for a
  /// caller that has taken `fingerprint` (``Fingerprint/ofMetadata(sourcesOf:)``) already.
  static func prepare(
    _ workspace: Workspace, fingerprint: String, progress: @escaping @Sendable (String) -> Void
  ) throws(GraderError) -> Kit {
    let folder = workspace.kitFolder
    let launcher = TestLauncher.forPackage(at: workspace.root, buildFolder: workspace.buildFolder)
    if let data = FileManager.default.contents(
      atPath: folder.appendingPathComponent("kit.json").path),
      let record = try? JSONDecoder().decode(Record.self, from: data),
      record.fingerprint == fingerprint, launcher.isBuilt
    {
      let library = folder.appendingPathComponent("lib/\(record.library)")
      if FileManager.default.fileExists(atPath: library.path) {
        return Kit(
          launcher: launcher, include: folder.appendingPathComponent("include"),
          library: library, catalogue: record.catalogue, fingerprint: fingerprint)
      }
    }
    try build(workspace, progress: progress)
    return try assemble(
      products: workspace.buildFolder.appendingPathComponent("debug"),
      launcher: TestLauncher.forPackage(at: workspace.root, buildFolder: workspace.buildFolder),
      into: folder, fingerprint: fingerprint)
  }

  /// The kit of a build whose products are in `products`: stages the learner programs'
  /// modules and library in `folder`, lists the graded tests with `launcher`, and records both.
  public static func assemble(
    products: URL, launcher: TestLauncher, into folder: URL, fingerprint: String
  ) throws(GraderError) -> Kit {
    let library = try stage(products: products, into: folder)
    let catalogue = try Catalogue.list(with: launcher, scratch: folder)
    let record = Record(
      fingerprint: fingerprint, library: library.lastPathComponent, catalogue: catalogue)
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      try encoder.encode(record).write(to: folder.appendingPathComponent("kit.json"))
    } catch {
      throw .cannotRun("cannot write \(folder.path)/kit.json: \(error.localizedDescription)")
    }
    return Kit(
      launcher: launcher, include: folder.appendingPathComponent("include"), library: library,
      catalogue: catalogue, fingerprint: fingerprint)
  }

  /// Builds the graded tests (and with them the engine and the pipe), reporting progress.
  static func build(
    _ workspace: Workspace, progress: @escaping @Sendable (String) -> Void
  ) throws(GraderError) {
    try ProductBuild(
      product: "GradKitPackageTests", configuration: "debug", subject: "the kit",
      firstTime: "a minute or two"
    ).run(in: workspace, progress: progress)
  }

  /// The name of the learner programs' library: `libGradKitLearner.so` (`.dylib` on macOS).
  static let libraryName = "GradKitLearner"

  /// Copies the engine's and the pipe's modules from `products` into `folder/include`, and
  /// links their objects into `folder/lib`'s shared library.
  static func stage(products: URL, into folder: URL) throws(GraderError) -> URL {
    let list = products.appendingPathComponent("GradKitPackageTests.product/Objects.LinkFileList")
    guard let text = try? String(contentsOf: list, encoding: .utf8) else {
      throw .cannotRun("the build left no object list at \(list.path); run 'swift build' once")
    }
    let objects = text.split(separator: "\n")
      .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")) }
      .filter { $0.contains("/GradKit.build/") || $0.contains("/LessonWire.build/") }
    guard !objects.isEmpty else {
      throw .cannotRun("the build's object list names no object of the engine")
    }
    let manager = FileManager.default
    let include = folder.appendingPathComponent("include")
    let lib = folder.appendingPathComponent("lib")
    do {
      for staged in [include, lib] {
        try? manager.removeItem(at: staged)
        try manager.createDirectory(at: staged, withIntermediateDirectories: true)
      }
      for module in ["GradKit", "LessonWire"] {
        let candidates = [
          products.appendingPathComponent("Modules/\(module).swiftmodule"),
          products.appendingPathComponent("\(module).swiftmodule"),
        ]
        guard let found = candidates.first(where: { manager.fileExists(atPath: $0.path) }) else {
          throw GraderError.cannotRun("the build left no \(module).swiftmodule in \(products.path)")
        }
        try manager.copyItem(
          at: found, to: include.appendingPathComponent("\(module).swiftmodule"))
      }
    } catch let error as GraderError {
      throw error
    } catch {
      throw .cannotRun("cannot stage the kit in \(folder.path): \(error.localizedDescription)")
    }
    #if os(macOS)
      let library = lib.appendingPathComponent("lib\(libraryName).dylib")
    #else
      let library = lib.appendingPathComponent("lib\(libraryName).so")
    #endif
    let linked = Shell.run(
      URL(fileURLWithPath: Executable.find("swiftc") ?? "/usr/bin/swiftc"),
      ["-emit-library"] + LearnerBuild.linkerFlags + objects + ["-o", library.path],
      timeLimit: 300)
    guard linked.status == 0 else {
      throw .cannotRun(
        "cannot link the learner programs' library: \(linked.output)\(linked.errors)")
    }
    return library
  }
}
