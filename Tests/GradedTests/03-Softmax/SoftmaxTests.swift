import Foundation
import GradKit
import LessonWire
import Solutions
import Testing

extension Graded {
  /// The softmax implementation this run grades.
  static var softmax: any SoftmaxLesson.Type {
    isGradingLearner ? RemoteSoftmax<Learner>.self : Solutions.Softmax.self
  }
}

@Suite("03 · Softmax", .graded)
struct SoftmaxTests {
  @Test("softmax of [1, 2, 3] is [0.090, 0.245, 0.665]: positive and summing to 1")
  func softmaxValues() {
    Self.checkSoftmaxValues(Graded.softmax)
  }

  @Test("adding the same constant to every score of a row changes nothing")
  func shiftInvariance() {
    Self.checkShiftInvariance(Graded.softmax)
  }

  @Test("softmax stays finite and exact for scores of ±1000")
  func largeScores() {
    Self.checkLargeScores(Graded.softmax)
  }

  @Test("softmax of a matrix works row by row: every row sums to 1")
  func rowWise() {
    Self.checkRowWise(Graded.softmax)
  }

  @Test("logSoftmax equals ln(softmax) where that is finite, and stays finite where it is not")
  func logSoftmax() {
    Self.checkLogSoftmax(Graded.softmax)
  }

  @Test("softmaxBackward matches the numeric gradient of your softmax")
  func softmaxBackwardNumeric() {
    Self.checkSoftmaxBackwardNumeric(Graded.softmax)
  }

  @Test("softmaxBackward is s ⊙ (G − Σ G ⊙ s) on worked and seeded inputs")
  func softmaxBackwardValues() {
    Self.checkSoftmaxBackwardValues(Graded.softmax)
  }

  @Test("logSoftmaxBackward is G − s·ΣG and matches the numeric gradient of your logSoftmax")
  func logSoftmaxBackward() {
    Self.checkLogSoftmaxBackward(Graded.softmax)
  }
}

// MARK: - Fixtures and tolerances

extension SoftmaxTests {
  /// The reference implementation, for values on seeded inputs.
  static let reference = Solutions.Softmax.self

  /// Each probability is an exponential (within an ulp or so), a sum of a few terms and one
  /// division: a right answer is within about 1e−15 relatively. 1e−13 leaves a hundredfold
  /// margin; the absolute 1e−300 only lets an underflowed 0 match a subnormal.
  static let probabilityAccuracy = Tolerance(absolute: 1e-300, relative: 1e-13)

  /// Adding c with |c| ≤ 1000 to a score rounds it by up to half an ulp of 1000 (5.7e−14);
  /// through e^(x − max) and the division that becomes a relative error of at most a few
  /// 1e−13 in each probability. 1e−11 leaves room, and a NaN or a wrong row never passes.
  static let shiftedAccuracy = Tolerance(absolute: 1e-300, relative: 1e-11)

  /// Log-probabilities of scores up to 20 in size are sums of a few numbers below 30,
  /// each rounded once: within about 1e−14 absolutely.
  static let logAccuracy = Tolerance(absolute: 1e-13, relative: 1e-13)

  /// Backward values are products and sums of a few numbers of size ≤ 3, each rounded once:
  /// within about 1e−15. 1e−13 absolute (or relative, for larger values) leaves room.
  static let gradientAccuracy = Tolerance(absolute: 1e-13, relative: 1e-13)

  /// A matrix for messages: its rows in full when small, `3×4 [0.12, -1.5, 2.25, …]` when not.
  static func describe(_ m: Matrix) -> String {
    if m.count <= 8 {
      return "\((0..<m.rows).map { m.row($0) })"
    }
    let shown = m.storage.prefix(3).map { "\($0)" }.joined(separator: ", ")
    return "\(m.shapeDescription) [\(shown), …]"
  }

  /// The sum of each row, for "every row sums to 1".
  static func rowTotals(_ m: Matrix) -> [Double] {
    (0..<m.rows).map { m.row($0).reduce(0, +) }
  }

  /// The mistakes a row-wise softmax of `scores` is likely to show.
  static func softmaxMistakes(for scores: Matrix) -> [Mistake] {
    [
      .noMaxShift,
      .value(
        reference.softmax(scores.transposed).transposed,
        "normalised down the columns: each column sums to 1, but each row (one example) must"),
    ]
  }

