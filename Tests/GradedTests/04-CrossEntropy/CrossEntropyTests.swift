import Foundation
import GradKit
import LessonWire
import Solutions
import Testing

extension Graded {
  /// The cross-entropy implementation this run grades.
  static var crossEntropy: any CrossEntropyLesson.Type {
    isGradingLearner ? RemoteCrossEntropy<Learner>.self : Solutions.CrossEntropy.self
  }
}

@Suite("04 · Cross-entropy", .graded)
struct CrossEntropyTests {
  @Test("binaryCrossEntropy is the mean of −[y·log p + (1 − y)·log(1 − p)]")
  func binaryValues() {
    Self.checkBinaryValues(Graded.crossEntropy)
  }

  @Test("binaryCrossEntropy is 0 for certain right answers, +∞ for certain wrong ones, never NaN")
  func binaryExtremes() {
    Self.checkBinaryExtremes(Graded.crossEntropy)
  }

  @Test("crossEntropy is −f_y + log Σ e^f, averaged over the batch")
  func categoricalValues() {
    Self.checkCategoricalValues(Graded.crossEntropy)
  }

  @Test(
    "crossEntropy and its gradient stay finite on huge scores: [1000, 0, −1000], class 2 → 2000")
  func hugeScores() {
    Self.checkHugeScores(Graded.crossEntropy)
  }

  @Test("a model with near-zero weights starts at loss ≈ ln C (C = 3 and C = 10)")
  func initialLoss() {
    Self.checkInitialLoss(Graded.crossEntropy)
  }

  @Test("crossEntropyGradient is (softmax − one-hot) / N: [0.2, −0.7, 0.5] in the worked example")
  func gradientWorkedExample() {
    Self.checkGradientWorkedExample(Graded.crossEntropy)
  }

  @Test("crossEntropyGradient agrees with the numeric gradient of your crossEntropy")
  func gradientMatchesOwnLoss() {
    Self.checkGradientMatchesOwnLoss(Graded.crossEntropy)
  }

  @Test("crossEntropyGradient agrees with the numeric gradient of the reference loss")
  func gradientMatchesReferenceLoss() {
    Self.checkGradientMatchesReferenceLoss(Graded.crossEntropy)
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
}

/// `x` to four significant digits, for messages: `0.3127`, `2.5e-05`.
private func short(_ x: Double) -> String {
  String(format: "%.4g", x)
}

// MARK: - Binary cross-entropy

extension CrossEntropyTests {
  static func checkBinaryValues(_ lesson: any CrossEntropyLesson.Type) {
    // By hand: a confident right answer is cheap, an unsure one costs ln 2 whatever the label.
    let swapped = "log p and log(1 − p) swapped: label 1 must cost −log p"
    let cases: [(p: [Double], y: [Int], expected: Double, swappedValue: Double, why: String)] = [
      ([0.9], [1], -log(0.9), -log(0.1), "−ln 0.9 ≈ 0.1054"),
      ([0.2], [0], -log(0.8), -log(0.2), "−ln 0.8 ≈ 0.2231"),
      ([0.5], [1], log(2), log(2), "ln 2 ≈ 0.6931"),
      (
        [0.9, 0.2], [1, 0], -(log(0.9) + log(0.8)) / 2, -(log(0.1) + log(0.2)) / 2,
        "−(ln 0.9 + ln 0.8) / 2 ≈ 0.1643"
      ),
    ]
    for (p, y, expected, swappedValue, why) in cases {
      expectClose(
        lesson.binaryCrossEntropy(probabilities: p, labels: y), expected, tolerance: formula,
        "binaryCrossEntropy(probabilities: \(p), labels: \(y)): expected \(why)",
        mistakes: [
          .value(Matrix(row: [swappedValue]), swapped),
          .missingAverage(over: p.count),
        ])
    }

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
      mistakes: [.missingAverage(over: 12)])
  }

