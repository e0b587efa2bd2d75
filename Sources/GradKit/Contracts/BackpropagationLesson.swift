/// A scalar node of a computation graph: a value, its gradient, and the way back.
///
///     forward:   every operation makes a new node and remembers the nodes it read
///     backward:  child.grad += (local derivative) · node.grad, for every node after all its users
///
/// Module 06's `Value` class conforms. The graded tests are written once against this
/// protocol, so the same tests grade the learner's `Value` and the reference. `grad` is the
/// derivative of the formula the graph computes; it matches centered differences to about
/// 1e-7 relative wherever the formula is smooth.
public protocol AutodiffValue: AnyObject {
  /// A leaf (an input or a constant) holding `data`, with gradient 0.
  init(_ data: Double)

  /// The number the forward pass computed.
  var data: Double { get }

  /// The derivative of the node `backward()` was called on with respect to this node;
  /// 0 until then.
  var grad: Double { get }

  /// The sum of two nodes.
  ///
  ///     y = a + b,   ∂y/∂a = 1,   ∂y/∂b = 1
  ///
  /// `a + a` is legal: a node may be used twice, and then both contributions add up.
  static func + (a: Self, b: Self) -> Self

  /// The product of two nodes.
  ///
  ///     y = a·b,   ∂y/∂a = b,   ∂y/∂b = a
  ///
  /// Each input's local gradient is the other input's forward value, cached in the graph.
  static func * (a: Self, b: Self) -> Self

  /// This node raised to a constant power.
  ///
  ///     y = xᵖ,   ∂y/∂x = p·xᵖ⁻¹
  ///
  /// For a whole-number p the base may be negative ((−2)³ = −8, slope 12); for any other p
  /// a negative base gives NaN, as Foundation's `pow` does.
  func pow(_ exponent: Double) -> Self

  /// The exponential of this node.
  ///
  ///     y = eˣ,   ∂y/∂x = eˣ = y
  ///
  /// Keep x below about 709.78: above it eˣ overflows to +∞ in Double.
  func exp() -> Self

  /// The natural logarithm of this node.
  ///
  ///     y = ln x,   ∂y/∂x = 1/x
  ///
  /// Defined for x > 0: ln 0 is −∞ and a negative x gives NaN.
  func log() -> Self

  /// The hyperbolic tangent of this node.
  ///
  ///     y = tanh x,   ∂y/∂x = 1 − y²
  ///
  /// Saturates, never NaN: for |x| above about 19.1, y is ±1 in Double and the slope 1 − y²
  /// is 0, however large |x| (formulas built from eˣ give ∞/∞ there).
  func tanh() -> Self

  /// The rectified linear unit of this node.
  ///
  ///     y = max(0, x),   ∂y/∂x = 1 if x > 0, else 0
  ///
  /// Not differentiable at 0; the slope there is taken to be 0.
  func relu() -> Self

  /// Fills in `grad` on this node and on every node it was computed from.
  ///
  ///     grad(self) = 1
  ///     for each node n, once every node that uses n is done:  grad(child) += local · grad(n)
  ///
  /// The nodes run in reverse topological order. Gradients add up, so call `zeroGrad()`
  /// before a second `backward()` on a graph that already holds gradients.
  func backward()

  /// Sets `grad` to 0 on this node and on every node it was computed from.
  ///
  ///     grad(n) = 0 for every n that backward() would visit
  func zeroGrad()
}

// The remaining operations are built from the ones above, as micrograd builds them, so
// every `Value` gets them and their gradients for free.
extension AutodiffValue {
  /// The negation of a node: `a · (−1)`.
  public static prefix func - (a: Self) -> Self {
    a * Self(-1)
  }

  /// The difference of two nodes: `a + (−b)`.
  public static func - (a: Self, b: Self) -> Self {
    a + (-b)
  }

  /// The quotient of two nodes: `a · b⁻¹`.
  ///
  ///     ∂(a/b)/∂a = 1/b,   ∂(a/b)/∂b = −a/b²
  ///
  /// Rounds differently from `a.data / b.data` by an ulp or so: 1/b is rounded first.
  public static func / (a: Self, b: Self) -> Self {
    a * b.pow(-1)
  }

  /// This node raised to a whole-number power; the base may be negative.
  ///
  ///     y = xⁿ,   ∂y/∂x = n·xⁿ⁻¹
  public func pow(_ exponent: Int) -> Self {
    pow(Double(exponent))
  }