  /// Seeded scores and an upstream gradient whose backward values are all at least 1e−3 in
  /// size, so that the centered difference's rounding (about 1e−11) stays far below the
  /// checker's 1e−7 relative error. Redraws the upstream gradient until that holds.
  static func scoresAndUpstream(
    rows: Int, columns: Int, using generator: inout SeededGenerator,
    backward: (Matrix, Matrix) -> Matrix
  ) -> (scores: Matrix, upstream: Matrix) {
    let scores = Matrix.uniform(rows: rows, columns: columns, in: -3...3, using: &generator)
    var upstream = Matrix.gaussian(rows: rows, columns: columns, using: &generator)
    while backward(scores, upstream).storage.contains(where: { abs($0) < 1e-3 }) {
      upstream = Matrix.gaussian(rows: rows, columns: columns, using: &generator)
    }
    return (scores, upstream)
  }
}

// MARK: - Softmax

extension SoftmaxTests {
  static func checkSoftmaxValues(_ lesson: any SoftmaxLesson.Type) {
    // Worked by hand: softmax(0, 0) = (½, ½); softmax(0, ln 3) = (1, 3)/4; softmax(0, ln 2, ln 3)
    // = (1, 2, 3)/6; a single score is certain. [1, 2, 3] is e^(1, 2, 3)/(e + e² + e³), to 17
    // digits in 40-digit arithmetic.
    let ln2 = log(2.0)
    let ln3 = log(3.0)
    let cases: [(scores: [Double], expected: [Double])] = [
      ([1, 2, 3], [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]),
      ([0, 0], [0.5, 0.5]),
      ([0, ln3], [0.25, 0.75]),
      ([0, ln2, ln3], [1.0 / 6, 1.0 / 3, 0.5]),
      ([-7.5], [1]),
    ]
    for (scores, expected) in cases {
      expectClose(
        lesson.softmax(scores), expected, tolerance: probabilityAccuracy,
        "softmax(\(scores)) = e^xᵢ / Σⱼ e^xⱼ")
    }

    // Seeded scores: every value in (0, 1], the values sum to 1, and they match the reference.
    var generator = Graded.generator(salt: 1)
    for _ in 0..<5 {
      let scores = (0..<6).map { _ in generator.uniform(in: -10...10) }
      let got = lesson.softmax(scores)
      expectClose(
        got, reference.softmax(scores), tolerance: probabilityAccuracy,
        "softmax(\(scores)); \(Graded.replay)")
      // Six probabilities ≤ 1, each within an ulp or two: their sum is 1 within 1e−15.
      expectClose(
        got.reduce(0, +), 1, tolerance: Tolerance(absolute: 1e-14),
        "the sum of softmax(\(scores)); \(Graded.replay)")
      if let bad = got.first(where: { !($0 > 0 && $0 <= 1) }) {
        fail("softmax(\(scores)) holds \(bad): every value must lie in (0, 1]; \(Graded.replay)")
      }
    }
  }

  static func checkShiftInvariance(_ lesson: any SoftmaxLesson.Type) {
    // softmax(x + c) = softmax(x): e^(xᵢ + c) = e^c · e^xᵢ, and e^c cancels in the ratio.
    // ±1000 are always among the constants; the others are seeded.
    var generator = Graded.generator(salt: 2)
    let scores = (0..<5).map { _ in generator.uniform(in: -5...5) }
    let plain = lesson.softmax(scores)
    let constants = [1000, -1000] + (0..<4).map { _ in generator.uniform(in: -1000...1000) }
    for c in constants {
      let shifted = scores.map { $0 + c }
      expectClose(
        lesson.softmax(shifted), plain, tolerance: shiftedAccuracy,
        "softmax(x + c) against softmax(x) for x = \(scores), c = \(c); \(Graded.replay)",
        mistakes: [.noMaxShift])
    }

    // A matrix with a different constant added to each row: every row keeps its softmax.
    // (Normalising down the columns would not survive this: the constants differ by row.)
    let matrix = Matrix.uniform(rows: 4, columns: 3, in: -5...5, using: &generator)
    let rowConstants = [1000, -1000] + (0..<2).map { _ in generator.uniform(in: -1000...1000) }
    var shifted = matrix
    for i in 0..<matrix.rows {
      for j in 0..<matrix.columns {
        shifted[i, j] += rowConstants[i]
      }
    }
    expectClose(
      lesson.softmax(shifted), lesson.softmax(matrix), tolerance: shiftedAccuracy,
      "softmax(X + c) against softmax(X) for X = \(describe(matrix)), c = \(rowConstants) "
        + "added to rows 0 … 3; \(Graded.replay)",
      mistakes: [.noMaxShift])
  }

