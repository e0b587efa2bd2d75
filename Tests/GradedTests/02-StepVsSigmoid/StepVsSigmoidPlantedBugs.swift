import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded step-vs-sigmoid test fails on a plausible wrong implementation.
@Suite("Planted bugs · 02 Step vs. sigmoid")
struct StepVsSigmoidPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck("step catches a strict inequality, step(0) = 0") {
      StepVsSigmoidTests.checkStep(StrictStep.self)
    },
    PlantedCheck("step catches −1 for negative inputs, the ±1 convention") {
      StepVsSigmoidTests.checkStep(StepWithMinusOne.self)
    },
    PlantedCheck("stepDerivative catches a derivative that returns the step itself") {
      StepVsSigmoidTests.checkStepDerivative(StepDerivativeReturningStep.self)
    },
    PlantedCheck("stepDerivative catches +∞ at the jump, a spike for the kink") {
      StepVsSigmoidTests.checkStepDerivative(StepDerivativeInfiniteAtZero.self)
    },
    PlantedCheck("sigmoid values catch 1 / (1 + e^x), the sigmoid mirrored") {
      StepVsSigmoidTests.checkSigmoidValues(MirroredSigmoid.self)
    },
    PlantedCheck("sigmoid values catch 1 − σ(−x) for negative x, which cancels in the tail") {
      StepVsSigmoidTests.checkSigmoidValues(SigmoidByComplement.self)
    },
    PlantedCheck("sigmoid values catch ½(1 + tanh(x/2)), which cancels in the tail") {
      StepVsSigmoidTests.checkSigmoidValues(SigmoidFromTanh.self)
    },
    PlantedCheck("the extremes catch e^x / (1 + e^x) for every x, NaN at +1000") {
      StepVsSigmoidTests.checkSigmoidExtremes(OverflowingSigmoid.self)
    },
    PlantedCheck(asWritten: "both sigmoid tests accept the textbook 1 / (1 + e^(−x)) for every x") {
      StepVsSigmoidTests.checkSigmoidValues(TextbookSigmoid.self)
      StepVsSigmoidTests.checkSigmoidExtremes(TextbookSigmoid.self)
    },
    PlantedCheck("sigmoidDerivative catches a derivative without (1 − σ)") {
      StepVsSigmoidTests.checkSigmoidDerivative(DerivativeWithoutOneMinusSigmoid.self)
    },
    PlantedCheck("sigmoidDerivative catches e^(−x) / (1 + e^(−x))², NaN at −1000") {
      StepVsSigmoidTests.checkSigmoidDerivative(DerivativeFromExponentials.self)
    },
    PlantedCheck(asWritten: "sigmoidDerivative accepts s·(1 − s), which is 0 where σ rounds to 1") {
      StepVsSigmoidTests.checkSigmoidDerivative(DerivativeAsOneMinusS.self)
    },
    PlantedCheck("squaredError catches a sum where the mean belongs") {
      StepVsSigmoidTests.checkSquaredError(SquaredErrorSummed.self)
    },
    PlantedCheck("squaredError catches an error without its ½") {
      StepVsSigmoidTests.checkSquaredError(SquaredErrorWithoutHalf.self)
    },
    PlantedCheck("squaredError catches an error that always uses the sigmoid") {
      StepVsSigmoidTests.checkSquaredError(SquaredErrorIgnoringActivation.self)
    },
    PlantedCheck("squaredErrorGradient catches a flipped sign") {
      StepVsSigmoidTests.checkSquaredErrorGradient(GradientWithFlippedSign.self)
    },
    PlantedCheck("squaredErrorGradient catches a gradient without the factor f′(z)") {
      StepVsSigmoidTests.checkSquaredErrorGradient(GradientWithoutActivationDerivative.self)
    },
    PlantedCheck("squaredErrorGradient catches a gradient without 1/n") {
      StepVsSigmoidTests.checkSquaredErrorGradient(GradientWithoutMean.self)
    },
    PlantedCheck(
      "squaredErrorGradient catches a gradient that uses σ′ whatever derivative it is given"
    ) {
      StepVsSigmoidTests.checkSquaredErrorGradient(GradientIgnoringDerivative.self)
    },
    PlantedCheck("the stuck-step test catches a gradient without f′(z), which moves the step unit")
    {
      StepVsSigmoidTests.checkStepIsStuck(GradientWithoutActivationDerivative.self)
    },
    PlantedCheck("the stuck-step test catches a flipped gradient, which raises the sigmoid's error")
    { StepVsSigmoidTests.checkStepIsStuck(GradientWithFlippedSign.self) },
    PlantedCheck("logLoss catches a sum where the mean belongs") {
      StepVsSigmoidTests.checkLogLoss(LogLossSummed.self)
    },
    PlantedCheck("logLoss catches a probability without the bias") {
      StepVsSigmoidTests.checkLogLoss(ProbabilityWithoutBias.self)
    },
    PlantedCheck("logLoss catches ln ŷ and ln(1 − ŷ) swapped") {
      StepVsSigmoidTests.checkLogLoss(LogLossWithSwappedLogs.self)
    },
    PlantedCheck("logLoss catches a loss in base 10") {
      StepVsSigmoidTests.checkLogLoss(LogLossInBaseTen.self)
    },
    PlantedCheck("the confident-score test catches −ln(1 − σ(z)) as written, +∞ at z = 40") {
      StepVsSigmoidTests.checkConfidentLogLoss(LogLossAsWritten.self)
    },
    PlantedCheck("the confident-score test catches probabilities clamped to [1e−15, 1 − 1e−15]") {
      StepVsSigmoidTests.checkConfidentLogLoss(LogLossClamped.self)
    },
    PlantedCheck("update catches a flipped sign, w − α(y − ŷ)x") {
      StepVsSigmoidTests.checkUpdate(UpdateWithFlippedSign.self)
    },
    PlantedCheck(
      "update catches the squared-error step α(y − ŷ)σ′(z)x in place of the log-loss step"
    ) { StepVsSigmoidTests.checkUpdate(UpdateWithSquaredErrorStep.self) },
    PlantedCheck("update catches an update that forgets the bias") {
      StepVsSigmoidTests.checkUpdate(UpdateForgettingBias.self)
    },
    PlantedCheck("update catches the perceptron's class in place of the probability ŷ") {
      StepVsSigmoidTests.checkUpdate(UpdateWithClassPrediction.self)
    },
    PlantedCheck("training catches a train built on the flipped-sign update") {
      StepVsSigmoidTests.checkTraining(UpdateWithFlippedSign.self)
    },
    PlantedCheck("training catches losses that leave out the starting loss") {
      StepVsSigmoidTests.checkTraining(TrainingWithoutStartingLoss.self)
    },
    PlantedCheck("training catches rows visited from last to first") {
      StepVsSigmoidTests.checkTraining(TrainingInReverseOrder.self)
    },
    PlantedCheck("training catches one batch step per epoch in place of an update per row") {
      StepVsSigmoidTests.checkTraining(TrainingWithBatchSteps.self)
    },
    PlantedCheck("the accuracy test catches an accuracy that counts the mistakes") {
      StepVsSigmoidTests.checkAccuracy(AccuracyCountingMistakes.self)
    },
    PlantedCheck("the accuracy test catches σ(z) > ½, which puts z = 0 in class 0") {
      StepVsSigmoidTests.checkAccuracy(AccuracyWithStrictInequality.self)
    },
  ]
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

