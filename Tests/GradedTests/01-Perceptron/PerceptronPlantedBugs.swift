import GradKit
import Solutions
import Testing

/// Proves each graded perceptron test fails on a plausible wrong implementation.
@Suite("Planted bugs · 01 Perceptron")
struct PerceptronPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck("step catches a strict inequality, step(0) = 0") {
      PerceptronTests.checkStep(StrictStep.self)
    },
    PlantedCheck("step catches −1 for negative inputs, the ±1 convention") {
      PerceptronTests.checkStep(StepWithMinusOne.self)
    },
    PlantedCheck("predict catches a strict inequality at points on the line") {
      PerceptronTests.checkPrediction(StrictStep.self)
    },
    PlantedCheck("predict catches a score without the bias") {
      PerceptronTests.checkPrediction(PredictionWithoutBias.self)
    },
    PlantedCheck("predict catches a tolerance of 1e−9 in the comparison with 0") {
      PerceptronTests.checkPrediction(PredictionWithTolerance.self)
    },
    PlantedCheck(asWritten: "predict accepts the score added up from the bias first, b + w·x") {
      PerceptronTests.checkPrediction(PredictionAddingBiasFirst.self)
    },
    PlantedCheck("the ten-update example catches an update that forgets the bias") {
      PerceptronTests.checkTrick(UpdateForgettingBias.self)
    },
    PlantedCheck("the ten-update example catches a flipped update, w − α·(label − ŷ)·x") {
      PerceptronTests.checkTrick(FlippedUpdate.self)
    },
    PlantedCheck("the false-positive test catches an update that adds α·x for a false positive") {
      PerceptronTests.checkFalsePositiveUpdate(FalsePositiveWithWrongSign.self)
    },
    PlantedCheck("the false-positive test catches an update without the learning rate") {
      PerceptronTests.checkFalsePositiveUpdate(UpdateWithoutLearningRate.self)
    },
    PlantedCheck(
      "the false-positive test catches an update that predicts with >, a point on the line"
    ) {
      PerceptronTests.checkFalsePositiveUpdate(UpdateWithStrictPrediction.self)
    },
    PlantedCheck("the unchanged-unit test catches an update that also moves for correct points") {
      PerceptronTests.checkCorrectPointUnchanged(UpdateForCorrectPoints.self)
    },
    PlantedCheck("the training trace catches training that stops after one epoch") {
      PerceptronTests.checkTrainingTrace(TrainingForOneEpoch.self)
    },
    PlantedCheck("the training trace catches a loop that runs one epoch too few") {
      PerceptronTests.checkTrainingTrace(TrainingOneEpochShort.self)
    },
    PlantedCheck("the training trace catches a loop that runs one epoch too many") {
      PerceptronTests.checkTrainingTrace(TrainingOneEpochTooMany.self)
    },
    PlantedCheck("the training trace catches rows visited from last to first") {
      PerceptronTests.checkTrainingTrace(TrainingInReverseOrder.self)
    },
    PlantedCheck("the training trace catches training that starts from zeros, not from initial") {
      PerceptronTests.checkTrainingTrace(TrainingFromZeros.self)
    },
    PlantedCheck("the training test catches a train that drops what update returns") {
      PerceptronTests.checkTraining(TrainingDiscardingUpdates.self)
    },
    PlantedCheck(asWritten: "both training tests accept training that never stops early") {
      PerceptronTests.checkTrainingTrace(TrainingWithoutEarlyStop.self)
      PerceptronTests.checkTraining(TrainingWithoutEarlyStop.self)
    },
    PlantedCheck("the accuracy test catches an accuracy that counts the mistakes") {
      PerceptronTests.checkAccuracy(AccuracyCountingMistakes.self)
    },
    PlantedCheck("the accuracy test catches integer division, 3 / 4 = 0") {
      PerceptronTests.checkAccuracy(AccuracyWithIntegerDivision.self)
    },
    PlantedCheck("the accuracy test catches an accuracy that compares the score with > 0") {
      PerceptronTests.checkAccuracy(AccuracyWithStrictInequality.self)
    },
    PlantedCheck("the gate test catches OR's weights given for AND") {
      PerceptronTests.checkGates(AndGateWithOrWeights.self)
    },
    PlantedCheck("the gate test catches AND's bias given for OR") {
      PerceptronTests.checkGates(OrGateWithAndBias.self)
    },
    PlantedCheck("the gate test catches a NOT gate with a positive weight") {
      PerceptronTests.checkGates(NotGateWithPositiveWeight.self)
    },
    PlantedCheck("the XOR test catches a network wired as OR") {
      PerceptronTests.checkXORNetwork(XORWiredAsOr.self)
    },
    PlantedCheck("the XOR test catches an output unit with fewer weights than hidden units") {
      PerceptronTests.checkXORNetwork(XOROutputWithWrongWidth.self)
    },
    PlantedCheck("the network test catches a network predict that skips the hidden layer") {
      PerceptronTests.checkNetworkPrediction(NetworkSkippingHiddenLayer.self)
    },
    PlantedCheck("the network test catches hidden scores fed to the output unit instead of classes")
    { PerceptronTests.checkNetworkPrediction(NetworkFeedingScores.self) },
    PlantedCheck("the network test catches a network predict that always computes XOR") {
      PerceptronTests.checkNetworkPrediction(NetworkAlwaysXOR.self)
    },
    PlantedCheck("the XOR search catches a predict without the bias, which finds no AND") {
      PerceptronTests.checkNoSinglePerceptronComputesXOR(PredictionWithoutBias.self)
    },
  ]
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

/// The ±1 convention: −1 for negative inputs.
private enum StepWithMinusOne: PlantedBug {
  static func step(_ x: Double) -> Double {
    x >= 0 ? 1 : -1
  }
}