  static func checkLargeScores(_ lesson: any SoftmaxLesson.Type) {
    // softmax(1000, 999, 998) = softmax(2, 1, 0) = the worked [1, 2, 3] reversed. e^(−1000)
    // and e^(−2000) are far below the smallest Double (5e−324), so those probabilities are
    // exactly 0 and their partners exactly 1. Without the max shift e^1000 is ∞ and ∞/∞ NaN.
    let cases: [(scores: [Double], expected: [Double], tolerance: Tolerance)] = [
      (
        [1000, 999, 998], [0.6652409557748219, 0.24472847105479764, 0.09003057317038046],
        probabilityAccuracy
      ),
      ([-1000, -1000], [0.5, 0.5], .exact),
      ([1000, -1000], [1, 0], .exact),
      ([-1000, 0, 1000], [0, 0, 1], .exact),
    ]
    for (scores, expected, tolerance) in cases {
      expectClose(
        lesson.softmax(scores), expected, tolerance: tolerance, "softmax(\(scores))",
        mistakes: [.noMaxShift])
    }
    // Rows far apart: each row needs its own shift. Shifting both by the whole matrix's
    // maximum, 1000, sends every e^(x − 1000) of row 1 to 0, and 0/0 is NaN.
    let scores = Matrix([[1000, 0, -1000], [-1000, -1000, -999]])
    let expected = Matrix([
      [1, 0, 0], [0.21194155761708544, 0.21194155761708544, 0.5761168847658291],
    ])
    expectClose(
      lesson.softmax(scores), expected, tolerance: probabilityAccuracy,
      "softmax(\(describe(scores))) row by row: row 1 is softmax(0, 0, 1) = (1, 1, e)/(2 + e)",
      mistakes: [
        Mistake(
          name: "one shift for the whole matrix: every score of row 1 sits 1999 or more below "
            + "the matrix's maximum, so all its exponentials underflow to 0 and 0/0 is NaN; "
            + "shift each row by its own maximum"
        ) { got, _ in got.row(1).contains(where: \.isNaN) && got.row(0).allSatisfy(\.isFinite) },
        .noMaxShift,
      ])
  }

