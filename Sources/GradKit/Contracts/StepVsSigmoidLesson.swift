/// One weight per input and a bias: the parameters of logistic regression.
///
///     z = w·x + b = w₁x₁ + … + wₙxₙ + b,   ŷ = activation(z)
///
/// The same parameters as a perceptron; only the activation differs. With the step,
/// ŷ is a class, 0 or 1; with the sigmoid, ŷ is the probability of class 1.
public struct LogisticUnit: Equatable, Sendable, CustomStringConvertible {
  /// One weight per input, `w`.
  public var weights: [Double]
  /// The bias, `b`.
  public var bias: Double

  public init(weights: [Double], bias: Double) {
    self.weights = weights
    self.bias = bias
  }

  /// A unit whose weights and bias are all zero: it scores 0 everywhere, so σ gives 0.5.
  public static func zeros(inputCount: Int) -> LogisticUnit {
    LogisticUnit(weights: Array(repeating: 0, count: inputCount), bias: 0)
  }

  /// A unit whose weights and bias are drawn uniformly from `range`.
  ///
  ///     wᵢ, b ~ U(range), drawn in the order w₁ … wₙ, b
  public static func random(
    inputCount: Int,
    in range: ClosedRange<Double> = -1...1,
    using generator: inout SeededGenerator
  ) -> LogisticUnit {
    var weights: [Double] = []
    for _ in 0..<inputCount {
      weights.append(generator.uniform(in: range))
    }
    return LogisticUnit(weights: weights, bias: generator.uniform(in: range))
  }

  /// The unit as `w = [0.5, -1.0], b = 0.25`.
  public var description: String {
    "w = \(weights), b = \(bias)"
  }
}

/// Module 02: the step and the sigmoid, why gradient descent needs the sigmoid, and
/// logistic regression trained with the log-loss.
///
/// Conventions: a point is a `[Double]` with one entry per input; a label is the `Int`
/// class 0 or 1 and enters the formulas as y = 0 or 1; a ``Dataset`` holds one point per
/// row of `inputs`; losses are means over the points, never sums.
public protocol StepVsSigmoidLesson {
  /// The Heaviside step function, as in module 01.
  ///
  ///     step(x) = 1 if x ≥ 0, else 0
  ///
  /// `step(0)` is 1, and the values are 0 and 1, never −1.
  static func step(_ x: Double) -> Double

  /// The derivative of the step function.
  ///
  ///     step′(x) = 0 for every x ≠ 0
  ///
  /// At 0 the step jumps and has no derivative; return 0 there too, as libraries do
  /// (not ∞, not NaN).
  static func stepDerivative(_ x: Double) -> Double

  /// The logistic sigmoid.
  ///
  ///     σ(x) = 1 / (1 + e^(−x))
  ///
  /// Must be finite for every finite `x`, including ±1000, where e^(±x) overflows, with
  /// σ(+∞) = 1 and σ(−∞) = 0. Accurate to about 13 significant digits wherever σ(x) is a
  /// normal `Double` (above 2.2e−308), the tiny values of the left tail included:
  /// σ(−40) ≈ 4.25e−18, not 0, so a small σ must not come from 1 minus a number near 1.
  /// One way to get both: raise e only to a power ≤ 0, with e^x / (1 + e^x) for negative x.
  static func sigmoid(_ x: Double) -> Double

  /// The derivative of the sigmoid.
  ///
  ///     σ′(x) = σ(x) · (1 − σ(x))
  ///
  /// At most 0.25 (at x = 0); it vanishes far from 0, which is why a saturated unit learns slowly.
  /// Finite for every `x`, 0 at ±∞. Accurate to 1e−15 absolutely: σ(x)·(1 − σ(x)), which is
  /// 0 once σ(x) rounds to 1, is accurate enough.
  static func sigmoidDerivative(_ x: Double) -> Double

