import Foundation
import GradKit
import LessonWire
import References
import Testing

extension Graded {
  /// The training implementation this run grades.
  static var training: any TrainingLesson.Type {
    isGradingLearner ? RemoteTraining<Learner>.self : Reference.training
  }
}

@Suite("09 · Training in practice", .graded("09-Training"))
struct TrainingTests {
  @Test("minibatches cuts one seeded shuffle into batches in order, the last holding the remainder")
  func minibatchCuts() async {
    await Graded.run { Self.checkMinibatchCuts(Graded.training) }
  }

  @Test("minibatches draws one shuffle from the generator it is given, so each epoch differs")
  func minibatchDraws() async {
    await Graded.run { Self.checkMinibatchDraws(Graded.training) }
  }

  @Test("trainMinibatch takes one step θ ← θ − α·∇ per batch, with a new shuffle every epoch")
  func minibatchSteps() async {
    await Graded.run { Self.checkMinibatchSteps(Graded.training) }
  }

  @Test(
    "trainMinibatch follows the schedule epoch by epoch (step decay) and reports the size-weighted mean loss"
  )
  func minibatchSchedule() async {
    await Graded.run { Self.checkMinibatchSchedule(Graded.training) }
  }

  @Test(
    "full batch against minibatches: ⌈N/B⌉ times the updates per epoch, and a lower loss on the spiral"
  )
  func batchComparison() async {
    await Graded.run { Self.checkBatchComparison(Graded.training) }
  }

  @Test("xavierInitialization draws fanIn×fanOut weights of mean 0 and variance 2/(fanIn + fanOut)")
  func xavier() async {
    await Graded.run { Self.checkXavier(Graded.training) }
  }

  @Test("heInitialization draws fanIn×fanOut weights of mean 0 and variance 2/fanIn")
  func he() async {
    await Graded.run { Self.checkHe(Graded.training) }
  }

  @Test("deepStackForward applies act(h·W) layer after layer, the last layer included")
  func deepForward() async {
    await Graded.run { Self.checkDeepForward(Graded.training) }
  }

  @Test("deepStackBackward's ∂L/∂W and ∂L/∂h pass the gradient checker, with tanh and with ReLU")
  func deepBackward() async {
    await Graded.run { Self.checkDeepBackward(Graded.training) }
  }

  @Test(
    "gradientNormsByLayer rescales one draw of the weights and records ‖∂L/∂h_{l−1}‖ from layer 1 up"
  )
  func gradientNorms() async {
    await Graded.run { Self.checkGradientNorms(Graded.training) }
  }

  @Test(
    "10 layers deep, gradients vanish at half the Xavier or He scale, explode at twice He's, and keep their size at the right one"
  )
  func vanishingAndExploding() async {
    await Graded.run { Self.checkVanishingAndExploding(Graded.training) }
  }

  @Test("dropoutForward keeps a unit when its draw is below p, row by row, and scales it by 1/p")
  func dropoutMask() async {
    await Graded.run { Self.checkDropoutMask(Graded.training) }
  }

  @Test("in evaluation mode dropout is the identity, with a mask of ones, and draws nothing")
  func dropoutEvaluation() async {
    await Graded.run { Self.checkDropoutEvaluation(Graded.training) }
  }

  @Test(
    "inverted dropout keeps the expectation: a fraction p of the units kept, the mean output equal to the input"
  )
  func dropoutExpectation() async {
    await Graded.run { Self.checkDropoutExpectation(Graded.training) }
  }

  @Test("dropoutBackward sends the gradient through the same mask, and passes the gradient checker")
  func dropoutBackward() async {
    await Graded.run { Self.checkDropoutBackward(Graded.training) }
  }

  @Test(
    "early stopping returns the first epoch with the best validation accuracy: a tie keeps the earlier"
  )
  func earlyStoppingBest() async {
    await Graded.run { Self.checkEarlyStoppingBest(Graded.training) }
  }

  @Test(
    "early stopping stops after `patience` epochs in a row without a better accuracy, or at maxEpochs"
  )
  func earlyStoppingPatience() async {
    await Graded.run { Self.checkEarlyStoppingPatience(Graded.training) }
  }

  @Test(
    "initialLossCheck compares the loss with ln C for the data's classCount, within the tolerance; NaN fails"
  )
  func initialLoss() async {
    await Graded.run { Self.checkInitialLoss(Graded.training) }
  }

  @Test("overfitTinyBatch takes plain full-batch steps and reaches 100% on 9 spiral points")
  func overfitTinyBatch() async {
    await Graded.run { Self.checkOverfitTinyBatch(Graded.training) }
  }

  @Test(
    "updateToWeightRatios is ‖after − before‖ / ‖before‖ per parameter: 0 where nothing moved, ∞ away from 0"
  )
  func updateRatios() async {
    await Graded.run { Self.checkUpdateRatios(Graded.training) }
  }
}

// MARK: - Tolerances and fixtures

extension TrainingTests {
  /// Parameters after a few hundred steps of the same updates: each step rounds, and a
  /// different but right order of operations (θ + (−α)·∇, or a loss summed another way) can
  /// move the path by some ulps a step. 1e-9 relative leaves a wide margin and still tells
  /// apart every wrong step tried here, which are off by several percent at least.
  static let trajectory = Tolerance(absolute: 1e-12, relative: 1e-9)

  /// A dropout mask or output: x·(1/p) and x/p differ by at most an ulp or two.
  static let scaling = Tolerance(absolute: 0, relative: 1e-15)

  /// A 2→hidden→3 network with N(0, scale²) weights and biases: losses and gradients of
  /// order 1, so every step of training moves something.
  static func unitNetwork(hidden: Int, scale: Double = 0.5, using generator: inout SeededGenerator)
    -> TwoLayerNetwork
  {
    TwoLayerNetwork(
      hiddenWeights: .gaussian(
        rows: 2, columns: hidden, standardDeviation: scale, using: &generator),
      hiddenBias: .gaussian(rows: 1, columns: hidden, standardDeviation: scale, using: &generator),
      outputWeights: .gaussian(
        rows: hidden, columns: 3, standardDeviation: scale, using: &generator),
      outputBias: .gaussian(rows: 1, columns: 3, standardDeviation: scale, using: &generator))
  }

  /// The noise-free spiral's 4 points per arm without the arms' shared start (0, 0): 9
  /// points a network of 50 units can learn by heart.
  static func tinyBatch(salt: UInt64) -> Dataset {
    var generator = Graded.generator(salt: salt)
    let arms = Datasets.spiral(pointsPerClass: 4, classes: 3, noise: 0, using: &generator)
    let kept = (0..<arms.count).filter { arms.inputs[$0, 0] != 0 || arms.inputs[$0, 1] != 0 }
    return Dataset(
      inputs: arms.inputs.rows(kept), labels: kept.map { arms.labels[$0] }, classCount: 3)
  }

  /// `order` cut into consecutive pieces of `size`, the last one holding the rest.
  static func cut(_ order: [Int], _ size: Int) -> [[Int]] {
    stride(from: 0, to: order.count, by: size).map {
      Array(order[$0..<min($0 + size, order.count)])
    }
  }

  /// The rows `indices` of `data`, in that order, with data's classes.
  static func rows(_ indices: [Int], of data: Dataset) -> Dataset {
    Dataset(
      inputs: data.inputs.rows(indices), labels: indices.map { data.labels[$0] },
      classCount: data.classCount)
  }

  /// Whether two generators will draw the same numbers from now on.
  static func sameState(_ a: SeededGenerator, _ b: SeededGenerator) -> Bool {
    let (x, y) = (a.snapshot, b.snapshot)
    return x.words == y.words && x.spareGaussian == y.spareGaussian
  }

  /// θ − α·∇, parameter by parameter.
  static func step(_ network: TwoLayerNetwork, _ gradient: TwoLayerNetwork, _ rate: Double)
    -> TwoLayerNetwork
  {
    let slopes = gradient.parameters
    return TwoLayerNetwork(
      parameters: Dictionary(
        uniqueKeysWithValues: network.parameters.map { ($0, $1 - rate * slopes[$0]!) }))
  }

  /// A network's parameters side by side, W1, b1, W2, b2, for one comparison.
  static func flat(_ network: TwoLayerNetwork) -> Matrix {
    Matrix(
      row: network.hiddenWeights.storage + network.hiddenBias.storage
        + network.outputWeights.storage + network.outputBias.storage)
  }

  /// `x` to `digits` significant digits, for messages.
  static func figure(_ x: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)g", x)
  }

  /// A mistake known by a condition on the learner's value, worked out by the caller.
  static func named(_ name: String, if holds: Bool) -> Mistake {
    Mistake(name: name) { _, _ in holds }
  }

  /// Records a failure unless `got == expected`; the message names each of `mistakes` that
  /// holds.
  static func expectSame<Value: Equatable>(
    _ got: Value, _ expected: Value, _ what: @autoclosure () -> String, mistakes: [Mistake] = [],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard got != expected else { return }
    fail(
      "\(what())\n  expected \(expected)\n  got      \(got)" + likely(mistakes),
      sourceLocation: sourceLocation)
  }

  /// The diagnosis line of the mistakes that hold, or nothing.
  static func likely(_ mistakes: [Mistake]) -> String {
    let empty = Matrix(rows: 0, columns: 0)
    guard let found = diagnosis(got: empty, expected: empty, mistakes: mistakes) else { return "" }
    return "\n  " + DiagnosisLog.current.line(for: found)
  }

  /// Σ G ⊙ output, the scalar whose gradient a backward pass computes; NaN (which the
  /// checker reports as inconclusive) when the output is not shaped like G.
  static func weighted(_ output: Matrix, by upstream: Matrix) -> Double {
    output.shape == upstream.shape ? (output .* upstream).sum() : .nan
  }
}

/// The test's own implementation of what the graded functions use, written apart from the
/// solutions, so that a graded function is compared with the mathematics rather than itself.
enum TrainingReference {
  /// The two-layer network's mean softmax cross-entropy plus ½λ(ΣW1² + ΣW2²), and its
  /// gradient; `nil` when the batch does not fit the network.
  static func lossAndGradient(
    _ network: TwoLayerNetwork, _ batch: Dataset, _ lambda: Double
  ) -> (loss: Double, gradient: TwoLayerNetwork)? {
    let classes = network.outputWeights.columns
    guard batch.count > 0, batch.inputs.columns == network.hiddenWeights.rows,
      batch.labels.allSatisfy({ $0 < classes })
    else { return nil }
    let z = batch.inputs * network.hiddenWeights + network.hiddenBias
    let hidden = z.map { max(0, $0) }
    let scores = hidden * network.outputWeights + network.outputBias
    let n = Double(batch.count)
    var dScores = scores
    var total = 0.0
    for i in 0..<scores.rows {
      let row = scores.row(i)
      let m = row.max()!
      let exponentials = row.map { exp($0 - m) }
      let sum = exponentials.reduce(0, +)
      total += m + log(sum) - row[batch.labels[i]]
      for j in 0..<classes {
        dScores[i, j] = (exponentials[j] / sum - (j == batch.labels[i] ? 1 : 0)) / n
      }
    }
    let w1 = network.hiddenWeights
    let w2 = network.outputWeights
    let loss = total / n + 0.5 * lambda * (w1.squaredNorm() + w2.squaredNorm())
    let dZ = (dScores * w2.transposed) .* z.map { $0 > 0 ? 1 : 0 }
    let gradient = TwoLayerNetwork(
      hiddenWeights: batch.inputs.transposed * dZ + lambda * w1, hiddenBias: dZ.columnSums(),
      outputWeights: hidden.transposed * dScores + lambda * w2, outputBias: dScores.columnSums())
    return (loss, gradient)
  }