  static func checkRowWise(_ lesson: any SoftmaxLesson.Type) {
    // Worked by hand. Two equal rows each get the softmax of [1, 2, 3]; down the columns
    // every value would be ½ instead. The 3×2 case is (½, ½), (¼, ¾), (¾, ¼).
    let ln3 = log(3.0)
    let worked: [(scores: Matrix, expected: Matrix)] = [
      (
        Matrix([[1, 2, 3], [1, 2, 3]]),
        Matrix([
          [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
          [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
        ])
      ),
      (
        Matrix([[0, 0], [0, ln3], [ln3, 0]]), Matrix([[0.5, 0.5], [0.25, 0.75], [0.75, 0.25]])
      ),
    ]
    for (scores, expected) in worked {
      expectClose(
        lesson.softmax(scores), expected, tolerance: probabilityAccuracy,
        "softmax(\(describe(scores))): rows are examples, so each row is normalised on its own",
        mistakes: softmaxMistakes(for: scores))
    }

    // Seeded 4×5 scores: the shape is kept, every row sums to 1, and each row is the
    // softmax of that row as a vector.
    var generator = Graded.generator(salt: 3)
    let scores = Matrix.uniform(rows: 4, columns: 5, in: -10...10, using: &generator)
    let got = lesson.softmax(scores)
    guard got.shape == scores.shape else {
      fail(
        "softmax(\(describe(scores))): expected a 4×5 result, one row per example, got "
          + "\(got.shapeDescription); \(Graded.replay)")
      return
    }
    expectClose(
      rowTotals(got), [1, 1, 1, 1], tolerance: Tolerance(absolute: 1e-14),
      "the row sums of softmax(\(describe(scores))); \(Graded.replay)")
    let expected = Matrix(
      rows: 4, columns: 5, storage: (0..<4).flatMap { reference.softmax(scores.row($0)) })
    expectClose(
      got, expected, tolerance: probabilityAccuracy,
      "softmax(\(describe(scores))) row by row; \(Graded.replay)",
      mistakes: softmaxMistakes(for: scores))
  }

  static func checkLogSoftmax(_ lesson: any SoftmaxLesson.Type) {
    // Worked by hand: ln ½ = −ln 2; ln ¼ = −ln 4 and ln ¾ = −ln(4/3). For [1000, 0] the sum
    // e⁰ + e^(−1000) rounds to 1 and ln 1 = 0, so the result is exactly [0, −1000], where
    // ln(softmax) gives [0, −∞]: e^(−1000) underflows to 0.
    let ln3 = log(3.0)
    let cases: [(scores: [Double], expected: [Double], tolerance: Tolerance)] = [
      ([0, 0], [-0.6931471805599453, -0.6931471805599453], logAccuracy),
      ([0, ln3], [-1.3862943611198906, -0.2876820724517809], logAccuracy),
      ([1000, 0], [0, -1000], .exact),
      ([1000, 0, -1000], [0, -1000, -2000], .exact),
      ([-1000, -1000], [-0.6931471805599453, -0.6931471805599453], logAccuracy),
    ]
    for (scores, expected, tolerance) in cases {
      let got = lesson.logSoftmax(scores)
      let why =
        got.contains(-.infinity)
        ? " (−∞ is ln 0: a probability underflowed; use x − max − ln Σ e^(x − max) "
          + "instead of ln(softmax))" : ""
      expectClose(
        got, expected, tolerance: tolerance,
        "logSoftmax(\(scores)) = x − max − ln Σ e^(x − max)\(why)",
        mistakes: [.noMaxShift])
    }

    // Seeded scores where every probability is well above 0: ln of the reference softmax.
    var generator = Graded.generator(salt: 4)
    let scores = (0..<6).map { _ in generator.uniform(in: -10...10) }
    expectClose(
      lesson.logSoftmax(scores), reference.softmax(scores).map { log($0) },
      tolerance: logAccuracy, "logSoftmax(\(scores)) against ln(softmax); \(Graded.replay)")

    // A matrix, row by row: a seeded row, then a row of ±1000 that ln(softmax) cannot do.
    let seeded = Matrix.uniform(rows: 1, columns: 3, in: -10...10, using: &generator)
    let matrix = Matrix([seeded.row(0), [1000, 0, -1000]])
    let expected = Matrix([reference.softmax(seeded.row(0)).map { log($0) }, [0, -1000, -2000]])
    expectClose(
      lesson.logSoftmax(matrix), expected, tolerance: logAccuracy,
      "logSoftmax(\(describe(matrix))) row by row; \(Graded.replay)",
      mistakes: [.noMaxShift])
  }
}

// MARK: - The backward passes

extension SoftmaxTests {
  static func checkSoftmaxBackwardNumeric(_ lesson: any SoftmaxLesson.Type) {
    // L = Σ G ⊙ softmax(X) for a seeded G: the checker nudges each score by ±h and compares
    // the change in L with what your backward pass says.
    var generator = Graded.generator(salt: 5)
    for (rows, columns) in [(1, 5), (3, 4)] {
      let (scores, upstream) = scoresAndUpstream(
        rows: rows, columns: columns, using: &generator, backward: reference.softmaxBackward)
      let analytic = lesson.softmaxBackward(scores, upstream: upstream)
      let call =
        "softmaxBackward(\(describe(scores)), upstream: \(describe(upstream)))"
      guard analytic.shape == scores.shape else {
        fail(
          "\(call): expected the scores' shape \(scores.shapeDescription), got "
            + "\(analytic.shapeDescription); \(Graded.replay)")
        continue
      }
      expectGradient(
        checkBackward(
          of: { lesson.softmax($0) }, at: scores, upstream: upstream, analytic: analytic,
          name: "scores"),
        "\(call) against the numeric gradient of your softmax; \(Graded.replay)")
    }
  }

  static func checkSoftmaxBackwardValues(_ lesson: any SoftmaxLesson.Type) {
    // Worked by hand. Row 0: s = (½, ½), G = (1, 0), Σ G ⊙ s = ½, so ds = ½·(1 − ½, 0 − ½)
    // = (¼, −¼). Row 1: s = (¼, ¾), Σ G ⊙ s = ¼, so ds = (¼·¾, ¾·(−¼)) = (3/16, −3/16).
    // s ⊙ G alone would be (½, 0) and (¼, 0): the off-diagonal −sᵢsⱼ terms missing.
    let ln3 = log(3.0)
    let scores = Matrix([[0, 0], [0, ln3]])
    let upstream = Matrix([[1, 0], [1, 0]])
    let diagonal = reference.softmax(scores) .* upstream
    expectClose(
      lesson.softmaxBackward(scores, upstream: upstream),
      Matrix([[0.25, -0.25], [0.1875, -0.1875]]), tolerance: gradientAccuracy,
      "softmaxBackward(\(describe(scores)), upstream: \(describe(upstream))) = s ⊙ (G − Σ G ⊙ s) row by row",
      mistakes: [
        .flippedSign,
        .value(diagonal, "only the diagonal of the Jacobian, s ⊙ G: subtract s · Σ(G ⊙ s) too"),
      ])

    // G = ones: the probabilities always sum to 1, so pushing them all up equally changes
    // nothing and the gradient is 0. Seeded scores, and a row of ±1000 that must stay finite.
    var generator = Graded.generator(salt: 6)
    let seeded = Matrix.uniform(rows: 1, columns: 4, in: -5...5, using: &generator)
    let rows = Matrix([seeded.row(0), [1000, 0, -1000, 999]])
    let ones = Matrix.ones(rows: 2, columns: 4)
    expectClose(
      lesson.softmaxBackward(rows, upstream: ones), Matrix.zeros(rows: 2, columns: 4),
      tolerance: Tolerance(absolute: 1e-15),
      "softmaxBackward(\(describe(rows)), upstream: all ones): Σ softmax is always 1, so its gradient is 0; "
        + Graded.replay,
      mistakes: [.noMaxShift])

    // Seeded scores and upstream gradient against the reference.
    let (scores3x4, upstream3x4) = scoresAndUpstream(
      rows: 3, columns: 4, using: &generator, backward: reference.softmaxBackward)
    expectClose(
      lesson.softmaxBackward(scores3x4, upstream: upstream3x4),
      reference.softmaxBackward(scores3x4, upstream: upstream3x4), tolerance: gradientAccuracy,
      "softmaxBackward(\(describe(scores3x4)), upstream: \(describe(upstream3x4))); "
        + Graded.replay,
      mistakes: [
        .flippedSign,
        .value(
          reference.softmax(scores3x4) .* upstream3x4,
          "only the diagonal of the Jacobian, s ⊙ G: subtract s · Σ(G ⊙ s) too"),
      ])
  }

  static func checkLogSoftmaxBackward(_ lesson: any SoftmaxLesson.Type) {
    // Worked by hand. s = (¼, ¾), G = (1, 0), ΣG = 1: (1 − ¼, 0 − ¾) = (¾, −¾).
    // s = (½, ½), G = (−1, 0), the gradient of −ln s₀ (cross-entropy with label 0):
    // (−1 + ½, 0 + ½) = s − one-hot = (−½, ½). s = (1, 0) from (1000, 0), G = (0, 1): (−1, 1),
    // finite although ln s₁ = −1000 sits where ln(softmax) would be −∞.
    let ln3 = log(3.0)
    let scores = Matrix([[0, ln3], [0, 0], [1000, 0]])
    let upstream = Matrix([[1, 0], [-1, 0], [0, 1]])
    expectClose(
      lesson.logSoftmaxBackward(scores, upstream: upstream),
      Matrix([[0.75, -0.75], [-0.5, 0.5], [-1, 1]]), tolerance: gradientAccuracy,
      "logSoftmaxBackward(\(describe(scores)), upstream: \(describe(upstream))) = G − s · ΣG row by row",
      mistakes: [
        .flippedSign, .noMaxShift,
        .value(upstream - reference.softmax(scores), "G − s: the sum ΣG is missing"),
      ])

    // Seeded: against the numeric gradient of your logSoftmax, then against the reference.
    var generator = Graded.generator(salt: 7)
    let (seededScores, seededUpstream) = scoresAndUpstream(
      rows: 3, columns: 4, using: &generator, backward: reference.logSoftmaxBackward)
    let analytic = lesson.logSoftmaxBackward(seededScores, upstream: seededUpstream)
    let call =
      "logSoftmaxBackward(\(describe(seededScores)), upstream: \(describe(seededUpstream)))"
    guard analytic.shape == seededScores.shape else {
      fail(
        "\(call): expected the scores' shape 3×4, got \(analytic.shapeDescription); "
          + Graded.replay)
      return
    }
    expectGradient(
      checkBackward(
        of: { lesson.logSoftmax($0) }, at: seededScores, upstream: seededUpstream,
        analytic: analytic, name: "scores"),
      "\(call) against the numeric gradient of your logSoftmax; \(Graded.replay)")
    expectClose(
      analytic, reference.logSoftmaxBackward(seededScores, upstream: seededUpstream),
      tolerance: gradientAccuracy, "\(call); \(Graded.replay)", mistakes: [.flippedSign])
  }
}
