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
    let names = try Git.files(under: folder, in: workspace.root).filter { $0.hasSuffix(".swift") }
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
    let stamp = Self.timestamp()
    let backups = workspace.stateFolder.appendingPathComponent("backups/\(module.folder)-\(stamp)")
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

  static func timestamp() -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    formatter.locale = Locale(identifier: "en_US_POSIX")
    return formatter.string(from: Date())
  }
}

/// The few questions the grader asks git.
enum Git {
  /// The tracked files under `folder`, relative to the checkout.
  static func files(under folder: String, in root: URL) throws(GraderError) -> [String] {
    let result = try Shell.run(["git", "ls-files", "--", folder], in: root)
    guard result.status == 0 else {
      throw .cannotRun("git cannot list \(folder): \(result.output)")
    }
    return result.output.split(separator: "\n").map(String.init)
  }

  /// The committed version of `path` with the most `unimplemented()` calls, the newest of equals.
  static func stubVersion(of path: String, in root: URL) throws(GraderError) -> String {
    let log = try Shell.run(["git", "log", "--format=%H", "--", path], in: root)
    var best: (count: Int, text: String)?
    for commit in log.output.split(separator: "\n") {
      let shown = try Shell.run(["git", "show", "\(commit):\(path)"], in: root)
      guard shown.status == 0 else { continue }
      let count = shown.output.components(separatedBy: "unimplemented(").count - 1
      if count > (best?.count ?? -1) { best = (count, shown.output) }
    }
    guard let best, best.count > 0 else {
      throw .cannotRun("no committed version of \(path) has its stubs; restore it by hand.")
    }
    return best.text
  }
}