  /// The fraction of the batch the network classifies right; 0 for a batch the network
  /// cannot score (a failure of the code that passed them, recorded by the caller's checks).
  static func accuracy(_ network: TwoLayerNetwork, _ batch: Dataset) -> Double {
    guard batch.count > 0, batch.inputs.columns == network.hiddenWeights.rows else { return 0 }
    let hidden = (batch.inputs * network.hiddenWeights + network.hiddenBias).map { max(0, $0) }
    let scores = hidden * network.outputWeights + network.outputBias
    let right = zip(scores.argmaxPerRow(), batch.labels).filter { $0 == $1 }.count
    return Double(right) / Double(batch.count)
  }

  /// The loss on all of `data` before and after each epoch of minibatch SGD at a constant
  /// rate, the batches drawn from `generator` as the contract says.
  static func curve(
    from start: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int, rate: Double,
    lambda: Double, shuffles: Bool = true, using generator: inout SeededGenerator
  ) -> (losses: [Double], epochMeans: [Double]) {
    var network = start
    var losses = [lossAndGradient(start, data, lambda)!.loss]
    var epochMeans: [Double] = []
    for _ in 0..<epochs {
      let order = shuffles ? generator.shuffled(Array(0..<data.count)) : Array(0..<data.count)
      var weighted = 0.0
      for batch in TrainingTests.cut(order, batchSize) {
        let (loss, gradient) = lossAndGradient(
          network, TrainingTests.rows(batch, of: data), lambda)!
        weighted += Double(batch.count) * loss
        network = TrainingTests.step(network, gradient, rate)
      }
      epochMeans.append(weighted / Double(data.count))
      losses.append(lossAndGradient(network, data, lambda)!.loss)
    }
    return (losses, epochMeans)
  }

  /// How a backward pass treats the activation's slope: right, left out, or tanh's taken
  /// from the pre-activation z instead of the output.
  enum Slope {
    case right, none, tanhFromPreActivation
  }

  /// act(z) element by element.
  static func activate(_ z: Matrix, _ activation: Activation) -> Matrix {
    activation == .tanh ? z.map { tanh($0) } : z.map { max(0, $0) }
  }

  /// [h₀ = X, h₁, …, h_L] and [z₁, …, z_L] of a deep stack.
  static func forward(_ weights: [Matrix], _ activation: Activation, _ x: Matrix) -> (
    h: [Matrix], z: [Matrix]
  ) {
    var h = [x]
    var z: [Matrix] = []
    for w in weights {
      z.append(h.last! * w)
      h.append(activate(z.last!, activation))
    }
    return (h, z)
  }

  /// ∂L/∂W_l and ∂L/∂h_{l−1}, layer 1 first, for L = Σ G ⊙ h_L; also ∂L/∂h_l, the gradient
  /// arriving at each layer from above.
  static func backward(
    _ weights: [Matrix], _ activation: Activation, _ x: Matrix, _ upstream: Matrix,
    slope: Slope = .right
  ) -> (weights: [Matrix], inputs: [Matrix], arriving: [Matrix]) {
    let (h, z) = forward(weights, activation, x)
    var dh = upstream
    var dW: [Matrix] = []
    var inputs: [Matrix] = []
    var arriving: [Matrix] = []
    for l in weights.indices.reversed() {
      arriving.insert(dh, at: 0)
      let derivative: Matrix
      switch (slope, activation) {
      case (.none, _): derivative = .ones(rows: dh.rows, columns: dh.columns)
      case (.tanhFromPreActivation, .tanh): derivative = z[l].map { 1 - $0 * $0 }
      case (_, .tanh): derivative = h[l + 1].map { 1 - $0 * $0 }
      case (_, .relu): derivative = z[l].map { $0 > 0 ? 1 : 0 }
      }
      let dz = dh .* derivative
      dW.insert(h[l].transposed * dz, at: 0)
      dh = dz * weights[l].transposed
      inputs.insert(dh, at: 0)
    }
    return (dW, inputs, arriving)
  }

  /// ‖A‖ = √(Σ A²).
  static func norm(_ m: Matrix) -> Double {
    m.squaredNorm().squareRoot()
  }
}

/// The test's loss and gradient, handed to the graded training code, recording each call.
///
/// A call with a batch that does not fit the network is a failure of the graded code:
/// it is recorded and answered with NaN and a zero gradient, never a crash.
final class RecordedObjective {
  struct Call {
    var network: TwoLayerNetwork
    var batch: Dataset
    var loss: Double
    var gradient: TwoLayerNetwork
  }

  let regularization: Double
  private(set) var calls: [Call] = []
  /// Whether a call with a batch that does not fit has been reported: once is enough.
  private var reportedMisfit = false

  init(regularization: Double) {
    self.regularization = regularization
  }

  /// The closure to hand over.
  var function: LossAndGradient {
    { network, batch in self.evaluate(network, batch) }
  }

  private func evaluate(_ network: TwoLayerNetwork, _ batch: Dataset) -> (
    loss: Double, gradient: TwoLayerNetwork
  ) {
    guard let (loss, gradient) = TrainingReference.lossAndGradient(network, batch, regularization)
    else {
      if !reportedMisfit {
        reportedMisfit = true
        fail(
          "lossAndGradient was called with \(batch.count) examples of \(batch.inputs.columns) "
            + "features for \(network): a batch must be rows of the data set you were given "
            + "(this is the first such call; it was answered with NaN)")
      }
      let zero = TwoLayerNetwork(parameters: network.parameters.mapValues { 0 * $0 })
      calls.append(Call(network: network, batch: batch, loss: .nan, gradient: zero))
      return (.nan, zero)
    }
    calls.append(Call(network: network, batch: batch, loss: loss, gradient: gradient))
    return (loss, gradient)
  }
}

// MARK: - Minibatches

extension TrainingTests {
  /// Whether `batches` hold every index of 0..<count exactly once.
  static func isPartition(_ batches: [[Int]], of count: Int) -> Bool {
    batches.flatMap { $0 }.sorted() == Array(0..<count)
  }

  /// The mistakes that explain a wrong epoch of batches, given the shuffle it should cut.
  static func batchMistakes(got: [[Int]], order: [Int], batchSize: Int) -> [Mistake] {
    let count = order.count
    let expected = cut(order, batchSize)
    let remainder = count % batchSize
    let remainderFirst =
      remainder == 0
      ? expected
      : [Array(order.prefix(remainder))] + cut(Array(order.dropFirst(remainder)), batchSize)
    return [
      named(
        "no shuffle: the batches cut 0, 1, 2, … in order; cut generator.shuffled(Array(0..<count))",
        if: got == cut(Array(0..<count), batchSize)),
      named(
        "the last, smaller batch dropped: it holds the count mod batchSize indices left over, "
          + "and without it those examples are never trained on",
        if: remainder > 0 && got == Array(expected.dropLast())),
      named(
        "the remainder first: cut from the start of the shuffle, so that only the last batch "
          + "can be short",
        if: remainder > 0 && got == remainderFirst),
      named(
        "a shuffle other than generator.shuffled(_:): the standard library's "
          + "shuffled(using:) and hand-written shuffles draw differently, so the same seed "
          + "would give other batches",
        if: isPartition(got, of: count) && got.map(\.count) == expected.map(\.count)
          && got != expected && got != cut(Array(0..<count), batchSize)),
      named(
        "an index repeated or left out: every index of 0..<count belongs to exactly one batch",
        if: !isPartition(got, of: count) && got != Array(expected.dropLast())),
    ]
  }

  static func checkMinibatchCuts(_ lesson: any TrainingLesson.Type) {
    // A remainder of 3, an exact division, one batch larger than the data, batches of one.
    let cases = [(23, 5), (20, 5), (7, 10), (6, 1)]
    for (index, (count, batchSize)) in cases.enumerated() {
      var generator = Graded.generator(salt: 1 + UInt64(index))
      var replay = generator
      let got = lesson.minibatches(count: count, batchSize: batchSize, using: &generator)
      let order = replay.shuffled(Array(0..<count))
      expectSame(
        got, cut(order, batchSize),
        "minibatches(count: \(count), batchSize: \(batchSize), using: seeded generator): "
          + "generator.shuffled(Array(0..<\(count))) is \(order), cut in order into batches of "
          + "\(batchSize), the rest last; \(Graded.replay)",
        mistakes: batchMistakes(got: got, order: order, batchSize: batchSize))
    }
  }

  static func checkMinibatchDraws(_ lesson: any TrainingLesson.Type) {
    var generator = Graded.generator(salt: 10)
    let start = generator
    let epoch0 = lesson.minibatches(count: 12, batchSize: 4, using: &generator)
    let afterEpoch0 = generator
    let epoch1 = lesson.minibatches(count: 12, batchSize: 4, using: &generator)
    var replay = start
    let expected0 = cut(replay.shuffled(Array(0..<12)), 4)
    let replayAfter0 = replay
    let order1 = replay.shuffled(Array(0..<12))
    let call = "minibatches(count: 12, batchSize: 4, using: seeded generator)"

    // Exactly one shuffle's draws: the generator given back is where one shuffle leaves it.
    if !sameState(afterEpoch0, replayAfter0) {
      fail(
        "\(call): the generator must come back exactly where one generator.shuffled(_:) of 12 "
          + "indices leaves it (11 draws of index(below:)), so that the next epoch continues "
          + "the same sequence; \(Graded.replay)"
          + likely([
            named(
              "the generator not advanced: the shuffle drew from a copy (`var g = generator`), "
                + "so every epoch would get the same batches; shuffle with the inout generator "
                + "itself",
              if: sameState(afterEpoch0, start)),
            named(
              "a shuffle other than generator.shuffled(_:), which draws a different number of "
                + "values",
              if: !sameState(afterEpoch0, start)),
          ]))
    }
    // The same state gives the same batches: nothing but the generator decides them.
    var again = start
    let repeated = lesson.minibatches(count: 12, batchSize: 4, using: &again)
    expectSame(
      repeated, epoch0,
      "\(call), twice from the same generator state: the batches must depend on the generator "
        + "alone (no SystemRandomNumberGenerator, no Array.shuffled()); \(Graded.replay)")
    // The second epoch continues the sequence: a new order.
    expectSame(
      epoch1, cut(order1, 4),
      "\(call), called again with the generator the first call gave back: the second epoch's "
        + "batches cut the next shuffle, \(order1) (the first epoch's were \(expected0)); "
        + Graded.replay,
      mistakes: [
        named(
          "the same batches every epoch: the generator was not passed on (inout), so each call "
            + "shuffled from the same state",
          if: epoch1 == epoch0)
      ] + batchMistakes(got: epoch1, order: order1, batchSize: 4))
  }

  /// The data, start and settings of the minibatch tests: 21 spiral points (batches of
  /// 5, 5, 5, 5 and 1) and a 2→6→3 network of weights of order 1.
  static func minibatchSetup(salt: UInt64) -> (
    data: Dataset, start: TwoLayerNetwork, generator: SeededGenerator
  ) {
    var generator = Graded.generator(salt: salt)
    let data = spiral(pointsPerClass: 7, salt: salt + 1)
    let start = unitNetwork(hidden: 6, using: &generator)
    return (data, start, generator)
  }

  /// The batches `epochs` epochs draw from `generator`, in order, as data sets.
  static func expectedBatches(
    _ data: Dataset, batchSize: Int, epochs: Int, using generator: inout SeededGenerator
  ) -> [Dataset] {
    (0..<epochs).flatMap { _ in
      cut(generator.shuffled(Array(0..<data.count)), batchSize).map { rows($0, of: data) }
    }
  }

