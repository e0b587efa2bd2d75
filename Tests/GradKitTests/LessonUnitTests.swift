import GradKit
import Testing

/// The units the lessons of modules 01 and 02 start from: the kit provides them, so their
/// promises (zeros, and the order of the random draws) are checked here, not graded.
@Suite("Lesson units · zeros and random draws")
struct LessonUnitTests {
  @Test("PerceptronUnit.random draws w₁ … wₙ, then b, each from the range")
  func perceptronDrawOrder() {
    var generator = SeededGenerator(seed: 7)
    let unit = PerceptronUnit.random(inputCount: 3, in: -2...5, using: &generator)
    var replay = SeededGenerator(seed: 7)
    let draws = (0..<4).map { _ in replay.uniform(in: -2...5) }
    #expect(unit.weights == Array(draws.prefix(3)) && unit.bias == draws[3])
    #expect(generator.next() == replay.next(), "exactly four draws, no more")
  }

  @Test("LogisticUnit.random draws w₁ … wₙ, then b, each from the range")
  func logisticDrawOrder() {
    var generator = SeededGenerator(seed: 11)
    let unit = LogisticUnit.random(inputCount: 2, using: &generator)
    var replay = SeededGenerator(seed: 11)
    let draws = (0..<3).map { _ in replay.uniform(in: -1...1) }
    #expect(unit.weights == Array(draws.prefix(2)) && unit.bias == draws[2])
    #expect(generator.next() == replay.next(), "exactly three draws, no more")
  }

  @Test("the same generator state gives the same unit")
  func sameStateSameUnit() {
    var first = SeededGenerator(seed: 3)
    var second = first
    #expect(
      PerceptronUnit.random(inputCount: 2, using: &first)
        == PerceptronUnit.random(inputCount: 2, using: &second))
  }

  @Test("zeros has one zero weight per input and a zero bias")
  func zeros() {
    #expect(PerceptronUnit.zeros(inputCount: 3) == PerceptronUnit(weights: [0, 0, 0], bias: 0))
    #expect(LogisticUnit.zeros(inputCount: 2) == LogisticUnit(weights: [0, 0], bias: 0))
  }
}

/// What module 09's early stopping returns: the kit provides the type, so its derived values
/// and its one rule are checked here.
@Suite("Lesson results · early stopping")
struct EarlyStoppingResultTests {
  /// A network whose numbers do not matter here.
  static let network = TwoLayerNetwork(
    hiddenWeights: .zeros(rows: 2, columns: 1), hiddenBias: .zeros(rows: 1, columns: 1),
    outputWeights: .zeros(rows: 1, columns: 3), outputBias: .zeros(rows: 1, columns: 3))

  @Test(
    "bestAccuracy is the accuracy of the checkpoint's epoch, not the highest or the last",
    arguments: [(1, 0.8), (2, 0.7), (0, 0.5)])
  func bestAccuracy(epoch: Int, accuracy: Double) {
    // Epoch 3 ties epoch 1 at the highest accuracy and is the last; only bestEpoch decides.
    let result = EarlyStoppingResult(
      best: Self.network, bestEpoch: epoch, validationAccuracies: [0.5, 0.8, 0.7, 0.8])
    #expect(result.bestAccuracy == accuracy)
  }

  @Test("epochsTrained counts every epoch that ran, however early the best one was")
  func epochsTrained() {
    let result = EarlyStoppingResult(
      best: Self.network, bestEpoch: 1, validationAccuracies: [0.5, 0.8, 0.7, 0.6, 0.6])
    #expect(result.epochsTrained == 5)
  }

  @Test("a best epoch that was not trained is refused, with both numbers")
  func untrainedBestEpoch() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = EarlyStoppingResult(
        best: Self.network, bestEpoch: 3, validationAccuracies: [0.5, 0.8, 0.7])
    }
    expectMessage(of: result, mentions: ["bestEpoch 3", "the 3 trained"])
  }
}
