import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded step-vs-sigmoid test fails on a plausible wrong implementation.
@Suite("Planted bugs · 02 Step vs. sigmoid")
struct StepVsSigmoidPlantedBugs {
  @Test("step catches a strict inequality, step(0) = 0")
  func stepWithStrictInequality() {
    withKnownIssue { StepVsSigmoidTests.checkStep(StrictStep.self) }
  }

  @Test("stepDerivative catches a derivative that returns the step itself")
  func stepDerivativeReturningStep() {
    withKnownIssue { StepVsSigmoidTests.checkStepDerivative(StepDerivativeReturningStep.self) }
  }

  @Test("sigmoid values catch 1 / (1 + e^x), the sigmoid mirrored")
  func mirroredSigmoid() {
    withKnownIssue { StepVsSigmoidTests.checkSigmoidValues(MirroredSigmoid.self) }
  }

  @Test("the extremes catch e^x / (1 + e^x) for every x, NaN at +1000")
  func overflowingSigmoid() {
    withKnownIssue { StepVsSigmoidTests.checkSigmoidExtremes(OverflowingSigmoid.self) }
  }

  @Test("sigmoidDerivative catches a derivative without (1 − σ)")
  func derivativeWithoutOneMinusSigmoid() {
    withKnownIssue {
      StepVsSigmoidTests.checkSigmoidDerivative(DerivativeWithoutOneMinusSigmoid.self)
    }
  }

  @Test("squaredErrorGradient catches a flipped sign")
  func gradientWithFlippedSign() {
    withKnownIssue { StepVsSigmoidTests.checkSquaredErrorGradient(GradientWithFlippedSign.self) }
  }

  @Test("squaredErrorGradient catches a gradient without the factor f′(z)")
  func gradientWithoutActivationDerivative() {
    withKnownIssue {
      StepVsSigmoidTests.checkSquaredErrorGradient(GradientWithoutActivationDerivative.self)
    }
  }

  @Test("the stuck-step test catches a gradient without f′(z), which moves the step unit")
  func stuckStepWithoutActivationDerivative() {
    withKnownIssue {
      StepVsSigmoidTests.checkStepIsStuck(GradientWithoutActivationDerivative.self)
    }
  }

  @Test("the stuck-step test catches a flipped gradient, which raises the sigmoid's error")
  func stuckStepWithFlippedGradient() {
    withKnownIssue { StepVsSigmoidTests.checkStepIsStuck(GradientWithFlippedSign.self) }
  }

  @Test("logLoss catches a sum where the mean belongs")
  func logLossSummed() {
    withKnownIssue { StepVsSigmoidTests.checkLogLoss(LogLossSummed.self) }
  }

  @Test("logLoss catches a probability without the bias")
  func probabilityWithoutBias() {
    withKnownIssue { StepVsSigmoidTests.checkLogLoss(ProbabilityWithoutBias.self) }
  }

  @Test("update catches a flipped sign, w − α(y − ŷ)x")
  func updateWithFlippedSign() {
    withKnownIssue { StepVsSigmoidTests.checkUpdate(UpdateWithFlippedSign.self) }
  }

  @Test("update catches the squared-error step α(y − ŷ)σ′(z)x in place of the log-loss step")
  func updateWithSquaredErrorStep() {
    withKnownIssue { StepVsSigmoidTests.checkUpdate(UpdateWithSquaredErrorStep.self) }
  }

  @Test("training catches a train built on the flipped-sign update")
  func trainingWithFlippedUpdate() {
    withKnownIssue { StepVsSigmoidTests.checkTraining(UpdateWithFlippedSign.self) }
  }

  @Test("training catches losses that leave out the starting loss")
  func trainingWithoutStartingLoss() {
    withKnownIssue { StepVsSigmoidTests.checkTraining(TrainingWithoutStartingLoss.self) }
  }

  @Test("training catches an accuracy that counts the mistakes")
  func accuracyCountingMistakes() {
    withKnownIssue { StepVsSigmoidTests.checkTraining(AccuracyCountingMistakes.self) }
  }
}

// MARK: - The wrong implementations

/// The reference lesson, for a planted bug to override one requirement of.
///
/// `train` is rebuilt from the bug's own `update` and `logLoss`, so a broken update shows in training.
private protocol PlantedBug: StepVsSigmoidLesson {}

extension PlantedBug {
  static var reference: Solutions.StepVsSigmoid.Type { Solutions.StepVsSigmoid.self }

  static func step(_ x: Double) -> Double {
    reference.step(x)
  }

  static func stepDerivative(_ x: Double) -> Double {
    reference.stepDerivative(x)
  }

  static func sigmoid(_ x: Double) -> Double {
    reference.sigmoid(x)
  }

  static func sigmoidDerivative(_ x: Double) -> Double {
    reference.sigmoidDerivative(x)
  }

  static func squaredError(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double
  ) -> Double {
    reference.squaredError(of: unit, on: data, activation: activation)
  }

