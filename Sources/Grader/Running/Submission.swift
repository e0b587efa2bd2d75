import Foundation

/// A learner's exercises folder, graded in a private copy of the checkout so the working tree stays untouched.
enum Submission {
  /// A workspace whose `exercises/` is a copy of `folder` and whose other sources mirror `workspace`.
  ///
  /// The copy lives in `.gradkit/submission/` (ignored by git) and is kept between runs:
  /// files are written only when their bytes changed, so grading one submission after
  /// another rebuilds only the exercises.
  static func prepare(_ folder: URL, from workspace: Workspace) throws(GraderError) -> Workspace {
    let modules = Course.modules.filter {
      FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.folder).path)
    }
    guard !modules.isEmpty else {
      throw .usage(
        "\(folder.path) is not an exercises folder: it holds none of the module folders"
          + " (\(Course.modules[0].folder), …). Pass the folder that holds them.")
    }
    let shadow = workspace.stateFolder.appendingPathComponent("submission")
    do {
      for item in ["Package.swift", "Sources", "Tests", "solutions"] {
        try mirror(
          workspace.root.appendingPathComponent(item), to: shadow.appendingPathComponent(item))
      }
      // A submission may hold only the modules due so far; the others keep the checkout's stubs.
      let exercises = shadow.appendingPathComponent("exercises")
      try FileManager.default.createDirectory(at: exercises, withIntermediateDirectories: true)
      for module in Course.modules {
        let submitted = folder.appendingPathComponent(module.folder)
        let source =
          FileManager.default.fileExists(atPath: submitted.path)
          ? submitted : workspace.exerciseFolder(of: module)
        try mirror(source, to: exercises.appendingPathComponent(module.folder))
      }
    } catch {
      throw .cannotRun("cannot copy \(folder.path) for grading: \(error.localizedDescription)")
    }
    return Workspace(root: shadow)
  }

  /// Makes `destination` hold exactly what `source` holds, rewriting only the files that differ.
  static func mirror(_ source: URL, to destination: URL) throws {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: source.path, isDirectory: &isFolder) else { return }
    guard isFolder.boolValue else {
      let data = try Data(contentsOf: source)
      if (try? Data(contentsOf: destination)) != data {
        try manager.createDirectory(
          at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: destination)
      }
      return
    }
    try manager.createDirectory(at: destination, withIntermediateDirectories: true)
    let wanted = try manager.contentsOfDirectory(atPath: source.path).filter { !$0.hasPrefix(".") }
    for stale in try manager.contentsOfDirectory(atPath: destination.path)
    where !wanted.contains(stale) {
      try manager.removeItem(at: destination.appendingPathComponent(stale))
    }
    for item in wanted {
      try mirror(source.appendingPathComponent(item), to: destination.appendingPathComponent(item))
    }
  }
}