  static func checkMinibatchSteps(_ lesson: any TrainingLesson.Type) {
    var (data, start, generator) = minibatchSetup(salt: 20)
    let (batchSize, epochs, rate) = (5, 3, 0.3)

    // No epochs, no training: the network as it was, no call, no draw.
    let idle = RecordedObjective(regularization: 0.01)
    var untouched = generator
    let unchanged = lesson.trainMinibatch(
      start, on: data, batchSize: batchSize, epochs: 0, learningRate: { _ in rate },
      lossAndGradient: idle.function, using: &untouched, observe: { _ in })
    if unchanged != start || !idle.calls.isEmpty || !sameState(untouched, generator) {
      fail(
        "trainMinibatch(…, epochs: 0, …): expected the network given, back unchanged, with no "
          + "call of lossAndGradient and no draw; got \(idle.calls.count) calls"
          + likely([
            named(
              "an epoch too many: the epochs are 0..<epochs, none when epochs is 0",
              if: idle.calls.count == 5)
          ]))
    }

    let objective = RecordedObjective(regularization: 0.01)
    var replay = generator
    let original = generator
    let trained = lesson.trainMinibatch(
      start, on: data, batchSize: batchSize, epochs: epochs, learningRate: { _ in rate },
      lossAndGradient: objective.function, using: &generator, observe: { _ in })
    let calls = objective.calls
    let batches = expectedBatches(data, batchSize: batchSize, epochs: epochs, using: &replay)
    let call =
      "trainMinibatch(a seeded 2→6→3 network, on: 21 spiral points, batchSize: 5, epochs: 3, "
      + "learningRate: { _ in 0.3 }, …)"

    guard calls.count == batches.count else {
      fail(
        "\(call): expected lossAndGradient to be called once per step, 5 batches (5, 5, 5, 5 "
          + "and 1 examples) × 3 epochs = 15 times, got \(calls.count) calls; \(Graded.replay)"
          + likely([
            named(
              "the last, smaller batch dropped: 21 = 4 × 5 + 1, and the 1 is a batch too",
              if: calls.count == 12),
            named(
              "one step per epoch: update after every batch, not once after the epoch",
              if: calls.count == epochs),
            named(
              "an epoch too many: the epochs are 0..<epochs",
              if: calls.count == batches.count + 5),
            named(
              "lossAndGradient called for something besides the steps (a loss to report?): "
                + "each step calls it once, and the epoch's loss comes from those calls",
              if: calls.count > batches.count && calls.count != batches.count + 5),
          ]))
      return
    }
    // The batches, step by step.
    for (k, recorded) in calls.enumerated() where recorded.batch != batches[k] {
      let (epoch, position) = (k / 5, k % 5)
      let natural = cut(Array(0..<data.count), batchSize).map { rows($0, of: data) }
      fail(
        "\(call): step \(k) (epoch \(epoch), batch \(position)) must train on batch "
          + "\(position) of epoch \(epoch)'s shuffle, the \(batches[k].count) examples "
          + "\(describe(batches[k].inputs)), got \(describe(recorded.batch.inputs)); "
          + Graded.replay
          + likely([
            named(
              "the same shuffle every epoch: each epoch draws its batches from the generator "
                + "as the previous epoch left it (pass it inout)",
              if: epoch > 0 && recorded.batch == batches[position]),
            named(
              "no shuffle: the rows in their original order",
              if: recorded.batch == natural[position]),
            named(
              "the whole data set at every step: that is full-batch gradient descent",
              if: recorded.batch == data),
          ]))
      return
    }
    if calls[0].network != start {
      fail("\(call): the first step must start from the network given, before any update")
    }
    // Each step from the one before: θ_{k+1} = θ_k − α·∇_k, and the result after the last.
    for k in calls.indices {
      let (theta, slope) = (calls[k].network, calls[k].gradient)
      let next = k + 1 < calls.count ? calls[k + 1].network : trained
      let what =
        k + 1 < calls.count
        ? "the network of step \(k + 1)" : "the network trainMinibatch returned"
      let expected = step(theta, slope, rate)
      guard firstMismatch(expected: flat(expected), got: flat(next), tolerance: trajectory) != nil
      else { continue }
      let size = Double(calls[k].batch.count)
      expectClose(
        flat(next), flat(expected), tolerance: trajectory,
        "\(call): \(what) must be θ − α·∇ of step \(k) (batch of \(calls[k].batch.count), "
          + "α = \(rate)), W1, b1, W2, b2 side by side; \(Graded.replay)",
        mistakes: [
          .value(flat(step(theta, slope, -rate)), "a step uphill, θ + α·∇: subtract the gradient"),
          .value(
            flat(step(theta, slope, rate / size)),
            "α divided by the batch size: the gradient of a mean loss is already an average "
              + "over the batch"),
          .value(flat(step(theta, slope, 1)), "the learning rate left out: θ − ∇"),
          .value(
            flat(theta),
            "no update after this batch: step after every batch, not once an epoch from the "
              + "batches' gradients"),
        ])
      return
    }
    if !sameState(generator, replay) {
      fail(
        "\(call): the generator must come back where 3 epochs of shuffles leave it; "
          + Graded.replay
          + likely([
            named(
              "the generator not advanced: each epoch shuffled a copy",
              if: sameState(generator, original))
          ]))
    }
  }
}

// MARK: - Schedules and the comparison

extension TrainingTests {
  /// Module 07's step decay, α(e) = α₀·γ^⌊e/k⌋, halving 0.4 every 2 epochs.
  static func halvingEveryTwo(_ epoch: Int) -> Double {
    0.4 * pow(0.5, Double(epoch / 2))
  }

  /// The rate c of a step θ' = θ − c·∇, by least squares: c = ⟨θ − θ', ∇⟩ / ⟨∇, ∇⟩.
  static func rate(
    from before: TwoLayerNetwork, to after: TwoLayerNetwork, gradient: TwoLayerNetwork
  )
    -> Double
  {
    let (start, end, slope) = (flat(before), flat(after), flat(gradient))
    // A network of another shape moved by no rate at all.
    guard start.shape == end.shape else { return .nan }
    return ((start - end) .* slope).sum() / slope.squaredNorm()
  }

  static func checkMinibatchSchedule(_ lesson: any TrainingLesson.Type) {
    var (data, start, generator) = minibatchSetup(salt: 30)
    let (batchSize, epochs) = (5, 5)
    let objective = RecordedObjective(regularization: 0.01)
    var reports: [EpochProgress] = []
    let trained = lesson.trainMinibatch(
      start, on: data, batchSize: batchSize, epochs: epochs, learningRate: halvingEveryTwo,
      lossAndGradient: objective.function, using: &generator, observe: { reports.append($0) })
    let calls = objective.calls
    let call =
      "trainMinibatch(a seeded 2→6→3 network, on: 21 spiral points, batchSize: 5, epochs: 5, "
      + "learningRate: step decay 0.4·0.5^⌊e/2⌋, …)"
    guard calls.count == 25 else {
      fail(
        "\(call): expected 25 steps (5 batches × 5 epochs), got \(calls.count) calls of "
          + "lossAndGradient; the test of the steps shows what is wrong. \(Graded.replay)")
      return
    }

    // The rate of every step, measured from the networks it went between.
    let used = calls.indices.map { k in
      rate(
        from: calls[k].network, to: k + 1 < calls.count ? calls[k + 1].network : trained,
        gradient: calls[k].gradient)
    }
    let epochOf = calls.indices.map { $0 / batchSize }
    expectClose(
      used, epochOf.map(halvingEveryTwo), tolerance: trajectory,
      "\(call): the learning rate of each of the 25 steps, measured as ⟨θ − θ', ∇⟩ / ‖∇‖²: "
        + "every step of epoch e uses learningRate(e), epochs from 0, so 0.4 for epochs 0 "
        + "and 1, 0.2 for 2 and 3, 0.1 for 4; \(Graded.replay)",
      mistakes: [
        .value(
          Matrix(row: epochOf.map { halvingEveryTwo($0 + 1) }),
          "epochs counted from 1: epoch e uses learningRate(e), the first epoch being 0"),
        .value(
          Matrix(row: calls.indices.map(halvingEveryTwo)),
          "the schedule called with the step count: it counts epochs, learningRate(epoch)"),
        .value(
          Matrix(row: calls.indices.map { _ in halvingEveryTwo(0) }),
          "the schedule read once: ask it for every epoch's rate"),
      ])

    // One report per epoch, after its last step.
    guard reports.count == epochs else {
      fail(
        "\(call): expected observe once per epoch, 5 times, got \(reports.count); "
          + Graded.replay
          + likely([
            named("observe after every step: it reports epochs", if: reports.count == calls.count)
          ]))
      return
    }
    expectSame(
      reports.map(\.epoch), Array(0..<epochs), "\(call): the epochs reported, from 0",
      mistakes: [named("epochs counted from 1", if: reports.map(\.epoch) == Array(1...epochs))])
    expectClose(
      reports.map(\.learningRate), (0..<epochs).map(halvingEveryTwo), tolerance: reordered,
      "\(call): each report's learningRate, the rate of its epoch's steps; \(Graded.replay)")
    let sizes = calls.map { Double($0.batch.count) }
    let n = Double(data.count)
    func perEpoch(_ value: ([Int]) -> Double) -> Matrix {
      Matrix(row: (0..<epochs).map { e in value(Array((e * batchSize)..<((e + 1) * batchSize))) })
    }
    let weighted = perEpoch { steps in steps.reduce(0) { $0 + sizes[$1] * calls[$1].loss } / n }
    expectClose(
      reports.map(\.loss), weighted.storage, tolerance: reordered,
      "\(call): each report's loss, Σ |B|·L_B / N over the epoch's batches (sizes 5, 5, 5, 5, 1 "
        + "of N = 21), with the losses lossAndGradient returned; \(Graded.replay)",
      mistakes: [
        .value(
          perEpoch { steps in steps.reduce(0) { $0 + calls[$1].loss } / Double(steps.count) },
          "the plain mean of the batch losses: weight each by its batch's size, or the batch "
            + "of 1 counts as much as a batch of 5"),
        .value(
          perEpoch { steps in steps.reduce(0) { $0 + calls[$1].loss } },
          "the sum of the batch losses: weight each by |B| and divide by N"),
        .value(
          perEpoch { steps in calls[steps.last!].loss },
          "the last batch's loss only: the report averages the whole epoch"),
      ])
    for e in 0..<epochs {
      let after = e + 1 < epochs ? calls[(e + 1) * batchSize].network : trained
      guard reports[e].network != after else { continue }
      fail(
        "\(call): report \(e) must carry the network after epoch \(e)'s last step; "
          + Graded.replay
          + likely([
            named(
              "the network from before the epoch: observe after the epoch's last step",
              if: reports[e].network == calls[e * batchSize].network)
          ]))
      break
    }
  }

  static func checkBatchComparison(_ lesson: any TrainingLesson.Type) {
    // 150 spiral points, batches of 16 (nine of 16 and one of 6), 12 epochs at α = 0.5 from
    // 0.01·gaussian weights. The full-batch run has barely left ln 3 after its 12 steps; the
    // minibatch run's 120 noisy steps go down far but not steadily, so the curves are compared
    // by their lowest points: over 1,000 seeds the minibatch run's was at least 0.22 lower.
    var generator = Graded.generator(salt: 40)
    let data = spiral(pointsPerClass: 50, salt: 41)
    let start = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: 50, classCount: 3, using: &generator)
    let (batchSize, epochs, rate, lambda) = (16, 12, 0.5, 1e-3)
    let objective = RecordedObjective(regularization: lambda)
    let original = generator
    let got = lesson.compareFullBatchAndMinibatch(
      from: start, on: data, batchSize: batchSize, epochs: epochs, learningRate: rate,
      lossAndGradient: objective.function, using: &generator)
    let call =
      "compareFullBatchAndMinibatch(from: 0.01·gaussian 2→50→3, on: 150 spiral points, "
      + "batchSize: 16, epochs: 12, learningRate: 0.5, λ = 1e-3 in lossAndGradient)"

