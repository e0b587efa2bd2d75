import GradKit

public enum StepVsSigmoid: StepVsSigmoidLesson {
  public static func step(_ x: Double) -> Double {
    // TODO: Return 1 when x is zero or more, 0 when it is negative.
    unimplemented()
  }

  public static func stepDerivative(_ x: Double) -> Double {
    // TODO: Return the slope of the step at x (take 0 at the jump, x = 0).
    unimplemented()
  }

  public static func sigmoid(_ x: Double) -> Double {
    // TODO: Return σ(x) = 1 / (1 + e^(−x)), finite for every finite x, ±1000 included, and
    // accurate where it is tiny: σ(−40) ≈ 4.25e−18.
    unimplemented()
  }

  public static func sigmoidDerivative(_ x: Double) -> Double {
    // TODO: Return the derivative of the sigmoid at x.
    unimplemented()
  }

  public static func squaredError(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double
  ) -> Double {
    // TODO: Return the mean squared error 1/(2n) · Σ (y − activation(w·x + b))² over the
    // points of data.
    unimplemented()
  }

  public static func squaredErrorGradient(
    of unit: LogisticUnit,
    on data: Dataset,
    activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double) {
    // TODO: Return the gradient of squaredError with respect to the weights and the bias,
    // using derivative as the slope of activation.
    unimplemented()
  }

  public static func probability(_ x: [Double], unit: LogisticUnit) -> Double {
    // TODO: Return the probability σ(w·x + b) that x belongs to class 1.
    unimplemented()
  }

  public static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    // TODO: Return the mean log-loss of the unit's probabilities on the points of data,
    // finite for every finite score (z = 40 labelled 0 costs 40).
    unimplemented()
  }

  public static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit {
    // TODO: Return the unit after one gradient-descent step on the log-loss of the point x
    // with this label.
    unimplemented()
  }

  public static func train(
    on data: Dataset, from initial: LogisticUnit, learningRate: Double, epochs: Int
  ) -> (unit: LogisticUnit, losses: [Double]) {
    // TODO: Return the unit after `epochs` passes of update over every point of data, in
    // order, and the log-loss before the first pass and after each pass.
    unimplemented()
  }

  public static func accuracy(of unit: LogisticUnit, on data: Dataset) -> Double {
    // TODO: Return the fraction of the points of data that the unit classifies correctly.
    unimplemented()
  }
}
