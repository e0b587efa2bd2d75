import Foundation
import GradKit
import LessonWire
import References
import Testing

extension Graded {
  /// The cross-entropy implementation this run grades.
  static var crossEntropy: any CrossEntropyLesson.Type {
    isGradingLearner ? RemoteCrossEntropy<Learner>.self : Reference.crossEntropy
  }
}

@Suite("04 · Cross-entropy", .graded("04-CrossEntropy"))
struct CrossEntropyTests {
  @Test("binaryCrossEntropy is the mean of −[y·log p + (1 − y)·log(1 − p)]")
  func binaryValues() async {
    await Graded.run { Self.checkBinaryValues(Graded.crossEntropy) }
  }

  @Test("binaryCrossEntropy is 0 for certain right answers, +∞ for certain wrong ones, never NaN")
  func binaryExtremes() async {
    await Graded.run { Self.checkBinaryExtremes(Graded.crossEntropy) }
  }

  @Test("crossEntropy is −f_y + log Σ e^f, averaged over the batch")
  func categoricalValues() async {
    await Graded.run { Self.checkCategoricalValues(Graded.crossEntropy) }
  }

  @Test(
    "crossEntropy stays finite on huge scores, the maximum anywhere: [1000, 0, −1000] class 2 → 2000"
  )
  func hugeScores() async {
    await Graded.run { Self.checkHugeScores(Graded.crossEntropy) }
  }

  @Test("crossEntropyGradient stays finite on huge scores, each row shifted by its own maximum")
  func hugeScoresGradient() async {
    await Graded.run { Self.checkHugeScoresGradient(Graded.crossEntropy) }
  }

  @Test("a model with near-zero weights starts at loss ≈ ln C (C = 3 and C = 10)")
  func initialLoss() async {
    await Graded.run { Self.checkInitialLoss(Graded.crossEntropy) }
  }

  @Test("crossEntropyGradient is (softmax − one-hot) / N: [0.2, −0.7, 0.5] in the worked example")
  func gradientWorkedExample() async {
    await Graded.run { Self.checkGradientWorkedExample(Graded.crossEntropy) }
  }

  @Test("crossEntropyGradient agrees with the numeric gradient of your crossEntropy")
  func gradientMatchesOwnLoss() async {
    await Graded.run { Self.checkGradientMatchesOwnLoss(Graded.crossEntropy) }
  }

  @Test("crossEntropyGradient agrees with the numeric gradient of the reference loss")
  func gradientMatchesReferenceLoss() async {
    await Graded.run { Self.checkGradientMatchesReferenceLoss(Graded.crossEntropy) }
  }
}

// MARK: - Fixtures and tolerances

extension CrossEntropyTests {
  /// Scores whose softmax is [0.2, 0.3, 0.5]: the logs of those probabilities.
  static let workedScores = [log(0.2), log(0.3), log(0.5)]

  /// A few logs and exponentials of numbers near 1, each within an ulp or two, then a sum
  /// of a handful of terms: the result is within about 1e-15 of the exact value.
  /// 1e-12 leaves a wide margin and is still far below any mistake the tests look for.
  static let formula = Tolerance.tight

  /// Around scores of ±1000 one ulp is 1.1e-13, so adding and removing the shift m = 1000
  /// may cost that much; 1e-12 allows several such roundings. A NaN or ∞ never passes.
  static let aroundAThousand = Tolerance(absolute: 1e-12)

  /// The loss computed here, apart from any implementation: the mean over the rows of
  /// m + log Σⱼ e^{fⱼ − m} − f_y, with m the row's maximum.
  static func referenceLoss(_ logits: Matrix, _ labels: [Int]) -> Double {
    var total = 0.0
    for i in 0..<logits.rows {
      let row = logits.row(i)
      let m = row.max() ?? 0
      total += m + log(row.map { exp($0 - m) }.reduce(0, +)) - row[labels[i]]
    }
    return total / Double(logits.rows)
  }

  /// The binary loss computed here: the mean of −log p for label 1 and −log(1 − p) for 0.
  static func referenceBinaryLoss(_ probabilities: [Double], _ labels: [Int]) -> Double {
    let terms = zip(probabilities, labels).map { p, y in y == 1 ? -log(p) : -log1p(-p) }
    return terms.reduce(0, +) / Double(terms.count)
  }

