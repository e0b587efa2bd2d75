import Foundation
import GradKit
import LessonWire
import References
import Testing

extension Graded {
  /// The softmax implementation this run grades.
  static var softmax: any SoftmaxLesson.Type {
    isGradingLearner ? RemoteSoftmax<Learner>.self : Reference.softmax
  }
}

@Suite("03 · Softmax", .graded("03-Softmax"))
struct SoftmaxTests {
  @Test("softmax of [1, 2, 3] is [0.090, 0.245, 0.665]: values in [0, 1] summing to 1")
  func softmaxValues() async {
    await Graded.run { Self.checkSoftmaxValues(Graded.softmax) }
  }

  @Test("adding the same constant to every score of a row changes nothing")
  func shiftInvariance() async {
    await Graded.run { Self.checkShiftInvariance(Graded.softmax) }
  }

  @Test("softmax stays finite and exact for scores of ±1000, the maximum in any position")
  func largeScores() async {
    await Graded.run { Self.checkLargeScores(Graded.softmax) }
  }

  @Test("softmax of a matrix works row by row: every row sums to 1")
  func rowWise() async {
    await Graded.run { Self.checkRowWise(Graded.softmax) }
  }

  @Test("softmax shifts each row of a batch by its own maximum, rows of any scale")
  func rowScales() async {
    await Graded.run { Self.checkRowScales(Graded.softmax) }
  }

  @Test("logSoftmax equals ln(softmax) where that is finite, and stays finite where it is not")
  func logSoftmax() async {
    await Graded.run { Self.checkLogSoftmax(Graded.softmax) }
  }

  @Test("softmaxBackward matches the numeric gradient of your softmax")
  func softmaxBackwardNumeric() async {
    await Graded.run { Self.checkSoftmaxBackwardNumeric(Graded.softmax) }
  }

  @Test("softmaxBackward is s ⊙ (G − Σ G ⊙ s) on worked and seeded inputs")
  func softmaxBackwardValues() async {
    await Graded.run { Self.checkSoftmaxBackwardValues(Graded.softmax) }
  }

  @Test("logSoftmaxBackward is G − s·ΣG and matches the numeric gradient of your logSoftmax")
  func logSoftmaxBackward() async {
    await Graded.run { Self.checkLogSoftmaxBackward(Graded.softmax) }
  }
}

// MARK: - Fixtures and tolerances

extension SoftmaxTests {
  /// The reference implementation, for values on seeded inputs.
  static var reference: any SoftmaxLesson.Type { Reference.softmax }

  /// Each probability is an exponential (within an ulp or so), a sum of a few terms and one
  /// division: a right answer is within about 1e−15 relatively. 1e−13 leaves a hundredfold
  /// margin; the absolute 1e−300 only lets an underflowed 0 match a subnormal.
  static let probabilityAccuracy = Tolerance(absolute: 1e-300, relative: 1e-13)

  /// Adding c with |c| ≤ 1000 to a score rounds it by up to half an ulp of 1000 (5.7e−14);
  /// through e^(x − max) and the division that becomes a relative error of at most a few
  /// 1e−13 in each probability. 1e−11 leaves room, and a NaN or a wrong row never passes.
  static let shiftedAccuracy = Tolerance(absolute: 1e-300, relative: 1e-11)

  /// Log-probabilities of scores up to 20 in size are sums of a few numbers below 30,
  /// each rounded once: within about 1e−14 absolutely. Scores of ±1000 give log-probabilities
  /// of up to 2000 in size, where one ulp is 2.3e−13: relative 1e−13 covers a few of them.
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

  /// The rows of `m` that hold an infinity or a NaN.
  static func nonFiniteRows(_ m: Matrix) -> Set<Int> {
    Set((0..<m.rows).filter { m.row($0).contains { !$0.isFinite } })
  }

  /// Each row's softmax with every row shifted by `shift(row index)`, worked out here: what
  /// a softmax that shifts by something other than the row's own maximum gives.
  static func softmax(_ scores: Matrix, shiftedBy shift: (Int) -> Double) -> Matrix {
    var result = scores
    for i in 0..<scores.rows {
      let exponentials = scores.row(i).map { exp($0 - shift(i)) }
      let total = exponentials.reduce(0, +)
      for j in 0..<scores.columns {
        result[i, j] = exponentials[j] / total
      }
    }
    return result
  }

