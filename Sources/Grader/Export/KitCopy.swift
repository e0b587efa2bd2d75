import Foundation

/// A copy of the kit's own files: what git tracks (or, outside a git checkout, everything
/// but the build and the grader's state), to hand on to Gradescope or to a class.
enum KitCopy {
  /// Copies the checkout of `workspace` into `destination`, except the paths under `leavingOut`
  /// (relative to the checkout, e.g. `solutions/03-Softmax`).
  static func copy(
    _ workspace: Workspace, to destination: URL, leavingOut: [String]
  ) throws(GraderError) {
    let manager = FileManager.default
    if manager.fileExists(atPath: destination.path),
      !((try? manager.contentsOfDirectory(atPath: destination.path))?.isEmpty ?? true)
    {
      throw .usage("\(destination.path) is not empty: choose a new folder to export into.")
    }
    let files = try trackedFiles(of: workspace).filter { path in
      !leavingOut.contains { path == $0 || path.hasPrefix($0 + "/") }
    }
    do {
      for path in files {
        let target = destination.appendingPathComponent(path)
        try manager.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.copyItem(at: workspace.root.appendingPathComponent(path), to: target)
      }
    } catch {
      throw .cannotRun(
        "cannot copy the kit into \(destination.path): \(error.localizedDescription)")
    }
  }

  /// The checkout's files, relative to it: git's list where there is one.
  static func trackedFiles(of workspace: Workspace) throws(GraderError) -> [String] {
    if FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent(".git").path),
      let listed = try Git.files(in: workspace.root)
    {
      return listed.filter {
        FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent($0).path)
      }
    }
    let skipped: Set<String> = [".build", ".gradkit", ".git", ".swiftpm"]
    let root = workspace.root.standardizedFileURL.path
    return Fingerprint.files(in: [workspace.root]).map { url in
      String(url.standardizedFileURL.path.dropFirst(root.count + 1))
    }.filter { path in
      !skipped.contains(String(path.prefix { $0 != "/" }))
    }
  }
}
