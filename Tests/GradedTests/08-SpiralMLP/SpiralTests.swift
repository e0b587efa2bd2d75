import Foundation
import GradKit
import LessonWire
import References
import Testing

extension Graded {
  /// The spiral-MLP implementation this run grades.
  static var spiral: any SpiralLesson.Type {
    isGradingLearner ? RemoteSpiral<Learner>.self : Reference.spiral
  }
}

@Suite("08 · The spiral MLP", .graded("08-SpiralMLP"))
struct SpiralTests {
  @Test(
    "relu zeroes the negatives, softmax rows sum to 1 even at ±1000, accuracy counts argmax hits")
  func pieces() async {
    await Graded.run { Self.checkPieces(Graded.spiral) }
  }

  @Test(
    "softmaxCrossEntropy is the mean −log p of each label; its gradient (p − one-hot)/N passes the checker"
  )
  func softmaxCrossEntropy() async {
    await Graded.run { Self.checkSoftmaxCrossEntropy(Graded.spiral) }
  }

  @Test(
    "the linear classifier scores X·W + b, starts at a loss of ln 3, and its gradient passes the checker"
  )
  func linearLossAndGradient() async {
    await Graded.run { Self.checkLinearLossAndGradient(Graded.spiral) }
  }

  @Test(
    "the linear classifier's train reports each loss before its update and steps with momentum")
  func linearTrainingLoop() async {
    await Graded.run { Self.checkLinearTrainingLoop(Graded.spiral) }
  }

  @Test(
    "200 steps of gradient descent leave the linear classifier between 40% and 65% on the spiral")
  func linearTraining() async {
    await Graded.run { Self.checkLinearTraining(Graded.spiral) }
  }

  @Test("the network's forward pass is relu(X·W1 + b1)·W2 + b2")
  func networkForward() async {
    await Graded.run { Self.checkNetworkForward(Graded.spiral) }
  }

  @Test(
    "the network's whole backward pass (dW1, db1, dW2, db2 with λW) passes the gradient checker")
  func networkGradient() async {
    await Graded.run { Self.checkNetworkGradient(Graded.spiral) }
  }

  @Test(
    "the backward pass takes the ReLU's slope at an exact 0 as 0 (hand-worked, with H = K = 3)")
  func networkGradientAtKink() async {
    await Graded.run { Self.checkNetworkGradientAtKink(Graded.spiral) }
  }

  @Test("train reports each loss before its update, steps with momentum, and overfits a tiny batch")
  func trainingLoop() async {
    await Graded.run { Self.checkTrainingLoop(Graded.spiral) }
  }

  @Test("the network reaches at least 97% training accuracy on the spiral (100 points per class)")
  func networkTraining() async {
    await Graded.run { Self.checkNetworkTraining(Graded.spiral) }
  }

  @Test("sampleHyperparameters draws α's exponent first, then λ's, from the generator given")
  func samplingDraws() async {
    await Graded.run { Self.checkSamplingDraws(Graded.spiral) }
  }

  @Test("hyperparameters are sampled on a log scale: α = 10^U(−4, 0), λ = 10^U(−5, −1)")
  func logUniformSampling() async {
    await Graded.run { Self.checkLogUniformSampling(Graded.spiral) }
  }

  @Test("random search trains every trial from the same start and keeps the best on validation")
  func randomSearch() async {
    await Graded.run { Self.checkRandomSearch(Graded.spiral) }
  }

  @Test("random search keeps the first of equally good trials")
  func randomSearchTie() async {
    await Graded.run { Self.checkRandomSearchTie(Graded.spiral) }
  }

  @Test(
    "the ensemble averages its members' probabilities and reaches at least their mean validation accuracy"
  )
  func ensemble() async {
    await Graded.run { Self.checkEnsemble(Graded.spiral) }
  }
}

// MARK: - Tolerances and fixtures

extension SpiralTests {
  /// The initial loss of small weights: scores of order 0.01·|x| ≤ 0.02 move each probability
  /// by at most about 1%, so the loss stays within 0.01 of ln 3 (over 300 seeds it stayed
  /// within 0.005); 0.02 still tells a mean from a sum (×N) or a wrong log.
  static let nearLn3 = Tolerance(absolute: 0.02)

