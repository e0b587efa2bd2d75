import GradKit
import Solutions
import Testing

/// Proves each graded perceptron test fails on a plausible wrong implementation.
@Suite("Planted bugs · 01 Perceptron")
struct PerceptronPlantedBugs {
  @Test("step catches a strict inequality, step(0) = 0")
  func stepWithStrictInequality() {
    withKnownIssue { PerceptronTests.checkStep(StrictStep.self) }
  }

  @Test("predict catches a strict inequality at points on the line")
  func predictionWithStrictInequality() {
    withKnownIssue { PerceptronTests.checkPrediction(StrictStep.self) }
  }

  @Test("predict catches a score without the bias")
  func predictionWithoutBias() {
    withKnownIssue { PerceptronTests.checkPrediction(PredictionWithoutBias.self) }
  }

  @Test("the ten-update example catches an update that forgets the bias")
  func updateForgettingBias() {
    withKnownIssue { PerceptronTests.checkTrick(UpdateForgettingBias.self) }
  }

  @Test("the false-positive test catches an update that adds α·x for a false positive")
  func falsePositiveWithWrongSign() {
    withKnownIssue { PerceptronTests.checkFalsePositiveUpdate(FalsePositiveWithWrongSign.self) }
  }

  @Test("the unchanged-unit test catches an update that also moves for correct points")
  func updateForCorrectPoints() {
    withKnownIssue { PerceptronTests.checkCorrectPointUnchanged(UpdateForCorrectPoints.self) }
  }

  @Test("the training test catches training that stops after one epoch")
  func trainingForOneEpoch() {
    withKnownIssue { PerceptronTests.checkTraining(TrainingForOneEpoch.self) }
  }

  @Test("the training test catches an accuracy that counts the mistakes")
  func accuracyCountingMistakes() {
    withKnownIssue { PerceptronTests.checkTraining(AccuracyCountingMistakes.self) }
  }

  @Test("the gate test catches OR's weights given for AND")
  func andGateWithOrWeights() {
    withKnownIssue { PerceptronTests.checkGates(AndGateWithOrWeights.self) }
  }

  @Test("the gate test catches a NOT gate with a positive weight")
  func notGateWithPositiveWeight() {
    withKnownIssue { PerceptronTests.checkGates(NotGateWithPositiveWeight.self) }
  }

  @Test("the XOR test catches a network wired as OR")
  func xorWiredAsOr() {
    withKnownIssue { PerceptronTests.checkXORNetwork(XORWiredAsOr.self) }
  }

  @Test("the XOR test catches a network predict that skips the hidden layer")
  func networkSkippingHiddenLayer() {
    withKnownIssue { PerceptronTests.checkXORNetwork(NetworkSkippingHiddenLayer.self) }
  }

  @Test("the XOR search catches a predict without the bias, which finds no AND")
  func searchWithoutBias() {
    withKnownIssue {
      PerceptronTests.checkNoSinglePerceptronComputesXOR(PredictionWithoutBias.self)
    }
  }
}

// MARK: - The wrong implementations

/// The reference perceptron, for a planted bug to override one requirement of.
private protocol PlantedBug: PerceptronLesson {}

extension PlantedBug {
  static func step(_ x: Double) -> Double {
    Solutions.Perceptron.step(x)
  }

  static func predict(_ x: [Double], unit: PerceptronUnit) -> Int {
    Solutions.Perceptron.predict(x, unit: unit)
  }

  static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    Solutions.Perceptron.update(unit, with: x, label: label, learningRate: learningRate)
  }

  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    Solutions.Perceptron.train(on: data, from: initial, learningRate: learningRate, epochs: epochs)
  }

  static func accuracy(of unit: PerceptronUnit, on data: Dataset) -> Double {
    Solutions.Perceptron.accuracy(of: unit, on: data)
  }

  static var andGate: PerceptronUnit { Solutions.Perceptron.andGate }
  static var orGate: PerceptronUnit { Solutions.Perceptron.orGate }
  static var notGate: PerceptronUnit { Solutions.Perceptron.notGate }
  static var xorNetwork: PerceptronNetwork { Solutions.Perceptron.xorNetwork }

  static func predict(_ x: [Double], network: PerceptronNetwork) -> Int {
    Solutions.Perceptron.predict(x, network: network)
  }
}

/// `x > 0`: the boundary itself becomes class 0.
private enum StrictStep: PlantedBug {
  static func step(_ x: Double) -> Double {
    x > 0 ? 1 : 0
  }

  static func predict(_ x: [Double], unit: PerceptronUnit) -> Int {
    Int(step(dot(unit.weights, x) + unit.bias))
  }
}

/// Scores with w·x alone, so every boundary passes through the origin.
private enum PredictionWithoutBias: PlantedBug {
  static func predict(_ x: [Double], unit: PerceptronUnit) -> Int {
    dot(unit.weights, x) >= 0 ? 1 : 0
  }
}

/// Moves the weights but never the bias.
private enum UpdateForgettingBias: PlantedBug {
  static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    let moved = Solutions.Perceptron.update(
      unit, with: x, label: label, learningRate: learningRate)
    return PerceptronUnit(weights: moved.weights, bias: unit.bias)
  }
}

/// Adds α·x and α for every mistake, so a false positive is pulled closer instead of pushed away.
private enum FalsePositiveWithWrongSign: PlantedBug {
  static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    guard predict(x, unit: unit) != label else { return unit }
    return PerceptronUnit(
      weights: zip(unit.weights, x).map { w, xi in w + learningRate * xi },
      bias: unit.bias + learningRate)
  }
}

/// Always moves towards the label's side, even when the point is already there.
private enum UpdateForCorrectPoints: PlantedBug {
  static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    let rate = label == 1 ? learningRate : -learningRate
    return PerceptronUnit(
      weights: zip(unit.weights, x).map { w, xi in w + rate * xi },
      bias: unit.bias + rate)
  }
}

/// Ignores `epochs` and makes a single pass.
private enum TrainingForOneEpoch: PlantedBug {
  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    Solutions.Perceptron.train(on: data, from: initial, learningRate: learningRate, epochs: 1)
  }
}

/// Returns the fraction of points classified wrongly.
private enum AccuracyCountingMistakes: PlantedBug {
  static func accuracy(of unit: PerceptronUnit, on data: Dataset) -> Double {
    1 - Solutions.Perceptron.accuracy(of: unit, on: data)
  }
}

/// The OR unit handed in as AND.
private enum AndGateWithOrWeights: PlantedBug {
  static var andGate: PerceptronUnit { Solutions.Perceptron.orGate }
}

/// x − 0.5: a NOT with the weight's sign forgotten computes the identity.
private enum NotGateWithPositiveWeight: PlantedBug {
  static var notGate: PerceptronUnit { PerceptronUnit(weights: [1], bias: -0.5) }
}

/// The reference hidden layer with OR at the output: OR(OR(x), NAND(x)) is 1 everywhere.
private enum XORWiredAsOr: PlantedBug {
  static var xorNetwork: PerceptronNetwork {
    PerceptronNetwork(
      hidden: Solutions.Perceptron.xorNetwork.hidden, output: Solutions.Perceptron.orGate)
  }
}

/// Feeds the raw input to the output unit, as if the hidden layer were not there.
private enum NetworkSkippingHiddenLayer: PlantedBug {
  static func predict(_ x: [Double], network: PerceptronNetwork) -> Int {
    predict(x, unit: network.output)
  }
}
