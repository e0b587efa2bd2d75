import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded momentum test fails on a plausible wrong implementation.
@Suite("Planted bugs · 07 Momentum")
struct MomentumPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck("the SGD test catches a step uphill, x + α·dx") {
      MomentumTests.checkSGD(SGDUphill.self)
    },
    PlantedCheck("the momentum test catches x −= α·dx with the velocity left unused") {
      MomentumTests.checkMomentum(MomentumOnPosition.self)
    },
    PlantedCheck(
      "the momentum test catches a velocity kept in a local variable, reset at every step"
    ) { MomentumTests.checkMomentum(MomentumWithLocalVelocity.self) },
    PlantedCheck("the momentum test catches v ← μ·v + α·dx with x ← x + v, a step uphill") {
      MomentumTests.checkMomentum(MomentumUphill.self)
    },
    PlantedCheck("the convergence race catches momentum that applies the gradient to x directly") {
      MomentumTests.checkBowlConvergence(MomentumOnPosition.self)
    },
    PlantedCheck("the Nesterov test catches x − μ·v_prev + (1 − μ)·v, the wrong coefficient") {
      MomentumTests.checkNesterov(NesterovWrongCoefficient.self)
    },
    PlantedCheck("the two-forms test catches the v_prev form's wrong coefficient") {
      MomentumTests.checkNesterovForms(NesterovWrongCoefficient.self)
    },
    PlantedCheck("the two-forms test catches a look-ahead step that takes the gradient at x") {
      MomentumTests.checkNesterovForms(LookAheadAtCurrentPoint.self)
    },
    PlantedCheck("the Adagrad test catches cache = dx², not accumulated") {
      MomentumTests.checkAdagrad(AdagradWithoutAccumulating.self)
    },
    PlantedCheck("the Adagrad test catches a cache that starts at 1 instead of 0") {
      MomentumTests.checkAdagrad(AdagradCacheStartingAtOne.self)
    },
    PlantedCheck("the Adagrad test catches one cache for all parameters, the squared norm of dx") {
      MomentumTests.checkAdagrad(AdagradWithSharedCache.self)
    },
    PlantedCheck("the Adagrad test catches a missing ε, which turns a zero gradient into NaN") {
      MomentumTests.checkAdagrad(AdagradWithoutEpsilon.self)
    },
    PlantedCheck("the RMSprop test catches the decay on the wrong term: 0.1·cache + 0.9·dx²") {
      MomentumTests.checkRMSprop(RMSpropDecayOnWrongTerm.self)
    },
    PlantedCheck("the RMSprop test catches a missing ε, which turns a zero gradient into NaN") {
      MomentumTests.checkRMSprop(RMSpropWithoutEpsilon.self)
    },
    PlantedCheck("the Adam test catches Adam without bias correction") {
      MomentumTests.checkAdam(AdamWith<WithoutBiasCorrection>.self)
    },
    PlantedCheck("the Adam test catches t counted from 0, which divides by 1 − β⁰ = 0") {
      MomentumTests.checkAdam(AdamWith<CountingFromZero>.self)
    },
    PlantedCheck("the Adam test catches v̂ used without its square root") {
      MomentumTests.checkAdam(AdamWith<WithoutSquareRoot>.self)
    },
    PlantedCheck("the Adam test catches t kept in a local variable, 1 at every step") {
      MomentumTests.checkAdam(AdamWith<LocalStepCount>.self)
    },
    PlantedCheck("the ε test catches Adagrad with ε inside the square root") {
      MomentumTests.checkEpsilonPlacement(AdagradEpsilonInsideRoot.self)
    },
    PlantedCheck("the ε test catches RMSprop with ε inside the square root") {
      MomentumTests.checkEpsilonPlacement(RMSpropEpsilonInsideRoot.self)
    },
    PlantedCheck("the ε test catches Adam with ε inside the square root") {
      MomentumTests.checkEpsilonPlacement(AdamWith<EpsilonInsideRoot>.self)
    },
    PlantedCheck("the ε test catches Adam with ε added before the bias correction") {
      MomentumTests.checkEpsilonPlacement(AdamWith<EpsilonBeforeCorrection>.self)
    },
    PlantedCheck(
      "the copy test catches momentum written as a class, whose copies share one velocity"
    ) { MomentumTests.checkCopies(MomentumAsClass.self) },
    PlantedCheck("the copy test catches Adam keeping its moments in a reference-type box") {
      MomentumTests.checkCopies(AdamWith<SharedMoments>.self)
    },
    PlantedCheck("the Rosenbrock test catches Adam without the square root, which never arrives") {
      MomentumTests.checkRosenbrockAdam(AdamWith<WithoutSquareRoot>.self)
    },
    PlantedCheck("the objectives test catches the bowl's gradient without its curvature 50") {
      MomentumTests.checkObjectives(BowlGradientWithoutCurvature.self)
    },
    PlantedCheck("the objectives test catches the bowl without its ½") {
      MomentumTests.checkObjectives(BowlWithoutHalf.self)
    },
    PlantedCheck("the objectives test catches Rosenbrock's valley term without its square") {
      MomentumTests.checkObjectives(RosenbrockWithoutSquare.self)
    },
    PlantedCheck("the objectives test catches Rosenbrock's ∂f/∂y written 100(y − x²)") {
      MomentumTests.checkObjectives(RosenbrockGradientHalfY.self)
    },
    PlantedCheck(
      "the objectives test catches Rosenbrock's ∂f/∂x with −200x(y − x²) instead of −400x"
    ) { MomentumTests.checkObjectives(RosenbrockGradientHalfCoupling.self) },
    PlantedCheck("the schedules test catches step decay without the floor, γ^(t/k)") {
      MomentumTests.checkSchedules(StepDecayWithoutFloor.self)
    },
    PlantedCheck("the schedules test catches exponential decay that forgets t, α₀·e^(−k)") {
      MomentumTests.checkSchedules(ExponentialDecayWithoutTime.self)
    },
    PlantedCheck("the schedules test catches step decay with ⌈t/k⌉, which drops at the first step")
    { MomentumTests.checkSchedules(StepDecayRoundingUp.self) },
    PlantedCheck(
      "the schedules test catches exponential decay with k as a time constant, α₀·e^(−t/k)"
    ) { MomentumTests.checkSchedules(ExponentialDecayTimeConstant.self) },
    PlantedCheck(
      "the schedules test catches SGD that steps with the learning rate it was made with"
    ) { MomentumTests.checkSchedules(SGDWithFrozenRate.self) },
  ]
}