  /// ln K for the spiral's K = 3 classes: the loss of uniform probabilities.
  static let ln3 = log(3.0)

  /// A network with standard-normal weights and biases: every ReLU pattern and score of
  /// order 1, so no gradient is too small to check.
  static func unitNetwork(hidden: Int, classes: Int, using generator: inout SeededGenerator)
    -> TwoLayerNetwork
  {
    TwoLayerNetwork(
      hiddenWeights: .gaussian(rows: 2, columns: hidden, using: &generator),
      hiddenBias: .gaussian(rows: 1, columns: hidden, using: &generator),
      outputWeights: .gaussian(rows: hidden, columns: classes, using: &generator),
      outputBias: .gaussian(rows: 1, columns: classes, using: &generator))
  }
}

/// The test's own implementation of the formulas, written apart from the solutions, so that a
/// graded function is compared with the mathematics rather than with itself.
enum SpiralReference {
  /// Row-wise softmax, shifted by each row's maximum.
  static func softmax(_ s: Matrix) -> Matrix {
    var p = s
    for i in 0..<s.rows {
      let row = s.row(i)
      let m = row.max()!
      let total = row.reduce(0) { $0 + exp($1 - m) }
      for j in 0..<s.columns {
        p[i, j] = exp(row[j] - m) / total
      }
    }
    return p
  }

  /// (1/N) Σᵢ (log Σⱼ e^sᵢⱼ − s_{i,yᵢ}).
  static func crossEntropy(_ s: Matrix, _ labels: [Int]) -> Double {
    var total = 0.0
    for i in 0..<s.rows {
      let row = s.row(i)
      let m = row.max()!
      total += m + log(row.reduce(0) { $0 + exp($1 - m) }) - row[labels[i]]
    }
    return total / Double(s.rows)
  }

  /// (softmax − one-hot) / N.
  static func crossEntropyGradient(_ s: Matrix, _ labels: [Int]) -> Matrix {
    var g = softmax(s)
    for i in 0..<s.rows {
      g[i, labels[i]] -= 1
    }
    return g / Double(s.rows)
  }

  static func accuracy(_ s: Matrix, _ labels: [Int]) -> Double {
    Double(zip(s.argmaxPerRow(), labels).filter { $0 == $1 }.count) / Double(labels.count)
  }

  static func scores(_ model: LinearClassifier, _ x: Matrix) -> Matrix {
    x * model.weights + model.bias
  }

  static func loss(_ model: LinearClassifier, _ data: Dataset, _ lambda: Double) -> Double {
    crossEntropy(scores(model, data.inputs), data.labels)
      + 0.5 * lambda * model.weights.squaredNorm()
  }

  static func gradient(_ model: LinearClassifier, _ data: Dataset, _ lambda: Double)
    -> LinearClassifier
  {
    let dS = crossEntropyGradient(scores(model, data.inputs), data.labels)
    return LinearClassifier(
      weights: data.inputs.transposed * dS + lambda * model.weights, bias: dS.columnSums())
  }

  static func scores(_ network: TwoLayerNetwork, _ x: Matrix) -> Matrix {
    let hidden = (x * network.hiddenWeights + network.hiddenBias).map { max(0, $0) }
    return hidden * network.outputWeights + network.outputBias
  }

  static func loss(_ network: TwoLayerNetwork, _ data: Dataset, _ lambda: Double) -> Double {
    crossEntropy(scores(network, data.inputs), data.labels) + 0.5 * lambda
      * (network.hiddenWeights.squaredNorm() + network.outputWeights.squaredNorm())
  }

  /// Which pre-activations let the gradient through the ReLU: the contract's Z > 0, and two
  /// classic mistakes.
  enum ReLUMask {
    /// Z > 0, the contract's: the slope at Z = 0 is 0.
    case positive
    /// Z ≥ 0: the slope at an exact 0 taken as 1.
    case nonNegative
    /// No mask: the gradient flows back through every unit.
    case none
  }