    var replay = original
    let full = TrainingReference.curve(
      from: start, on: data, batchSize: data.count, epochs: epochs, rate: rate, lambda: lambda,
      using: &replay)
    let mini = TrainingReference.curve(
      from: start, on: data, batchSize: batchSize, epochs: epochs, rate: rate, lambda: lambda,
      using: &replay)
    /// The curves of a comparison made another way, for naming a mistake.
    func alternative(
      minibatchFirst: Bool = false, fullBatchShuffles: Bool = true
    ) -> (full: [Double], mini: [Double]) {
      var other = original
      func run(_ size: Int, shuffles: Bool = true) -> [Double] {
        TrainingReference.curve(
          from: start, on: data, batchSize: size, epochs: epochs, rate: rate, lambda: lambda,
          shuffles: shuffles, using: &other
        ).losses
      }
      if minibatchFirst {
        let mini = run(batchSize)
        return (run(data.count), mini)
      }
      let full = run(data.count, shuffles: fullBatchShuffles)
      return (full, run(batchSize))
    }

    // Where the generator ends: after 24 shuffles of 150 indices, or after only the
    // minibatch run's 12 when the full-batch run drew none.
    var afterMinibatchesOnly = original
    for _ in 0..<epochs { _ = afterMinibatchesOnly.shuffled(Array(0..<data.count)) }
    let drewBoth = sameState(generator, replay)
    let fullBatchDrewNothing = sameState(generator, afterMinibatchesOnly)
    let curves = [
      ("fullBatchLosses", got.fullBatchLosses, full),
      ("minibatchLosses", got.minibatchLosses, mini),
    ]
    for (name, values, expected) in curves {
      guard firstMismatch(expected: expected.losses, got: values, tolerance: trajectory) != nil
      else { continue }
      let swapped = alternative(minibatchFirst: true)
      let unshuffled = alternative(fullBatchShuffles: false)
      let isFull = name == "fullBatchLosses"
      let what =
        "\(call).\(name): the loss on all 150 points before training and after each of the 12 "
        + "epochs (13 values), the full-batch run drawing its shuffles first; \(Graded.replay)"
      let mistakes: [Mistake] = [
        named(
          "the runs in the other order: the full-batch run draws from the generator first",
          if: drewBoth
            && firstMismatch(
              expected: isFull ? swapped.full : swapped.mini, got: values, tolerance: trajectory)
              == nil
        ),
        named(
          "a full-batch run that does not shuffle: its one batch is still a shuffle, which "
            + "moves the generator on before the minibatch run",
          if: !isFull && fullBatchDrewNothing
            && firstMismatch(expected: unshuffled.mini, got: values, tolerance: trajectory)
              == nil
        ),
        named(
          "no batch of 6: 150 = 9 × 16 + 6, and the last, smaller batch is a step too",
          if: !isFull && !objective.calls.contains { $0.batch.count == 6 }),
        named(
          "losses[0], the loss of the starting network, missing: each curve has epochs + 1 "
            + "entries",
          if: firstMismatch(
            expected: Array(expected.losses.dropFirst()), got: values, tolerance: trajectory)
            == nil),
        named(
          "the epoch's mean batch loss (EpochProgress.loss) instead of the loss on all of "
            + "the data after the epoch",
          if: firstMismatch(
            expected: [expected.losses[0]] + expected.epochMeans, got: values,
            tolerance: trajectory) == nil
            || firstMismatch(expected: expected.epochMeans, got: values, tolerance: trajectory)
              == nil
        ),
      ]
      guard values.count == expected.losses.count else {
        fail(
          "\(what)\n  expected \(expected.losses.count) values, got \(values.count)"
            + likely(mistakes))
        continue
      }
      expectClose(values, expected.losses, tolerance: trajectory, what, mistakes: mistakes)
    }
    if !drewBoth {
      fail(
        "\(call): the generator must come back after both runs' shuffles, 12 epochs each; "
          + Graded.replay
          + likely([
            named(
              "a full-batch run that does not shuffle: its one batch is still a shuffle, which "
                + "moves the generator on", if: fullBatchDrewNothing),
            named(
              "the generator not advanced: the runs drew from copies of it",
              if: sameState(generator, original)),
          ]))
    }
    expectSame(
      [got.fullBatchUpdates, got.minibatchUpdates], [epochs, epochs * 10],
      "\(call): [fullBatchUpdates, minibatchUpdates]: one update per epoch for the full batch, "
        + "⌈150/16⌉ = 10 per epoch for minibatches",
      mistakes: [
        named(
          "⌊N/B⌋ batches per epoch: the last batch of 6 is an update too, so ⌈N/B⌉",
          if: got.minibatchUpdates == epochs * 9),
        named(
          "the updates counted per batch size, N/B as a Double rounded down or the examples "
            + "seen: count the steps", if: got.minibatchUpdates == epochs * data.count),
      ])

    // The point of the comparison: the same passes over the data, ten times the updates.
    if let fullLowest = got.fullBatchLosses.min(), let miniLowest = got.minibatchLosses.min(),
      !(miniLowest < fullLowest - 0.1)
    {
      fail(
        "\(call): in 12 epochs minibatch training should get well ahead, its lowest loss at "
          + "least 0.1 below the full batch's, got \(miniLowest) against \(fullLowest); "
          + Graded.replay)
    }
  }
}

// MARK: - Initialisation

extension TrainingTests {
  /// A wrong variance an initialisation might use, by what it is called.
  typealias WrongVariance = (name: String, variance: (_ fanIn: Double, _ fanOut: Double) -> Double)

  /// Draws `fanIn×fanOut` weights twice from one state and once more after, and checks
  /// their shape, mean, variance and randomness against `variance`.
  ///
  /// 40,000 draws estimate the variance to within about 0.7% (one standard deviation, for
  /// normal draws; 0.45% for uniform ones), so ±5% is seven of those: a right initialisation
  /// never fails, and every wrong variance named here is off by 20% or more. The mean must
  /// lie within five of its standard deviations, σ/200, of 0.
  static func checkInitialization(
    _ name: String, salt: UInt64,
    draw: (Int, Int, inout SeededGenerator) -> Matrix,
    variance: (Double, Double) -> Double, rule: String, wrong: [WrongVariance]
  ) {
    for (index, (fanIn, fanOut)) in [(400, 100), (100, 400)].enumerated() {
      var generator = Graded.generator(salt: salt + UInt64(index))
      let start = generator
      let weights = draw(fanIn, fanOut, &generator)
      let call = "\(name)(fanIn: \(fanIn), fanOut: \(fanOut), using: seeded generator)"
      guard weights.rows == fanIn, weights.columns == fanOut else {
        fail(
          "\(call): expected a \(fanIn)×\(fanOut) matrix, one row per input as in X·W, got "
            + weights.shapeDescription
            + likely([
              named(
                "fanOut×fanIn: the rows are the layer's inputs, so that X·W works",
                if: weights.rows == fanOut && weights.columns == fanIn)
            ]))
        continue
      }
      let target = variance(Double(fanIn), Double(fanOut))
      let n = Double(weights.count)
      let mean = weights.mean()
      let sampleVariance = weights.map { ($0 - mean) * ($0 - mean) }.sum() / (n - 1)
      let meanBound = 5 * target.squareRoot() / n.squareRoot()
      if !(abs(mean) <= meanBound) {
        fail(
          "\(call): the weights' mean must be 0, within \(figure(meanBound, 2)) "
            + "for \(Int(n)) draws, got \(mean); \(Graded.replay)"
            + likely([
              named(
                "weights of one sign (U(0, b), or |N(0, σ²)|): draw them symmetric around 0",
                if: weights.storage.allSatisfy { $0 >= 0 } || weights.storage.allSatisfy { $0 <= 0 }
              )
            ]))
      }
      if !(abs(sampleVariance / target - 1) <= 0.05) {
        fail(
          "\(call): the weights' variance must be \(rule) = \(figure(target, 4)) "
            + "(within 5%), got \(figure(sampleVariance, 4)); "
            + Graded.replay
            + likely(
              wrong.map { mistake in
                let other = mistake.variance(Double(fanIn), Double(fanOut))
                return named(mistake.name, if: abs(sampleVariance / other - 1) <= 0.05)
              }))
      }
      // Randomness: only the generator decides, and it moves on.
      var again = start
      let repeated = draw(fanIn, fanOut, &again)
      if repeated != weights {
        fail(
          "\(call), twice from the same generator state: expected the same weights, got "
            + "different ones; draw from `generator` only (no SystemRandomNumberGenerator, no "
            + "Double.random(in:)), so that a seed replays the run")
      }
      let next = draw(fanIn, fanOut, &generator)
      if next == weights {
        fail(
          "\(call), called again with the generator it gave back: expected new weights, got "
            + "the same"
            + likely([
              named(
                "the generator not advanced: the draws came from a copy of it; draw from the "
                  + "inout generator itself, or every layer gets the same weights",
                if: true)
            ]))
      }
    }
  }

  static func checkXavier(_ lesson: any TrainingLesson.Type) {
    let wrong: [WrongVariance] = [
      ("LeCun's 1/fanIn: Xavier's variance averages both fans", { fanIn, _ in 1 / fanIn }),
      ("He's 2/fanIn, the ReLU rule: Xavier's is 2/(fanIn + fanOut)", { fanIn, _ in 2 / fanIn }),
      ("1/(fanIn + fanOut): the 2 is missing", { fanIn, fanOut in 1 / (fanIn + fanOut) }),
      (
        "the variance passed as the standard deviation: standardDeviation is √Var",
        { fanIn, fanOut in pow(2 / (fanIn + fanOut), 2) }
      ),
      (
        "a uniform bound of √Var: U(−b, b) has variance b²/3, so b = √(6/(fanIn + fanOut))",
        { fanIn, fanOut in 2 / (fanIn + fanOut) / 3 }
      ),
    ]
    checkInitialization(
      "xavierInitialization", salt: 50,
      draw: { lesson.xavierInitialization(fanIn: $0, fanOut: $1, using: &$2) },
      variance: { fanIn, fanOut in 2 / (fanIn + fanOut) }, rule: "2/(fanIn + fanOut)",
      wrong: wrong)
  }

  static func checkHe(_ lesson: any TrainingLesson.Type) {
    let wrong: [WrongVariance] = [
      ("1/fanIn: the 2 that makes up for ReLU's zeros is missing", { fanIn, _ in 1 / fanIn }),
      ("fanOut in place of fanIn: He's variance is 2/fanIn", { _, fanOut in 2 / fanOut }),
      ("Xavier's 2/(fanIn + fanOut): He's is 2/fanIn", { fanIn, fanOut in 2 / (fanIn + fanOut) }),
      (
        "the variance passed as the standard deviation: standardDeviation is √Var",
        { fanIn, _ in pow(2 / fanIn, 2) }
      ),
      (
        "a uniform bound of √Var: U(−b, b) has variance b²/3, so b = √(6/fanIn)",
        { fanIn, _ in 2 / fanIn / 3 }
      ),
    ]
    checkInitialization(
      "heInitialization", salt: 52,
      draw: { lesson.heInitialization(fanIn: $0, fanOut: $1, using: &$2) },
      variance: { fanIn, _ in 2 / fanIn }, rule: "2/fanIn", wrong: wrong)
  }
}

// MARK: - Deep stacks

extension TrainingTests {
  /// A 2→3→2 stack worked by hand (every value exact in binary):
  ///
  ///     X = [[1, 2], [−1, 0.5]]
  ///     z₁ = X·W₁ = [[2, 1, −3.5], [−0.75, 1.5, −1.5]]  →  relu [[2, 1, 0], [0, 1.5, 0]]
  ///     z₂ = h₁·W₂ = [[1, 2], [−1.5, 3]]                →  relu [[1, 2], [0, 3]]
  ///
  /// Without the last activation the output is z₂; without the first one h₁ = z₁ and the
  /// output is relu([[−0.75, −1.5], [−3, 1.5]]) = [[0, 0], [0, 1.5]].
  static let handWeights = [
    Matrix([[1, -1, 0.5], [0.5, 1, -2]]), Matrix([[1, 0], [-1, 2], [0.5, 1]]),
  ]
  static let handInputs = Matrix([[1, 2], [-1, 0.5]])