/// Right implementations written differently from the reference: every graded test must pass.
@Suite("Alternative right implementations · 07 Momentum")
struct MomentumAlternatives {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck(
      asWritten:
        "a velocity of the other sign, Nesterov in one line, RMSprop as a running correction"
    ) {
      MomentumTests.checkAll(RearrangedUpdates.self)
    }
  ]
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

/// The velocity is a local variable: zero at every step, so every step is plain SGD.
private enum MomentumWithLocalVelocity: PlantedBug {
  struct LocalVelocity: Optimizer {
    var learningRate: Double
    var momentum: Double

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      var velocity = Array(repeating: 0.0, count: parameters.count)
      for i in parameters.indices {
        velocity[i] = momentum * velocity[i] - learningRate * gradient[i]
        parameters[i] += velocity[i]
      }
    }
  }

  static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer {
    LocalVelocity(learningRate: learningRate, momentum: momentum)
  }
}

/// v ← μ·v + α·dx, x ← x + v: the sign of the gradient term flipped.
private enum MomentumUphill: PlantedBug {
  static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer {
    Solutions.Momentum.makeMomentum(learningRate: -learningRate, momentum: momentum)
  }
}

/// The reference momentum as a class: `var copy = optimizer` copies a reference.
private enum MomentumAsClass: PlantedBug {
  final class SharedMomentum: Optimizer {
    var learningRate: Double
    let momentum: Double
    var velocity: [Double] = []

    init(learningRate: Double, momentum: Double) {
      self.learningRate = learningRate
      self.momentum = momentum
    }

    func step(_ parameters: inout [Double], gradient: [Double]) {
      if velocity.isEmpty {
        velocity = Array(repeating: 0, count: parameters.count)
      }
      for i in parameters.indices {
        velocity[i] = momentum * velocity[i] - learningRate * gradient[i]
        parameters[i] += velocity[i]
      }
    }
  }

  static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer {
    SharedMomentum(learningRate: learningRate, momentum: momentum)
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
    case epsilonInsideRoot
    case sharedCache
    case cacheStartsAtOne
  }