  /// The gradient of the scores, dS = (softmax − one-hot)/N, and of the pre-activations,
  /// dZ = dS·W2ᵀ ⊙ [Z > 0] (or the mask given).
  static func backward(
    _ network: TwoLayerNetwork, _ data: Dataset, mask: ReLUMask = .positive
  ) -> (dS: Matrix, dZ: Matrix, hidden: Matrix) {
    let z = data.inputs * network.hiddenWeights + network.hiddenBias
    let hidden = z.map { max(0, $0) }
    let dS = crossEntropyGradient(
      hidden * network.outputWeights + network.outputBias, data.labels)
    let dHidden = dS * network.outputWeights.transposed
    let dZ =
      switch mask {
      case .positive: dHidden .* z.map { $0 > 0 ? 1 : 0 }
      case .nonNegative: dHidden .* z.map { $0 >= 0 ? 1 : 0 }
      case .none: dHidden
      }
    return (dS, dZ, hidden)
  }

  /// The gradient, with the contract's mask or one of the mistakes'.
  static func gradient(
    _ network: TwoLayerNetwork, _ data: Dataset, _ lambda: Double, mask: ReLUMask = .positive
  ) -> TwoLayerNetwork {
    let (dS, dZ, hidden) = backward(network, data, mask: mask)
    return TwoLayerNetwork(
      hiddenWeights: data.inputs.transposed * dZ + lambda * network.hiddenWeights,
      hiddenBias: dZ.columnSums(),
      outputWeights: hidden.transposed * dS + lambda * network.outputWeights,
      outputBias: dS.columnSums())
  }
}

// MARK: - The pieces

