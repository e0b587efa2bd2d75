/// An update rule that moves parameters downhill from their gradient, keeping whatever
/// state it needs: one velocity, running sum or moment per parameter.
///
///     parameters ← parameters + Δ(gradient, state),   state updated on the way
///
/// The state starts at zero and is sized on the first step, so give an optimizer the same
/// number of parameters on every step. Each optimizer is a value: a copy carries its own
/// state from then on.
public protocol Optimizer {
  /// The step size α. Change it between steps to follow a learning-rate schedule.
  var learningRate: Double { get set }

  /// One update of `parameters`, from `gradient` = ∂L/∂parameters at the current parameters.
  ///
  /// `gradient.count == parameters.count`.
  mutating func step(_ parameters: inout [Double], gradient: [Double])
}

/// Module 07: momentum and its family of parameter updates, two test functions to run them
/// on, and learning-rate schedules.
///
/// Conventions: parameters and gradients are `[Double]` of the same length; every update
/// rule works coordinate by coordinate; α is the learning rate, μ the momentum; a fresh
/// optimizer's state is all zeros.
public protocol MomentumLesson {
  /// Vanilla gradient descent.
  ///
  ///     x ← x − α·dx
  static func makeSGD(learningRate: Double) -> any Optimizer

  /// Gradient descent with momentum: the gradient changes the velocity, the velocity the position.
  ///
  ///     v ← μ·v − α·dx
  ///     x ← x + v
  ///
  /// μ (`momentum`, often 0.9) is the fraction of the velocity kept from one step to the next.
  static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer

  /// Nesterov momentum in the form that needs only the gradient at the current parameters.
  ///
  ///     v_prev ← v
  ///     v ← μ·v − α·dx
  ///     x ← x − μ·v_prev + (1 + μ)·v
  ///
  /// Here x is the look-ahead point x + μv of ``nesterovLookAheadStep(_:velocity:learningRate:momentum:gradient:)``:
  /// the two forms follow one path up to that change of variables.
  static func makeNesterov(learningRate: Double, momentum: Double) -> any Optimizer

  /// One step of Nesterov momentum as first written: the gradient is taken at the look-ahead point.
  ///
  ///     x_ahead = x + μ·v
  ///     v ← μ·v − α·∇f(x_ahead)
  ///     x ← x + v
  ///
  /// `velocity` has one entry per parameter (start it at zeros); `gradient` computes ∇f at
  /// any point. It needs a gradient function, not a gradient, which is why the v_prev form
  /// of ``makeNesterov(learningRate:momentum:)`` is the one optimizers use.
  static func nesterovLookAheadStep(
    _ x: inout [Double], velocity: inout [Double], learningRate: Double, momentum: Double,
    gradient: ([Double]) -> [Double])

  /// Adagrad: each parameter's step shrinks with the sum of its squared gradients so far.
  ///
  ///     cache ← cache + dx²
  ///     x ← x − α·dx / (√cache + ε)
  ///
  /// ε (`epsilon`, e.g. 1e-8) keeps a parameter whose gradients have all been 0 from
  /// computing 0/0. It is added outside the square root, √cache + ε, not √(cache + ε): the
  /// two differ once ε is not negligible next to √cache. The effective step only ever shrinks.
  static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer

  /// RMSprop: Adagrad with a leaky average of squared gradients instead of a sum.
  ///
  ///     cache ← ρ·cache + (1 − ρ)·dx²
  ///     x ← x − α·dx / (√cache + ε)
  ///
  /// ρ (`decayRate`, often 0.9 or 0.99) weighs the old average, so steps no longer
  /// shrink for ever. ε goes outside the square root, as in Adagrad.
  static func makeRMSprop(learningRate: Double, decayRate: Double, epsilon: Double)
    -> any Optimizer

  /// Adam: momentum on the gradient and RMSprop's scale, each corrected for starting at 0.
  ///
  ///     t ← t + 1                      (t counts steps from 1)
  ///     m ← β₁·m + (1 − β₁)·dx
  ///     v ← β₂·v + (1 − β₂)·dx²
  ///     m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
  ///     x ← x − α·m̂ / (√v̂ + ε)
  ///
  /// Usual values: β₁ = 0.9, β₂ = 0.999, ε = 1e-8. With t from 0 the first correction
  /// divides by 1 − β⁰ = 0. ε is added to √v̂, after the correction: the form that divides
  /// the uncorrected m by √v + ε and corrects the step size instead differs once ε is not
  /// negligible next to √v.
  static func makeAdam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
    -> any Optimizer

  /// Step decay: the learning rate drops by a factor every `period` steps (or epochs).
  ///
  ///     α(t) = α₀ · γ^⌊t / k⌋
  ///
  /// α₀ is `initial`, γ is `factor` (e.g. 0.5), k is `period`; t ≥ 0 and k > 0.
  static func stepDecay(initial: Double, factor: Double, every period: Int, at t: Int) -> Double

  /// Exponential decay: the learning rate shrinks smoothly.
  ///
  ///     α(t) = α₀ · e^(−k·t)
  ///
  /// α₀ is `initial`, k is `rate` (a rate, not a time constant: e^(−k·t), not e^(−t/k)); t ≥ 0.
  static func exponentialDecay(initial: Double, rate: Double, at t: Int) -> Double

  /// An ill-conditioned quadratic bowl in two dimensions, its minimum 0 at the origin.
  ///
  ///     f(x) = ½·(x₁² + 50·x₂²)
  ///
  /// The curvature is 50 times larger along x₂ than along x₁, the valley where plain
  /// gradient descent zig-zags and momentum helps.
  static func quadraticBowl(_ x: [Double]) -> Double

  /// The gradient of ``quadraticBowl(_:)``.
  ///
  ///     ∇f(x) = (x₁, 50·x₂)
  static func quadraticBowlGradient(_ x: [Double]) -> [Double]

  /// The Rosenbrock function, a curved narrow valley with its minimum 0 at (1, 1).
  ///
  ///     f(x, y) = (1 − x)² + 100·(y − x²)²
  static func rosenbrock(_ x: [Double]) -> Double

  /// The gradient of ``rosenbrock(_:)``.
  ///
  ///     ∂f/∂x = −2(1 − x) − 400·x·(y − x²),   ∂f/∂y = 200·(y − x²)
  static func rosenbrockGradient(_ x: [Double]) -> [Double]
}