  var learningRate: Double
  var decayRate: Double?
  var epsilon: Double
  var flaw: Flaw
  var cache: [Double] = []

  mutating func step(_ parameters: inout [Double], gradient: [Double]) {
    if cache.isEmpty {
      cache = Array(repeating: flaw == .cacheStartsAtOne ? 1 : 0, count: parameters.count)
    }
    // One cache entry for every parameter: the squared norm of the gradient.
    let norm = gradient.reduce(0) { $0 + $1 * $1 }
    for i in parameters.indices {
      let square = flaw == .sharedCache ? norm : gradient[i] * gradient[i]
      switch (flaw, decayRate) {
      case (.replacesCache, _): cache[i] = square
      case (.decayOnWrongTerm, let rho?): cache[i] = (1 - rho) * cache[i] + rho * square
      case (_, let rho?): cache[i] = rho * cache[i] + (1 - rho) * square
      case (_, nil): cache[i] += square
      }
      let denominator =
        switch flaw {
        case .dropsEpsilon: cache[i].squareRoot()
        case .epsilonInsideRoot: (cache[i] + epsilon).squareRoot()
        default: cache[i].squareRoot() + epsilon
        }
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

/// One cache of ‖dx‖² shared by every parameter.
private enum AdagradWithSharedCache: PlantedBug {
  static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    PlantedAdagrad(learningRate: learningRate, epsilon: epsilon, flaw: .sharedCache)
  }
}

/// A cache of ones to start, "so that nothing divides by 0".
private enum AdagradCacheStartingAtOne: PlantedBug {
  static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    PlantedAdagrad(learningRate: learningRate, epsilon: epsilon, flaw: .cacheStartsAtOne)
  }
}

/// dx / √(cache + ε).
private enum AdagradEpsilonInsideRoot: PlantedBug {
  static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    PlantedAdagrad(learningRate: learningRate, epsilon: epsilon, flaw: .epsilonInsideRoot)
  }
}

/// RMSprop's dx / √cache, with no ε.
private enum RMSpropWithoutEpsilon: PlantedBug {
  static func makeRMSprop(learningRate: Double, decayRate: Double, epsilon: Double)
    -> any Optimizer
  {
    PlantedAdagrad(
      learningRate: learningRate, decayRate: decayRate, epsilon: epsilon, flaw: .dropsEpsilon)
  }
}

/// RMSprop's dx / √(cache + ε).
private enum RMSpropEpsilonInsideRoot: PlantedBug {
  static func makeRMSprop(learningRate: Double, decayRate: Double, epsilon: Double)
    -> any Optimizer
  {
    PlantedAdagrad(
      learningRate: learningRate, decayRate: decayRate, epsilon: epsilon,
      flaw: .epsilonInsideRoot)
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
  case localStepCount
  case epsilonInsideRoot
  case epsilonBeforeCorrection
  case sharedMoments
}

/// A type that names one Adam flaw.
private protocol AdamFlawed {
  static var flaw: AdamFlaw { get }
}

private enum WithoutBiasCorrection: AdamFlawed { static let flaw = AdamFlaw.withoutBiasCorrection }
private enum CountingFromZero: AdamFlawed { static let flaw = AdamFlaw.countingFromZero }
private enum WithoutSquareRoot: AdamFlawed { static let flaw = AdamFlaw.withoutSquareRoot }
private enum LocalStepCount: AdamFlawed { static let flaw = AdamFlaw.localStepCount }
private enum EpsilonInsideRoot: AdamFlawed { static let flaw = AdamFlaw.epsilonInsideRoot }
private enum EpsilonBeforeCorrection: AdamFlawed {
  static let flaw = AdamFlaw.epsilonBeforeCorrection
}
private enum SharedMoments: AdamFlawed { static let flaw = AdamFlaw.sharedMoments }

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
  /// The moments and the step count, in a reference-type box for the `.sharedMoments` flaw.
  final class Moments {
    var m: [Double] = []
    var v: [Double] = []
    var t = 0
  }

  var learningRate: Double
  var beta1: Double
  var beta2: Double
  var epsilon: Double
  var flaw: AdamFlaw
  var m: [Double] = []
  var v: [Double] = []
  var t = 0
  let box = Moments()

