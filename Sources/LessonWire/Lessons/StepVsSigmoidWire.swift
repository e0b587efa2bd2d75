import GradKit

extension StepVsSigmoidLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      server.add("step(_:)") { (x: Double) in step(x) }
      server.add("stepDerivative(_:)") { (x: Double) in stepDerivative(x) }
      server.add("sigmoid(_:)") { (x: Double) in sigmoid(x) }
      server.add("sigmoidDerivative(_:)") { (x: Double) in sigmoidDerivative(x) }
      server.add("squaredError(of:on:activation:)") {
        (unit: LogisticUnit, data: Dataset, activation: Callback<Double, Double>) in
        squaredError(of: unit, on: data, activation: activation.function)
      }
      server.add("squaredErrorGradient(of:on:activation:derivative:)") {
        (
          unit: LogisticUnit, data: Dataset, activation: Callback<Double, Double>,
          derivative: Callback<Double, Double>
        ) in
        let gradient = squaredErrorGradient(
          of: unit, on: data, activation: activation.function,
          derivative: derivative.function)
        return Pair(gradient.weights, gradient.bias)
      }
      server.add("probability(_:unit:)") { (x: [Double], unit: LogisticUnit) in
        probability(x, unit: unit)
      }
      server.add("logLoss(of:on:)") { (unit: LogisticUnit, data: Dataset) in
        logLoss(of: unit, on: data)
      }
      server.add("update(_:with:label:learningRate:)") {
        (unit: LogisticUnit, x: [Double], label: Int, rate: Double) in
        update(unit, with: x, label: label, learningRate: rate)
      }
      server.add("train(on:from:learningRate:epochs:)") {
        (data: Dataset, initial: LogisticUnit, rate: Double, epochs: Int) in
        let trained = train(on: data, from: initial, learningRate: rate, epochs: epochs)
        return Pair(trained.unit, trained.losses)
      }
      server.add("accuracy(of:on:)") { (unit: LogisticUnit, data: Dataset) in
        accuracy(of: unit, on: data)
      }
    }
  }
}

/// Module 02 as another process computes it, called over the pipe.
public enum RemoteStepVsSigmoid<Side: LinkSide>: StepVsSigmoidLesson {
  static var link: LearnerLink { Side.link(for: "02-StepVsSigmoid") }

  public static func step(_ x: Double) -> Double {
    link.call("step(_:)", x)
  }

  public static func stepDerivative(_ x: Double) -> Double {
    link.call("stepDerivative(_:)", x)
  }

  public static func sigmoid(_ x: Double) -> Double {
    link.call("sigmoid(_:)", x)
  }

  public static func sigmoidDerivative(_ x: Double) -> Double {
    link.call("sigmoidDerivative(_:)", x)
  }

  public static func squaredError(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double
  ) -> Double {
    withoutActuallyEscaping(activation) { activation in
      link.call(
        "squaredError(of:on:activation:)", unit, data, Callback<Double, Double>(slot: 0),
        callbacks: [ClientCallback(activation)])
    }
  }

  public static func squaredErrorGradient(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double) {
    withoutActuallyEscaping(activation) { activation in
      withoutActuallyEscaping(derivative) { derivative in
        let gradient: Pair<[Double], Double> = link.call(
          "squaredErrorGradient(of:on:activation:derivative:)", unit, data,
          Callback<Double, Double>(slot: 0), Callback<Double, Double>(slot: 1),
          callbacks: [ClientCallback(activation), ClientCallback(derivative)])
        return (gradient.first, gradient.second)
      }
    }
  }

  public static func probability(_ x: [Double], unit: LogisticUnit) -> Double {
    link.call("probability(_:unit:)", x, unit)
  }

  public static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    link.call("logLoss(of:on:)", unit, data)
  }

  public static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit {
    link.call("update(_:with:label:learningRate:)", unit, x, label, learningRate)
  }

  public static func train(
    on data: Dataset, from initial: LogisticUnit, learningRate: Double, epochs: Int
  ) -> (unit: LogisticUnit, losses: [Double]) {
    let trained: Pair<LogisticUnit, [Double]> = link.call(
      "train(on:from:learningRate:epochs:)", data, initial, learningRate, epochs)
    return (trained.first, trained.second)
  }

  public static func accuracy(of unit: LogisticUnit, on data: Dataset) -> Double {
    link.call("accuracy(of:on:)", unit, data)
  }
}