  /// The binary loss with the logarithms swapped, −log(1 − p) for label 1 and −log p for 0.
  static func swappedBinaryLoss(_ probabilities: [Double], _ labels: [Int]) -> Double {
    let terms = zip(probabilities, labels).map { p, y in y == 1 ? -log1p(-p) : -log(p) }
    return terms.reduce(0, +) / Double(terms.count)
  }

  /// (softmax(fᵢ) − one-hot(yᵢ)) / N, each row's softmax shifted by that row's maximum,
  /// worked out here to name mistakes and to show the expected shape.
  static func referenceGradient(_ logits: Matrix, _ labels: [Int]) -> Matrix {
    var gradient = logits
    let n = Double(logits.rows)
    for i in 0..<logits.rows {
      let row = logits.row(i)
      let m = row.max() ?? 0
      let exponentials = row.map { exp($0 - m) }
      let total = exponentials.reduce(0, +)
      for j in 0..<logits.columns {
        gradient[i, j] = (exponentials[j] / total - (j == labels[i] ? 1 : 0)) / n
      }
    }
    return gradient
  }

  /// Seeded scores drawn uniformly from −spread…spread, `rows×columns`, and one random
  /// label per row.
  static func seededBatch(
    rows: Int, columns: Int, spread: Double, salt: UInt64
  ) -> (logits: Matrix, labels: [Int]) {
    var generator = Graded.generator(salt: salt)
    let logits = Matrix.uniform(
      rows: rows, columns: columns, in: -spread...spread, using: &generator)
    let labels = (0..<rows).map { _ in generator.index(below: columns) }
    return (logits, labels)
  }

  /// Scores within ±1.5 keep every probability above e⁻³/C, so every entry of the gradient
  /// is at least about 2e-3 for the shapes checked. The centered difference's rounding
  /// noise, a few ulps of a loss near 1 divided by 2h, is about 5e-11: below 1e-7 of 2e-3.
  static let checkedSpread = 1.5

  /// A small matrix as the nested array a learner would type: `[[1000.0, 0.0, -1000.0]]`.
  static func literal(_ m: Matrix) -> String {
    "\((0..<m.rows).map { m.row($0) })"
  }

  /// A matrix's shape and first row, so a failure names its input: `4×5, first row [0.31, …]`.
  static func describe(_ m: Matrix) -> String {
    let first = m.row(0).prefix(3).map { short($0) }
    return "\(m.shapeDescription), first row [\(first.joined(separator: ", "))"
      + (m.columns > 3 ? ", …]" : "]")
  }

  /// Huge scores, one example per row, the largest score in every position and tied, with
  /// their labels and losses: 1000 − f_y where one score is 1000 and the rest far below;
  /// ln 3 and ln 2 for ties; 720 for a label 720 below the maximum, whose probability
  /// (e^(−720) ≈ 2e−313) is tiny but not 0.
  static let hugeRows: [(scores: [Double], label: Int, loss: Double)] = [
    ([1000, 0, -1000], 2, 2000), ([0, 1000, -1000], 0, 1000), ([-1000, 0, 1000], 2, 0),
    ([-1000, -1000, -1000], 0, log(3)), ([1000, 1000, -1000], 1, log(2)), ([720, 0, 0], 1, 720),
  ]
}

/// `x` to four significant digits, for messages: `0.3127`, `2.5e-05`.
private func short(_ x: Double) -> String {
  String(format: "%.4g", x)
}

// MARK: - The mistakes this module names

extension Mistake {
  /// Non-finite values in exactly the given places (one per case, or one row per case).
  fileprivate static func nonFinite(at places: Set<Int>, _ name: String) -> Mistake {
    Mistake(name: name) { got, _ in
      let rows =
        got.rows == 1
        ? Set(got.storage.indices.filter { !got.storage[$0].isFinite })
        : Set((0..<got.rows).filter { got.row($0).contains { !$0.isFinite } })
      return rows == places
    }
  }

