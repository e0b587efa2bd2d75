import Foundation
import GradKit
import Testing

/// A common wrong answer, known by what it does to the right one.
///
/// When a value is wrong, the graded suites try each likely mistake on the
/// expected value; if one reproduces what the learner's code returned, the
/// failure message names it.
struct Mistake: Sendable {
  /// What the learner probably did, in words: "what: how it shows", e.g. "a missing 1/N:
  /// your values are N = 4 times the expected ones (sum, then divide by N)".
  let name: String
  /// Whether `got` is what this mistake makes of `expected`.
  let matches: @Sendable (_ got: Matrix, _ expected: Matrix) -> Bool

  /// What the learner probably did, without how it shows: `name` up to its first ": ".
  var label: Substring {
    name.range(of: ": ").map { name[..<$0.lowerBound] } ?? name[...]
  }

  /// Agreement needed to name a mistake: loose enough for a different but right order of
  /// operations, tight enough that an unrelated wrong value is not mistaken for it.
  static let tolerance = Tolerance(absolute: 1e-9, relative: 1e-6)

  /// A mistake that turns the expected value into `wrong(expected)`.
  static func transform(_ name: String, _ wrong: @escaping @Sendable (Matrix) -> Matrix?) -> Mistake
  {
    Mistake(name: name) { got, expected in
      guard let candidate = wrong(expected), candidate != expected else { return false }
      return firstMismatch(expected: candidate, got: got, tolerance: tolerance) == nil
    }
  }

  /// Forgetting to average over the batch: every value is `count` times too large.
  static func missingAverage(over count: Int) -> Mistake {
    transform(
      "a missing 1/N: your values are N = \(count) times the expected ones (sum, then divide by N)"
    ) {
      $0 * Double(count)
    }
  }

  /// The right magnitude with the opposite sign.
  static let flippedSign = transform(
    "a flipped sign: your values are the negatives of the expected ones"
  ) {
    -$0
  }

  /// The right numbers laid out as the transpose.
  static let transposed = transform(
    "a transposed matrix: your result is the transpose of the expected one (check which side of the product each factor goes on)"
  ) { $0.transposed }

  /// Leaving out an additive term, e.g. the regularization gradient.
  static func missingTerm(_ term: Matrix, _ name: String) -> Mistake {
    transform("a missing \(name): your values equal the expected ones without it") { $0 - term }
  }

  /// Using the other ½ convention for a squared penalty.
  static let otherHalfConvention = transform(
    "the other ½ convention: your values are twice the expected ones (with ½λΣw² the gradient is λw, not 2λw)"
  ) { $0 * 2 }

  /// Exponentiating large scores without subtracting the maximum first.
  static let noMaxShift = Mistake(
    name:
      "no max shift: exp of a large score overflows to inf and inf/inf is NaN; subtract each row's maximum first"
  ) { got, expected in
    got.storage.contains { !$0.isFinite } && expected.storage.allSatisfy(\.isFinite)
  }

  /// A wrong answer given by value, such as what a known wrong formula returns on these inputs.
  static func value(_ wrong: Matrix, _ name: String) -> Mistake {
    transform(name) { _ in wrong }
  }
}

/// The mistakes that explain one wrong value: one, or several that its inputs cannot tell
/// apart (with n = 4 and σ′(0) = ¼, a missing 1/N and a missing σ′ both give 4× the values).
///
/// Its description is the line a failure message shows:
///
///     Likely mistake: a missing 1/N: your values are N = 4 times the expected ones (…).
///     Likely mistake: a missing 1/N, or a missing σ′ (these inputs cannot tell them apart) —
///       a missing 1/N: your values are N = 4 times the expected ones (…); a missing σ′: …
///
/// (the second on one line), so that two diagnoses of one value never contradict each other.
struct Diagnosis: Hashable, Sendable, CustomStringConvertible {
  /// The names of the mistakes that explain the value, in the order they were listed.
  let names: [String]
  /// What the learner probably did, each mistake's label joined by ", or ".
  let summary: String

  /// The diagnosis of the mistakes that explain a value; `nil` if none does.
  init?(_ mistakes: [Mistake]) {
    var seen: Set<String> = []
    let distinct = mistakes.filter { seen.insert($0.name).inserted }
    guard !distinct.isEmpty else { return nil }
    names = distinct.map(\.name)
    summary = distinct.map { String($0.label) }.joined(separator: ", or ")
  }

  /// The full line: "Likely mistake: …".
  var description: String {
    guard names.count > 1 else { return "Likely mistake: \(names[0])." }
    let explained = names.filter { $0.contains(": ") }
    return "Likely mistake: \(summary) (these inputs cannot tell them apart)"
      + (explained.isEmpty ? "." : " — \(explained.joined(separator: "; ")).")
  }
}

/// Every one of `mistakes` that explains `got`, as one diagnosis; `nil` if none does.
func diagnosis(got: Matrix, expected: Matrix, mistakes: [Mistake]) -> Diagnosis? {
  Diagnosis(mistakes.filter { $0.matches(got, expected) })
}

/// The diagnoses a running test has shown, so that each is shown in full once.
///
///     1st failure with a diagnosis   Likely mistake: a missing 1/N: your values are …
///     2nd                            Likely mistake: as above (a missing 1/N) … and 1 more input shows the same mistake.
///     3rd                            Likely mistake: as above (a missing 1/N) … and 2 more inputs show the same mistake.
///
/// The grader shows every failure's message, in order, and a test cannot add to a message
/// once recorded, nor learn which failure is its last: so each repeat points back and counts,
/// and the test's last repeat carries the total. One log per test case, found by the IDs of
/// `Test.current` and `Test.Case.current` (each planted check, a case of its suite's one test,
/// has its own); a test repeated in one process (with `--repetitions`) shows each diagnosis
/// in full only the first time.
final class DiagnosisLog: @unchecked Sendable {
  /// Guards `shown`, as the tests of a run share the registry and may run in parallel.
  private let lock = NSLock()
  /// How many times each diagnosis has been shown.
  private var shown: [Diagnosis: Int] = [:]

  /// The line to show for `diagnosis` now: in full the first time, then a pointer and a count.
  func line(for diagnosis: Diagnosis) -> String {
    let times = lock.withLock {
      shown[diagnosis, default: 0] += 1
      return shown[diagnosis]!
    }
    guard times > 1 else { return diagnosis.description }
    let more = times - 1
    return "Likely mistake: as above (\(diagnosis.summary)) … and \(more) more "
      + (more == 1 ? "input shows" : "inputs show") + " the same mistake."
  }

  private static let registryLock = NSLock()
  nonisolated(unsafe) private static var registry: [String: DiagnosisLog] = [:]

  /// The log of the running test case; outside a test, a new log (every diagnosis in full).
  static var current: DiagnosisLog {
    guard let test = Test.current?.id else { return DiagnosisLog() }
    // Test.Case has no public ID here; its description names its arguments.
    let id = "\(test) \(Test.Case.current.map { String(describing: $0) } ?? "")"
    return registryLock.withLock {
      if let log = registry[id] { return log }
      let log = DiagnosisLog()
      registry[id] = log
      return log
    }
  }
}
