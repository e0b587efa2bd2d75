import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded momentum test fails on a plausible wrong implementation.
@Suite("Planted bugs · 07 Momentum")
struct MomentumPlantedBugs {
  @Test("the SGD test catches a step uphill, x + α·dx")
  func sgdUphill() {
    withKnownIssue { MomentumTests.checkSGD(SGDUphill.self) }
  }

  @Test("the momentum test catches x −= α·dx with the velocity left unused")
  func momentumOnPosition() {
    withKnownIssue { MomentumTests.checkMomentum(MomentumOnPosition.self) }
  }

  @Test("the convergence race catches momentum that applies the gradient to x directly")
  func momentumOnPositionInRace() {
    withKnownIssue { MomentumTests.checkBowlConvergence(MomentumOnPosition.self) }
  }

  @Test("the Nesterov test catches x − μ·v_prev + (1 − μ)·v, the wrong coefficient")
  func nesterovWrongCoefficient() {
    withKnownIssue { MomentumTests.checkNesterov(NesterovWrongCoefficient.self) }
  }

  @Test("the two-forms test catches the v_prev form's wrong coefficient")
  func nesterovWrongCoefficientInForms() {
    withKnownIssue { MomentumTests.checkNesterovForms(NesterovWrongCoefficient.self) }
  }

  @Test("the two-forms test catches a look-ahead step that takes the gradient at x")
  func lookAheadAtCurrentPoint() {
    withKnownIssue { MomentumTests.checkNesterovForms(LookAheadAtCurrentPoint.self) }
  }

  @Test("the Adagrad test catches cache = dx², not accumulated")
  func adagradWithoutAccumulating() {
    withKnownIssue { MomentumTests.checkAdagrad(AdagradWithoutAccumulating.self) }
  }

  @Test("the Adagrad test catches a missing ε, which turns a zero gradient into NaN")
  func adagradWithoutEpsilon() {
    withKnownIssue { MomentumTests.checkAdagrad(AdagradWithoutEpsilon.self) }
  }

  @Test("the RMSprop test catches the decay on the wrong term: 0.1·cache + 0.9·dx²")
  func rmspropDecayOnWrongTerm() {
    withKnownIssue { MomentumTests.checkRMSprop(RMSpropDecayOnWrongTerm.self) }
  }

  @Test("the Adam test catches Adam without bias correction")
  func adamWithoutBiasCorrection() {
    withKnownIssue { MomentumTests.checkAdam(AdamWith<WithoutBiasCorrection>.self) }
  }

  @Test("the Adam test catches t counted from 0, which divides by 1 − β⁰ = 0")
  func adamCountingFromZero() {
    withKnownIssue { MomentumTests.checkAdam(AdamWith<CountingFromZero>.self) }
  }

  @Test("the Adam test catches v̂ used without its square root")
  func adamWithoutSquareRoot() {
    withKnownIssue { MomentumTests.checkAdam(AdamWith<WithoutSquareRoot>.self) }
  }

  @Test("the Rosenbrock test catches Adam without the square root, which never arrives")
  func adamWithoutSquareRootOnRosenbrock() {
    withKnownIssue { MomentumTests.checkRosenbrockAdam(AdamWith<WithoutSquareRoot>.self) }
  }

  @Test("the objectives test catches the bowl's gradient without its curvature 50")
  func bowlGradientWithoutCurvature() {
    withKnownIssue { MomentumTests.checkObjectives(BowlGradientWithoutCurvature.self) }
  }

  @Test("the objectives test catches Rosenbrock's ∂f/∂x with −200x(y − x²) instead of −400x")
  func rosenbrockGradientHalfCoupling() {
    withKnownIssue { MomentumTests.checkObjectives(RosenbrockGradientHalfCoupling.self) }
  }

  @Test("the schedules test catches step decay without the floor, γ^(t/k)")
  func stepDecayWithoutFloor() {
    withKnownIssue { MomentumTests.checkSchedules(StepDecayWithoutFloor.self) }
  }

  @Test("the schedules test catches exponential decay that forgets t, α₀·e^(−k)")
  func exponentialDecayWithoutTime() {
    withKnownIssue { MomentumTests.checkSchedules(ExponentialDecayWithoutTime.self) }
  }
}

// MARK: - The wrong implementations

/// The reference lesson, for a planted bug to override one requirement of.
private protocol PlantedBug: MomentumLesson {}

extension PlantedBug {
  static func makeSGD(learningRate: Double) -> any Optimizer {
    Solutions.Momentum.makeSGD(learningRate: learningRate)
  }

  static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer {
    Solutions.Momentum.makeMomentum(learningRate: learningRate, momentum: momentum)
  }