extension SpiralTests {
  static func checkPieces(_ lesson: any SpiralLesson.Type) {
    // relu by its definition, max(0, x), with 0 itself and a second row.
    let x = Matrix([[-2, -0.5, 0, 0.5, 3], [1e-300, -1e-300, 7, -7, 0.25]])
    expectClose(
      lesson.relu(x), Matrix([[0, 0, 0, 0.5, 3], [1e-300, 0, 7, 0, 0.25]]), tolerance: .exact,
      "relu(\(describe(x))): max(0, x) element by element",
      mistakes: [
        .value(x.map { $0 > 0 ? 1 : 0 }, "the mask [x > 0] instead of max(0, x)"),
        .value(x.map { abs($0) }, "|x| instead of max(0, x): a negative input gives 0"),
      ])

    // softmax([1, 2, 3]) = e^(x − 3) / Σ e^(x − 3), from Python's math.exp. Rows of ±1000
    // with the maximum first, in the middle and last overflow without the shift (e^1000 =
    // inf, inf/inf = NaN) and are one-hot with it (e^−1000 underflows to 0); equal scores
    // give equal shares. Scales of 1 and 1000 share the batch, so one maximum for the whole
    // batch sends the small rows to 0/0.
    let scores = Matrix([
      [1, 2, 3], [1000, 0, -1000], [-1000, 1000, 0], [0, -1000, 1000], [-4, -4, -4],
    ])
    let third = 1.0 / 3
    let expected = Matrix([
      [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
      [1, 0, 0], [0, 1, 0], [0, 0, 1], [third, third, third],
    ])
    expectClose(
      lesson.softmax(scores), expected, tolerance: reordered,
      "softmax(\(describe(scores, rows: 5))) row by row, each shifted by its own maximum",
      mistakes: [
        .rowsNotFinite(
          [1, 2, 3],
          "no max shift: exp of a score of 1000 overflows to inf and inf/inf is NaN; subtract "
            + "each row's maximum first"),
        .rowsNotFinite(
          [2, 3],
          "the row shifted by its first score instead of its maximum: a larger score later in "
            + "the row still overflows"),
        .rowsNotFinite(
          [0, 4],
          "one maximum for the whole batch: rows far below it underflow to 0/0; shift each row "
            + "by its own maximum"),
        Mistake(
          name: "normalised over the whole batch: each row must sum to 1 on its own"
        ) { got, _ in
          got.storage.allSatisfy(\.isFinite) && abs(got.sum() - 1) < 1e-9
        },
      ])

    // Argmax by hand: row 0 → 1 (right), row 1 → 0 (label 1, wrong), row 2 → 2 (right),
    // row 3 ties 1 = 1 and the first column wins → 0 (right), row 4 ties columns 1 and 2 and
    // the first of them wins → 1 (right): 4 of 5. Ties to the last tied column give 2 of 5.
    let votes = Matrix([[0.1, 0.9, 0], [2, 1, 0], [0, 0, 5], [1, 1, 0], [0, 2, 2]])
    expectClose(
      lesson.accuracy(of: votes, labels: [1, 1, 2, 0, 1]), 0.8, tolerance: .exact,
      "accuracy(of: \(describe(votes, rows: 5)), labels: [1, 1, 2, 0, 1]): argmax per row is "
        + "[1, 0, 2, 0, 1] (a tie goes to the first of the tied columns), 4 of 5 right",
      mistakes: [
        .value(
          Matrix(row: [0.4]),
          "a tie went to the last of the tied columns (≥ in the argmax loop): it goes to the first"),
        .value(Matrix(row: [4]), "the count of right rows, 4, instead of the fraction 4/5"),
        .value(Matrix(row: [0.2]), "the fraction of wrong rows instead of right ones"),
      ])
  }

  static func checkSoftmaxCrossEntropy(_ lesson: any SpiralLesson.Type) {
    // Four batches, each built to break one way of computing log Σ e^s, told apart by which
    // of them fail: a row of 1000s (any shift works), the maximum in the middle (a shift by
    // the first score fails), a label far below the maximum (−log p of an underflowed p is
    // +∞), and two scales in one batch (one maximum for the whole batch fails).
    let tail = log(1 + exp(-1.0))
    let cases: [(scores: Matrix, labels: [Int], loss: Double, what: String)] = [
      (Matrix([[1000, 999, 0]]), [0], tail, "a row of 1000s"),
      (Matrix([[-1000, 1000, 999]]), [1], tail, "the maximum in the middle"),
      (Matrix([[1000, 0, -1000]]), [2], 2000, "a label 2000 below the maximum: p underflows to 0"),
      (
        Matrix([[1, 2, 3], [1000, 999, 0]]), [2, 0], (0.40760596444438013 + tail) / 2,
        "scales of 1 and 1000 in one batch"
      ),
    ]
    let causes = [
      "no max shift: log Σ e^s overflows at a score of 1000; compute m + log Σ e^(s − m) with "
        + "m each row's maximum",
      "the row shifted by its first score instead of its maximum: a larger score later in the "
        + "row still overflows",
      "−log p of a probability that underflowed to 0 is +∞: compute the loss as "
        + "log Σ e^(s − m) + m − s_y, never through log p",
      "one maximum for the whole batch: a row far below it sums to 0 and its log is −∞; shift "
        + "each row by its own maximum",
    ]
    // The first case that fails names the cause; the later ones fail because of it.
    var cause: String?
    for (index, (scores, labels, loss, what)) in cases.enumerated() {
      let got = lesson.softmaxCrossEntropy(scores: scores, labels: labels)
      let right = isApproximatelyEqual(got.loss, loss, tolerance: reordered)
      if !right && cause == nil && !got.loss.isFinite {
        cause = causes[index]
      }
      expectClose(
        got.loss, loss, tolerance: reordered,
        "softmaxCrossEntropy(scores: \(describe(scores)), labels: \(labels)).loss, \(what)",
        mistakes: [.missingAverage(over: labels.count)]
          + (right ? [] : Mistake.found(cause)))
    }

    // The gradient by hand: (softmax − one-hot) / N, both rows sharing the 1/N of the mean.
    let scores = Matrix([[1, 2, 3], [1000, 999, 0]])
    let p = 1 / (1 + exp(-1.0))
    let gradient = lesson.softmaxCrossEntropy(scores: scores, labels: [2, 0]).gradient
    expectClose(
      gradient,
      Matrix([
        [0.09003057317038046 / 2, 0.24472847105479764 / 2, (0.6652409557748218 - 1) / 2],
        [(p - 1) / 2, (1 - p) / 2, 0],
      ]), tolerance: reordered,
      "softmaxCrossEntropy(scores: \(describe(scores)), labels: [2, 0]).gradient: "
        + "(softmax − one-hot) / N",
      mistakes: [
        .missingAverage(over: 2), .flippedSign,
        .rowsNotFinite([1], causes[0]), .rowsNotFinite([0], causes[3]),
      ])

    // A seeded batch: the loss against the formula, the gradient against the checker. Scores
    // within ±1.5 keep every probability above 1.5%, so no derivative is lost in the noise.
    var generator = Graded.generator(salt: 20)
    let batch = Matrix.uniform(rows: 4, columns: 3, in: -1.5...1.5, using: &generator)
    let labels = (0..<4).map { _ in generator.index(below: 3) }
    let seeded = lesson.softmaxCrossEntropy(scores: batch, labels: labels)
    let seededCall = "softmaxCrossEntropy(scores: \(describe(batch)), labels: \(labels))"
    expectClose(
      seeded.loss, SpiralReference.crossEntropy(batch, labels), tolerance: reordered,
      "\(seededCall).loss; \(Graded.replay)", mistakes: [.missingAverage(over: 4)])
    expectClose(
      seeded.gradient, SpiralReference.crossEntropyGradient(batch, labels), tolerance: reordered,
      "\(seededCall).gradient; \(Graded.replay)",
      mistakes: [
        .missingAverage(over: 4), .flippedSign,
        .transform("the 1/N applied twice: the loss is a mean, so dS is divided by N once") {
          $0 / 4
        },
      ])
    let report = checkGradient(
      of: { lesson.softmaxCrossEntropy(scores: $0, labels: labels).loss }, at: batch,
      analytic: seeded.gradient, name: "scores")
    expectCheckedGradient(report, hasKinks: false, "\(seededCall): gradient against your own loss")
  }
}

extension Mistake {
  /// Rows `broken` of the result are not finite and every other row is right: the pattern of
  /// one way of shifting the scores, told from the others by which rows it breaks.
  fileprivate static func rowsNotFinite(_ broken: Set<Int>, _ name: String) -> Mistake {
    Mistake(name: name) { got, expected in
      guard got.shape == expected.shape else { return false }
      return (0..<got.rows).allSatisfy { i in
        broken.contains(i)
          ? got.row(i).contains { !$0.isFinite }
          : firstMismatch(expected: expected.row(i), got: got.row(i), tolerance: tolerance) == nil
      }
    }
  }

