import GradKit

/// A common wrong answer, known by what it does to the right one.
///
/// When a value is wrong, the graded suites try each likely mistake on the
/// expected value; if one reproduces what the learner's code returned, the
/// failure message names it.
struct Mistake: Sendable {
  /// What the learner probably did, in words.
  let name: String
  /// Whether `got` is what this mistake makes of `expected`.
  let matches: @Sendable (_ got: Matrix, _ expected: Matrix) -> Bool

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

/// The first of `mistakes` that explains `got`, as a sentence for a failure message.
func diagnosis(got: Matrix, expected: Matrix, mistakes: [Mistake]) -> String? {
  mistakes.first { $0.matches(got, expected) }.map { "Likely mistake: \($0.name)." }
}