  static func checkDeepForward(_ lesson: any TrainingLesson.Type) {
    let call =
      "deepStackForward(W₁ \(describe(handWeights[0])), W₂ 3×2, inputs: [[1, 2], [−1, 0.5]]"
    expectClose(
      lesson.deepStackForward(handWeights, activation: .relu, inputs: handInputs),
      Matrix([[1, 2], [0, 3]]), tolerance: .exact,
      "\(call), activation: .relu): relu(relu(X·W₁)·W₂), worked by hand",
      mistakes: [
        .value(
          Matrix([[1, 2], [-1.5, 3]]),
          "no activation after the last layer: it follows every layer, the last included"),
        .value(
          Matrix([[0, 0], [0, 1.5]]),
          "the activation after the last layer only: it follows every layer"),
        .value(Matrix([[2, 1, 0], [0, 1.5, 0]]), "only the first layer: go through every W"),
        .transposed,
      ])
    let tanhExpected = TrainingReference.forward(handWeights, .tanh, handInputs).h.last!
    expectClose(
      lesson.deepStackForward(handWeights, activation: .tanh, inputs: handInputs), tanhExpected,
      tolerance: reordered, "\(call), activation: .tanh): tanh(tanh(X·W₁)·W₂)",
      mistakes: [
        .value(Matrix([[1, 2], [0, 3]]), "ReLU whatever the activation asked for"),
        .value(
          handInputs * handWeights[0] * handWeights[1],
          "no activation at all: the stack is then one linear map"),
      ])

    // A seeded stack of four layers, 3 → 5 → 5 → 5 → 2, with both activations.
    var generator = Graded.generator(salt: 60)
    let widths = [3, 5, 5, 5, 2]
    let weights = (0..<4).map {
      Matrix.gaussian(rows: widths[$0], columns: widths[$0 + 1], using: &generator)
    }
    let inputs = Matrix.gaussian(rows: 6, columns: 3, using: &generator)
    for activation in Activation.allCases {
      expectClose(
        lesson.deepStackForward(weights, activation: activation, inputs: inputs),
        TrainingReference.forward(weights, activation, inputs).h.last!, tolerance: reordered,
        "deepStackForward(4 seeded N(0, 1) layers 3→5→5→5→2, activation: .\(activation.rawValue), "
          + "inputs: \(describe(inputs))); \(Graded.replay)", mistakes: [.transposed])
    }
  }

  static func checkDeepBackward(_ lesson: any TrainingLesson.Type) {
    // At the kink: x = [1, −1] through W = [[1], [1]] gives z = 0 exactly, where the contract
    // takes relu′ = 0, so nothing flows back. With relu′(0) = 1, dW = [[1], [−1]], dX = [[1, 1]].
    let kink = lesson.deepStackBackward(
      [Matrix([[1], [1]])], activation: .relu, inputs: Matrix([[1, -1]]), upstream: Matrix([[1]]))
    expectSame(
      kink, DeepStackGradients(weights: [Matrix([[0], [0]])], inputs: [Matrix([[0, 0]])]),
      "deepStackBackward([[[1], [1]]], activation: .relu, inputs: [[1, −1]], upstream: [[1]]): "
        + "z = 1 − 1 = 0, where relu′ is 0, so every gradient is 0",
      mistakes: [
        named(
          "relu′(0) = 1, from z ≥ 0: the contract takes 0 at the kink, as module 08 does",
          if: kink
            == DeepStackGradients(weights: [Matrix([[1], [-1]])], inputs: [Matrix([[1, 1]])]))
      ])

    // Three layers of different widths, 3 → 4 → 5 → 3, so that every gradient has a shape of
    // its own; weights N(0, 0.8²) keep tanh away from saturation and mix ReLU's signs.
    let widths = [3, 4, 5, 3]
    for (index, activation) in Activation.allCases.enumerated() {
      var generator = Graded.generator(salt: 62 + UInt64(index))
      let weights = (0..<3).map {
        Matrix.gaussian(
          rows: widths[$0], columns: widths[$0 + 1], standardDeviation: 0.8, using: &generator)
      }
      let x = Matrix.gaussian(rows: 5, columns: 3, using: &generator)
      let g = Matrix.gaussian(rows: 5, columns: 3, using: &generator)
      let kind = activation.rawValue
      let call =
        "deepStackBackward(3 seeded layers 3→4→5→3, activation: .\(kind), inputs: 5×3, "
        + "upstream: 5×3)"
      let got = lesson.deepStackBackward(weights, activation: activation, inputs: x, upstream: g)
      let expected = TrainingReference.backward(weights, activation, x, g)
      let shapes = { (list: [Matrix]) in list.map(\.shapeDescription) }
      guard shapes(got.weights) == shapes(expected.weights),
        shapes(got.inputs) == shapes(expected.inputs)
      else {
        fail(
          "\(call): expected weights \(shapes(expected.weights)) (∂L/∂W₁ first) and inputs "
            + "\(shapes(expected.inputs)) (∂L/∂X first), got \(shapes(got.weights)) and "
            + "\(shapes(got.inputs))"
            + likely([
              named(
                "the lists from layer L down: the backward pass visits the top layer first, but "
                  + "the result lists layer 1 first",
                if: shapes(got.weights) == shapes(expected.weights.reversed())
                  || shapes(got.inputs) == shapes(expected.inputs.reversed())),
              named(
                "∂L/∂h_l, the gradient arriving at layer l, instead of ∂L/∂h_{l−1}, the one it "
                  + "passes down: inputs[0] is ∂L/∂X",
                if: shapes(got.inputs) == shapes(expected.arriving)),
            ]))
        continue
      }
      let hasKinks = activation == .relu
      let kinks: KinkRule? = hasKinks ? .detectFromOneSidedDifferences : nil
      let slopeMistakes: [(TrainingReference.Slope, String)] = [
        (.none, "no activation slope: dz = ∂L/∂h ⊙ act′(z)"),
        (.tanhFromPreActivation, "tanh′ as 1 − z²: it is 1 − tanh²(z), from the layer's output"),
      ]
      let wrong = slopeMistakes.map { slope, name in
        (TrainingReference.backward(weights, activation, x, g, slope: slope), name)
      }

      // ∂L/∂W against centered differences of your own forward pass.
      let names = ["W1", "W2", "W3"]
      let report = checkGradient(
        of: { p in
          weighted(
            lesson.deepStackForward(names.map { p[$0]! }, activation: activation, inputs: x), by: g)
        },
        at: Dictionary(uniqueKeysWithValues: zip(names, weights)),
        analytic: Dictionary(uniqueKeysWithValues: zip(names, got.weights)), skipping: kinks)
      var likelyWeights: [String] = []
      for l in 0..<3 {
        let mistakes: [Mistake] =
          wrong.map { .value($0.weights[l], $1) } + [.flippedSign, .transposed]
        if let found = diagnosis(
          got: got.weights[l], expected: expected.weights[l], mistakes: mistakes)
        {
          likelyWeights.append("∂L/∂W\(l + 1): \(found)")
        }
      }
      expectCheckedGradient(
        report, hasKinks: hasKinks, "\(call): ∂L/∂W₁, ∂L/∂W₂, ∂L/∂W₃ against your forward pass",
        likely: likelyWeights)

      // ∂L/∂h_{l−1}, each against centered differences of the layers from l up.
      for l in 0..<3 {
        let point =
          l == 0
          ? x : lesson.deepStackForward(Array(weights[..<l]), activation: activation, inputs: x)
        let above = Array(weights[l...])
        guard point.shape == got.inputs[l].shape else {
          fail(
            "\(call): your deepStackForward of the first \(l) layers gives "
              + "\(point.shapeDescription), not the \(got.inputs[l].shapeDescription) of inputs[\(l)]"
          )
          continue
        }
        let report = checkGradient(
          of: { h in
            weighted(lesson.deepStackForward(above, activation: activation, inputs: h), by: g)
          }, at: point, analytic: got.inputs[l], name: l == 0 ? "X" : "h\(l)", skipping: kinks)
        let mistakes: [Mistake] =
          wrong.map { .value($0.inputs[l], $1) } + [
            .flippedSign,
            .value(
              expected.arriving[l],
              "∂L/∂h_l, the gradient arriving at layer \(l + 1), instead of the one it passes "
                + "down, dz·Wᵀ"),
          ]
        let found = diagnosis(got: got.inputs[l], expected: expected.inputs[l], mistakes: mistakes)
        expectCheckedGradient(
          report, hasKinks: hasKinks,
          "\(call): inputs[\(l)] = ∂L/∂\(l == 0 ? "X" : "h\(l)") against the layers from \(l + 1) up",
          likely: found.map { ["\($0)"] } ?? [])
      }
    }
  }

  /// The norms gradientNormsByLayer must record: one draw of Z, rescaled for every σ.
  static func expectedNorms(
    depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
    upstream: Matrix, using generator: inout SeededGenerator,
    measure: ((weights: [Matrix], inputs: [Matrix], arriving: [Matrix])) -> [Double] = {
      $0.inputs.map(TrainingReference.norm)
    },
    redraw: Bool = false, squareScale: Bool = false
  ) -> [[Double]] {
    func draw(_ deviation: Double) -> [Matrix] {
      (0..<depth).map { layer in
        Matrix.gaussian(
          rows: layer == 0 ? inputs.columns : width, columns: width,
          standardDeviation: deviation, using: &generator)
      }
    }
    let directions = redraw ? [] : draw(1)
    return scales.map { scale in
      let factor = squareScale ? scale * scale : scale
      let weights = redraw ? draw(factor) : directions.map { factor * $0 }
      return measure(TrainingReference.backward(weights, activation, inputs, upstream))
    }
  }

  static func checkGradientNorms(_ lesson: any TrainingLesson.Type) {
    let scales = [0.3, 1.0, 2.0]
    for (index, activation) in Activation.allCases.enumerated() {
      var generator = Graded.generator(salt: 66 + UInt64(index))
      let inputs = Matrix.gaussian(rows: 4, columns: 3, using: &generator)
      let upstream = Matrix.gaussian(rows: 4, columns: 6, using: &generator)
      let original = generator
      let got = lesson.gradientNormsByLayer(
        depth: 5, width: 6, activation: activation, scales: scales, inputs: inputs,
        upstream: upstream, using: &generator)
      var replay = original
      func norms(
        redraw: Bool = false, squareScale: Bool = false,
        measure: ((weights: [Matrix], inputs: [Matrix], arriving: [Matrix])) -> [Double] = {
          $0.inputs.map(TrainingReference.norm)
        }
      ) -> [[Double]] {
        var other = original
        return expectedNorms(
          depth: 5, width: 6, activation: activation, scales: scales, inputs: inputs,
          upstream: upstream, using: &other, measure: measure, redraw: redraw,
          squareScale: squareScale)
      }
      let expected = expectedNorms(
        depth: 5, width: 6, activation: activation, scales: scales, inputs: inputs,
        upstream: upstream, using: &replay)
      let kind = activation.rawValue
      let call =
        "gradientNormsByLayer(depth: 5, width: 6, activation: .\(kind), scales: [0.3, 1, 2], "
        + "inputs: 4×3, upstream: 4×6, using: seeded generator)"
      guard got.count == scales.count, got.allSatisfy({ $0.count == 5 }) else {
        fail(
          "\(call): expected one row per scale (3), each with one norm per layer (5), got rows "
            + "of \(got.map(\.count)) entries")
        continue
      }
      expectClose(
        Matrix(got), Matrix(expected), tolerance: reordered,
        "\(call): row s holds ‖∂L/∂h_{l−1}‖ for l = 1 … 5 with W_l = σ_s·Z_l, the Z drawn once, "
          + "layer 1 first; \(Graded.replay)",
        mistakes: [
          .value(
            Matrix(expected.map { $0.reversed() }),
            "layer L first: each row runs from layer 1, nearest the input, up"),
          .value(
            Matrix(expected.map { $0.map { $0 * $0 } }), "squared norms: take the square root"),
          .value(
            Matrix(norms(measure: { $0.weights.map(TrainingReference.norm) })),
            "‖∂L/∂W_l‖ instead of ‖∂L/∂h_{l−1}‖, the gradient each layer passes down"),
          .value(
            Matrix(norms(redraw: true)),
            "fresh weights for every scale: draw Z once and rescale it, so that the rows differ "
              + "by σ alone"),
          .value(Matrix(norms(squareScale: true)), "σ² as the scale: W = σ·Z"),
        ])
      if !sameState(generator, replay) {
        fail(
          "\(call): the generator must come back after exactly one draw of the 5 weight "
            + "matrices (3×6, then 6×6 four times); \(Graded.replay)"
            + likely([
              named(
                "fresh weights for every scale: draw Z once",
                if: {
                  var redrawn = original
                  _ = expectedNorms(
                    depth: 5, width: 6, activation: activation, scales: scales, inputs: inputs,
                    upstream: upstream, using: &redrawn, redraw: true)
                  return sameState(generator, redrawn)
                }())
            ]))
      }
    }
  }