  /// p ⊙ (G − Σ G ⊙ p) row by row for given "probabilities" p: what a backward pass that
  /// takes its input for the probabilities gives when handed the scores.
  static func backward(probabilities p: Matrix, _ upstream: Matrix) -> Matrix {
    var result = p
    for i in 0..<p.rows {
      let weighted = dot(p.row(i), upstream.row(i))
      for j in 0..<p.columns {
        result[i, j] = p[i, j] * (upstream[i, j] - weighted)
      }
    }
    return result
  }

  /// s ⊙ (G − Σ G ⊙ s) with the sum taken over the whole matrix instead of each row.
  static func backwardSummingEverything(_ s: Matrix, _ upstream: Matrix) -> Matrix {
    let total = (s .* upstream).sum()
    return s .* upstream.map { $0 - total }
  }
}

// MARK: - The mistakes this module names

extension Mistake {
  /// Non-finite values in exactly the given rows (one case per row), from a shift that
  /// overflows there.
  fileprivate static func nonFinite(inRows rows: Set<Int>, _ name: String) -> Mistake {
    Mistake(name: name) { got, _ in SoftmaxTests.nonFiniteRows(got) == rows }
  }

  /// Non-finite values somewhere, where every expected value is finite.
  fileprivate static let overflowingShift = Mistake(
    name: "a shift by something other than each row's own maximum (or none): e^x of a score "
      + "709 or more above the shift overflows to ∞ and ∞/∞ is NaN, and scores 745 or more "
      + "below it underflow to 0 and 0/0 is NaN; subtract each row's maximum"
  ) { got, expected in
    got.storage.contains { !$0.isFinite } && expected.storage.allSatisfy(\.isFinite)
  }

  /// The transform of the expected softmax that s ⊙ G gives, for a given upstream gradient.
  fileprivate static func diagonalOnly(_ wrong: Matrix) -> Mistake {
    .value(wrong, "only the diagonal of the Jacobian, s ⊙ G: subtract s · Σ(G ⊙ s) too")
  }

  /// The backward pass taken as if the scores were the probabilities s.
  fileprivate static func scoresAsProbabilities(_ wrong: Matrix) -> Mistake {
    .value(
      wrong,
      "the scores used as the probabilities: the backward pass takes the scores and must "
        + "compute s = softmax(scores) itself")
  }

  /// The backward pass with its sum over the whole matrix, not row by row.
  fileprivate static func summedOverBatch(_ wrong: Matrix, _ sum: String) -> Mistake {
    .value(
      wrong, "\(sum) taken over the whole matrix: each row is one example with its own sum")
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
      let largest = scores.max() ?? 0
      expectClose(
        lesson.softmax(scores), expected, tolerance: probabilityAccuracy,
        "softmax(\(scores)) = e^xᵢ / Σⱼ e^xⱼ",
        mistakes: [
          .value(
            Matrix(row: scores.map { exp($0 - largest) }),
            "divided by the largest exponential instead of the sum: softmax divides e^(xᵢ − m) "
              + "by Σⱼ e^(xⱼ − m), so that the values sum to 1")
        ])
    }