  /// Non-finite values somewhere, where every expected value is finite.
  fileprivate static let overflowingShift = Mistake(
    name: "a shift by something other than each row's own maximum (or none): e^f of a score "
      + "709 or more above the shift overflows to ∞, and one 745 or more below it underflows "
      + "to 0; subtract each row's maximum m and add it back: m + log Σ e^(f − m)"
  ) { got, expected in
    got.storage.contains { !$0.isFinite } && expected.storage.allSatisfy(\.isFinite)
  }

  /// A loss in base 10 or 2 instead of the natural logarithm.
  fileprivate static let logarithmBase = Mistake(
    name: "a logarithm in base 10 or 2: cross-entropy uses the natural log (Foundation's log)"
  ) { got, expected in
    [log(10.0), log(2.0)].contains { base in
      firstMismatch(expected: expected / base, got: got, tolerance: Mistake.tolerance) == nil
    }
  }
}

// MARK: - Binary cross-entropy

extension CrossEntropyTests {
  static func checkBinaryValues(_ lesson: any CrossEntropyLesson.Type) {
    // By hand: a confident right answer is cheap, an unsure one costs ln 2 whatever the label.
    let cases: [(p: [Double], y: [Int], expected: Double, why: String)] = [
      ([0.9], [1], -log(0.9), "−ln 0.9 ≈ 0.1054"),
      ([0.2], [0], -log(0.8), "−ln 0.8 ≈ 0.2231"),
      ([0.5], [1], log(2), "ln 2 ≈ 0.6931"),
      ([0.9, 0.2], [1, 0], -(log(0.9) + log(0.8)) / 2, "−(ln 0.9 + ln 0.8) / 2 ≈ 0.1643"),
      ([0.7, 0.1, 0.6], [0, 0, 1], -(log(0.3) + log(0.9) + log(0.6)) / 3, "≈ 0.6067"),
    ]
    let got = cases.map { lesson.binaryCrossEntropy(probabilities: $0.p, labels: $0.y) }
    expectClose(
      got, cases.map(\.expected), tolerance: formula,
      "binaryCrossEntropy(probabilities:labels:) for"
        + cases.enumerated().map { "\n    [\($0)] \($1.p), \($1.y): expected \($1.why)" }.joined(),
      mistakes: [
        .value(
          Matrix(row: cases.map { swappedBinaryLoss($0.p, $0.y) }),
          "log p and log(1 − p) swapped: label 1 must cost −log p"),
        .value(
          Matrix(row: cases.map { referenceBinaryLoss($0.p, $0.y) * Double($0.p.count) }),
          "a missing 1/N: the loss is the mean over the examples, not their sum"),
        .flippedSign, .logarithmBase,
      ])

    // Seeded probabilities: a hard-coded answer cannot pass.
    var generator = Graded.generator(salt: 1)
    let p = (0..<12).map { _ in generator.uniform(in: 0.01...0.99) }
    let y = (0..<12).map { _ in generator.index(below: 2) }
    let shown = p.prefix(3).map { short($0) }.joined(separator: ", ")
    expectClose(
      lesson.binaryCrossEntropy(probabilities: p, labels: y), referenceBinaryLoss(p, y),
      tolerance: formula,
      "binaryCrossEntropy(probabilities: 12 seeded values [\(shown), …], labels: \(y)); "
        + Graded.replay,
      mistakes: [
        .value(
          Matrix(row: [swappedBinaryLoss(p, y)]),
          "log p and log(1 − p) swapped: label 1 must cost −log p"),
        .missingAverage(over: 12), .flippedSign, .logarithmBase,
      ])
  }