  mutating func step(_ parameters: inout [Double], gradient: [Double]) {
    if flaw == .sharedMoments {
      (m, v, t) = (box.m, box.v, box.t)
    }
    if m.isEmpty {
      m = Array(repeating: 0, count: parameters.count)
      v = m
    }
    if flaw == .localStepCount {
      t = 0
    }
    if flaw != .countingFromZero {
      t += 1
    }
    let (c1, c2) = (1 - pow(beta1, Double(t)), 1 - pow(beta2, Double(t)))
    for i in parameters.indices {
      m[i] = beta1 * m[i] + (1 - beta1) * gradient[i]
      v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i]
      let corrected = flaw != .withoutBiasCorrection
      let mHat = corrected ? m[i] / c1 : m[i]
      let vHat = corrected ? v[i] / c2 : v[i]
      switch flaw {
      case .withoutSquareRoot: parameters[i] -= learningRate * mHat / (vHat + epsilon)
      case .epsilonInsideRoot: parameters[i] -= learningRate * mHat / (vHat + epsilon).squareRoot()
      case .epsilonBeforeCorrection:
        parameters[i] -= learningRate * c2.squareRoot() / c1 * m[i] / (v[i].squareRoot() + epsilon)
      default: parameters[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
      }
    }
    if flaw == .countingFromZero {
      t += 1
    }
    if flaw == .sharedMoments {
      (box.m, box.v, box.t) = (m, v, t)
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

/// ∂f/∂y = 100·(y − x²): the 2 of the square forgotten.
private enum RosenbrockGradientHalfY: PlantedBug {
  static func rosenbrockGradient(_ x: [Double]) -> [Double] {
    let right = Solutions.Momentum.rosenbrockGradient(x)
    return [right[0], right[1] / 2]
  }
}

/// x₁² + 50·x₂²: the ½ forgotten.
private enum BowlWithoutHalf: PlantedBug {
  static func quadraticBowl(_ x: [Double]) -> Double {
    x[0] * x[0] + 50 * x[1] * x[1]
  }
}

/// (1 − x)² + 100·(y − x²): the valley term without its square.
private enum RosenbrockWithoutSquare: PlantedBug {
  static func rosenbrock(_ x: [Double]) -> Double {
    (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0])
  }
}

/// α₀·γ^⌈t/k⌉: the first drop comes at t = 1.
private enum StepDecayRoundingUp: PlantedBug {
  static func stepDecay(initial: Double, factor: Double, every period: Int, at t: Int) -> Double {
    initial * pow(factor, (Double(t) / Double(period)).rounded(.up))
  }
}

/// α₀·e^(−t/k): the rate read as a time constant.
private enum ExponentialDecayTimeConstant: PlantedBug {
  static func exponentialDecay(initial: Double, rate: Double, at t: Int) -> Double {
    initial * exp(-Double(t) / rate)
  }
}

/// A closure that captured the factory's `learningRate`, so the property is never read.
private enum SGDWithFrozenRate: PlantedBug {
  struct ClosureSGD: Optimizer {
    var learningRate: Double
    let update: ([Double], [Double]) -> [Double]

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      parameters = update(parameters, gradient)
    }
  }

  static func makeSGD(learningRate: Double) -> any Optimizer {
    ClosureSGD(learningRate: learningRate) { x, dx in
      zip(x, dx).map { $0 - learningRate * $1 }
    }
  }
}

// MARK: - A right implementation written differently

/// The reference's factories and functions, each update rule rearranged: momentum with the
/// velocity's sign flipped (u = −v, x ← x − u), Nesterov's update in one line, RMSprop's cache
/// moved towards dx² by 1 − ρ, Adam's step size corrected first, and the schedules and
/// objectives with other but equal formulas.
private enum RearrangedUpdates: MomentumLesson {
  struct OppositeVelocity: Optimizer {
    var learningRate: Double
    var momentum: Double
    var u: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      if u.count != parameters.count { u = Array(repeating: 0, count: parameters.count) }
      for i in parameters.indices {
        u[i] = momentum * u[i] + learningRate * gradient[i]
        parameters[i] -= u[i]
      }
    }
  }

