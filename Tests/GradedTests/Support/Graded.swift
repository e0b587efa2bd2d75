import Foundation
import GradKit
import LessonWire
import References
import Testing

/// What the graded suites grade, and with which seed.
///
/// Plain `swift test` grades the reference solutions in this process, which proves every
/// graded test passes on a right implementation. `gradkit` grades a learner by writing a
/// ``LearnerPlan`` that names, for each module, a program built from the learner's files
/// alone: the suites then call that program through the module's `Remote…` lesson, and
/// the learner's code never runs in this process.
enum Graded {
  /// Whether this run grades learner programs rather than the reference in process.
  ///
  /// Reading it installs how a failed call is recorded: as one issue on the running test,
  /// carrying the ``LearnerFailure``, after which that test is abandoned (``run(_:)``) and
  /// the suite goes on with the next. Where the test cannot be abandoned this process ends
  /// instead, and `gradkit` resumes with the next test in a fresh one.
  static let isGradingLearner: Bool = {
    guard LearnerPlan.current != nil else { return false }
    LearnerLink.budgetKey = { Test.current.map { "\($0.id)" } }
    LearnerLink.failureHandler = { failure, idle in
      Issue.record(Comment(rawValue: failure.recorded))
      if #available(macOS 15, *), idle, let test = AbandonableTest.current { test.abandon() }
      exit(LearnerFailure.exitStatus)
    }
    return true
  }()

  /// Runs one graded test's body: on threads of its own when it grades a learner, so that a
  /// failed call ends this test alone (``AbandonableTest``), and directly otherwise.
  static func run(_ body: @escaping @Sendable () -> Void) async {
    if #available(macOS 15, *), isGradingLearner {
      await AbandonableTest.run(body)
    } else {
      body()
    }
  }

  /// Whether this run only lists the graded tests (`GRADKIT_LIST_TESTS` is set): `gradkit`
  /// reads the plan of such a run to know every test, even of a module that does not compile.
  static let isListing = ProcessInfo.processInfo.environment["GRADKIT_LIST_TESTS"] != nil

  /// The seed of this run's random inputs; the grader prints it so a failure can be replayed.
  static let seed: UInt64 = {
    let value = ProcessInfo.processInfo.environment["GRADKIT_SEED"] ?? ""
    return UInt64(value) ?? 2024
  }()

  /// A generator for one test's inputs.
  ///
  /// `salt` keeps the tests of a suite independent: each draws its own stream
  /// from the run's seed, so adding a test does not change another's inputs.
  static func generator(salt: UInt64) -> SeededGenerator {
    SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ salt)
  }

  /// The sentence a failure ends with, saying how to run just this test again.
  ///
  /// The module is named by its suite (`SoftmaxTests` → `softmax`), which `gradkit` accepts.
  static var replay: String {
    let name = Test.current?.displayName ?? Test.current?.name ?? "this test"
    let id = Test.current.map { "\($0.id)" } ?? ""
    let suite = id.split(separator: "/").first?.split(separator: ".").last ?? ""
    let module = suite.hasSuffix("Tests") ? " \(suite.dropLast(5).lowercased())" : ""
    // The submission or the solutions when `gradkit` grades those; nothing in `swift test`.
    let options = ProcessInfo.processInfo.environment[replayOptionsVariable] ?? ""
    return
      "seed \(seed); replay: swift run gradkit grade\(module)\(options) --seed \(seed) --test "
      + shellWord(name)
  }
}

extension Trait where Self == ConditionTrait {
  /// The trait of module `folder`'s graded suite: its tests run, except in a run that only
  /// lists them, and, in a class edition that withholds the module's reference, in a run
  /// that grades no learner (plain `swift test`), since there is nothing to grade then.
  static func graded(_ folder: String) -> Self {
    .enabled(
      Comment(
        rawValue: "\(folder)'s reference is released later in this class edition:"
          + " 'swift run gradkit grade' grades your code with this suite")
    ) { !Graded.isListing && (Graded.isGradingLearner || Reference.isReleased(folder)) }
  }
}
