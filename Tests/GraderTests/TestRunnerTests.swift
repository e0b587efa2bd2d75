import Foundation
import LessonWire
import Testing

@testable import Grader

/// The runner's handling of every way a test can end, driven by a stand-in test product
/// (Fixtures/fake-tests.sh) whose nine tests pass, fail, hit a crash and a stub in the
/// learner's program, hang, exit, crash themselves, are abandoned at a crash in the
/// learner's program while their process goes on, and pass again.
@Suite("Test runner isolation")
struct TestRunnerTests {
  /// Half a second is ample for a shell script's passing test.
  static let timeLimit = 0.5
  /// What the runner allows a test process beyond the time limit, its start included: 3 s,
  /// because the whole suite runs beside these tests and can starve a process's start for
  /// more than a second on two cores (with a margin of 0.5 s, a fake test process was once
  /// taken for one that stopped responding). The hanging test is stopped after 3.5 s.
  static let processMargin = 3.0
  /// When a running test is named as long: past every other fake test's run time under
  /// load, well before the hanging test is stopped.
  static let longTestNotice = 1.0

  static let names = [
    "passes", "fails", "crashes", "hangs", "stub", "exits", "dies", "abandons", "alsoPasses",
  ]

  static func catalogue() -> [CatalogueEntry] {
    names.enumerated().map { index, name in
      CatalogueEntry(
        id: "GradedTests.FakeTests/\(name)()", name: "the test that \(name)", line: index + 1)
    }
  }

  static func runFakeSuite(
    deadline: Date = .distantFuture, shards: Int = 1,
    onLongTest: (@Sendable (String) -> Void)? = nil
  ) throws -> ModuleResult {
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
        launcher: launcher, seed: 1, timeLimit: timeLimit, deadline: deadline, plan: nil,
        scratchFolder: scratch, processMargin: processMargin, shards: shards,
        onLongTest: onLongTest, longTestNotice: longTestNotice))
    let module = CourseModule(
      number: 99, name: "fake", title: "Fake", folder: "99-Fake", suite: "FakeTests",
      summary: "", hints: [])
    return runner.run(module, tests: catalogue())
  }

  /// One run of the fake suite in a single shard, shared by the tests that read it (each
  /// run waits out the hanging test's time limit).
  static let serialRun = Task { try await onOwnThread { try runFakeSuite() } }

  /// The statuses the fake suite's nine tests must get, in source order.
  static let expectedStatuses: [TestOutcome.Status] = [
    .passed, .failed, .crashed, .timedOut, .notStarted, .crashed, .crashed, .crashed, .passed,
  ]

  @Test("every test gets a verdict, in source order, whatever ended it")
  func everyTestIsAccountedFor() async throws {
    let result = try await Self.serialRun.value
    #expect(
      result.tests.map(\.status) == Self.expectedStatuses)
    #expect(result.tests.map(\.name).first == "the test that passes")
    #expect(result.status == .timedOut(count: 1))
  }

  @Test("tests split between two shards get the same verdicts and messages, in source order")
  func shards() async throws {
    let sharded = try await onOwnThread { try Self.runFakeSuite(shards: 2) }
    let serial = try await Self.serialRun.value
    #expect(sharded.tests.map(\.name) == Self.names.map { "the test that \($0)" })
    #expect(sharded.tests.map(\.status) == Self.expectedStatuses)
    #expect(sharded.tests.map(\.messages) == serial.tests.map(\.messages))
  }

  @Test("a test that runs long is named once while it runs, and no other test is")
  func longTestNamed() async throws {
    let named = Locked([String]())
    _ = try await onOwnThread {
      try Self.runFakeSuite { name in named.withValue { $0.append(name) } }
    }
    #expect(named.value == ["the test that hangs"])
  }

  @Test("a failure keeps its message; a learner failure its message and the learner's line")
  func messagesSurvive() async throws {
    let tests = try await Self.serialRun.value.tests
    #expect(tests[1].messages == ["Expectation failed\nexpected 1, got 0"])
    #expect(tests[2].messages.first == "crashed in step(_:): Fatal error: Index out of range")
    #expect(tests[2].messages.contains("at exercises/01-Perceptron/Perceptron.swift:9:5"))
    #expect(tests[3].messages.first?.hasPrefix("stopped after") == true)
    #expect(tests[4].messages.first == "not started: step(_:)")
    #expect(tests[5].messages.first?.contains("the test process crashed") == true)
    #expect(tests[6].messages.first?.contains("the test process itself broke") == true)
    #expect(tests[7].messages.first == "crashed in step(_:): Fatal error: Division by zero")
  }

  @Test("after the overall deadline, the tests not started are reported as not run")
  func deadline() throws {
    let result = try Self.runFakeSuite(deadline: Date().addingTimeInterval(-1))
    #expect(result.tests.count == Self.names.count)
    #expect(result.tests.allSatisfy { $0.status == .notRun })
    #expect(result.status == .notRun(count: Self.names.count))
  }
}
