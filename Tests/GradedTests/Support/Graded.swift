import Foundation
import GradKit
import Testing

/// What the graded suites grade, and with which seed.
///
/// The grader sets `GRADKIT_IMPLEMENTATION=exercises` to grade the learner's
/// code; plain `swift test` grades the reference solutions, which proves every
/// graded test passes on a right implementation.
enum Graded {
  /// The side being graded.
  enum Implementation: String {
    case exercises
    case solutions
  }

  /// The side this test run grades.
  static let implementation: Implementation = {
    let value = ProcessInfo.processInfo.environment["GRADKIT_IMPLEMENTATION"] ?? ""
    return Implementation(rawValue: value) ?? .solutions
  }()

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
    return
      "seed \(seed); replay: swift run gradkit grade\(module) --seed \(seed) --test \"\(name)\""
  }
}