  static func checkBinaryExtremes(_ lesson: any CrossEntropyLesson.Type) {
    // Certain and right: only the true label's term counts, log 1 = 0. Written literally,
    // y·log p + (1 − y)·log(1 − p) evaluates 0·log 0 = 0·(−∞) = NaN for the other term.
    // Certain and wrong: −log 0 = +∞, the loss of a prediction that ruled out the truth; a
    // clamp p ∈ [ε, 1 − ε] would give a finite −log ε instead.
    let cases: [(p: [Double], y: [Int], expected: Double, why: String)] = [
      ([1], [1], 0, "0: p = 1 for label 1 is certain and right"),
      ([0], [0], 0, "0: p = 0 for label 0 is certain and right"),
      ([1, 0], [1, 0], 0, "0: both certain and right"),
      ([1, 0.5, 0], [1, 1, 0], log(2) / 3, "(0 + ln 2 + 0) / 3 ≈ 0.2310"),
      ([0], [1], .infinity, "+∞: a probability of 0 for the true label costs −log 0"),
      ([1], [0], .infinity, "+∞: p = 1 leaves 0 for the true label 0"),
      ([0.5, 1], [1, 0], .infinity, "+∞: one certain mistake makes the mean infinite"),
    ]
    let got = cases.map { lesson.binaryCrossEntropy(probabilities: $0.p, labels: $0.y) }
    let expected = cases.map(\.expected)
    expectClose(
      got, expected, tolerance: formula,
      "binaryCrossEntropy(probabilities:labels:) for certain answers, right and wrong:"
        + cases.enumerated().map { "\n    [\($0)] \($1.p), \($1.y): expected \($1.why)" }.joined(),
      mistakes: [
        .value(
          Matrix(row: cases.map { swappedBinaryLoss($0.p, $0.y) }),
          "log p and log(1 − p) swapped: label 1 must cost −log p"),
        Mistake(
          name: "both terms evaluated as written: the other label's term is 0·log 0 = "
            + "0·(−∞) = NaN in Double, although its limit is 0; evaluate only the true "
            + "label's term"
        ) { got, expected in
          zip(got.storage, expected.storage).contains { $0.isNaN && $1.isFinite }
            && zip(got.storage, expected.storage).allSatisfy { g, e in
              g.isNaN || isApproximatelyEqual(g, e, tolerance: formula)
            }
        },
        Mistake(
          name: "clamped probabilities (or log(p + ε)): a certain mistake must cost +∞, not "
            + "the finite −log ε of a clamp; do not clamp p"
        ) { got, expected in
          zip(got.storage, expected.storage).allSatisfy { g, e in
            e.isInfinite ? g.isFinite : abs(g - e) < 1e-6
          }
        },
      ])
  }
}

// MARK: - Categorical cross-entropy

extension CrossEntropyTests {
  static func checkCategoricalValues(_ lesson: any CrossEntropyLesson.Type) {
    // By hand: scores log[0.2, 0.3, 0.5] have softmax [0.2, 0.3, 0.5], so class 1 costs
    // −ln 0.3; equal scores give every class 1/3, so any class costs ln 3. The batch of both
    // averages them: (ln 3 − ln 0.3) / 2 = ln 10 / 2.
    let batch = Matrix([workedScores, [0, 0, 0]])
    let cases: [(logits: Matrix, labels: [Int], expected: Double, why: String)] = [
      (Matrix(row: workedScores), [1], -log(0.3), "−ln 0.3 ≈ 1.2040"),
      (Matrix(row: [0, 0, 0]), [2], log(3), "ln 3 ≈ 1.0986"),
      (Matrix(row: [2, 2, 2, 2]), [0], log(4), "ln 4 ≈ 1.3863: equal scores, 4 classes"),
      (batch, [1, 2], log(10) / 2, "(−ln 0.3 + ln 3) / 2 = ln 10 / 2 ≈ 1.1513, the mean"),
    ]
    for (logits, labels, expected, why) in cases {
      expectClose(
        lesson.crossEntropy(logits: logits, labels: labels), expected, tolerance: formula,
        "crossEntropy(logits: \(literal(logits)), labels: \(labels)): expected \(why)",
        mistakes: [.missingAverage(over: logits.rows), .flippedSign, .logarithmBase])
    }

    // Seeded scores within ±4: some probabilities are small, none underflows.
    let (logits, labels) = seededBatch(rows: 6, columns: 4, spread: 4, salt: 2)
    expectClose(
      lesson.crossEntropy(logits: logits, labels: labels), referenceLoss(logits, labels),
      tolerance: formula,
      "crossEntropy(logits: \(describe(logits)), labels: \(labels)); \(Graded.replay)",
      mistakes: [.missingAverage(over: logits.rows), .flippedSign, .logarithmBase])
  }