  /// A node plus a constant.
  public static func + (a: Self, b: Double) -> Self { a + Self(b) }
  /// A constant plus a node.
  public static func + (a: Double, b: Self) -> Self { Self(a) + b }
  /// A node minus a constant.
  public static func - (a: Self, b: Double) -> Self { a - Self(b) }
  /// A constant minus a node.
  public static func - (a: Double, b: Self) -> Self { Self(a) - b }
  /// A node times a constant.
  public static func * (a: Self, b: Double) -> Self { a * Self(b) }
  /// A constant times a node.
  public static func * (a: Double, b: Self) -> Self { Self(a) * b }
  /// A node divided by a constant.
  public static func / (a: Self, b: Double) -> Self { a / Self(b) }
  /// A constant divided by a node.
  public static func / (a: Double, b: Self) -> Self { Self(a) / b }
}

/// The forward value of a sigmoid neuron and its gradient with respect to every weight and input.
///
///     f(w, x) = σ(w₀x₀ + … + wₙ₋₁xₙ₋₁ + wₙ),   σ(z) = 1 / (1 + e^(−z))
///
/// The last weight wₙ is the bias, so `weightGradient` has one entry more than `inputGradient`.
public struct NeuronGradients: Equatable, Sendable, CustomStringConvertible {
  /// f(w, x), the neuron's output.
  public var output: Double
  /// ∂f/∂wᵢ for every weight, the bias last.
  public var weightGradient: [Double]
  /// ∂f/∂xᵢ for every input.
  public var inputGradient: [Double]

  public init(output: Double, weightGradient: [Double], inputGradient: [Double]) {
    self.output = output
    self.weightGradient = weightGradient
    self.inputGradient = inputGradient
  }

  /// The result as `output 0.73, ∂f/∂w [...], ∂f/∂x [...]`.
  public var description: String {
    "output \(output), ∂f/∂w \(weightGradient), ∂f/∂x \(inputGradient)"
  }
}

/// A two-layer network whose weights stay fixed while backpropagation adjusts its input.
///
///     f(x) = relu(x·W₁ + b₁)·W₂ + b₂
///     x: N×D (one input per row),  W₁: D×H,  b₁: 1×H,  W₂: H×C,  b₂: 1×C,  f(x): N×C
public struct FrozenNetwork: Equatable, Sendable, CustomStringConvertible {
  /// W₁, D×H: column j holds the weights of hidden unit j.
  public var hiddenWeights: Matrix
  /// b₁, 1×H.
  public var hiddenBias: Matrix
  /// W₂, H×C.
  public var outputWeights: Matrix
  /// b₂, 1×C.
  public var outputBias: Matrix

  /// A network from its four parameters; the shapes must fit together.
  public init(hiddenWeights: Matrix, hiddenBias: Matrix, outputWeights: Matrix, outputBias: Matrix)
  {
    require(
      hiddenBias.rows == 1 && hiddenBias.columns == hiddenWeights.columns,
      "b₁ needs shape 1×\(hiddenWeights.columns) for W₁ \(hiddenWeights.shapeDescription), "
        + "got \(hiddenBias.shapeDescription)")
    require(
      outputWeights.rows == hiddenWeights.columns,
      "W₂ needs \(hiddenWeights.columns) rows for W₁ \(hiddenWeights.shapeDescription), "
        + "got \(outputWeights.shapeDescription)")
    require(
      outputBias.rows == 1 && outputBias.columns == outputWeights.columns,
      "b₂ needs shape 1×\(outputWeights.columns) for W₂ \(outputWeights.shapeDescription), "
        + "got \(outputBias.shapeDescription)")
    self.hiddenWeights = hiddenWeights
    self.hiddenBias = hiddenBias
    self.outputWeights = outputWeights
    self.outputBias = outputBias
  }

  /// The shapes as `2 → 8 → 2`: inputs, hidden units, outputs.
  public var description: String {
    "\(hiddenWeights.rows) → \(hiddenWeights.columns) → \(outputWeights.columns) network"
  }
}

/// Module 06: backpropagation, from single gates to a scalar autodiff engine, matrix layers,
/// and gradient descent on a network's input.
///
/// Conventions: a gate's backward pass receives the upstream gradient ∂L/∂(output) and
/// returns ∂L/∂(each input) = local gradient × upstream gradient. Matrices hold one
/// example per row; a bias is a 1×H row added to every row.
public protocol BackpropagationLesson {
  /// The scalar autodiff node of this implementation: the module's `Value` class.
  associatedtype Node: AutodiffValue

  /// The add gate's forward pass.
  ///
  ///     f = x + y
  static func add(_ x: Double, _ y: Double) -> Double