    // Seeded scores: every value in [0, 1], the values sum to 1, and they match the reference.
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
      if let bad = got.first(where: { !($0 >= 0 && $0 <= 1) }) {
        fail("softmax(\(scores)) holds \(bad): every value must lie in [0, 1]; \(Graded.replay)")
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
        mistakes: [.overflowingShift])
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
      mistakes: [
        .value(
          reference.softmax(shifted.transposed).transposed,
          "normalised down the columns: each column sums to 1, but each row (one example) "
            + "must"),
        .overflowingShift,
      ])
  }

  static func checkLargeScores(_ lesson: any SoftmaxLesson.Type) {
    // The largest score in every position, and tied. softmax(1000, 999, 998) = softmax(2, 1, 0)
    // = the worked [1, 2, 3] reversed. e^(−1000) and e^(−2000) are far below the smallest
    // Double (5e−324), so those probabilities are exactly 0 and their partners exactly 1 (or ½
    // for a tie). Without the max shift e^1000 is ∞ and ∞/∞ NaN, and e^(−1000) is 0, so a row
    // of −1000s is 0/0; shifted by the first score, only the rows whose maximum comes later
    // overflow (rows 4, 5 and 7).
    let big = [0.6652409557748219, 0.24472847105479764, 0.09003057317038046]
    let cases: [(scores: [Double], expected: [Double])] = [
      ([1000, 999, 998], big), ([998, 999, 1000], Array(big.reversed())),
      ([-1000, -1000, -1000], [1.0 / 3, 1.0 / 3, 1.0 / 3]), ([1000, 0, -1000], [1, 0, 0]),
      ([0, 1000, -1000], [0, 1, 0]), ([-1000, 0, 1000], [0, 0, 1]),
      ([1000, 1000, -1000], [0.5, 0.5, 0]), ([-1000, 1000, 1000], [0, 0.5, 0.5]),
    ]
    let got = Matrix(
      cases.map { c in
        let row = lesson.softmax(c.scores)
        return row.count == 3 ? row : [.nan, .nan, .nan]
      })
    expectClose(
      got, Matrix(cases.map(\.expected)), tolerance: probabilityAccuracy,
      "softmax(x), one row per x:"
        + cases.enumerated().map { "\n    [\($0)] x = \($1.scores)" }.joined(),
      mistakes: [
        .nonFinite(
          inRows: Set(0..<cases.count),
          "no max shift: e^1000 overflows to ∞ and ∞/∞ is NaN, and e^(−1000) underflows to 0 "
            + "and 0/0 is NaN; subtract the maximum m = maxⱼ xⱼ from every score first"),
        .nonFinite(
          inRows: [4, 5, 7],
          "shifted by the first score, not the maximum: only rows whose largest score comes "
            + "first survive; m = maxⱼ xⱼ, wherever it is"),
        .overflowingShift,
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
        mistakes: columnMistakes(for: scores))
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
      mistakes: columnMistakes(for: scores))
  }

  /// The mistakes a row-wise softmax of `scores` is likely to show, apart from the shift.
  static func columnMistakes(for scores: Matrix) -> [Mistake] {
    [
      .value(
        reference.softmax(scores.transposed).transposed,
        "normalised down the columns: each column sums to 1, but each row (one example) must")
    ]
  }

  static func checkRowScales(_ lesson: any SoftmaxLesson.Type) {
    // Rows of very different scales in one batch, the largest row neither first nor last.
    // Row by row these are softmax(0, 0, 1) = (1, 1, e)/(2 + e), the worked [1, 2, 3],
    // (1, 0, 0) and softmax(−1, …, 0) = (1, 0, e)/(1 + e). One shift by the whole matrix's
    // maximum (1000) sends every e^(x − 1000) of rows 0 and 1 to 0 and 0/0 is NaN; a shift
    // by row 0's maximum (−999) for every row overflows in rows 1 to 3; a shift by each
    // column's maximum leaves row 0 as 0/0 and the others finite but wrong.
    let scores = Matrix([[-1000, -1000, -999], [1, 2, 3], [1000, 0, -1000], [999, 0, 1000]])
    let expected = Matrix([
      [0.21194155761708544, 0.21194155761708544, 0.5761168847658291],
      [0.09003057317038046, 0.24472847105479764, 0.6652409557748219], [1, 0, 0],
      [0.2689414213699951, 0, 0.7310585786300049],
    ])
    let columnMaxima = (0..<3).map { j in (0..<4).map { scores[$0, j] }.max()! }
    expectClose(
      lesson.softmax(scores), expected, tolerance: probabilityAccuracy,
      "softmax(\(describe(scores))) row by row, each row shifted by its own maximum",
      mistakes: [
        .nonFinite(
          inRows: [0, 1],
          "one shift for the whole matrix: every score of rows 0 and 1 sits 997 or more below "
            + "the matrix's maximum 1000, so their exponentials underflow to 0 and 0/0 is NaN; "
            + "shift each row by its own maximum"),
        .nonFinite(
          inRows: [1, 2, 3],
          "row 0's maximum used for every row: the rows below it overflow; shift each row by "
            + "its own maximum"),
        Mistake(
          name: "each column's maximum used as the shift: rows never mix, so shift each row by "
            + "its own maximum"
        ) { got, _ in
          let byColumn = Matrix(
            (0..<4).map { i in
              let exponentials = (0..<3).map { j in exp(scores[i, j] - columnMaxima[j]) }
              let total = exponentials.reduce(0, +)
              return exponentials.map { $0 / total }
            })
          return zip(got.storage, byColumn.storage).allSatisfy { a, b in
            a.isNaN ? b.isNaN : isApproximatelyEqual(a, b, tolerance: Mistake.tolerance)
          }
        },
        .overflowingShift,
      ])

    // Rows 740 apart: one shift by the matrix's maximum leaves row 0 finite but made of
    // subnormal numbers (e^(−740) ≈ 4e−322 has two significant digits), so it comes out
    // wrong by a few percent rather than NaN.
    let apart = Matrix([[0, 1, 2], [740, 741, 742]])
    let global = softmax(apart) { _ in 742 }
    expectClose(
      lesson.softmax(apart),
      Matrix([
        [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
        [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
      ]), tolerance: probabilityAccuracy,
      "softmax(\(describe(apart))): both rows are softmax(0, 1, 2)",
      mistakes: [
        .value(
          global,
          "one shift for the whole matrix (or per column): row 0's exponentials e^(x − 742) "
            + "are subnormal numbers with two significant digits; shift each row by its own "
            + "maximum"),
        .overflowingShift,
      ])
  }

  static func checkLogSoftmax(_ lesson: any SoftmaxLesson.Type) {
    // Worked by hand: ln ½ = −ln 2; ln ¼ = −ln 4 and ln ¾ = −ln(4/3); a single score is
    // certain, ln 1 = 0. For [1000, 0] the sum e⁰ + e^(−1000) rounds to 1 and ln 1 = 0, so the
    // result is exactly [0, −1000] wherever the maximum sits, where ln(softmax) gives −∞:
    // e^(−1000) underflows to 0. Cases are padded to three scores with copies, one per row.
    let ln3 = log(3.0)
    let ln2 = 0.6931471805599453
    let cases: [(scores: [Double], expected: [Double])] = [
      ([0, 0], [-ln2, -ln2]),
      ([0, ln3], [-1.3862943611198906, -0.2876820724517809]),
      ([-7.5], [0]),
      ([1000, 0], [0, -1000]),
      ([0, 1000], [-1000, 0]),
      ([1000, 0, -1000], [0, -1000, -2000]),
      ([-1000, 1000, 0], [-2000, 0, -1000]),
      ([-1000, -1000], [-ln2, -ln2]),
    ]
    let got = cases.map { lesson.logSoftmax($0.scores) }
    let width = 3
    let pad = { (row: [Double], count: Int) -> [Double] in
      row.count == count ? row + Array(repeating: 0, count: width - count) : [.nan, .nan, .nan]
    }
    let expected = Matrix(cases.map { pad($0.expected, $0.expected.count) })
    let lnOfSoftmax = Matrix(
      cases.map { c in
        pad(reference.softmax(c.scores).map { log($0) }, c.scores.count)
      })
    let withoutMinusMax = Matrix(
      cases.map { c in pad(c.expected.map { $0 + c.scores.max()! }, c.scores.count) })
    expectClose(
      Matrix(zip(got, cases).map { pad($0, $1.scores.count) }), expected, tolerance: logAccuracy,
      "logSoftmax(x) = x − max − ln Σ e^(x − max), one row per x (padded with 0):"
        + cases.enumerated().map { "\n    [\($0)] x = \($1.scores)" }.joined(),
      mistakes: [
        .value(
          lnOfSoftmax,
          "ln(softmax): −∞ is ln 0, where a probability underflowed; use "
            + "x − max − ln Σ e^(x − max) instead"),
        .value(
          withoutMinusMax,
          "the shift not subtracted back: every value is off by the row's maximum; "
            + "logSoftmax(x) = x − m − ln Σ e^(x − m), with the −m"),
        .nonFinite(
          inRows: [3, 4, 5, 6, 7],
          "no max shift: ln Σ e^x overflows to ∞ for a score of 1000 (and is ln 0 = −∞ for "
            + "scores of −1000); subtract the maximum first"),
        .nonFinite(
          inRows: [4, 6],
          "shifted by the first score, not the maximum: only rows whose largest score comes "
            + "first survive; m = maxⱼ xⱼ, wherever it is"),
        .overflowingShift,
      ])

    // Seeded scores where every probability is well above 0: ln of the reference softmax.
    var generator = Graded.generator(salt: 4)
    let scores = (0..<6).map { _ in generator.uniform(in: -10...10) }
    expectClose(
      lesson.logSoftmax(scores), reference.softmax(scores).map { log($0) },
      tolerance: logAccuracy, "logSoftmax(\(scores)) against ln(softmax); \(Graded.replay)")

    // A matrix, row by row: a seeded row, then rows of very different scales, each of which
    // needs its own shift (the matrix's maximum, 1000, would send row 2's sum to ln 0).
    let seeded = Matrix.uniform(rows: 1, columns: 3, in: -10...10, using: &generator)
    let matrix = Matrix([seeded.row(0), [1000, 0, -1000], [-1000, -1000, -999]])
    let row2 = [-1.5514447139320511, -1.5514447139320511, -0.5514447139320511]
    let expectedMatrix = Matrix([
      reference.softmax(seeded.row(0)).map { log($0) }, [0, -1000, -2000], row2,
    ])
    let lnOfSoftmaxRows = Matrix(
      (0..<matrix.rows).map { reference.softmax(matrix.row($0)).map { log($0) } })
    expectClose(
      lesson.logSoftmax(matrix), expectedMatrix, tolerance: logAccuracy,
      "logSoftmax(\(describe(matrix))) row by row, each row shifted by its own maximum; "
        + Graded.replay,
      mistakes: [
        .value(
          lnOfSoftmaxRows,
          "ln(softmax): −∞ is ln 0, where a probability underflowed; use "
            + "x − max − ln Σ e^(x − max) instead"),
        .nonFinite(
          inRows: [0, 2],
          "one shift for the whole matrix: the exponentials e^(x − 1000) of rows 0 and 2 "
            + "underflow to 0 and ln 0 = −∞; shift each row by its own maximum"),
        .nonFinite(
          inRows: [1, 2],
          "no max shift: ln Σ e^x overflows to ∞ for a score of 1000 (and is ln 0 = −∞ for "
            + "scores of −1000); subtract each row's maximum first"),
        .overflowingShift,
      ])
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
        expectClose(
          analytic, reference.softmaxBackward(scores, upstream: upstream),
          tolerance: gradientAccuracy,
          "\(call): the result has the scores' shape, \(scores.shapeDescription); "
            + Graded.replay,
          mistakes: [.transposed])
        continue
      }
      let s = reference.softmax(scores)
      let isDiagonal =
        firstMismatch(expected: s .* upstream, got: analytic, tolerance: Mistake.tolerance) == nil
      expectGradient(
        checkBackward(
          of: { lesson.softmax($0) }, at: scores, upstream: upstream, analytic: analytic,
          name: "scores"),
        "\(call) against the numeric gradient of your softmax; \(Graded.replay)",
        mistakes: [
          .flippedSign,
          Mistake(name: "only the diagonal of the Jacobian, s ⊙ G: subtract s · Σ(G ⊙ s) too") {
            _, _ in isDiagonal
          },
        ])
    }
  }

  static func checkSoftmaxBackwardValues(_ lesson: any SoftmaxLesson.Type) {
    // Worked by hand. Row 0: s = (½, ½), G = (1, 0), Σ G ⊙ s = ½, so ds = ½·(1 − ½, 0 − ½)
    // = (¼, −¼). Row 1: s = (¼, ¾), Σ G ⊙ s = ¼, so ds = (¼·¾, ¾·(−¼)) = (3/16, −3/16).
    // s ⊙ G alone would be (½, 0) and (¼, 0): the off-diagonal −sᵢsⱼ terms missing. Taken as
    // probabilities, the scores (0, 0) and (0, ln 3) would give 0 and other numbers; a sum
    // over both rows (¾) would mix them.
    let ln3 = log(3.0)
    let scores = Matrix([[0, 0], [0, ln3]])
    let upstream = Matrix([[1, 0], [1, 0]])
    let s = reference.softmax(scores)
    expectClose(
      lesson.softmaxBackward(scores, upstream: upstream),
      Matrix([[0.25, -0.25], [0.1875, -0.1875]]), tolerance: gradientAccuracy,
      "softmaxBackward(\(describe(scores)), upstream: \(describe(upstream))) = s ⊙ (G − Σ G ⊙ s) "
        + "row by row",
      mistakes: [
        .flippedSign, .diagonalOnly(s .* upstream),
        .scoresAsProbabilities(backward(probabilities: scores, upstream)),
        .summedOverBatch(backwardSummingEverything(s, upstream), "the sum Σ G ⊙ s"),
      ])

    // G = ones: the probabilities always sum to 1, so pushing them all up equally changes
    // nothing and the gradient is 0. Seeded scores, and rows of ±1000 that must stay finite,
    // the largest score first in one and last in the other.
    var generator = Graded.generator(salt: 6)
    let seeded = Matrix.uniform(rows: 1, columns: 4, in: -5...5, using: &generator)
    let rows = Matrix([seeded.row(0), [1000, 0, -1000, 999], [-1000, 0, 999, 1000]])
    let ones = Matrix.ones(rows: 3, columns: 4)
    expectClose(
      lesson.softmaxBackward(rows, upstream: ones), Matrix.zeros(rows: 3, columns: 4),
      tolerance: Tolerance(absolute: 1e-15),
      "softmaxBackward(\(describe(rows)), upstream: all ones): Σ softmax is always 1, so its "
        + "gradient is 0; \(Graded.replay)",
      mistakes: [
        .nonFinite(
          inRows: [1, 2],
          "no max shift in the softmax the backward pass uses: e^1000 overflows and ∞/∞ is "
            + "NaN; compute s with each row shifted by its maximum"),
        .overflowingShift,
      ])

    // Seeded scores and upstream gradient against the reference.
    let (scores3x4, upstream3x4) = scoresAndUpstream(
      rows: 3, columns: 4, using: &generator, backward: reference.softmaxBackward)
    let s3x4 = reference.softmax(scores3x4)
    expectClose(
      lesson.softmaxBackward(scores3x4, upstream: upstream3x4),
      reference.softmaxBackward(scores3x4, upstream: upstream3x4), tolerance: gradientAccuracy,
      "softmaxBackward(\(describe(scores3x4)), upstream: \(describe(upstream3x4))); "
        + Graded.replay,
      mistakes: [
        .flippedSign, .diagonalOnly(s3x4 .* upstream3x4),
        .scoresAsProbabilities(backward(probabilities: scores3x4, upstream3x4)),
        .summedOverBatch(backwardSummingEverything(s3x4, upstream3x4), "the sum Σ G ⊙ s"),
      ])
  }

  static func checkLogSoftmaxBackward(_ lesson: any SoftmaxLesson.Type) {
    // Worked by hand. s = (¼, ¾), G = (1, 0), ΣG = 1: (1 − ¼, 0 − ¾) = (¾, −¾).
    // s = (½, ½), G = (−1, 0), the gradient of −ln s₀ (cross-entropy with label 0):
    // (−1 + ½, 0 + ½) = s − one-hot = (−½, ½). s = (1, 0) from (1000, 0), G = (0, 1): (−1, 1),
    // finite although ln s₁ = −1000 sits where ln(softmax) would be −∞. s = (½, ½) from
    // (1000, 1000), G = (1, −2), ΣG = −1: (1.5, −1.5); without the shift e^1000 overflows.
    // s = (1, 0) from (0, −800), G = (0, 2): (−2, 2); going through G / s divides by that 0.
    // ΣG over the whole matrix is 2, so a sum over every row is told from G − s.
    let ln3 = log(3.0)
    let scores = Matrix([[0, ln3], [0, 0], [1000, 0], [1000, 1000], [0, -800]])
    let upstream = Matrix([[1, 0], [-1, 0], [0, 1], [1, -2], [0, 2]])
    let s = reference.softmax(scores)
    let everything = upstream.sum()
    expectClose(
      lesson.logSoftmaxBackward(scores, upstream: upstream),
      Matrix([[0.75, -0.75], [-0.5, 0.5], [-1, 1], [1.5, -1.5], [-2, 2]]),
      tolerance: gradientAccuracy,
      "logSoftmaxBackward(\(describe(scores)), upstream: \(describe(upstream))) = G − s · ΣG "
        + "row by row",
      mistakes: [
        .flippedSign,
        .value(upstream - s, "G − s: the sum ΣG is missing (G − s is right only when ΣG = 1)"),
        .summedOverBatch(upstream - s * everything, "the sum ΣG"),
        .nonFinite(
          inRows: [2, 4],
          "the chain rule through softmax, G / s: that divides by probabilities that "
            + "underflowed to 0 (rows 2 and 4: s = (1, 0)); dscores = G − s · ΣG needs s, "
            + "never 1/s"),
        .nonFinite(
          inRows: [2, 3],
          "no max shift in the softmax the backward pass uses: e^1000 overflows and ∞/∞ is "
            + "NaN; compute s with each row shifted by its maximum"),
        .overflowingShift,
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
      "\(call) against the numeric gradient of your logSoftmax; \(Graded.replay)",
      mistakes: [.flippedSign])
    let seededS = reference.softmax(seededScores)
    expectClose(
      analytic, reference.logSoftmaxBackward(seededScores, upstream: seededUpstream),
      tolerance: gradientAccuracy, "\(call); \(Graded.replay)",
      mistakes: [
        .flippedSign,
        .value(
          seededUpstream - seededS,
          "G − s: the sum ΣG is missing (G − s is right only when ΣG = 1)"),
        .summedOverBatch(seededUpstream - seededS * seededUpstream.sum(), "the sum ΣG"),
      ])
  }
}
