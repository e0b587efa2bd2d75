import Foundation

/// The few questions the grader asks git.
enum Git {
  /// The files git tracks under `folder` (the whole checkout by default), relative to the
  /// checkout `root`; `nil` when git cannot list them (`root` is not a git checkout).
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` when git itself cannot be run.
  static func files(under folder: String = ".", in root: URL) throws(GraderError) -> [String]? {
    let result = try Shell.run(["git", "ls-files", "-z", "--", folder], in: root)
    guard result.status == 0 else { return nil }
    return result.output.split(separator: "\0").map(String.init)
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