  /// The mean squared error of a unit with the given activation f.
  ///
  ///     E(w, b) = 1/(2n) · Σᵢ (yᵢ − f(w·xᵢ + b))²,   n = data.count
  ///
  /// f is `activation`, whichever function is passed (the tests pass your step and your
  /// sigmoid). With the step, E is half the fraction of points classified wrongly.
  static func squaredError(
    of unit: LogisticUnit, on data: Dataset, activation: (Double) -> Double
  ) -> Double

  /// The gradient of ``squaredError(of:on:activation:)``, given the activation f and its
  /// derivative f′.
  ///
  ///     zᵢ = w·xᵢ + b
  ///     ∂E/∂w = −1/n · Σᵢ (yᵢ − f(zᵢ)) · f′(zᵢ) · xᵢ
  ///     ∂E/∂b = −1/n · Σᵢ (yᵢ − f(zᵢ)) · f′(zᵢ)
  ///
  /// f′ is `derivative`, whichever function is passed: with the step it is
  /// ``stepDerivative(_:)``, so every term is 0. `weights` holds ∂E/∂w (one entry per
  /// weight) and `bias` holds ∂E/∂b. A step of gradient descent is w ← w − α·∂E/∂w,
  /// b ← b − α·∂E/∂b.
  static func squaredErrorGradient(
    of unit: LogisticUnit,
    on data: Dataset,
    activation: (Double) -> Double,
    derivative: (Double) -> Double
  ) -> (weights: [Double], bias: Double)

  /// The probability that `x` belongs to class 1 under logistic regression.
  ///
  ///     ŷ = σ(w·x + b)
  ///
  /// `x.count` equals `unit.weights.count`.
  static func probability(_ x: [Double], unit: LogisticUnit) -> Double

  /// The log-loss (binary cross-entropy) of a unit on a dataset.
  ///
  ///     L = −1/n · Σᵢ [ yᵢ · ln ŷᵢ + (1 − yᵢ) · ln(1 − ŷᵢ) ],   ŷᵢ = σ(w·xᵢ + b)
  ///
  /// ln 2 ≈ 0.693 for a unit that answers 0.5 everywhere. Must be finite for every finite
  /// score: in floating point 1 − ŷ rounds to 0 once z exceeds about 37, and e^z overflows
  /// past 709, so evaluate −ln ŷ = ln(1 + e^(−z)) and −ln(1 − ŷ) = ln(1 + e^z) without
  /// forming ŷ, and without clamping it. A point labelled 0 with z = 40 costs 40, not +∞;
  /// with z = 1000 it costs 1000.
  static func logLoss(of unit: LogisticUnit, on data: Dataset) -> Double

  /// One step of gradient descent on the log-loss of the single point `x` with class `label`.
  ///
  ///     ŷ = σ(w·x + b)
  ///     w ← w + α · (y − ŷ) · x
  ///     b ← b + α · (y − ŷ)
  ///
  /// Here α is `learningRate`. (y − ŷ)·x is minus the gradient of the point's log-loss:
  /// σ′ cancels, unlike in the squared error's gradient.
  static func update(
    _ unit: LogisticUnit, with x: [Double], label: Int, learningRate: Double
  ) -> LogisticUnit

  /// Logistic regression: ``update(_:with:label:learningRate:)`` on every point, epoch after
  /// epoch, recording the log-loss.
  ///
  ///     losses[0] = logLoss(initial)
  ///     repeat for k = 1 … epochs:
  ///       for each row i of data.inputs, in order: unit ← update(unit, row i, label i)
  ///       losses[k] = logLoss(unit)
  ///
  /// Returns the final unit and the `epochs + 1` losses.
  static func train(
    on data: Dataset, from initial: LogisticUnit, learningRate: Double, epochs: Int
  ) -> (unit: LogisticUnit, losses: [Double])

  /// The fraction of the points of `data` that the unit classifies correctly.
  ///
  ///     class of x = 1 if σ(w·x + b) ≥ 0.5 (that is, w·x + b ≥ 0), else 0
  ///     accuracy   = #{ i : class of row i = label i } / data.count
  static func accuracy(of unit: LogisticUnit, on data: Dataset) -> Double
}