  /// A mistake found by a probe or by an earlier case rather than by the failing value
  /// itself; none if nothing was found.
  fileprivate static func found(_ name: String?) -> [Mistake] {
    name.map { name in [Mistake(name: name) { _, _ in true }] } ?? []
  }
}

// MARK: - The linear classifier

extension SpiralTests {
  static func checkLinearLossAndGradient(_ lesson: any SpiralLesson.Type) {
    // Scores by hand, all in quarters so every sum is exact:
    // [1, 2]·W + b = [1 + 1, −1 + 1, 0 + 4] + [0.25, 0.5, −0.75] = [2.25, 0.5, 3.25]
    // [−1, 0]·W + b = [−1, 1, 0] + b = [−0.75, 1.5, −0.75]
    let model = LinearClassifier(
      weights: Matrix([[1, -1, 0], [0.5, 0.5, 2]]), bias: Matrix([[0.25, 0.5, -0.75]]))
    let x = Matrix([[1, 2], [-1, 0]])
    expectClose(
      lesson.scores(of: model, for: x), Matrix([[2.25, 0.5, 3.25], [-0.75, 1.5, -0.75]]),
      tolerance: .exact,
      "scores(of: linear W \(describe(model.weights)), b [0.25, 0.5, -0.75], "
        + "for: \(describe(x))): X·W + b",
      mistakes: [.value(Matrix([[2, 0, 4], [-1, 1, 0]]), "scores without the bias b")])

    // Sanity check: small random weights give probabilities near 1/3 and a loss near ln 3.
    var generator = Graded.generator(salt: 30)
    let data = spiral(pointsPerClass: 50, salt: 31)
    let small = LinearClassifier.random(inputCount: 2, classCount: 3, using: &generator)
    let initial = lesson.lossAndGradient(of: small, on: data, regularization: 1e-3).loss
    expectClose(
      initial, ln3, tolerance: nearLn3,
      "lossAndGradient(of: 0.01·gaussian weights, on: 150 spiral points, regularization: 1e-3)"
        + ".loss: with scores near 0 every class has probability ≈ 1/3, so the loss is "
        + "≈ −ln(1/3) = ln 3 ≈ 1.0986; \(Graded.replay)",
      mistakes: [.missingAverage(over: data.count)])

    // The gradient on a small batch, with weights of order 1 and a strong penalty λ = 0.5,
    // so that a missing λW or 1/N is far outside the checker's thresholds.
    let batch = spiral(pointsPerClass: 3, salt: 32)
    let lambda = 0.5
    let model1 = LinearClassifier(
      weights: .gaussian(rows: 2, columns: 3, using: &generator),
      bias: .gaussian(rows: 1, columns: 3, using: &generator))
    let (loss, gradient) = lesson.lossAndGradient(of: model1, on: batch, regularization: lambda)
    let call =
      "lossAndGradient(of: linear W \(describe(model1.weights)), on: 9 spiral points, "
      + "regularization: \(lambda))"
    let dataLoss = SpiralReference.crossEntropy(
      SpiralReference.scores(model1, batch.inputs), batch.labels)
    let penalty = 0.5 * lambda * model1.weights.squaredNorm()
    expectClose(
      loss, dataLoss + penalty, tolerance: reordered,
      "\(call).loss: mean cross-entropy + ½λΣW² (no penalty on b); \(Graded.replay)",
      mistakes: [
        .value(Matrix(row: [dataLoss]), "the penalty ½λΣW² left out of the loss"),
        .value(Matrix(row: [dataLoss + 2 * penalty]), "the penalty without its ½, λΣW²"),
        .value(
          Matrix(row: [dataLoss + penalty + 0.5 * lambda * model1.bias.squaredNorm()]),
          "the penalty on b too: ½λΣW² is on the weights only, never the biases"),
      ])
    let report = checkGradient(
      of: {
        lesson.lossAndGradient(
          of: LinearClassifier(parameters: $0), on: batch,
          regularization: lambda
        ).loss
      },
      at: model1.parameters, analytic: gradient.parameters)
    let lambdaW = lambda * model1.weights
    let hint = diagnosis(
      got: gradient.weights, expected: SpiralReference.gradient(model1, batch, lambda).weights,
      mistakes: [
        .missingTerm(lambdaW, "regularization gradient λW"), .missingAverage(over: batch.count),
      ])
    expectCheckedGradient(
      report, hasKinks: false, "\(call): dW and db against your own loss",
      likely: hint.map { ["dW: \($0)"] } ?? [])
  }
}

// MARK: - The two-layer network

extension SpiralTests {
  /// The network of the hand-worked forward pass: 2 inputs, 3 hidden units, 2 classes.
  static let handNetwork = TwoLayerNetwork(
    hiddenWeights: Matrix([[1, -1, 0.5], [2, 0, -1]]), hiddenBias: Matrix([[0, 0.5, -0.25]]),
    outputWeights: Matrix([[1, 0], [-1, 2], [0.5, 0.5]]), outputBias: Matrix([[0.25, -0.5]]))

