import Foundation

/// How the grader starts a process that runs some of the graded tests.
///
/// On Linux the built test product is an executable that runs Swift Testing
/// directly, which starts in milliseconds; elsewhere the grader asks
/// `swift test --skip-build` to run the same tests.
public struct TestLauncher: Sendable {
  /// The program to run.
  public var executable: URL
  /// Arguments that come before the grader's own.
  public var leadingArguments: [String]
  /// The folder the program runs in.
  public var directory: URL

  public init(executable: URL, leadingArguments: [String], directory: URL) {
    self.executable = executable
    self.leadingArguments = leadingArguments
    self.directory = directory
  }

  /// Runs the test product of the package at `root`, built into `buildFolder`.
  public static func forPackage(at root: URL, buildFolder: URL) -> TestLauncher {
    let product = buildFolder.appendingPathComponent("debug/GradKitPackageTests.xctest")
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: product.path, isDirectory: &isFolder)
    if exists && !isFolder.boolValue
      && ProcessInfo.processInfo.environment["GRADKIT_LAUNCHER"] != "swift-test"
    {
      return TestLauncher(
        executable: product, leadingArguments: ["--testing-library", "swift-testing"],
        directory: root)
    }
    return TestLauncher(
      executable: URL(fileURLWithPath: "/usr/bin/env"),
      leadingArguments: [
        "swift", "test", "--skip-build", "--disable-xctest",
        "--scratch-path", buildFolder.path,
      ],
      directory: root)
  }

  /// Whether the graded tests have been built.
  var isBuilt: Bool {
    executable.path != "/usr/bin/env"
      || FileManager.default.fileExists(
        atPath: URL(fileURLWithPath: leadingArguments.last ?? "")
          .appendingPathComponent("debug/GradKitPackageTests.xctest").path)
  }

  /// The full argument list for one run: the tests `filters` select, one at a time, events to `eventsPath`.
  func arguments(filters: [String], eventsPath: String) -> [String] {
    leadingArguments + ["--no-parallel", "--event-stream-version", "0"]
      + ["--event-stream-output-path", eventsPath] + filters.flatMap { ["--filter", $0] }
  }
}
