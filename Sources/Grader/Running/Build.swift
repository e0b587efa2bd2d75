import Foundation

/// Builds the graded tests and reports what kept them from compiling.
enum Build {
  /// What `swift build` said.
  struct Outcome {
    var succeeded: Bool
    /// Error lines, `path:line:column: error: message`, with paths relative to the checkout.
    var errors: [String]
    /// Everything the build printed, for when no error line can be found.
    var log: String
  }

  /// What to build: on Linux just the test product the grader runs, which skips linking the
  /// lab and saves a few tenths of a second on every re-grade; elsewhere every test target.
  #if os(Linux)
    static let products = ["--product", "GradKitPackageTests"]
  #else
    static let products = ["--build-tests"]
  #endif

  /// Builds the graded tests of the package at `workspace`.
  static func run(_ workspace: Workspace) throws(GraderError) -> Outcome {
    let result = try Shell.run(
      ["swift", "build"] + products + ["--scratch-path", workspace.buildFolder.path],
      in: workspace.root)
    let prefix = workspace.root.path + "/"
    let errors = result.output.split(separator: "\n").map(String.init)
      .filter { $0.contains(": error: ") }
      .map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
    var unique: [String] = []
    for error in errors where !unique.contains(error) { unique.append(error) }
    return Outcome(succeeded: result.status == 0, errors: unique, log: result.output)
  }

  /// The errors that point into `folder` (e.g. `exercises/03-Softmax/`).
  static func errors(_ errors: [String], in folder: String) -> [String] {
    errors.filter { $0.contains(folder + "/") }
  }
}