  static func checkNetworkForward(_ lesson: any SpiralLesson.Type) {
    // By hand, in quarters (exact):
    // x = [1, 1]:    X·W1 + b1 = [3, −0.5, −0.75] → relu [3, 0, 0] → ·W2 + b2 = [3.25, −0.5]
    // x = [−1, 0.5]: X·W1 + b1 = [0, 1.5, −1.25]  → relu [0, 1.5, 0] → [−1.25, 2.5]
    // Without the biases the same steps give [3, 0] and [−1, 2]; without the ReLU,
    // [3.375, −1.875] and [−1.875, 1.875].
    let x = Matrix([[1, 1], [-1, 0.5]])
    expectClose(
      lesson.scores(of: handNetwork, for: x), Matrix([[3.25, -0.5], [-1.25, 2.5]]),
      tolerance: .exact,
      "scores(of: W1 [[1, -1, 0.5], [2, 0, -1]], b1 [0, 0.5, -0.25], W2 [[1, 0], [-1, 2], "
        + "[0.5, 0.5]], b2 [0.25, -0.5], for: \(describe(x))): relu(X·W1 + b1)·W2 + b2",
      mistakes: [
        .value(Matrix([[3, 0], [-1, 2]]), "a forward pass without the biases b1 and b2"),
        .value(
          Matrix([[3.375, -1.875], [-1.875, 1.875]]),
          "no ReLU: the hidden layer is max(0, X·W1 + b1), not X·W1 + b1"),
      ])

    // A seeded network on seeded points against the formula.
    var generator = Graded.generator(salt: 50)
    let network = unitNetwork(hidden: 7, classes: 3, using: &generator)
    let inputs = Matrix.uniform(rows: 5, columns: 2, in: -1...1, using: &generator)
    expectClose(
      lesson.scores(of: network, for: inputs), SpiralReference.scores(network, inputs),
      tolerance: reordered,
      "scores(of: seeded \(network), for: \(describe(inputs))); \(Graded.replay)")
  }