/// The ±1 convention: −1 for negative inputs.
private enum StepWithMinusOne: PlantedBug {
  static func step(_ x: Double) -> Double {
    x >= 0 ? 1 : -1
  }
}

/// +∞ at the jump, as if the step's slope there were a spike.
private enum StepDerivativeInfiniteAtZero: PlantedBug {
  static func stepDerivative(_ x: Double) -> Double {
    x == 0 ? .infinity : 0
  }
}

/// 1 − σ(−x) for negative x: never overflows, but cancels to 0 in the tail.
private enum SigmoidByComplement: PlantedBug {
  static func sigmoid(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + exp(-x)) : 1 - 1 / (1 + exp(x))
  }
}

/// ½(1 + tanh(x/2)): never overflows, but 1 + tanh cancels for negative x.
private enum SigmoidFromTanh: PlantedBug {
  static func sigmoid(_ x: Double) -> Double {
    0.5 * (1 + tanh(x / 2))
  }
}

/// A right sigmoid: 1 / (1 + e^(−x)) for every x, which gives 1/(1 + ∞) = 0 far left.
private enum TextbookSigmoid: PlantedBug {
  static func sigmoid(_ x: Double) -> Double {
    1 / (1 + exp(-x))
  }
}

/// e^(−x) / (1 + e^(−x))²: right in the middle, ∞/∞ = NaN below x ≈ −709.
private enum DerivativeFromExponentials: PlantedBug {
  static func sigmoidDerivative(_ x: Double) -> Double {
    let e = exp(-x)
    return e / ((1 + e) * (1 + e))
  }
}

/// A right derivative: s·(1 − s), which is 0 once σ rounds to 1.
private enum DerivativeAsOneMinusS: PlantedBug {
  static func sigmoidDerivative(_ x: Double) -> Double {
    let s = sigmoid(x)
    return s * (1 - s)
  }
}

/// Adds the squared residuals and halves them, without dividing by n.
private enum SquaredErrorSummed: PlantedBug {
  static func squaredError(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double
  ) -> Double {
    reference.squaredError(of: unit, on: data, activation: activation) * Double(data.count)
  }
}

/// 1/n Σ (y − f)², without the ½.
private enum SquaredErrorWithoutHalf: PlantedBug {
  static func squaredError(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double
  ) -> Double {
    2 * reference.squaredError(of: unit, on: data, activation: activation)
  }
}

/// Uses the sigmoid whatever activation it is given.
private enum SquaredErrorIgnoringActivation: PlantedBug {
  static func squaredError(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double
  ) -> Double {
    reference.squaredError(of: unit, on: data, activation: reference.sigmoid)
  }
}

