import Foundation

/// `gradkit reset MODULE`: restores a module's stub, keeping a backup of the learner's file first.
public struct ResetCommand: GraderCommand {
  public static let name = "reset"
  public static let abstract = "restore a module's stub (your file is backed up first)"
  public static let flags = ["--yes"]
  public static let options: [String] = []
  public static let help = """
    Usage: gradkit reset MODULE [--yes]

    Restores the stub file(s) of MODULE so you can start the module again. Your
    current files are copied to .gradkit/backups/ first, and gradkit asks before it
    writes anything. The stub is found in the checkout's git history: the committed
    version of each file with the most stubs left in it.

    Arguments:
      MODULE               a module by number (02) or name (softmax)

    Options:
      --yes                do not ask (for scripts)
      -h, --help           show this help
    """

  var module: CourseModule
  var confirmed: Bool

  public init(_ arguments: Arguments) throws(GraderError) {
    module = try Course.singleModule(named: arguments.positionals, command: Self.name)
    confirmed = arguments.has("--yes")
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    let folder = "exercises/\(module.folder)"
    let names = (try Git.files(under: folder, in: workspace.root) ?? []).filter {
      $0.hasSuffix(".swift")
    }
    guard !names.isEmpty else {
      throw .cannotRun(
        "git knows no Swift files under \(folder); gradkit reset needs the checkout's history.")
    }
    var changed: [(path: String, stub: String)] = []
    for path in names {
      let stub = try Git.stubVersion(of: path, in: workspace.root)
      let current = try? String(
        contentsOf: workspace.root.appendingPathComponent(path), encoding: .utf8)
      if current != stub { changed.append((path, stub)) }
    }
    guard !changed.isEmpty else {
      context.line("\(module.code) \(module.title) is already the untouched stub.")
      return .success
    }
    context.line("This restores the stub of \(module.code) \(module.title):")
    for file in changed { context.line("  \(file.path)") }
    if !confirmed {
      guard isatty(STDIN_FILENO) == 1 else {
        throw .usage(
          "gradkit reset asks before it overwrites your work; to skip asking, add --yes.")
      }
      context.write("Your files are backed up first. Restore? [y/N] ")
      let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
      guard answer == "y" || answer == "yes" else {
        context.line("Nothing changed.")
        return .success
      }
    }
    let backups = Self.unusedFolder(
      in: workspace.stateFolder.appendingPathComponent("backups"),
      named: "\(module.folder)-\(Self.timestamp())")
    do {
      try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
      for file in changed {
        let url = workspace.root.appendingPathComponent(file.path)
        if FileManager.default.fileExists(atPath: url.path) {
          try FileManager.default.copyItem(
            at: url, to: backups.appendingPathComponent(url.lastPathComponent))
        }
        try Data(file.stub.utf8).write(to: url)
      }
    } catch {
      throw .cannotRun("cannot restore the stub: \(error.localizedDescription)")
    }
    context.line(
      "Restored. Your files are in \(backups.path.dropFirst(workspace.root.path.count + 1)).")
    return .success
  }

  /// `parent/name`, or `parent/name-2`, `-3`, … when a backup of the same second is there:
  /// two resets within one second each keep their own backup.
  static func unusedFolder(in parent: URL, named name: String) -> URL {
    var candidate = parent.appendingPathComponent(name)
    var number = 1
    while FileManager.default.fileExists(atPath: candidate.path) {
      number += 1
      candidate = parent.appendingPathComponent("\(name)-\(number)")
    }
    return candidate
  }

  static func timestamp() -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    formatter.locale = Locale(identifier: "en_US_POSIX")
    return formatter.string(from: Date())
  }
}