  static func checkNetworkGradient(_ lesson: any SpiralLesson.Type) {
    // A small batch and a small network with weights of order 1, so the ReLUs are mixed,
    // and a strong penalty, so that a missing λW is plainly wrong, not just suspicious.
    var generator = Graded.generator(salt: 60)
    let batch = spiral(pointsPerClass: 3, salt: 61)
    let network = unitNetwork(hidden: 6, classes: 3, using: &generator)
    let lambda = 0.3
    let (loss, gradient) = lesson.lossAndGradient(of: network, on: batch, regularization: lambda)
    let call = "lossAndGradient(of: seeded \(network), on: 9 spiral points, regularization: 0.3)"

    // The forward half against the formula.
    let expectedLoss = SpiralReference.loss(network, batch, lambda)
    let biasPenalty =
      0.5 * lambda * (network.hiddenBias.squaredNorm() + network.outputBias.squaredNorm())
    expectClose(
      loss, expectedLoss, tolerance: reordered,
      "\(call).loss: mean cross-entropy + ½λ(ΣW1² + ΣW2²), biases not penalised; "
        + Graded.replay,
      mistakes: [
        .missingAverage(over: batch.count),
        .value(
          Matrix(row: [expectedLoss + biasPenalty]),
          "the penalty on b1 and b2 too: ½λ(ΣW1² + ΣW2²) is on the weights only, never the biases"
        ),
      ])

    // The backward half against the learner's own loss. ReLU has a kink at 0: coordinates
    // whose one-sided differences disagree are skipped, the rest may be off by up to 1e-4.
    let report = checkGradient(
      of: {
        lesson.lossAndGradient(
          of: TwoLayerNetwork(parameters: $0), on: batch,
          regularization: lambda
        ).loss
      },
      at: network.parameters, analytic: gradient.parameters,
      skipping: .detectFromOneSidedDifferences)

    // Name the likely mistake, parameter by parameter, from the formula's gradient.
    let found = gradientMistakes(gradient, network, batch, lambda)
    let likely = ["W1", "b1", "W2", "b2"].compactMap { name in
      found[name].map { "d\(name): Likely mistake: \($0)." }
    }
    expectCheckedGradient(
      report, hasKinks: true, "\(call): dW1, db1, dW2, db2 against your own loss",
      likely: likely)
  }
}

extension SpiralTests {
  /// The known mistake that explains each parameter's gradient, by parameter name, found by
  /// comparing `gradient` with the formula's; parameters no mistake explains are left out.
  ///
  /// A weight's gradient is the data part plus λW, so the mistakes of the data part (1/N
  /// missing or applied twice) leave λW where it is.
  static func gradientMistakes(
    _ gradient: TwoLayerNetwork, _ network: TwoLayerNetwork, _ data: Dataset, _ lambda: Double
  ) -> [String: String] {
    let expected = SpiralReference.gradient(network, data, lambda)
    let unmasked = SpiralReference.gradient(network, data, lambda, mask: .none)
    let (dS, dZ, _) = SpiralReference.backward(network, data)
    let n = Double(data.count)
    var found: [String: String] = [:]
    for name in ["W1", "b1", "W2", "b2"] {
      let isWeight = name.hasPrefix("W")
      let parameter = network.parameters[name]!
      let reg = isWeight ? lambda * parameter : parameter * 0
      var mistakes: [Mistake] = [
        .transform("a missing 1/N: the data gradient is N = \(data.count) times too large") {
          ($0 - reg) * n + reg
        },
        .value(
          unmasked.parameters[name]!,
          "no ReLU mask: the gradient flows back through units whose input X·W1 + b1 was negative"),
        .flippedSign,
        .transform(
          "a transposed product: d\(name)'s data part is \(name == "W1" ? "Xᵀ·dZ" : "hiddenᵀ·dS") "
            + "(each gradient has its parameter's shape), not its transpose"
        ) { $0.rows == $0.columns ? ($0 - reg).transposed + reg : nil },
      ]
      if isWeight {
        mistakes += [
          .missingTerm(reg, "regularization gradient λ\(name)"),
          .transform("the 1/N applied twice: dS is divided by N once, nothing after it is") {
            ($0 - reg) / n + reg
          },
        ]
      } else {
        let perExample = name == "b1" ? dZ : dS
        mistakes += [
          .transform(
            "d\(name) divided by N again: a mean over the examples where the bias gradient is "
              + "their sum, or the 1/N applied twice"
          ) { $0 / n },
          .value(
            Matrix(row: perExample.row(0)),
            "d\(name) from the first example only: the bias is added to every row, so its "
              + "gradient sums every row's"),
          .transform("a penalty on \(name): λ\(name) added, but the biases are never penalised") {
            $0 + lambda * parameter
          },
        ]
      }
      let got = gradient.parameters[name]!
      let right = expected.parameters[name]!
      found[name] = mistakes.first { $0.matches(got, right) }?.name
    }
    return found
  }

