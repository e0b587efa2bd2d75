import Foundation
import Testing

@testable import Grader

@Suite("Gradescope bundle")
struct GradescopeBundleTests {
  /// The exit status of `run_autograder` when gradkit exits with `status`: the script as
  /// exported, with its folders moved into a scratch one and gradkit standing in as a shell
  /// function that only returns `status`.
  static func autograderExit(whenGradkitExits status: Int32) throws -> Int32 {
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-autograder-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    try FileManager.default.createDirectory(
      at: scratch.appendingPathComponent("source"), withIntermediateDirectories: true)
    let script = GradescopeBundle.runAutograder
      .replacingOccurrences(of: "/autograder", with: scratch.path)
      .replacingOccurrences(of: ".build/debug/gradkit grade", with: "gradkit_stand_in")
      .replacingOccurrences(
        of: "set -uo pipefail", with: "set -uo pipefail\ngradkit_stand_in() { return \(status); }")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", script]
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// gradkit's exit statuses, and whether each one means that results.json holds a score.
  static let statuses: [(Int32, Bool)] = [(0, true), (1, true), (2, false), (3, true), (4, false)]

  @Test(
    "run_autograder succeeds when gradkit wrote a score (0, 1, 3), fails when it did not (2, 4)",
    arguments: statuses)
  func exitStatus(gradkit: Int32, wroteScore: Bool) throws {
    let status = try Self.autograderExit(whenGradkitExits: gradkit)
    #expect((status == 0) == wroteScore, "gradkit exited \(gradkit), run_autograder \(status)")
  }
}