  static func checkVanishingAndExploding(_ lesson: any TrainingLesson.Type) {
    // 10 layers of 40 units, N(0, 1) inputs and upstream gradient for 20 examples; scales at
    // half, once and twice Xavier's √(1/40) (tanh) or He's √(2/40) (ReLU). Over 300 seeds the
    // ratio ‖∂L/∂X‖ / ‖∂L/∂h₉‖ (layer 1's norm over layer 10's) stayed below 0.005 at half
    // scale for both, within [0.19, 0.41] (tanh) and [0.44, 2.4] (ReLU) at the right scale,
    // above 2 (tanh, held back by saturation) and 200 (ReLU) at twice the scale.
    var generator = Graded.generator(salt: 70)
    let inputs = Matrix.gaussian(rows: 20, columns: 40, using: &generator)
    let upstream = Matrix.gaussian(rows: 20, columns: 40, using: &generator)
    let gains = [0.5, 1.0, 2.0]
    for activation in Activation.allCases {
      let base = activation == .tanh ? (1.0 / 40).squareRoot() : (2.0 / 40).squareRoot()
      let got = lesson.gradientNormsByLayer(
        depth: 10, width: 40, activation: activation, scales: gains.map { $0 * base },
        inputs: inputs, upstream: upstream, using: &generator)
      let rule = activation == .tanh ? "Xavier's √(1/40)" : "He's √(2/40)"
      let call =
        "gradientNormsByLayer(depth: 10, width: 40, activation: .\(activation.rawValue), "
        + "scales: [0.5, 1, 2] × \(rule), 20 examples)"
      guard got.count == 3, got.allSatisfy({ $0.count == 10 && $0.last! != 0 }) else {
        fail("\(call): expected 3 rows of 10 nonzero norms, got \(got.map(\.count)) entries")
        continue
      }
      let ratios = got.map { $0.first! / $0.last! }
      let bounds: [(ClosedRange<Double>, String)] = [
        (0...0.01, "below 0.01: vanishing, each layer shrinks the gradient"),
        (0.1...10, "between 0.1 and 10: the right scale keeps the gradient's size"),
        activation == .tanh
          ? (
            1...Double.infinity,
            "above 1: growing on the way down (tanh's saturation holds it back)"
          )
          : (100...Double.infinity, "above 100: exploding, each layer doubles the gradient"),
      ]
      for index in gains.indices where !bounds[index].0.contains(ratios[index]) {
        let (gain, ratio, row) = (gains[index], ratios[index], got[index])
        let (range, meaning) = bounds[index]
        let norms = row.map { figure($0, 2) }.joined(separator: ", ")
        let message =
          "\(call): at \(gain) × \(rule), expected layer 1's norm over layer 10's to be "
          + "\(meaning), got \(figure(ratio, 3)) (norms \(norms)); \(Graded.replay)"
        fail(
          message
            + likely([
              named(
                "layer L first: each row runs from layer 1, nearest the input, up",
                if: range.contains(1 / ratio)),
              named(
                "‖∂L/∂W_l‖ instead of ‖∂L/∂h_{l−1}‖: in a stack without biases the weight "
                  + "gradients of all layers grow or shrink alike, while the gradient passed "
                  + "down shrinks or grows layer by layer",
                if: (0.1...10).contains(ratios[0])),
            ]))
      }
    }
  }
}

// MARK: - Dropout

extension TrainingTests {
  /// `rows×columns` uniform draws, row by row, and the mask they give for keep probability p.
  static func dropoutDraws(
    rows: Int, columns: Int, keep p: Double, using generator: inout SeededGenerator
  ) -> (draws: Matrix, mask: Matrix) {
    let draws = Matrix(
      rows: rows, columns: columns, storage: (0..<rows * columns).map { _ in generator.uniform() })
    return (draws, draws.map { $0 < p ? 1 / p : 0 })
  }

  static func checkDropoutMask(_ lesson: any TrainingLesson.Type) {
    for (index, p) in [0.6, 0.25, 1.0].enumerated() {
      var generator = Graded.generator(salt: 80 + UInt64(index))
      let x = Matrix.uniform(rows: 4, columns: 5, in: -2...2, using: &generator)
      let original = generator
      var replay = generator
      let (output, mask) = lesson.dropoutForward(
        x, keepProbability: p, training: true, using: &generator)
      let (draws, expected) = dropoutDraws(rows: 4, columns: 5, keep: p, using: &replay)
      let call =
        "dropoutForward(\(describe(x)), keepProbability: \(p), training: true, using: seeded generator)"
      // The same 20 draws read column by column, for the mistake of that order.
      var columnwise = Matrix(rows: 4, columns: 5)
      for (k, u) in draws.storage.enumerated() {
        columnwise[k % 4, k / 4] = u
      }
      var mistakes: [Mistake] = [
        .value(
          draws.map { $0 >= p ? 1 / p : 0 },
          "kept when u ≥ p: p is the probability of keeping a unit, not the drop rate"),
        .value(
          draws.map { $0 < p ? 1 : 0 }, "no 1/p: inverted dropout scales the kept units by 1/p"),
        .value(draws.map { $0 < p ? p : 0 }, "kept units scaled by p: the factor is 1/p"),
        .value(
          columnwise.map { $0 < p ? 1 / p : 0 },
          "the draws taken column by column: one draw per element, row by row"),
      ]
      if p < 1 {
        mistakes.append(
          .value(
            draws.map { $0 >= p ? 1 / (1 - p) : 0 },
            "kept when u ≥ p, scaled by 1/(1 − p): p is the probability of keeping, not the drop "
              + "rate (PyTorch's Dropout(p) takes the drop rate)"))
      }
      expectClose(
        mask, expected, tolerance: scaling,
        "\(call).mask: 1/p where the element's draw u is below p, else 0; the draws "
          + "\(describe(draws)) in row order; \(Graded.replay)", mistakes: mistakes)
      expectClose(
        output, x .* expected, tolerance: scaling,
        "\(call).output: x ⊙ mask; \(Graded.replay)",
        mistakes: [
          .value(x .* expected.map { $0 > 0 ? 1 : 0 }, "no 1/p on the output"),
          .value(expected, "the mask returned as the output: output = x ⊙ mask"),
        ])
      if !sameState(generator, replay) {
        fail(
          "\(call): the generator must come back after exactly 20 uniform draws, one per "
            + "element, whatever p; \(Graded.replay)"
            + likely([
              named(
                "no draws when p = 1: every element takes its draw, so that the generator moves "
                  + "on the same way for every p",
                if: p == 1 && sameState(generator, original)),
              named(
                "the generator not advanced: the draws came from a copy",
                if: p < 1 && sameState(generator, original)),
            ]))
      }
    }
  }

  static func checkDropoutEvaluation(_ lesson: any TrainingLesson.Type) {
    for (index, p) in [0.5, 0.8].enumerated() {
      var generator = Graded.generator(salt: 84 + UInt64(index))
      let x = Matrix.uniform(rows: 3, columns: 4, in: -2...2, using: &generator)
      let original = generator
      var replay = generator
      let trainingMask = dropoutDraws(rows: 3, columns: 4, keep: p, using: &replay).mask
      let (output, mask) = lesson.dropoutForward(
        x, keepProbability: p, training: false, using: &generator)
      let call = "dropoutForward(\(describe(x)), keepProbability: \(p), training: false, …)"
      expectClose(
        output, x, tolerance: .exact,
        "\(call).output: evaluation keeps every unit as it is (the 1/p of training already "
          + "made the expected output x)",
        mistakes: [
          .value(
            p * x,
            "x·p at evaluation: that is the old, non-inverted dropout; with inverted dropout the "
              + "scaling happened in training"),
          .value(x / p, "x/p at evaluation: nothing is scaled then"),
          .value(x .* trainingMask, "still dropping units: evaluation keeps them all"),
        ])
      expectClose(
        mask, .ones(rows: 3, columns: 4), tolerance: .exact,
        "\(call).mask: a mask of ones, so that the backward pass is the identity too",
        mistakes: [.value(trainingMask, "a training mask drawn at evaluation")])
      if !sameState(generator, original) {
        fail(
          "\(call): evaluation draws nothing: the generator must come back unchanged"
            + likely([
              named(
                "a mask drawn and thrown away at evaluation: skip the draws when training is false",
                if: true)
            ]))
      }
    }
  }

  static func checkDropoutExpectation(_ lesson: any TrainingLesson.Type) {
    // 40,000 units of value 1.5. The kept fraction has standard deviation √(p(1 − p)/n)
    // (0.002 at p = 0.8) and the mean output 1.5·√((1 − p)/(p·n)) (0.0038 at p = 0.8, 0.011
    // at p = 0.3): five of each bounds a right implementation's error, and a missing 1/p is
    // off by 20% or more.
    let x = Matrix(rows: 200, columns: 200, repeating: 1.5)
    let n = Double(x.count)
    for (index, p) in [0.8, 0.3].enumerated() {
      var generator = Graded.generator(salt: 86 + UInt64(index))
      let (output, mask) = lesson.dropoutForward(
        x, keepProbability: p, training: true, using: &generator)
      let call = "dropoutForward(200×200 of 1.5, keepProbability: \(p), training: true)"
      guard output.shape == x.shape, mask.shape == x.shape else {
        fail(
          "\(call): expected a 200×200 output and mask, got \(output.shapeDescription) and \(mask.shapeDescription)"
        )
        continue
      }
      let kept = Double(mask.storage.filter { $0 != 0 }.count) / n
      let keptBound = 5 * (p * (1 - p) / n).squareRoot()
      if !(abs(kept - p) <= keptBound) {
        fail(
          "\(call): expected a fraction \(p) of the units kept (within \(figure(keptBound, 2))), "
            + "got \(kept); \(Graded.replay)"
            + likely([
              named(
                "p taken as the drop rate: a unit is kept with probability p",
                if: abs(kept - (1 - p)) <= keptBound)
            ]))
      }
      let mean = output.mean()
      let meanBound = 5 * 1.5 * ((1 - p) / (p * n)).squareRoot()
      if !(abs(mean - 1.5) <= meanBound) {
        fail(
          "\(call): inverted dropout keeps the expectation, so the mean output must be 1.5 "
            + "(within \(figure(meanBound, 2))), got \(mean); \(Graded.replay)"
            + likely([
              named(
                "no 1/p: the kept units must be scaled up, or the mean drops to p·x",
                if: abs(mean - 1.5 * p) <= 5 * 1.5 * (p * (1 - p) / n).squareRoot()),
              named(
                "kept units scaled by p instead of 1/p: the mean drops to p²·x",
                if: abs(mean - 1.5 * p * p) <= 5 * 1.5 * p * (p * (1 - p) / n).squareRoot()),
            ]))
      }
    }
  }