  /// A 2 → 3 → 3 network in quarters, and two inputs: the second gives unit 0 a
  /// pre-activation of exactly 0 (−1·1 + 0.5·2 + 0 = 0), the ReLU's kink. With H = K = 3 a
  /// transposed dW2 has the right shape, so only its values give it away.
  static let kinkNetwork = TwoLayerNetwork(
    hiddenWeights: Matrix([[1, -1, 0.5], [2, 0, -1]]), hiddenBias: Matrix([[0, 0.5, -0.25]]),
    outputWeights: Matrix([[1, 0, 0.5], [-1, 2, 0], [0.5, 0.5, -1]]),
    outputBias: Matrix([[0.25, -0.5, 0]]))

  static func checkNetworkGradientAtKink(_ lesson: any SpiralLesson.Type) {
    // Z = X·W1 + b1 = [[3, −0.5, −0.75], [0, 1.5, −1.25]]: unit 0 of the second example sits
    // on the kink, where the contract takes the slope as 0, so it passes no gradient back.
    let data = Dataset(inputs: Matrix([[1, 1], [-1, 0.5]]), labels: [0, 1], classCount: 3)
    let lambda = 0.1
    let got = lesson.lossAndGradient(of: kinkNetwork, on: data, regularization: lambda).gradient
    let expected = SpiralReference.gradient(kinkNetwork, data, lambda)
    let atZero = SpiralReference.gradient(kinkNetwork, data, lambda, mask: .nonNegative)
    let call =
      "lossAndGradient(of: W1 [[1, -1, 0.5], [2, 0, -1]], b1 [0, 0.5, -0.25], W2 [[1, 0, 0.5], "
      + "[-1, 2, 0], [0.5, 0.5, -1]], b2 [0.25, -0.5, 0], on: [[1, 1], [-1, 0.5]] with labels "
      + "[0, 1], regularization: 0.1).gradient"
    let kinkMistake =
      "a mask of Z ≥ 0: at a pre-activation of exactly 0 the ReLU's slope is "
      + "taken as 0, so that unit passes nothing back"
    let others = gradientMistakes(got, kinkNetwork, data, lambda)
    for name in ["W1", "b1", "W2", "b2"] {
      expectClose(
        got.parameters[name]!, expected.parameters[name]!, tolerance: reordered,
        "\(call).\(name): Z = X·W1 + b1 is exactly 0 for unit 0 of the second example",
        mistakes: [.value(atZero.parameters[name]!, kinkMistake)] + Mistake.found(others[name]))
    }
  }
}