  /// The add gate's backward pass: it hands the upstream gradient to both inputs.
  ///
  ///     ∂L/∂x = 1 · upstream,   ∂L/∂y = 1 · upstream
  static func addBackward(upstream: Double) -> (dx: Double, dy: Double)

  /// The multiply gate's forward pass.
  ///
  ///     f = x · y
  static func multiply(_ x: Double, _ y: Double) -> Double

  /// The multiply gate's backward pass: each input gets the other input times upstream.
  ///
  ///     ∂L/∂x = y · upstream,   ∂L/∂y = x · upstream
  ///
  /// `x` and `y` are the forward pass's inputs, cached for this moment.
  static func multiplyBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double)

  /// The max gate's forward pass.
  ///
  ///     f = max(x, y)
  static func maximum(_ x: Double, _ y: Double) -> Double

  /// The max gate's backward pass: the whole upstream gradient goes to the larger input.
  ///
  ///     (∂L/∂x, ∂L/∂y) = (upstream, 0) if x ≥ y, else (0, upstream)
  ///
  /// At a tie (x = y, a kink) everything goes to `x`.
  static func maximumBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double)

  /// The sigmoid gate's forward pass.
  ///
  ///     σ(x) = 1 / (1 + e^(−x))
  ///
  /// Never NaN for a number x: below about −709.78 e^(−x) overflows to +∞ and σ(x) is 0;
  /// far above 0 it is 1 (e^x / (1 + e^x) would be ∞/∞ there).
  static func sigmoid(_ x: Double) -> Double

  /// The sigmoid gate's backward pass, from the forward pass's cached output σ = σ(x).
  ///
  ///     ∂L/∂x = σ(1 − σ) · upstream
  static func sigmoidBackward(output: Double, upstream: Double) -> Double

  /// A sigmoid neuron, forward and backward. The lesson stages it gate by gate; a closed form
  /// that gives the same numbers is just as right.
  ///
  ///     f(w, x) = σ(w₀x₀ + … + wₙ₋₁xₙ₋₁ + wₙ)
  ///     ∂f/∂wᵢ = σ(1 − σ)·xᵢ,   ∂f/∂wₙ = σ(1 − σ),   ∂f/∂xᵢ = σ(1 − σ)·wᵢ
  ///
  /// `weights.count == inputs.count + 1`; the last weight is the bias. At
  /// w = (2, −3, −3), x = (−1, −2) the output is σ(1) ≈ 0.73.
  static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients

  /// A linear layer's forward pass.
  ///
  ///     y = x·W + b        x: N×D,  W: D×H,  b: 1×H (added to every row),  y: N×H
  static func linearForward(_ x: Matrix, weights: Matrix, bias: Matrix) -> Matrix

  /// A linear layer's backward pass, from the upstream gradient G = ∂L/∂y (N×H).
  ///
  ///     dx = G·Wᵀ (N×D),   dW = xᵀ·G (D×H),   db = Σ over rows of G (1×H)
  ///
  /// `x` and `weights` are the forward pass's inputs. The bias is added to every row, so
  /// its gradient sums every row's contribution.
  static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix)

  /// A ReLU layer's forward pass, element by element.
  ///
  ///     y = max(0, x)
  static func reluForward(_ x: Matrix) -> Matrix

  /// A ReLU layer's backward pass: the upstream gradient where the input was positive, else 0.
  ///
  ///     dx = G .* [x > 0]
  ///
  /// `x` is the forward pass's input, same shape as `upstream`. At x = 0 the gradient is 0.
  static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix

  /// How far a network's output at `x` is from `target`, and the gradient with respect to
  /// the input `x` (the weights are frozen).
  ///
  ///     L(x) = ½ ‖f(x) − target‖² = ½ Σᵢⱼ (f(x)ᵢⱼ − targetᵢⱼ)²
  ///     ∂L/∂x by backpropagation through f: the gradient at f(x) is f(x) − target
  ///
  /// `x` is N×D and `target` N×C. The ReLU has kinks, so the gradient is exact only away
  /// from points where a hidden unit's input is 0.
  static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix)

  /// An input whose network output matches `target`, found by gradient descent on the input.
  ///
  ///     x ← start;  repeat steps times:  x ← x − α · ∂L/∂x
  ///
  /// α is `learningRate`; L is ``reconstructionLoss(_:network:target:)``, its gradient taken
  /// afresh at each new x. Backpropagation used for inference rather than training: the
  /// weights never change, and exactly `steps` steps are made.
  static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix
}