  static func checkDropoutBackward(_ lesson: any TrainingLesson.Type) {
    // A mask by hand for p = 0.5: kept units carry 2, dropped ones 0.
    var generator = Graded.generator(salt: 90)
    let upstream = Matrix.uniform(rows: 3, columns: 4, in: -2...2, using: &generator)
    let mask = Matrix([[2, 0, 2, 2], [0, 0, 2, 0], [2, 2, 0, 2]])
    expectClose(
      lesson.dropoutBackward(upstream, mask: mask), upstream .* mask, tolerance: .exact,
      "dropoutBackward(\(describe(upstream)), mask: [[2, 0, 2, 2], [0, 0, 2, 0], [2, 2, 0, 2]]): "
        + "upstream ⊙ mask; \(Graded.replay)",
      mistakes: [
        .value(upstream, "the gradient passed through unchanged: a dropped unit passes none"),
        .value(
          upstream .* mask.map { $0 > 0 ? 1 : 0 },
          "the kept pattern without 1/p: a kept unit passes its gradient times 1/p, the factor "
            + "its value was multiplied by"),
        .value(upstream .* mask.map { $0 > 0 ? 0.5 : 0 }, "scaled by p instead of 1/p"),
      ])

    // Against centered differences of your forward pass with the same draws, x ↦ x ⊙ mask.
    let x = Matrix.uniform(rows: 3, columns: 4, in: -2...2, using: &generator)
    let draws = generator
    var first = draws
    let forward = lesson.dropoutForward(x, keepProbability: 0.5, training: true, using: &first)
    guard forward.mask.shape == x.shape else {
      fail("dropoutForward(3×4, …).mask: expected 3×4, got \(forward.mask.shapeDescription)")
      return
    }
    let analytic = lesson.dropoutBackward(upstream, mask: forward.mask)
    guard analytic.shape == x.shape else {
      fail("dropoutBackward(3×4, mask: 3×4): expected 3×4, got \(analytic.shapeDescription)")
      return
    }
    let report = checkGradient(
      of: { point in
        var again = draws
        let output = lesson.dropoutForward(
          point, keepProbability: 0.5, training: true, using: &again
        ).output
        return weighted(output, by: upstream)
      },
      at: x, analytic: analytic, name: "x")
    expectCheckedGradient(
      report, hasKinks: false,
      "dropoutBackward(\(describe(upstream)), mask: your forward pass's mask) against centered "
        + "differences of your dropoutForward with the same generator state (p = 0.5)")
  }
}

// MARK: - Early stopping

extension TrainingTests {
  /// How a training loop might decide: the contract's rule and the usual ways to miss it.
  enum StoppingRule: CaseIterable {
    /// Stop when e − best = patience, where only a strictly better accuracy is a new best.
    case contract
    /// `>=`: a tie is a new best and resets the wait.
    case tiesImprove
    /// One epoch late: stop when e − best > patience.
    case late
    /// One epoch early: stop when e − best = patience − 1.
    case early
    /// Count every epoch without improvement since the start, never reset.
    case neverReset
    /// Ignore patience and run maxEpochs.
    case neverStop
  }

  /// What `rule` does with `accuracies` (epoch 0 first): how many epochs it trains and
  /// which it keeps.
  static func simulate(
    _ accuracies: [Double], maxEpochs: Int, patience: Int, rule: StoppingRule = .contract
  ) -> (epochs: Int, best: Int) {
    var best = 0
    var waited = 0
    for e in 0..<maxEpochs {
      let a = accuracies[e]
      let better = rule == .tiesImprove ? a >= accuracies[best] : a > accuracies[best]
      if e == 0 || better {
        best = e
        if rule != .neverReset { waited = 0 }
      } else {
        waited += 1
      }
      let limit: Int
      switch rule {
      case .late: limit = patience + 1
      case .early: limit = patience - 1
      case .neverStop: limit = .max
      default: limit = patience
      }
      if waited >= limit && e > 0 { return (e + 1, best) }
    }
    return (maxEpochs, best)
  }

  /// Early stopping on scripted accuracies. `epoch` adds 1 to b2[0, 0], so every network
  /// carries how many epochs made it; `validationAccuracy` answers the script's entry for
  /// that count. Returns the result, the counts of the networks each closure was given, and
  /// the start.
  static func scripted(
    _ lesson: any TrainingLesson.Type, _ script: [Double], maxEpochs: Int, patience: Int
  ) -> (result: EarlyStoppingResult, trained: [Int?], scored: [Int?], start: TwoLayerNetwork) {
    let start = TwoLayerNetwork(
      hiddenWeights: .zeros(rows: 2, columns: 2), hiddenBias: .zeros(rows: 1, columns: 2),
      outputWeights: .zeros(rows: 2, columns: 2), outputBias: .zeros(rows: 1, columns: 2))
    var trained: [Int?] = []
    var scored: [Int?] = []
    let result = lesson.trainWithEarlyStopping(
      start, maxEpochs: maxEpochs, patience: patience,
      epoch: { network in
        trained.append(count(network))
        var next = network
        if next.outputBias.count > 0 { next.outputBias[0, 0] += 1 }
        return next
      },
      validationAccuracy: { network in
        let k = count(network)
        scored.append(k)
        guard let k, (1...script.count).contains(k) else { return 0 }
        return script[k - 1]
      })
    return (result, trained, scored, start)
  }

  /// How many epochs made a scripted network: b2[0, 0], if it is a whole number.
  static func count(_ network: TwoLayerNetwork) -> Int? {
    guard network.outputBias.count > 0 else { return nil }
    let value = network.outputBias[0, 0]
    return value.isFinite && abs(value) < 1e6 && value == value.rounded() ? Int(value) : nil
  }

  /// A script with ties: best at epoch 4 (0.7, tied by epoch 6), then three epochs without a
  /// better one, so training stops after epoch 7. Taking a tie for a new best stops after
  /// epoch 9, stopping one epoch late after epoch 8, never restarting the count (epoch 2
  /// ties epoch 1) after epoch 5.
  static let tiedScript = [0.5, 0.6, 0.6, 0.55, 0.7, 0.65, 0.7, 0.6, 0.62, 0.5, 0.4, 0.3]

  static func checkEarlyStoppingBest(_ lesson: any TrainingLesson.Type) {
    let cases: [(script: [Double], maxEpochs: Int, patience: Int)] = [
      (tiedScript, 12, 3), ([0.3, 0.8, 0.8, 0.4, 0.8, 0.2], 6, 10),
    ]
    for (script, maxEpochs, patience) in cases {
      let (_, expectedBest) = simulate(
        script, maxEpochs: maxEpochs, patience: patience)
      let (result, trained, scored, _) = scripted(
        lesson, script, maxEpochs: maxEpochs, patience: patience)
      let call =
        "trainWithEarlyStopping(maxEpochs: \(maxEpochs), patience: \(patience)) with validation "
        + "accuracies \(script) after epochs 0, 1, 2, …"
      let seen = result.validationAccuracies
      let lastOfTies = seen.indices.last { seen[$0] == seen.max() }
      expectSame(
        result.bestEpoch, expectedBest,
        "\(call): bestEpoch is the first epoch with the highest accuracy, counted from 0",
        mistakes: [
          named(
            "the last of equal accuracies: compare with >, a tie is not an improvement",
            if: result.bestEpoch == lastOfTies && lastOfTies != expectedBest),
          named(
            "the last epoch instead of the best", if: result.bestEpoch == seen.count - 1),
          named("epochs counted from 1", if: result.bestEpoch == expectedBest + 1),
        ])
      expectSame(
        seen, Array(script.prefix(seen.count)),
        "\(call): validationAccuracies, the accuracy after each epoch trained, epoch 0 first")
      expectSame(
        trained, (0..<trained.count).map { Optional($0) },
        "\(call): each epoch must train the network the previous one returned (the numbers "
          + "are how many epochs made the network each call was given)",
        mistakes: [
          named(
            "every epoch from the starting network: pass each epoch the last one's result",
            if: trained.count > 1 && trained.allSatisfy { $0 == 0 })
        ])
      expectSame(
        scored, (0..<trained.count).map { Optional($0 + 1) },
        "\(call): validationAccuracy must score each epoch's result, once",
        mistakes: [
          named(
            "the network scored before its epoch: score what the epoch returned",
            if: scored.first == 0)
        ])
      let bestCount = count(result.best)
      expectSame(
        bestCount, expectedBest + 1,
        "\(call): best must be the network after epoch \(expectedBest) (made by "
          + "\(expectedBest + 1) epochs); the number is how many epochs made the one returned",
        mistakes: [
          named(
            "the checkpoint taken before its epoch: keep the network the epoch returned",
            if: bestCount == expectedBest),
          named(
            "the last network trained instead of the best", if: bestCount == seen.count),
          named(
            "the last of equal accuracies: compare with >, a tie is not an improvement",
            if: bestCount.map { $0 - 1 } == lastOfTies && lastOfTies != expectedBest),
        ])
    }
  }

  static func checkEarlyStoppingPatience(_ lesson: any TrainingLesson.Type) {
    let cases: [(script: [Double], maxEpochs: Int, patience: Int, why: String)] = [
      (tiedScript, 12, 3, "best at epoch 4, then 0.65, 0.7 (a tie), 0.6: stop after epoch 7"),
      (
        [0.5, 0.4, 0.4, 0.6, 0.5, 0.5, 0.7, 0.3, 0.2, 0.1, 0.0], 11, 3,
        "new bests at epochs 3 and 6 restart the count: stop after epoch 9"
      ),
      ([0.5, 0.4, 0.9, 0.9], 4, 1, "patience 1: epoch 1 is not better, stop after it"),
      ([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], 6, 2, "always improving: all 6 epochs"),
    ]
    for (script, maxEpochs, patience, why) in cases {
      let expected = simulate(script, maxEpochs: maxEpochs, patience: patience)
      let (result, trained, _, _) = scripted(
        lesson, script, maxEpochs: maxEpochs, patience: patience)
      let call =
        "trainWithEarlyStopping(maxEpochs: \(maxEpochs), patience: \(patience)) with validation "
        + "accuracies \(script)"
      var mistakes: [Mistake] = []
      for (rule, name) in [
        (
          StoppingRule.tiesImprove,
          "a tie taken as an improvement (>=): it must not restart the count"
        ),
        (.late, "one epoch late: stop when `patience` epochs in a row did not beat the best"),
        (.early, "one epoch early: wait for `patience` epochs without a better accuracy"),
        (.neverReset, "the count not restarted by a new best: it counts epochs in a row"),
        (.neverStop, "patience ignored: training must stop once the accuracy stops improving"),
      ] {
        let other = simulate(script, maxEpochs: maxEpochs, patience: patience, rule: rule).epochs
        mistakes.append(
          named(name, if: other != expected.epochs && result.epochsTrained == other))
      }
      expectSame(
        result.epochsTrained, expected.epochs,
        "\(call): the epochs trained (validationAccuracies.count); \(why)", mistakes: mistakes)
      expectSame(
        trained.count, expected.epochs,
        "\(call): how many times epoch was called: once for each epoch trained")
    }
  }
}

// MARK: - Diagnostics