  static func makeNesterov(learningRate: Double, momentum: Double) -> any Optimizer {
    Solutions.Momentum.makeNesterov(learningRate: learningRate, momentum: momentum)
  }

  static func nesterovLookAheadStep(
    _ x: inout [Double], velocity: inout [Double], learningRate: Double, momentum: Double,
    gradient: ([Double]) -> [Double]
  ) {
    Solutions.Momentum.nesterovLookAheadStep(
      &x, velocity: &velocity, learningRate: learningRate, momentum: momentum,
      gradient: gradient)
  }

  static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    Solutions.Momentum.makeAdagrad(learningRate: learningRate, epsilon: epsilon)
  }

  static func makeRMSprop(learningRate: Double, decayRate: Double, epsilon: Double)
    -> any Optimizer
  {
    Solutions.Momentum.makeRMSprop(
      learningRate: learningRate, decayRate: decayRate, epsilon: epsilon)
  }

  static func makeAdam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
    -> any Optimizer
  {
    Solutions.Momentum.makeAdam(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
  }

  static func stepDecay(initial: Double, factor: Double, every period: Int, at t: Int) -> Double {
    Solutions.Momentum.stepDecay(initial: initial, factor: factor, every: period, at: t)
  }

  static func exponentialDecay(initial: Double, rate: Double, at t: Int) -> Double {
    Solutions.Momentum.exponentialDecay(initial: initial, rate: rate, at: t)
  }

  static func quadraticBowl(_ x: [Double]) -> Double {
    Solutions.Momentum.quadraticBowl(x)
  }

  static func quadraticBowlGradient(_ x: [Double]) -> [Double] {
    Solutions.Momentum.quadraticBowlGradient(x)
  }

  static func rosenbrock(_ x: [Double]) -> Double {
    Solutions.Momentum.rosenbrock(x)
  }

  static func rosenbrockGradient(_ x: [Double]) -> [Double] {
    Solutions.Momentum.rosenbrockGradient(x)
  }
}

/// x ← x + α·dx.
private enum SGDUphill: PlantedBug {
  struct Uphill: Optimizer {
    var learningRate: Double

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      for i in parameters.indices {
        parameters[i] += learningRate * gradient[i]
      }
    }
  }

  static func makeSGD(learningRate: Double) -> any Optimizer {
    Uphill(learningRate: learningRate)
  }
}

/// Keeps a velocity but moves x by −α·dx, which is plain SGD.
private enum MomentumOnPosition: PlantedBug {
  struct OnPosition: Optimizer {
    var learningRate: Double
    var momentum: Double
    var velocity: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      if velocity.isEmpty {
        velocity = Array(repeating: 0, count: parameters.count)
      }
      for i in parameters.indices {
        parameters[i] -= learningRate * gradient[i]
        velocity[i] = momentum * velocity[i] - learningRate * gradient[i]
      }
    }
  }

  static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer {
    OnPosition(learningRate: learningRate, momentum: momentum)
  }
}

/// x ← x − μ·v_prev + (1 − μ)·v.
private enum NesterovWrongCoefficient: PlantedBug {
  struct WrongCoefficient: Optimizer {
    var learningRate: Double
    var momentum: Double
    var velocity: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      if velocity.isEmpty {
        velocity = Array(repeating: 0, count: parameters.count)
      }
      for i in parameters.indices {
        let previous = velocity[i]
        velocity[i] = momentum * velocity[i] - learningRate * gradient[i]
        parameters[i] += -momentum * previous + (1 - momentum) * velocity[i]
      }
    }
  }

  static func makeNesterov(learningRate: Double, momentum: Double) -> any Optimizer {
    WrongCoefficient(learningRate: learningRate, momentum: momentum)
  }
}

/// The look-ahead form with the gradient taken at x: plain momentum.
private enum LookAheadAtCurrentPoint: PlantedBug {
  static func nesterovLookAheadStep(
    _ x: inout [Double], velocity: inout [Double], learningRate: Double, momentum: Double,
    gradient: ([Double]) -> [Double]
  ) {
    let dx = gradient(x)
    for i in x.indices {
      velocity[i] = momentum * velocity[i] - learningRate * dx[i]
      x[i] += velocity[i]
    }
  }
}

/// An Adagrad or RMSprop step with one thing changed.
private struct PlantedAdagrad: Optimizer {
  enum Flaw {
    case replacesCache
    case dropsEpsilon
    case decayOnWrongTerm
  }

  var learningRate: Double
  var decayRate: Double?
  var epsilon: Double
  var flaw: Flaw
  var cache: [Double] = []