  /// x ← x + μ²·v_prev − (1 + μ)·α·dx, the same as x − μ·v_prev + (1 + μ)·v.
  struct OneLineNesterov: Optimizer {
    var learningRate: Double
    var momentum: Double
    var v: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      if v.count != parameters.count { v = Array(repeating: 0, count: parameters.count) }
      for i in parameters.indices {
        parameters[i] +=
          momentum * momentum * v[i] - (1 + momentum) * learningRate * gradient[i]
        v[i] = momentum * v[i] - learningRate * gradient[i]
      }
    }
  }

  /// cache += (1 − ρ)·(dx² − cache), the same leaky average; with ρ = nil, Adagrad's sum.
  struct Scaled: Optimizer {
    var learningRate: Double
    var decayRate: Double?
    var epsilon: Double
    var cache: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      if cache.count != parameters.count { cache = Array(repeating: 0, count: parameters.count) }
      for i in parameters.indices {
        let square = gradient[i] * gradient[i]
        if let rho = decayRate {
          cache[i] += (1 - rho) * (square - cache[i])
        } else {
          cache[i] += square
        }
        parameters[i] -= learningRate / (cache[i].squareRoot() + epsilon) * gradient[i]
      }
    }
  }

  /// α/(1 − β₁ᵗ) first, then m / (√(v/(1 − β₂ᵗ)) + ε).
  struct CorrectedStepAdam: Optimizer {
    var learningRate: Double
    var beta1: Double
    var beta2: Double
    var epsilon: Double
    var moments: [(m: Double, v: Double)] = []
    var steps = 0.0

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      if moments.count != parameters.count {
        moments = Array(repeating: (0, 0), count: parameters.count)
      }
      steps += 1
      let stepSize = learningRate / (1 - pow(beta1, steps))
      let secondCorrection = 1 - pow(beta2, steps)
      for i in parameters.indices {
        let g = gradient[i]
        moments[i].m += (1 - beta1) * (g - moments[i].m)
        moments[i].v += (1 - beta2) * (g * g - moments[i].v)
        let scale = (moments[i].v / secondCorrection).squareRoot() + epsilon
        parameters[i] -= stepSize * moments[i].m / scale
      }
    }
  }

  static func makeSGD(learningRate: Double) -> any Optimizer {
    Solutions.Momentum.makeSGD(learningRate: learningRate)
  }

  static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer {
    OppositeVelocity(learningRate: learningRate, momentum: momentum)
  }

  static func makeNesterov(learningRate: Double, momentum: Double) -> any Optimizer {
    OneLineNesterov(learningRate: learningRate, momentum: momentum)
  }

  static func nesterovLookAheadStep(
    _ x: inout [Double], velocity: inout [Double], learningRate: Double, momentum: Double,
    gradient: ([Double]) -> [Double]
  ) {
    let dx = gradient(x.indices.map { x[$0] + momentum * velocity[$0] })
    velocity = velocity.indices.map { momentum * velocity[$0] - learningRate * dx[$0] }
    x = x.indices.map { x[$0] + velocity[$0] }
  }

  static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    Scaled(learningRate: learningRate, epsilon: epsilon)
  }

  static func makeRMSprop(learningRate: Double, decayRate: Double, epsilon: Double)
    -> any Optimizer
  {
    Scaled(learningRate: learningRate, decayRate: decayRate, epsilon: epsilon)
  }

  static func makeAdam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
    -> any Optimizer
  {
    CorrectedStepAdam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
  }

  static func stepDecay(initial: Double, factor: Double, every period: Int, at t: Int) -> Double {
    var rate = initial
    for _ in 0..<(t / period) { rate *= factor }
    return rate
  }

  static func exponentialDecay(initial: Double, rate: Double, at t: Int) -> Double {
    initial / exp(rate * Double(t))
  }

  static func quadraticBowl(_ x: [Double]) -> Double {
    x[0] * x[0] / 2 + 25 * x[1] * x[1]
  }

  static func quadraticBowlGradient(_ x: [Double]) -> [Double] {
    [x[0], x[1] * 50]
  }

  static func rosenbrock(_ x: [Double]) -> Double {
    pow(1 - x[0], 2) + 100 * pow(x[1] - x[0] * x[0], 2)
  }

  static func rosenbrockGradient(_ x: [Double]) -> [Double] {
    let valley = x[1] - x[0] * x[0]
    return [2 * (x[0] - 1) - 400 * x[0] * valley, 200 * valley]
  }
}