  static func checkBinaryExtremes(_ lesson: any CrossEntropyLesson.Type) {
    // Certain and right: only the true label's term counts, log 1 = 0. Written literally,
    // y·log p + (1 − y)·log(1 − p) evaluates 0·log 0 = 0·(−∞) = NaN for the other term.
    let nanHint =
      "only the true label's term counts; the other is multiplied by 0, and 0·log 0 must "
      + "count as 0 (in Double 0·(−∞) is NaN). Do not clamp p: the exact answer is wanted"
    let right: [(p: [Double], y: [Int], expected: Double, why: String)] = [
      ([1], [1], 0, "0: p = 1 for label 1 is certain and right"),
      ([0], [0], 0, "0: p = 0 for label 0 is certain and right"),
      ([1, 0], [1, 0], 0, "0: both certain and right"),
      ([1, 0.5, 0], [1, 1, 0], log(2) / 3, "(0 + ln 2 + 0) / 3 ≈ 0.2310"),
    ]
    for (p, y, expected, why) in right {
      expectClose(
        lesson.binaryCrossEntropy(probabilities: p, labels: y), expected, tolerance: formula,
        "binaryCrossEntropy(probabilities: \(p), labels: \(y)): expected \(why); \(nanHint)")
    }

    // Certain and wrong: −log 0 = +∞, the loss of a prediction that ruled out the truth.
    let wrong: [(p: [Double], y: [Int])] = [([0], [1]), ([1], [0]), ([0.5, 1], [1, 0])]
    for (p, y) in wrong {
      let got = lesson.binaryCrossEntropy(probabilities: p, labels: y)
      if got != .infinity {
        fail(
          "binaryCrossEntropy(probabilities: \(p), labels: \(y)): expected +∞ (a probability "
            + "of 0 for the true label costs −log 0 = +∞), got \(got)")
      }
    }
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
        mistakes: [.missingAverage(over: logits.rows)])
    }

    // Seeded scores within ±4: some probabilities are small, none underflows.
    let (logits, labels) = seededBatch(rows: 6, columns: 4, spread: 4, salt: 2)
    expectClose(
      lesson.crossEntropy(logits: logits, labels: labels), referenceLoss(logits, labels),
      tolerance: formula,
      "crossEntropy(logits: \(describe(logits)), labels: \(labels)); \(Graded.replay)",
      mistakes: [.missingAverage(over: logits.rows)])
  }

  static func checkHugeScores(_ lesson: any CrossEntropyLesson.Type) {
    // Shifted by m = 1000, the row [1000, 0, −1000] has log Σ e^{f − m} = log(1 + e^−1000 +
    // e^−2000) = log 1 = 0 in Double, so Lᵢ = 1000 − f_y: 0, 1000 and 2000 for the classes.
    // Without the shift e^1000 overflows to ∞ (and ∞/∞ is NaN), and e^−1000 underflows to 0.
    let shiftHint =
      "subtract each row's maximum before exponentiating (log-sum-exp), and never take the "
      + "log of a probability that may have underflowed to 0"
    let huge = [1000.0, 0, -1000]
    for (label, expected) in [(0, 0.0), (1, 1000), (2, 2000)] {
      expectClose(
        lesson.crossEntropy(logits: Matrix(row: huge), labels: [label]), expected,
        tolerance: aroundAThousand,
        "crossEntropy(logits: [[1000, 0, −1000]], labels: [\(label)]): expected "
          + "1000 − f_y = \(expected); \(shiftHint)")
    }
    let cases: [(logits: Matrix, labels: [Int], expected: Double, why: String)] = [
      (Matrix([huge, huge, huge]), [0, 1, 2], 1000, "(0 + 1000 + 2000) / 3 = 1000"),
      (Matrix(row: [1000, 1000, 1000]), [1], log(3), "ln 3: equal scores, however large"),
      (Matrix(row: [-1000, -1000, -1000]), [0], log(3), "ln 3: equal scores, however small"),
    ]
    for (logits, labels, expected, why) in cases {
      expectClose(
        lesson.crossEntropy(logits: logits, labels: labels), expected,
        tolerance: aroundAThousand,
        "crossEntropy(logits: \(literal(logits)), labels: \(labels)): expected \(why); \(shiftHint)"
      )
    }

    // The gradient: softmax([1000, 0, −1000]) is [1, 0, 0] in Double, softmax of equal scores
    // is [⅓, ⅓, ⅓]; subtract the one-hot label.
    let gradients: [(logits: Matrix, labels: [Int], expected: Matrix)] = [
      (Matrix(row: huge), [2], Matrix(row: [1, 0, -1])),
      (Matrix(row: huge), [0], Matrix(row: [0, 0, 0])),
      (Matrix(row: [-1000, -1000, -1000]), [0], Matrix(row: [-2.0 / 3, 1.0 / 3, 1.0 / 3])),
    ]
    for (logits, labels, expected) in gradients {
      expectClose(
        lesson.crossEntropyGradient(logits: logits, labels: labels), expected,
        tolerance: aroundAThousand,
        "crossEntropyGradient(logits: \(literal(logits)), labels: \(labels)): softmax − one-hot; "
          + shiftHint,
        mistakes: [.noMaxShift, .flippedSign])
    }
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
      expectClose(
        lesson.crossEntropy(logits: scores, labels: labels), log(Double(classes)),
        tolerance: Tolerance(absolute: bound),
        "crossEntropy(logits: the scores of 32 seeded inputs through weights ~ N(0, 1e−8), "
          + "\(scores.shapeDescription), labels: \(labels.prefix(6)) …): a model that has "
          + "learnt nothing predicts 1/\(classes) for every class, so expected ln \(classes) "
          + "(natural log) within 2·max|f| = \(short(bound)); "
          + Graded.replay,
        mistakes: [.missingAverage(over: 32)])
    }
  }
}

