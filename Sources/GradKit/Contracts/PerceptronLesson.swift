/// A single perceptron: one weight per input and a bias.
///
///     score(x) = w·x + b = w₁x₁ + … + wₙxₙ + b
///
/// The points where the score is 0 form the decision boundary: a line when
/// there are two inputs. `weights` points to the side where the score is
/// positive, the side the perceptron labels 1.
public struct PerceptronUnit: Equatable, Sendable, CustomStringConvertible {
  /// One weight per input, `w`.
  public var weights: [Double]
  /// The bias, `b`: moves the boundary without turning it.
  public var bias: Double

  public init(weights: [Double], bias: Double) {
    self.weights = weights
    self.bias = bias
  }

  /// A unit whose weights and bias are all zero.
  ///
  /// Its score is 0 everywhere, so it labels every point 1 until it is trained.
  public static func zeros(inputCount: Int) -> PerceptronUnit {
    PerceptronUnit(weights: Array(repeating: 0, count: inputCount), bias: 0)
  }

  /// A unit whose weights and bias are drawn uniformly from `range`.
  ///
  ///     wᵢ, b ~ U(range), drawn in the order w₁ … wₙ, b
  ///
  /// The same generator state always gives the same unit.
  public static func random(
    inputCount: Int,
    in range: ClosedRange<Double> = -1...1,
    using generator: inout SeededGenerator
  ) -> PerceptronUnit {
    var weights: [Double] = []
    for _ in 0..<inputCount {
      weights.append(generator.uniform(in: range))
    }
    return PerceptronUnit(weights: weights, bias: generator.uniform(in: range))
  }

  /// The unit as `w = [3.0, 4.0], b = -10.0`.
  public var description: String {
    "w = \(weights), b = \(bias)"
  }
}

/// Two layers of perceptrons: each hidden unit reads the input, the output unit
/// reads the hidden units' 0/1 outputs.
///
///     h_j = predict(x, hidden[j])        for j = 1 … hidden.count
///     y   = predict([h_1, …, h_k], output)
///
/// `output.weights.count` must equal `hidden.count`.
public struct PerceptronNetwork: Equatable, Sendable, CustomStringConvertible {
  /// The first layer: every unit sees the whole input.
  public var hidden: [PerceptronUnit]
  /// The second layer: one unit that sees the hidden layer's outputs.
  public var output: PerceptronUnit

  public init(hidden: [PerceptronUnit], output: PerceptronUnit) {
    self.hidden = hidden
    self.output = output
  }

  /// The network as `hidden [w = …, b = …; w = …, b = …] → output w = …, b = …`.
  public var description: String {
    "hidden [\(hidden.map(\.description).joined(separator: "; "))] → output \(output)"
  }
}

/// Module 01: the perceptron, the perceptron trick and algorithm, and logic gates.
///
/// Conventions: a point is a `[Double]` with one entry per input; a label is
/// the `Int` class 0 or 1; a ``Dataset`` holds one point per row of `inputs`.
/// The step function has no useful derivative, so nothing here has a gradient.
public protocol PerceptronLesson {
  /// The Heaviside step function.
  ///
  ///     step(x) = 1 if x ≥ 0, else 0
  ///
  /// `step(0)` is 1: a point exactly on the boundary counts as positive. The values are
  /// the classes 0 and 1, never −1.
  static func step(_ x: Double) -> Double

  /// The class a perceptron gives to the point `x`.
  ///
  ///     ŷ = step(w·x + b)
  ///
  /// `x.count` equals `unit.weights.count`. The score is compared with 0 as
  /// computed, with no tolerance: a score of −1e−15 is class 0. So a point on the line
  /// only up to rounding may land on either side.
  static func predict(_ x: [Double], unit: PerceptronUnit) -> Int

  /// One step of the perceptron trick for the point `x` with class `label`.
  ///
  ///     ŷ = 0, label 1 (false negative):  w ← w + α·x,  b ← b + α
  ///     ŷ = 1, label 0 (false positive):  w ← w − α·x,  b ← b − α
  ///     ŷ = label (correct):              unchanged
  ///
  /// Here α is `learningRate` and ŷ is ``predict(_:unit:)``'s class, so a point exactly on
  /// the line is class 1. Each update moves the boundary towards a misclassified point;
  /// in floating point it carries the rounding of α·x.
  static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit

  /// The perceptron algorithm: the trick applied to every point, epoch after epoch.
  ///
  ///     repeat epochs times:
  ///       for each row i of data.inputs, in order: unit ← update(unit, row i, label i)
  ///
  /// Starts from `initial` (zeros, or ``PerceptronUnit/random(inputCount:in:using:)``);
  /// with `epochs` = 0 it returns `initial`. Stopping early after an epoch without a
  /// mistake gives the same unit, since a correctly classified point changes nothing.
  static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit

  /// The fraction of the points of `data` that `unit` classifies correctly.
  ///
  ///     accuracy = #{ i : predict(row i) = label i } / data.count
  ///
  /// A number from 0 to 1; a point on the line is class 1, as in ``predict(_:unit:)``.
  static func accuracy(of unit: PerceptronUnit, on data: Dataset) -> Double

  /// A perceptron with two inputs that computes AND: 1 only for (1, 1).
  static var andGate: PerceptronUnit { get }

  /// A perceptron with two inputs that computes OR: 0 only for (0, 0).
  static var orGate: PerceptronUnit { get }

  /// A perceptron with one input that computes NOT: 1 for 0 and 0 for 1.
  static var notGate: PerceptronUnit { get }

  /// A two-layer network of perceptrons with two inputs that computes XOR:
  /// 1 for (0, 1) and (1, 0), 0 for (0, 0) and (1, 1).
  static var xorNetwork: PerceptronNetwork { get }

  /// The class a two-layer network gives to the point `x`.
  ///
  ///     h = [predict(x, hidden₁), …, predict(x, hiddenₖ)]   as Doubles
  ///     ŷ = predict(h, output)
  static func predict(_ x: [Double], network: PerceptronNetwork) -> Int
}
