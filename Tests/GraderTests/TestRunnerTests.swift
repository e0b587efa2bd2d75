import Foundation
import Testing

@testable import Grader

/// The runner's isolation, driven by a stand-in test product (Fixtures/fake-tests.sh)
/// whose seven tests pass, fail, crash, hang, hit a stub, call exit() and pass again.
@Suite("Test runner isolation")
struct TestRunnerTests {
  /// Half a second is ample for a shell script's passing test, and keeps the hang short.
  static let timeLimit = 0.5

  static func runFakeSuite() throws -> ModuleResult {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures")
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-runner-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let launcher = TestLauncher(
      executable: URL(fileURLWithPath: "/bin/sh"),
      leadingArguments: [fixtures.appendingPathComponent("fake-tests.sh").path],
      directory: scratch)
    let runner = TestRunner(
      settings: .init(
        launcher: launcher, implementation: "exercises", seed: 1, timeLimit: timeLimit,
        sourceFolders: ["exercises"], scratchFolder: scratch))
    return runner.run(filter: "^GradedTests\\.FakeTests/", module: "fake")
  }

  @Test("every test gets a verdict, in source order, despite a crash, a hang, a stub and an exit")
  func everyTestIsAccountedFor() throws {
    let result = try Self.runFakeSuite()
    #expect(
      result.tests.map(\.status)
        == [.passed, .failed, .crashed, .timedOut, .notStarted, .crashed, .passed])
    #expect(result.tests.map(\.name).first == "the test that passes")
    #expect(result.status == .timedOut(count: 1))
  }

  @Test("a failure keeps its message, a crash its runtime message, a stub its location")
  func messagesSurvive() throws {
    let tests = try Self.runFakeSuite().tests
    #expect(tests[1].messages == ["Expectation failed\nexpected 1, got 0"])
    #expect(tests[2].messages.first == "Exercises/Fake.swift:9: Fatal error: Index out of range")
    #expect(tests[3].messages.first?.hasPrefix("stopped after 0.5 s") == true)
    #expect(tests[4].messages.first?.contains("not implemented yet: step(_:)") == true)
    #expect(tests[5].messages.first?.contains("exited with status 3") == true)
  }
}