// MARK: - The gradient

extension CrossEntropyTests {
  static func checkGradientWorkedExample(_ lesson: any CrossEntropyLesson.Type) {
    // The lesson's example: softmax [0.2, 0.3, 0.5] minus one-hot [0, 1, 0] is
    // [0.2, −0.7, 0.5]. In a batch of two each row is divided by N = 2; the second row,
    // equal scores with class 2, gives ([⅓, ⅓, ⅓] − [0, 0, 1]) / 2 = [⅙, ⅙, −⅓].
    let single = Matrix(row: workedScores)
    expectClose(
      lesson.crossEntropyGradient(logits: single, labels: [1]), Matrix(row: [0.2, -0.7, 0.5]),
      tolerance: formula,
      "crossEntropyGradient(logits: [log 0.2, log 0.3, log 0.5], labels: [1]): "
        + "softmax − one-hot = [0.2, 0.3, 0.5] − [0, 1, 0]",
      mistakes: [.flippedSign])

    let batch = Matrix([workedScores, [0, 0, 0]])
    let expected = Matrix([[0.1, -0.35, 0.25], [1.0 / 6, 1.0 / 6, -1.0 / 3]])
    expectClose(
      lesson.crossEntropyGradient(logits: batch, labels: [1, 2]), expected, tolerance: formula,
      "crossEntropyGradient(logits: [[log 0.2, log 0.3, log 0.5], [0, 0, 0]], labels: [1, 2]): "
        + "each row is (softmax − one-hot) / N with N = 2",
      mistakes: [.missingAverage(over: 2), .flippedSign])
  }

  static func checkGradientMatchesOwnLoss(_ lesson: any CrossEntropyLesson.Type) {
    let (logits, labels) = seededBatch(rows: 4, columns: 5, spread: checkedSpread, salt: 5)
    let analytic = lesson.crossEntropyGradient(logits: logits, labels: labels)
    guard analytic.shape == logits.shape else {
      fail(
        "crossEntropyGradient(logits: \(logits.shapeDescription), labels: \(labels)): "
          + "expected a \(logits.shapeDescription) gradient, got \(analytic.shapeDescription)")
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
      fail(
        "crossEntropyGradient(logits: \(logits.shapeDescription), labels: \(labels)): "
          + "expected a \(logits.shapeDescription) gradient, got \(analytic.shapeDescription)")
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