extension TrainingTests {
  static func checkInitialLoss(_ lesson: any TrainingLesson.Type) {
    // Scripted losses on a data set of 4 classes of which only 3 appear: expected is ln 4.
    let data = Dataset(
      inputs: Matrix([[0, 1], [1, 0], [1, 1], [0, -1], [-1, 0], [-1, -1]]),
      labels: [0, 1, 2, 0, 1, 2], classCount: 4)
    let network = TwoLayerNetwork(
      hiddenWeights: .zeros(rows: 2, columns: 3), hiddenBias: .zeros(rows: 1, columns: 3),
      outputWeights: .zeros(rows: 3, columns: 4), outputBias: .zeros(rows: 1, columns: 4))
    let ln4 = log(4.0)
    let onEdge = abs(1.3 - ln4)
    let cases: [(loss: Double, tolerance: Double, passes: Bool, why: String)] = [
      (1.3, 0.1, true, "|1.3 − ln 4| = 0.086 ≤ 0.1"),
      (1.3, onEdge, true, "exactly on the tolerance, which is allowed (≤)"),
      (2.0, 0.1, false, "|2 − ln 4| = 0.61 > 0.1"),
      (.nan, 0.1, false, "a NaN loss never passes"),
    ]
    for (loss, tolerance, passes, why) in cases {
      var batches: [Dataset] = []
      let got = lesson.initialLossCheck(
        of: network, on: data, tolerance: tolerance,
        lossAndGradient: { n, batch in
          batches.append(batch)
          return (loss, TwoLayerNetwork(parameters: n.parameters.mapValues { 0 * $0 }))
        })
      let call =
        "initialLossCheck(on: 6 examples with classCount 4 (labels 0, 1, 2 only), tolerance: "
        + "\(tolerance), lossAndGradient: always \(loss))"
      expectSame(
        batches, [data], "\(call): lossAndGradient must be called once, on the whole data set",
        mistakes: [
          named(
            "a batch instead of the whole data set: the check is on all of it",
            if: batches.count == 1 && batches[0].count < data.count)
        ])
      expectClose(
        got.expected, ln4, tolerance: .exact,
        "\(call).expected: ln C with C = classCount = 4, ln 4 = \(ln4)",
        mistakes: [
          .value(
            Matrix(row: [log(3.0)]), "C counted from the labels present (3): it is classCount"),
          .value(Matrix(row: [log10(4.0)]), "log10: the loss uses the natural logarithm"),
          .value(Matrix(row: [log2(4.0)]), "log2: the loss uses the natural logarithm"),
          .value(Matrix(row: [log(6.0)]), "ln N, the number of examples: it is ln C, the classes"),
        ])
      if !(got.loss == loss || (got.loss.isNaN && loss.isNaN)) {
        fail("\(call).loss: expected the loss lossAndGradient returned, \(loss), got \(got.loss)")
      }
      expectSame(
        got.passes, passes, "\(call).passes: \(why)",
        mistakes: [
          named(
            "< instead of ≤: a loss exactly on the tolerance passes",
            if: tolerance == onEdge && got.expected == ln4),
          named(
            "NaN taken for a pass: !(|L − ln C| > tolerance) is true for NaN; write the test as "
              + "|L − ln C| ≤ tolerance, which NaN fails", if: loss.isNaN),
        ])
    }

    // The real thing: small weights start near ln 3, large ones far from it.
    let spiral = spiral(pointsPerClass: 30, salt: 101)
    var generator = Graded.generator(salt: 100)
    for deviation in [0.01, 3.0] {
      let start = TwoLayerNetwork.random(
        inputCount: 2, hiddenCount: 20, classCount: 3, standardDeviation: deviation,
        using: &generator)
      let loss = TrainingReference.lossAndGradient(start, spiral, 0)!.loss
      let got = lesson.initialLossCheck(
        of: start, on: spiral, tolerance: 0.05,
        lossAndGradient: RecordedObjective(regularization: 0).function)
      expectSame(
        [got.loss, got.expected], [loss, log(3.0)],
        "initialLossCheck(of: a \(deviation)·gaussian 2→20→3 network, on: 90 spiral points, "
          + "tolerance: 0.05): [loss, expected]; \(Graded.replay)")
      expectSame(
        got.passes, abs(loss - log(3.0)) <= 0.05,
        "initialLossCheck(of: a \(deviation)·gaussian network, …).passes for a loss of \(loss) "
          + "against ln 3 = \(log(3.0)); \(Graded.replay)")
    }
  }

  static func checkOverfitTinyBatch(_ lesson: any TrainingLesson.Type) {
    // Over 400 seeds, 250 steps at α = 2 from 0.01·gaussian weights took 9 points to 100%
    // every time, the last loss below 0.01.
    let tiny = tinyBatch(salt: 110)
    var generator = Graded.generator(salt: 111)
    let start = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: 50, classCount: 3, using: &generator)
    let (steps, rate) = (250, 2.0)
    let objective = RecordedObjective(regularization: 0)
    var scored: [(TwoLayerNetwork, Dataset)] = []
    let report = lesson.overfitTinyBatch(
      start, on: tiny, steps: steps, learningRate: rate, lossAndGradient: objective.function,
      accuracy: { network, batch in
        scored.append((network, batch))
        return TrainingReference.accuracy(network, batch)
      })
    let calls = objective.calls
    let call =
      "overfitTinyBatch(0.01·gaussian 2→50→3, on: 9 spiral points, steps: 250, learningRate: 2)"
    guard calls.count == steps else {
      fail(
        "\(call): expected lossAndGradient once per step, 250 times, got \(calls.count)"
          + likely([
            named(
              "a loss after the last step as well: the losses are those before each step",
              if: calls.count == steps + 1)
          ]))
      return
    }
    if let k = calls.firstIndex(where: { $0.batch != tiny }) {
      fail(
        "\(call): step \(k) must use the whole batch, its 9 examples of 2 features in order; "
          + "got \(calls[k].batch.count) examples of \(calls[k].batch.inputs.columns) features")
      return
    }
    if calls[0].network != start {
      fail("\(call): the first step must start from the network given")
    }
    var final = start
    for k in calls.indices {
      let expected = step(calls[k].network, calls[k].gradient, rate)
      final = expected
      guard k + 1 < calls.count else { break }
      let next = calls[k + 1].network
      guard firstMismatch(expected: flat(expected), got: flat(next), tolerance: trajectory) != nil
      else { continue }
      expectClose(
        flat(next), flat(expected), tolerance: trajectory,
        "\(call): the network of step \(k + 1) must be θ − α·∇ of step \(k); \(Graded.replay)",
        mistakes: [
          .value(
            flat(step(calls[k].network, calls[k].gradient, -rate)),
            "a step uphill, θ + α·∇: subtract the gradient"),
          .value(flat(step(calls[k].network, calls[k].gradient, 1)), "the learning rate left out"),
        ])
      return
    }
    let losses = calls.map(\.loss)
    expectClose(
      report.losses, losses, tolerance: .exact,
      "\(call).losses: the loss lossAndGradient returned before each of the 250 steps",
      mistakes: [
        named(
          "the losses shifted by one: losses[t] is the loss before step t",
          if: report.losses.count == steps
            && Array(report.losses.prefix(steps - 1)) == Array(losses.dropFirst()))
      ])
    expectClose(
      flat(report.network), flat(final), tolerance: trajectory,
      "\(call).network: the network after the last step",
      mistakes: [
        .value(
          flat(calls[steps - 1].network),
          "the network before the last step: return it after the last update")
      ])
    expectSame(
      scored.count, 1, "\(call): accuracy must be called once, after the last step")
    if let (network, batch) = scored.first {
      if batch != tiny
        || firstMismatch(expected: flat(final), got: flat(network), tolerance: trajectory) != nil
      {
        fail(
          "\(call): accuracy must score the network after the last step, on the batch"
            + likely([
              named(
                "the network before the last step scored",
                if: network == calls[steps - 1].network)
            ]))
      }
    }
    let accuracy = TrainingReference.accuracy(final, tiny)
    expectSame(
      [report.accuracy], [accuracy], "\(call).accuracy: what the accuracy closure returned")
    expectSame(
      report.overfits, report.accuracy == 1,
      "\(call).overfits: true exactly when the accuracy is 1")
    if !(accuracy == 1) {
      fail(
        "\(call): a network of 50 units must learn 9 points by heart, expected 100%, got "
          + "\(figure(100 * accuracy, 3))% (last loss \(losses.last!)); "
          + Graded.replay)
    }

    // overfits follows the accuracy, not the loss.
    for (answer, expected) in [(8.0 / 9, false), (1.0, true)] {
      let short = lesson.overfitTinyBatch(
        start, on: tiny, steps: 2, learningRate: rate,
        lossAndGradient: RecordedObjective(regularization: 0).function,
        accuracy: { _, _ in answer })
      expectSame(
        [short.accuracy], [answer],
        "overfitTinyBatch(…, steps: 2, accuracy: always \(answer)).accuracy")
      expectSame(
        short.overfits, expected,
        "overfitTinyBatch(…, steps: 2, accuracy: always \(answer)).overfits: 100% or not",
        mistakes: [
          named("overfits judged by the loss: it means an accuracy of exactly 1", if: true)
        ])
    }
  }

  static func checkUpdateRatios(_ lesson: any TrainingLesson.Type) {
    // By hand, every number exact in binary: ‖ΔW1‖ = ‖[[0, 0.375], [0, 0.5]]‖ = 0.625 against
    // ‖W1‖ = ‖[[3, 0], [0, 4]]‖ = 5; b1 moves away from 0; W2 stays; b2 is 0 and stays.
    let before = TwoLayerNetwork(
      hiddenWeights: Matrix([[3, 0], [0, 4]]), hiddenBias: Matrix([[0, 0]]),
      outputWeights: Matrix([[1], [2]]), outputBias: Matrix([[0]]))
    let after = TwoLayerNetwork(
      hiddenWeights: Matrix([[3, 0.375], [0, 4.5]]), hiddenBias: Matrix([[0.25, 0]]),
      outputWeights: Matrix([[1], [2]]), outputBias: Matrix([[0]]))
    let names = ["W1", "b1", "W2", "b2"]
    let got = lesson.updateToWeightRatios(from: before, to: after)
    let call =
      "updateToWeightRatios(from: W1 [[3, 0], [0, 4]], b1 0, W2 [[1], [2]], b2 0, to: "
      + "W1 [[3, 0.375], [0, 4.5]], b1 [[0.25, 0]], W2 and b2 unchanged)"
    guard got.keys.sorted() == names.sorted() else {
      fail(
        "\(call): expected one ratio for each of \(names), got keys \(got.keys.sorted())"
          + likely([
            named(
              "only the weights: the biases get a ratio too (+∞ while one moves away from 0)",
              if: got.keys.sorted() == ["W1", "W2"])
          ]))
      return
    }
    let afterNorm = (9 + 0.375 * 0.375 + 4.5 * 4.5).squareRoot()
    expectClose(
      names.map { got[$0]! }, [0.125, .infinity, 0, 0], tolerance: reordered,
      "\(call): [W1, b1, W2, b2] = [0.625/5, a move away from 0 (∞), no move (0), 0 at 0 (0)]",
      mistakes: [
        .value(
          Matrix(row: [0.625 / afterNorm, 1, 0, 0]),
          "divided by ‖after‖: the update is measured against the parameters it changed"),
        .value(
          Matrix(row: [(afterNorm - 5) / 5, .infinity, 0, 0]),
          "‖after‖ − ‖before‖, a difference of norms: take the norm of the difference"),
        .value(
          Matrix(row: [0.390625 / 25, .infinity, 0, 0]), "squared norms: take the square roots"),
        named(
          "0/0 = NaN for b2, which is 0 and stays 0: a parameter that did not move has ratio 0",
          if: got["b2"]!.isNaN),
        .value(
          Matrix(row: [0.125, 0, 0, 0]),
          "0 for b1, which moved away from 0: the ratio of a move from 0 is +∞"),
        named(
          "the mean of element-by-element ratios |Δ|/|θ|: divide the norms",
          if: got["W1"]! == .infinity),
      ])

    // Seeded: one step of size 0.01 on a network of order 1.
    var generator = Graded.generator(salt: 120)
    let seeded = unitNetwork(hidden: 5, scale: 1, using: &generator)
    let moved = step(seeded, unitNetwork(hidden: 5, scale: 1, using: &generator), 0.01)
    let ratios = lesson.updateToWeightRatios(from: seeded, to: moved)
    let expected = names.map { name in
      TrainingReference.norm(moved.parameters[name]! - seeded.parameters[name]!)
        / TrainingReference.norm(seeded.parameters[name]!)
    }
    expectClose(
      names.map { ratios[$0] ?? .nan }, expected, tolerance: reordered,
      "updateToWeightRatios(from: a seeded 2→5→3 network, to: it after a step of 0.01·N(0, 1)) "
        + "for \(names); \(Graded.replay)")
  }
}