  static func checkHugeScores(_ lesson: any CrossEntropyLesson.Type) {
    // Shifted by its maximum m, each row below has log Σ e^{f − m} = log 1 = 0 in Double (or
    // log 2, log 3 for ties), so Lᵢ = m − f_y. Without the shift e^1000 overflows to ∞ (and
    // ∞/∞ is NaN), and e^−1000 underflows to 0. Each row alone, so that a failure names the
    // rows it breaks: a shift by the first score breaks rows 1 and 2, a shift by the label's
    // score rows 0, 1 and 5, and −log of the shifted softmax rows 0 and 1, where the label's
    // probability underflows to 0.
    let shiftHint =
      "subtract each row's maximum before exponentiating (log-sum-exp), and never take the "
      + "log of a probability that may have underflowed to 0"
    let rows = hugeRows
    expectClose(
      rows.map { lesson.crossEntropy(logits: Matrix(row: $0.scores), labels: [$0.label]) },
      rows.map(\.loss), tolerance: aroundAThousand,
      "crossEntropy(logits: [row], labels: [y]), one call per case:"
        + rows.enumerated().map { "\n    [\($0)] \($1.scores), class \($1.label): \($1.loss)" }
        .joined() + "\n  \(shiftHint)",
      mistakes: [
        .nonFinite(
          at: Set(0..<rows.count),
          "no max shift: e^1000 overflows to ∞ (∞/∞ is NaN, log ∞ is ∞) and e^(−1000) "
            + "underflows to 0 (log 0 = −∞); compute m + log Σ e^(f − m) − f_y with m the "
            + "row's maximum"),
        .nonFinite(
          at: [1, 2],
          "shifted by the first score, not the maximum: only rows whose largest score comes "
            + "first survive; m = maxⱼ fⱼ, wherever it is"),
        .nonFinite(
          at: [0, 1, 5],
          "shifted by the label's score f_y, not the maximum: log Σ e^(f − f_y) overflows when "
            + "the label's score sits 709 or more below the maximum"),
        .nonFinite(
          at: [0, 1],
          "−log of the softmax: the label's probability underflows to 0 (e^(−1000)) and "
            + "−log 0 = +∞; use −f_y + m + log Σ e^(f − m), which never forms it"),
        .overflowingShift,
      ])

    // Batches: the huge row three times, and rows of very different scales in one batch,
    // where one shift for the whole batch (by 1000) sends log Σ e^(f − 1000) of rows 1 and 2
    // to log 0 = −∞. Rows 1 and 2 cost L = ln(1 + e^−1 + e^−2) and 1 + L.
    let l = log(1 + exp(-1.0) + exp(-2.0))
    let huge = [1000.0, 0, -1000]
    let batches: [(logits: Matrix, labels: [Int], expected: Double, why: String)] = [
      (Matrix([huge, huge, huge]), [0, 1, 2], 1000, "(0 + 1000 + 2000) / 3 = 1000"),
      (
        Matrix([[1000, 0, -1000], [1, 2, 3], [-1000, -999, -998]]), [0, 2, 1], (2 * l + 1) / 3,
        "(0 + L + (1 + L)) / 3 with L = ln(1 + e^−1 + e^−2), each row shifted by its own maximum"
      ),
    ]
    for (logits, labels, expected, why) in batches {
      expectClose(
        lesson.crossEntropy(logits: logits, labels: labels), expected,
        tolerance: aroundAThousand,
        "crossEntropy(logits: \(literal(logits)), labels: \(labels)): expected \(why); "
          + shiftHint,
        mistakes: [
          .missingAverage(over: logits.rows),
          .value(
            Matrix(row: [-.infinity]),
            "one shift for the whole batch: rows far below the batch's maximum get "
              + "log Σ e^(f − M) = log 0 = −∞; shift each row by its own maximum"),
          .overflowingShift,
        ])
    }
  }