  mutating func step(_ parameters: inout [Double], gradient: [Double]) {
    if cache.isEmpty {
      cache = Array(repeating: 0, count: parameters.count)
    }
    for i in parameters.indices {
      let square = gradient[i] * gradient[i]
      switch (flaw, decayRate) {
      case (.replacesCache, _): cache[i] = square
      case (.decayOnWrongTerm, let rho?): cache[i] = (1 - rho) * cache[i] + rho * square
      case (_, let rho?): cache[i] = rho * cache[i] + (1 - rho) * square
      case (_, nil): cache[i] += square
      }
      let denominator = cache[i].squareRoot() + (flaw == .dropsEpsilon ? 0 : epsilon)
      parameters[i] -= learningRate * gradient[i] / denominator
    }
  }
}

/// cache = dx²: every step as large as the first.
private enum AdagradWithoutAccumulating: PlantedBug {
  static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    PlantedAdagrad(learningRate: learningRate, epsilon: epsilon, flaw: .replacesCache)
  }
}

/// dx / √cache, with no ε.
private enum AdagradWithoutEpsilon: PlantedBug {
  static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    PlantedAdagrad(learningRate: learningRate, epsilon: epsilon, flaw: .dropsEpsilon)
  }
}

/// cache ← (1 − ρ)·cache + ρ·dx².
private enum RMSpropDecayOnWrongTerm: PlantedBug {
  static func makeRMSprop(learningRate: Double, decayRate: Double, epsilon: Double)
    -> any Optimizer
  {
    PlantedAdagrad(
      learningRate: learningRate, decayRate: decayRate, epsilon: epsilon,
      flaw: .decayOnWrongTerm)
  }
}

/// What a planted Adam gets wrong.
private enum AdamFlaw {
  case withoutBiasCorrection
  case countingFromZero
  case withoutSquareRoot
}

/// A type that names one Adam flaw.
private protocol AdamFlawed {
  static var flaw: AdamFlaw { get }
}

private enum WithoutBiasCorrection: AdamFlawed { static let flaw = AdamFlaw.withoutBiasCorrection }
private enum CountingFromZero: AdamFlawed { static let flaw = AdamFlaw.countingFromZero }
private enum WithoutSquareRoot: AdamFlawed { static let flaw = AdamFlaw.withoutSquareRoot }

/// The reference lesson with a planted Adam.
private enum AdamWith<Flaw: AdamFlawed>: PlantedBug {
  static func makeAdam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
    -> any Optimizer
  {
    PlantedAdam(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, flaw: Flaw.flaw)
  }
}

/// Adam, right except for its flaw.
private struct PlantedAdam: Optimizer {
  var learningRate: Double
  var beta1: Double
  var beta2: Double
  var epsilon: Double
  var flaw: AdamFlaw
  var m: [Double] = []
  var v: [Double] = []
  var t = 0

  mutating func step(_ parameters: inout [Double], gradient: [Double]) {
    if m.isEmpty {
      m = Array(repeating: 0, count: parameters.count)
      v = m
    }
    if flaw != .countingFromZero {
      t += 1
    }
    for i in parameters.indices {
      m[i] = beta1 * m[i] + (1 - beta1) * gradient[i]
      v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i]
      let corrected = flaw != .withoutBiasCorrection
      let mHat = corrected ? m[i] / (1 - pow(beta1, Double(t))) : m[i]
      let vHat = corrected ? v[i] / (1 - pow(beta2, Double(t))) : v[i]
      let scale = flaw == .withoutSquareRoot ? vHat : vHat.squareRoot()
      parameters[i] -= learningRate * mHat / (scale + epsilon)
    }
    if flaw == .countingFromZero {
      t += 1
    }
  }
}

/// ∇f = (x₁, x₂): the curvature 50 forgotten.
private enum BowlGradientWithoutCurvature: PlantedBug {
  static func quadraticBowlGradient(_ x: [Double]) -> [Double] {
    [x[0], x[1]]
  }
}

/// ∂f/∂x = −2(1 − x) − 200x(y − x²): the chain rule's factor 2 of the square forgotten.
private enum RosenbrockGradientHalfCoupling: PlantedBug {
  static func rosenbrockGradient(_ x: [Double]) -> [Double] {
    let valley = x[1] - x[0] * x[0]
    return [-2 * (1 - x[0]) - 200 * x[0] * valley, 200 * valley]
  }
}

/// α₀·γ^(t/k): decays a little every step.
private enum StepDecayWithoutFloor: PlantedBug {
  static func stepDecay(initial: Double, factor: Double, every period: Int, at t: Int) -> Double {
    initial * pow(factor, Double(t) / Double(period))
  }
}

/// α₀·e^(−k): the same rate at every step.
private enum ExponentialDecayWithoutTime: PlantedBug {
  static func exponentialDecay(initial: Double, rate: Double, at t: Int) -> Double {
    initial * exp(-rate)
  }
}