/// The squared error's gradient summed over the points, without 1/n.
private enum GradientWithoutMean: PlantedBug {
  static func squaredErrorGradient(
    of unit: LogisticUnit,
    on data: Dataset,
    activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double) {
    let gradient = reference.squaredErrorGradient(
      of: unit, on: data, activation: activation, derivative: derivative)
    let n = Double(data.count)
    return (gradient.weights.map { $0 * n }, gradient.bias * n)
  }
}

/// Uses σ′ whatever derivative it is given.
private enum GradientIgnoringDerivative: PlantedBug {
  static func squaredErrorGradient(
    of unit: LogisticUnit,
    on data: Dataset,
    activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double) {
    reference.squaredErrorGradient(
      of: unit, on: data, activation: activation, derivative: reference.sigmoidDerivative)
  }
}

/// −ln ŷ for label 1, −ln(1 − ŷ) for label 0, as written: −ln 0 = +∞ once σ rounds to 0 or 1.
private enum LogLossAsWritten: PlantedBug {
  static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    let costs = (0..<data.count).map { i in
      let p = probability(data.inputs.row(i), unit: unit)
      return data.labels[i] == 1 ? -log(p) : -log(1 - p)
    }
    return costs.reduce(0, +) / Double(data.count)
  }
}

/// ŷ clamped to [1e−15, 1 − 1e−15] before the logarithms: no +∞, but every cost capped.
private enum LogLossClamped: PlantedBug {
  static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    let costs = (0..<data.count).map { i in
      let p = min(max(probability(data.inputs.row(i), unit: unit), 1e-15), 1 - 1e-15)
      return data.labels[i] == 1 ? -log(p) : -log(1 - p)
    }
    return costs.reduce(0, +) / Double(data.count)
  }
}

/// −ln(1 − ŷ) for label 1 and −ln ŷ for label 0.
private enum LogLossWithSwappedLogs: PlantedBug {
  static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    let costs = (0..<data.count).map { i in
      let p = probability(data.inputs.row(i), unit: unit)
      return data.labels[i] == 1 ? -log(1 - p) : -log(p)
    }
    return costs.reduce(0, +) / Double(data.count)
  }
}

/// The log-loss with log10 in place of ln.
private enum LogLossInBaseTen: PlantedBug {
  static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    reference.logLoss(of: unit, on: data) / log(10)
  }
}

/// Moves the weights but never the bias.
private enum UpdateForgettingBias: PlantedBug {
  static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit {
    let moved = reference.update(unit, with: x, label: label, learningRate: learningRate)
    return LogisticUnit(weights: moved.weights, bias: unit.bias)
  }
}

/// The perceptron trick: step(z), a class, where the probability σ(z) belongs.
private enum UpdateWithClassPrediction: PlantedBug {
  static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit {
    let predicted = step(dot(unit.weights, x) + unit.bias)
    let e = learningRate * (Double(label) - predicted)
    return LogisticUnit(
      weights: zip(unit.weights, x).map { w, xi in w + e * xi }, bias: unit.bias + e)
  }
}

/// Visits the rows from the last to the first.
private enum TrainingInReverseOrder: PlantedBug {
  static func train(
    on data: Dataset, from initial: LogisticUnit, learningRate: Double, epochs: Int
  ) -> (unit: LogisticUnit, losses: [Double]) {
    var unit = initial
    var losses = [logLoss(of: unit, on: data)]
    for _ in 0..<epochs {
      for i in (0..<data.count).reversed() {
        unit = update(
          unit, with: data.inputs.row(i), label: data.labels[i], learningRate: learningRate)
      }
      losses.append(logLoss(of: unit, on: data))
    }
    return (unit, losses)
  }
}

/// One step per epoch along the mean of the rows' steps: batch gradient descent.
private enum TrainingWithBatchSteps: PlantedBug {
  static func train(
    on data: Dataset, from initial: LogisticUnit, learningRate: Double, epochs: Int
  ) -> (unit: LogisticUnit, losses: [Double]) {
    var unit = initial
    var losses = [logLoss(of: unit, on: data)]
    for _ in 0..<epochs {
      var step = Array(repeating: 0.0, count: unit.weights.count + 1)
      for i in 0..<data.count {
        let x = data.inputs.row(i)
        let e = Double(data.labels[i]) - probability(x, unit: unit)
        step = zip(step, x + [1]).map { s, xi in s + e * xi }
      }
      let scale = learningRate / Double(data.count)
      unit = LogisticUnit(
        weights: zip(unit.weights, step).map { w, s in w + scale * s },
        bias: unit.bias + scale * step[step.count - 1])
      losses.append(logLoss(of: unit, on: data))
    }
    return (unit, losses)
  }
}

/// Classifies with σ(z) > ½, so a score of exactly 0 is class 0.
private enum AccuracyWithStrictInequality: PlantedBug {
  static func accuracy(of unit: LogisticUnit, on data: Dataset) -> Double {
    let correct = (0..<data.count).filter { i in
      (probability(data.inputs.row(i), unit: unit) > 0.5 ? 1 : 0) == data.labels[i]
    }.count
    return Double(correct) / Double(data.count)
  }
}