  static func checkHugeScoresGradient(_ lesson: any CrossEntropyLesson.Type) {
    // softmax([1000, 0, −1000]) is [1, 0, 0] in Double, softmax of equal scores is [⅓, ⅓, ⅓],
    // of a tie between two 1000s [½, ½, 0]; subtract the one-hot label and divide by N = 6.
    // Without the shift every row is NaN; shifted by the first score rows 1 and 2 are; one
    // shift for the whole batch (1000) makes row 3, all −1000, 0/0.
    let rows = hugeRows
    let logits = Matrix(rows.map(\.scores))
    let labels = rows.map(\.label)
    let expected =
      Matrix([
        [1, 0, -1], [-1, 1, 0], [0, 0, 0], [-2.0 / 3, 1.0 / 3, 1.0 / 3], [0.5, -0.5, 0],
        [1, -1, 0],
      ]) / 6
    expectClose(
      lesson.crossEntropyGradient(logits: logits, labels: labels), expected,
      tolerance: aroundAThousand,
      "crossEntropyGradient(logits: \(literal(logits)), labels: \(labels)) = "
        + "(softmax − one-hot) / 6, each row's softmax shifted by its own maximum",
      mistakes: [
        .nonFinite(
          at: Set(0..<rows.count),
          "no max shift in the softmax: e^1000 overflows and ∞/∞ is NaN, and a row of "
            + "−1000s is 0/0; subtract each row's maximum first"),
        .nonFinite(
          at: [1, 2],
          "shifted by the first score, not the maximum: only rows whose largest score comes "
            + "first survive; m = maxⱼ fⱼ, wherever it is"),
        .nonFinite(
          at: [3],
          "one shift for the whole batch: row 3, all −1000, sits 2000 below the batch's "
            + "maximum, its exponentials underflow and 0/0 is NaN; shift each row by its own "
            + "maximum"),
        .missingAverage(over: rows.count), .flippedSign, .overflowingShift,
      ])
  }

  static func checkInitialLoss(_ lesson: any CrossEntropyLesson.Type) {
    // Near-zero weights give near-zero scores, so every class gets probability ≈ 1/C and the
    // loss is ≈ −ln(1/C) = ln C: about 1.0986 for 3 classes, 2.3026 for 10. A first loss far
    // from ln C means a bug before any training. The bound is exact: log Σ e^f lies between
    // ln C + min f and ln C + max f, so |Lᵢ − ln C| ≤ 2·max|f| for every example.
    for (classes, salt) in [(3, UInt64(3)), (10, 4)] {
      var generator = Graded.generator(salt: salt)
      let inputs = Matrix.gaussian(rows: 32, columns: 5, using: &generator)
      let weights = Matrix.gaussian(
        rows: 5, columns: classes, standardDeviation: 1e-4, using: &generator)
      let scores = inputs * weights
      let labels = (0..<32).map { _ in generator.index(below: classes) }
      let bound = 2 * (scores.storage.map(abs).max() ?? 0)
      let lnC = log(Double(classes))
      expectClose(
        lesson.crossEntropy(logits: scores, labels: labels), lnC,
        tolerance: Tolerance(absolute: bound),
        "crossEntropy(logits: the scores of 32 seeded inputs through weights ~ N(0, 1e−8), "
          + "\(scores.shapeDescription), labels: \(labels.prefix(6)) …): a model that has "
          + "learnt nothing predicts 1/\(classes) for every class, so expected ln \(classes) "
          + "(natural log) within 2·max|f| = \(short(bound)); "
          + Graded.replay,
        mistakes: [
          Mistake(name: "a missing 1/N: the loss is 32 times ln C, the sum over the batch") {
            got, _ in abs(got.storage[0] - 32 * lnC) <= 32 * bound
          },
          Mistake(
            name: "a logarithm in base 10 or 2: cross-entropy uses the natural log "
              + "(Foundation's log)"
          ) { got, _ in
            [log(10.0), log(2.0)].contains { abs(got.storage[0] - lnC / $0) <= bound }
          },
        ])
    }
  }
}

// MARK: - The gradient