/// A tolerance of 1e−9 "to be safe": scores just below 0 become class 1.
private enum PredictionWithTolerance: PlantedBug {
  static func predict(_ x: [Double], unit: PerceptronUnit) -> Int {
    dot(unit.weights, x) + unit.bias >= -1e-9 ? 1 : 0
  }
}

/// A right predict that adds the bias first, b + w₁x₁ + … + wₙxₙ.
private enum PredictionAddingBiasFirst: PlantedBug {
  static func predict(_ x: [Double], unit: PerceptronUnit) -> Int {
    zip(unit.weights, x).reduce(unit.bias) { total, pair in total + pair.0 * pair.1 } >= 0 ? 1 : 0
  }
}

/// w − α·(label − ŷ)·x: both kinds of mistake moved the wrong way.
private enum FlippedUpdate: PlantedBug {
  static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    Solutions.Perceptron.update(unit, with: x, label: label, learningRate: -learningRate)
  }
}

/// w + (label − ŷ)·x: the learning rate forgotten.
private enum UpdateWithoutLearningRate: PlantedBug {
  static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    Solutions.Perceptron.update(unit, with: x, label: label, learningRate: 1)
  }
}

/// Decides whether to move with `score > 0`, so a point on the line labelled 0 looks right.
private enum UpdateWithStrictPrediction: PlantedBug {
  static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    let predicted = dot(unit.weights, x) + unit.bias > 0 ? 1 : 0
    guard predicted != label else { return unit }
    let step = Double(label - predicted) * learningRate
    return PerceptronUnit(
      weights: zip(unit.weights, x).map { w, xi in w + step * xi }, bias: unit.bias + step)
  }
}

/// `for _ in 1..<epochs`, written so that 0 epochs does not trap: one pass too few.
private enum TrainingOneEpochShort: PlantedBug {
  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    Solutions.Perceptron.train(
      on: data, from: initial, learningRate: learningRate, epochs: max(epochs - 1, 0))
  }
}

/// `for _ in 0...epochs`: one pass too many.
private enum TrainingOneEpochTooMany: PlantedBug {
  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    Solutions.Perceptron.train(
      on: data, from: initial, learningRate: learningRate, epochs: epochs + 1)
  }
}

/// Visits the rows from the last to the first.
private enum TrainingInReverseOrder: PlantedBug {
  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    var unit = initial
    for _ in 0..<epochs {
      for i in (0..<data.count).reversed() {
        unit = update(
          unit, with: data.inputs.row(i), label: data.labels[i], learningRate: learningRate)
      }
    }
    return unit
  }
}

/// Ignores `initial` and starts from a unit of zeros.
private enum TrainingFromZeros: PlantedBug {
  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    Solutions.Perceptron.train(
      on: data, from: .zeros(inputCount: initial.weights.count), learningRate: learningRate,
      epochs: epochs)
  }
}

/// A right train that always runs every epoch, even after a pass without a mistake.
private enum TrainingWithoutEarlyStop: PlantedBug {
  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    var unit = initial
    for _ in 0..<epochs {
      for i in 0..<data.count {
        unit = update(
          unit, with: data.inputs.row(i), label: data.labels[i], learningRate: learningRate)
      }
    }
    return unit
  }
}

/// `Double(correct / count)`: the division done on Ints, so anything below 100% is 0.
private enum AccuracyWithIntegerDivision: PlantedBug {
  static func accuracy(of unit: PerceptronUnit, on data: Dataset) -> Double {
    let correct = (0..<data.count).filter { i in
      predict(data.inputs.row(i), unit: unit) == data.labels[i]
    }.count
    return Double(correct / data.count)
  }
}

/// Classifies with its own `score > 0`, so points on the line count as class 0.
private enum AccuracyWithStrictInequality: PlantedBug {
  static func accuracy(of unit: PerceptronUnit, on data: Dataset) -> Double {
    let correct = (0..<data.count).filter { i in
      (dot(unit.weights, data.inputs.row(i)) + unit.bias > 0 ? 1 : 0) == data.labels[i]
    }.count
    return Double(correct) / Double(data.count)
  }
}

/// A third hidden unit added to the reference XOR without widening the output unit.
private enum XOROutputWithWrongWidth: PlantedBug {
  static var xorNetwork: PerceptronNetwork {
    let reference = Solutions.Perceptron.xorNetwork
    return PerceptronNetwork(
      hidden: reference.hidden + [Solutions.Perceptron.andGate], output: reference.output)
  }
}

/// Feeds the hidden units' scores w·x + b to the output unit instead of their 0/1 classes.
private enum NetworkFeedingScores: PlantedBug {
  static func predict(_ x: [Double], network: PerceptronNetwork) -> Int {
    predict(network.hidden.map { dot($0.weights, x) + $0.bias }, unit: network.output)
  }
}

/// Computes XOR of the two inputs whatever network it is given.
private enum NetworkAlwaysXOR: PlantedBug {
  static func predict(_ x: [Double], network: PerceptronNetwork) -> Int {
    (x[0] >= 0.5) != (x[1] >= 0.5) ? 1 : 0
  }
}

/// Calls update for every row but keeps the old unit: `_ = update(unit, …)`.
private enum TrainingDiscardingUpdates: PlantedBug {
  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    let unit = initial
    for _ in 0..<epochs {
      for i in 0..<data.count {
        _ = update(
          unit, with: data.inputs.row(i), label: data.labels[i], learningRate: learningRate)
      }
    }
    return unit
  }
}

/// OR with AND's bias −1.5: it computes AND.
private enum OrGateWithAndBias: PlantedBug {
  static var orGate: PerceptronUnit { PerceptronUnit(weights: [1, 1], bias: -1.5) }
}
