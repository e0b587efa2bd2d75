import Foundation
import GradKit

public enum StepVsSigmoid: StepVsSigmoidLesson {
  public static func step(_ x: Double) -> Double {
    // The same convention as module 01: a point on the boundary counts as class 1.
    x >= 0 ? 1 : 0
  }

  public static func stepDerivative(_ x: Double) -> Double {
    // Flat on both sides of the jump, so the slope is 0 wherever it exists. At 0 itself the
    // step has no slope at all; 0 is the usual stand-in. This one line is the whole reason
    // gradient descent cannot train a step unit: every gradient it takes part in is 0.
    0
  }

  public static func sigmoid(_ x: Double) -> Double {
    // Only ever raise e to a power ≤ 0, so the exponential lies in (0, 1] and cannot overflow.
    // For x ≥ 0 that is the textbook 1 / (1 + e^(−x)); for x < 0 multiply top and bottom by
    // e^x to get e^x / (1 + e^x). At x = 1000 the first gives 1 / (1 + 0) = 1 and at
    // x = −1000 the second gives 0 / (1 + 0) = 0: both are the correctly rounded answers.
    if x >= 0 {
      return 1 / (1 + exp(-x))
    }
    let e = exp(x)
    return e / (1 + e)
  }

  public static func sigmoidDerivative(_ x: Double) -> Double {
    // σ′ = σ·(1 − σ), and 1 − σ(x) is σ(−x). Writing it as σ(−x) keeps the tiny slopes of the
    // tails: σ(40) rounds to exactly 1, so 1 − σ(40) is 0, while σ(−40) ≈ 4.2e−18 is right.
    // `s * (1 - s)` is also accepted; it differs only where the slope is below 1e−15 or so.
    sigmoid(x) * sigmoid(-x)
  }

  public static func squaredError(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double
  ) -> Double {
    var total = 0.0
    for i in 0..<data.count {
      let z = dot(unit.weights, data.inputs.row(i)) + unit.bias
      let residual = Double(data.labels[i]) - activation(z)
      total += residual * residual
    }
    // The ½ makes the 2 from differentiating the square cancel.
    return total / (2 * Double(data.count))
  }

  public static func squaredErrorGradient(
    of unit: LogisticUnit,
    on data: Dataset,
    activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double) {
    // Chain rule through ½(y − f(z))²: the square gives −(y − f(z)), the activation gives
    // f′(z), and z = w·x + b gives x for the weights and 1 for the bias.
    var dW = Array(repeating: 0.0, count: unit.weights.count)
    var db = 0.0
    for i in 0..<data.count {
      let x = data.inputs.row(i)
      let z = dot(unit.weights, x) + unit.bias
      // With the step this factor is always 0: the error surface is flat, whatever the residual.
      let signal = (Double(data.labels[i]) - activation(z)) * derivative(z)
      for j in dW.indices {
        dW[j] -= signal * x[j]
      }
      db -= signal
    }
    let n = Double(data.count)
    return (dW.map { $0 / n }, db / n)
  }

  public static func probability(_ x: [Double], unit: LogisticUnit) -> Double {
    sigmoid(dot(unit.weights, x) + unit.bias)
  }

  public static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double {
    // −ln σ(z) = ln(1 + e^(−z)) and −ln(1 − σ(z)) = ln(1 + e^z), so each point costs
    // softplus(−z) if its label is 1 and softplus(z) if it is 0. Computing ln σ directly
    // breaks once σ rounds to 0 or 1: ln 0 = −∞ for a confident mistake whose true cost is ≈ |z|.
    var total = 0.0
    for i in 0..<data.count {
      let z = dot(unit.weights, data.inputs.row(i)) + unit.bias
      total += data.labels[i] == 1 ? softplus(-z) : softplus(z)
    }
    return total / Double(data.count)
  }

  public static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit {
    // For one point, ∂L/∂z = ŷ − y: the σ′ from the chain rule cancels against the 1/(ŷ(1 − ŷ))
    // from differentiating the logarithms. Stepping against the gradient adds α·(y − ŷ)·x.
    // The perceptron trick is the same formula with the step's 0/1 in place of ŷ.
    let scaledError = learningRate * (Double(label) - probability(x, unit: unit))
    return LogisticUnit(
      weights: zip(unit.weights, x).map { weight, input in weight + scaledError * input },
      bias: unit.bias + scaledError)
  }

  public static func train(
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

  public static func accuracy(of unit: LogisticUnit, on data: Dataset) -> Double {
    // σ(z) ≥ 0.5 exactly when z ≥ 0, so the decision needs no exponential.
    let correct = (0..<data.count).filter { i in
      let z = dot(unit.weights, data.inputs.row(i)) + unit.bias
      return (z >= 0 ? 1 : 0) == data.labels[i]
    }.count
    return Double(correct) / Double(data.count)
  }

  /// ln(1 + e^t) without overflow: max(t, 0) + ln(1 + e^(−|t|)).
  private static func softplus(_ t: Double) -> Double {
    max(t, 0) + log1p(exp(-abs(t)))
  }
}