extension CrossEntropyTests {
  static func checkGradientWorkedExample(_ lesson: any CrossEntropyLesson.Type) {
    // The lesson's example: softmax [0.2, 0.3, 0.5] minus one-hot [0, 1, 0] is
    // [0.2, −0.7, 0.5]. In a batch of two each row is divided by N = 2; the second row,
    // equal scores with class 2, gives ([⅓, ⅓, ⅓] − [0, 0, 1]) / 2 = [⅙, ⅙, −⅓]. Each row sums
    // to 0; without the one-hot it would sum to 1/N.
    let single = Matrix(row: workedScores)
    let softmaxOnly: Mistake = .transform(
      "the one-hot not subtracted: each row must be softmax − one-hot, and sum to 0"
    ) { expected in
      var softmax = expected
      softmax[0, 1] += 1
      return softmax
    }
    expectClose(
      lesson.crossEntropyGradient(logits: single, labels: [1]), Matrix(row: [0.2, -0.7, 0.5]),
      tolerance: formula,
      "crossEntropyGradient(logits: [log 0.2, log 0.3, log 0.5], labels: [1]): "
        + "softmax − one-hot = [0.2, 0.3, 0.5] − [0, 1, 0]",
      mistakes: [.flippedSign, softmaxOnly, .transposed])

    let batch = Matrix([workedScores, [0, 0, 0]])
    let expected = Matrix([[0.1, -0.35, 0.25], [1.0 / 6, 1.0 / 6, -1.0 / 3]])
    expectClose(
      lesson.crossEntropyGradient(logits: batch, labels: [1, 2]), expected, tolerance: formula,
      "crossEntropyGradient(logits: [[log 0.2, log 0.3, log 0.5], [0, 0, 0]], labels: [1, 2]): "
        + "each row is (softmax − one-hot) / N with N = 2",
      mistakes: [
        .missingAverage(over: 2), .flippedSign, .transposed,
        .value(
          Matrix([[0.1, 0.15, 0.25], [1.0 / 6, 1.0 / 6, 1.0 / 6]]),
          "the one-hot not subtracted: each row must be (softmax − one-hot) / N, and sum to 0"),
      ])
  }

  static func checkGradientMatchesOwnLoss(_ lesson: any CrossEntropyLesson.Type) {
    let (logits, labels) = seededBatch(rows: 4, columns: 5, spread: checkedSpread, salt: 5)
    let analytic = lesson.crossEntropyGradient(logits: logits, labels: labels)
    guard analytic.shape == logits.shape else {
      expectClose(
        analytic, referenceGradient(logits, labels), tolerance: formula,
        "crossEntropyGradient(logits: \(logits.shapeDescription), labels: \(labels)): one row "
          + "per example, one column per class; \(Graded.replay)",
        mistakes: [.transposed])
      return
    }
    let report = checkGradient(
      of: { lesson.crossEntropy(logits: $0, labels: labels) }, at: logits, analytic: analytic,
      name: "logits")
    expectGradient(
      report,
      "crossEntropyGradient(logits: \(describe(logits)), labels: \(labels)) against centered "
        + "differences of your crossEntropy; \(Graded.replay)",
      mistakes: [
        .missingAverage(over: logits.rows), .flippedSign,
        .transform(
          "your crossEntropy adds up the rows while your gradient divides by N; "
            + "average the loss too"
        ) { $0 / Double(logits.rows) },
      ])
  }

  static func checkGradientMatchesReferenceLoss(_ lesson: any CrossEntropyLesson.Type) {
    // A loss and gradient can agree with each other and both be wrong (a summed loss with a
    // gradient without 1/N); here the numeric side is the reference loss.
    let (logits, labels) = seededBatch(rows: 5, columns: 3, spread: checkedSpread, salt: 6)
    let analytic = lesson.crossEntropyGradient(logits: logits, labels: labels)
    guard analytic.shape == logits.shape else {
      expectClose(
        analytic, referenceGradient(logits, labels), tolerance: formula,
        "crossEntropyGradient(logits: \(logits.shapeDescription), labels: \(labels)): one row "
          + "per example, one column per class; \(Graded.replay)",
        mistakes: [.transposed])
      return
    }
    let report = checkGradient(
      of: { referenceLoss($0, labels) }, at: logits, analytic: analytic, name: "logits")
    expectGradient(
      report,
      "crossEntropyGradient(logits: \(describe(logits)), labels: \(labels)) against centered "
        + "differences of the reference loss (the mean of −f_y + log Σ e^f); \(Graded.replay)",
      mistakes: [.missingAverage(over: logits.rows), .flippedSign])
  }
}