  static func squaredErrorGradient(
    of unit: LogisticUnit,
    on data: Dataset,
    activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double) {
    reference.squaredErrorGradient(
      of: unit, on: data, activation: activation, derivative: derivative)
  }

  static func probability(_ x: [Double], unit: LogisticUnit) -> Double {
    reference.probability(x, unit: unit)
  }

  static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    reference.logLoss(of: unit, on: data)
  }

  static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit {
    reference.update(unit, with: x, label: label, learningRate: learningRate)
  }

  static func train(
    on data: Dataset, from initial: LogisticUnit, learningRate: Double, epochs: Int
  ) -> (unit: LogisticUnit, losses: [Double]) {
    var unit = initial
    var losses = [logLoss(of: unit, on: data)]
    for _ in 0..<epochs {
      for i in 0..<data.count {
        unit = update(
          unit, with: data.inputs.row(i), label: data.labels[i], learningRate: learningRate)
      }
      losses.append(logLoss(of: unit, on: data))
    }
    return (unit, losses)
  }

  static func accuracy(of unit: LogisticUnit, on data: Dataset) -> Double {
    reference.accuracy(of: unit, on: data)
  }
}

/// `x > 0`: the boundary itself becomes class 0.
private enum StrictStep: PlantedBug {
  static func step(_ x: Double) -> Double {
    x > 0 ? 1 : 0
  }
}

/// Returns step(x) as its own derivative: 1 on the right of the jump.
private enum StepDerivativeReturningStep: PlantedBug {
  static func stepDerivative(_ x: Double) -> Double {
    x >= 0 ? 1 : 0
  }
}

/// 1 / (1 + e^x): the sign in the exponent forgotten, which gives σ(−x).
private enum MirroredSigmoid: PlantedBug {
  static func sigmoid(_ x: Double) -> Double {
    1 / (1 + exp(x))
  }
}

/// e^x / (1 + e^x) for every x: right for x ≤ 709, ∞/∞ = NaN above.
private enum OverflowingSigmoid: PlantedBug {
  static func sigmoid(_ x: Double) -> Double {
    exp(x) / (1 + exp(x))
  }
}

/// σ′(x) = σ(x): the derivative of e^x remembered in place of the sigmoid's.
private enum DerivativeWithoutOneMinusSigmoid: PlantedBug {
  static func sigmoidDerivative(_ x: Double) -> Double {
    sigmoid(x)
  }
}

/// The gradient of the squared error with its sign flipped: +1/n Σ (y − f) f′ x.
private enum GradientWithFlippedSign: PlantedBug {
  static func squaredErrorGradient(
    of unit: LogisticUnit,
    on data: Dataset,
    activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double) {
    let gradient = reference.squaredErrorGradient(
      of: unit, on: data, activation: activation, derivative: derivative)
    return (gradient.weights.map { -$0 }, -gradient.bias)
  }
}

/// The squared error's gradient with f′(z) left out: −1/n Σ (y − f(z)) x.
private enum GradientWithoutActivationDerivative: PlantedBug {
  static func squaredErrorGradient(
    of unit: LogisticUnit,
    on data: Dataset,
    activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double) {
    reference.squaredErrorGradient(
      of: unit, on: data, activation: activation, derivative: { _ in 1 })
  }
}

/// Adds the points' losses without dividing by their number.
private enum LogLossSummed: PlantedBug {
  static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    reference.logLoss(of: unit, on: data) * Double(data.count)
  }
}

/// σ(w·x), the bias forgotten.
private enum ProbabilityWithoutBias: PlantedBug {
  static func probability(_ x: [Double], unit: LogisticUnit) -> Double {
    sigmoid(dot(unit.weights, x))
  }
}

/// w − α(y − ŷ)x, b − α(y − ŷ): a step up the log-loss.
private enum UpdateWithFlippedSign: PlantedBug {
  static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit {
    reference.update(unit, with: x, label: label, learningRate: -learningRate)
  }
}

/// w + α(y − ŷ)σ′(z)x: the squared error's step, which the log-loss does not have.
private enum UpdateWithSquaredErrorStep: PlantedBug {
  static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit {
    let z = dot(unit.weights, x) + unit.bias
    return reference.update(
      unit, with: x, label: label, learningRate: learningRate * sigmoidDerivative(z))
  }
}

/// Records the loss after each epoch but not the one before the first.
private enum TrainingWithoutStartingLoss: PlantedBug {
  static func train(
    on data: Dataset, from initial: LogisticUnit, learningRate: Double, epochs: Int
  ) -> (unit: LogisticUnit, losses: [Double]) {
    let trained = reference.train(
      on: data, from: initial, learningRate: learningRate, epochs: epochs)
    return (trained.unit, Array(trained.losses.dropFirst()))
  }
}

/// Returns the fraction of points classified wrongly.
private enum AccuracyCountingMistakes: PlantedBug {
  static func accuracy(of unit: LogisticUnit, on data: Dataset) -> Double {
    1 - reference.accuracy(of: unit, on: data)
  }
}
