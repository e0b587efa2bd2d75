import Foundation
import GradKit
import LessonWire
import References
import Testing

extension Graded {
  /// The momentum implementation this run grades.
  static var momentum: any MomentumLesson.Type {
    isGradingLearner ? RemoteMomentum<Learner>.self : Reference.momentum
  }
}

@Suite("07 · Momentum and its family", .graded("07-Momentum"))
struct MomentumTests {
  @Test("SGD: x ← x − α·dx, three steps by hand from x = [1, −2]")
  func sgd() async {
    await Graded.run { Self.checkSGD(Graded.momentum) }
  }

  @Test("momentum: v ← μv − α·dx, then x ← x + v; three steps by hand")
  func momentum() async {
    await Graded.run { Self.checkMomentum(Graded.momentum) }
  }

  @Test("Nesterov: x ← x − μ·v_prev + (1 + μ)·v; three steps by hand")
  func nesterov() async {
    await Graded.run { Self.checkNesterov(Graded.momentum) }
  }

  @Test("Nesterov's look-ahead and v_prev forms follow one path, up to x_ahead = x + μv")
  func nesterovForms() async {
    await Graded.run { Self.checkNesterovForms(Graded.momentum) }
  }

  @Test("Adagrad: cache += dx², x ← x − α·dx / (√cache + ε); a zero gradient stays put")
  func adagrad() async {
    await Graded.run { Self.checkAdagrad(Graded.momentum) }
  }

  @Test("RMSprop: cache ← ρ·cache + (1 − ρ)·dx²; three steps by hand; a zero gradient stays put")
  func rmsprop() async {
    await Graded.run { Self.checkRMSprop(Graded.momentum) }
  }

  @Test("Adam: bias-corrected moments with t counted from 1; three steps by hand")
  func adam() async {
    await Graded.run { Self.checkAdam(Graded.momentum) }
  }

  @Test("Adagrad, RMSprop and Adam add ε outside the square root: one step with ε = 0.1")
  func epsilonPlacement() async {
    await Graded.run { Self.checkEpsilonPlacement(Graded.momentum) }
  }

  @Test("every optimizer is a value: a copy steps on with its own velocity, cache or moments")
  func copies() async {
    await Graded.run { Self.checkCopies(Graded.momentum) }
  }

  @Test("quadraticBowl and rosenbrock: values by hand, gradients pass the checker")
  func objectives() async {
    await Graded.run { Self.checkObjectives(Graded.momentum) }
  }

  @Test("on ½(x₁² + 50x₂²), momentum and Nesterov reach 1e-6 in fewer steps than SGD")
  func bowlConvergence() async {
    await Graded.run { Self.checkBowlConvergence(Graded.momentum) }
  }

  @Test("Adam gets within 1e-3 of Rosenbrock's minimum (1, 1) from (−1.2, 1) in 2000 steps")
  func rosenbrockAdam() async {
    await Graded.run { Self.checkRosenbrockAdam(Graded.momentum) }
  }

  @Test("stepDecay is α₀·γ^⌊t/k⌋, exponentialDecay α₀·e^(−kt); an optimizer follows either")
  func schedules() async {
    await Graded.run { Self.checkSchedules(Graded.momentum) }
  }
}

// MARK: - Fixtures and tolerances

extension MomentumTests {
  /// Every check of the suite, for a right implementation written another way.
  static func checkAll(_ lesson: any MomentumLesson.Type) {
    checkSGD(lesson)
    checkMomentum(lesson)
    checkNesterov(lesson)
    checkNesterovForms(lesson)
    checkAdagrad(lesson)
    checkRMSprop(lesson)
    checkAdam(lesson)
    checkEpsilonPlacement(lesson)
    checkCopies(lesson)
    checkObjectives(lesson)
    checkBowlConvergence(lesson)
    checkRosenbrockAdam(lesson)
    checkSchedules(lesson)
  }

  /// The hand-worked example: start at x = [1, −2] and feed these three gradients.
  /// The first two are the same, so the state's effect shows; the third turns around.
  static let start: [Double] = [1, -2]
  static let gradients: [[Double]] = [[0.5, 0.1], [0.5, 0.1], [-1, 0.2]]

  /// α and μ of the hand-worked example (and ρ, β₁ of the adaptive ones: 0.9 too).
  static let rate = 0.1
  static let mu = 0.9

  /// Hand values against three steps of a dozen roundings each on numbers near 1: within
  /// about 1e-15. 1e-12 leaves room for another order of operations; the smallest planted
  /// mistake moves a coordinate by 4e-3.
  static let byHand = Tolerance.tight

  /// ε = 0 in the hand-worked examples, so the numbers come out clean: ε = 1e-8 would move
  /// them by about 2e-9. Every gradient there is nonzero, so nothing divides by 0.
  static let noEpsilon = 0.0

  /// The bowl ½(x₁² + 50x₂²) and its gradient, the test's own copies: a slip in yours
  /// fails the objectives test, not the convergence tests.
  static func bowl(_ x: [Double]) -> Double {
    0.5 * (x[0] * x[0] + 50 * x[1] * x[1])
  }

  static func bowlGradient(_ x: [Double]) -> [Double] {
    [x[0], 50 * x[1]]
  }

  /// The Rosenbrock function and its gradient, the test's own copies.
  static func rosenbrock(_ x: [Double]) -> Double {
    (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0])
  }

  static func rosenbrockGradient(_ x: [Double]) -> [Double] {
    let valley = x[1] - x[0] * x[0]
    return [-2 * (1 - x[0]) - 400 * x[0] * valley, 200 * valley]
  }

  /// The Euclidean length of a vector.
  static func norm(_ x: [Double]) -> Double {
    dot(x, x).squareRoot()
  }
}

extension Mistake {
  /// A mistake found by a probe (the hand-worked steps) rather than by the failing value
  /// itself, which a race or a long run only shows the effect of; none if nothing was found.
  fileprivate static func found(_ name: String?) -> [Mistake] {
    name.map { name in [Mistake(name: name) { _, _ in true }] } ?? []
  }
}

// MARK: - Hand-worked steps

extension MomentumTests {
  /// A known mistake seen at one hand-worked step (numbered from 1).
  typealias WrongStep = (step: Int, mistake: Mistake)

  /// What a known mistake makes of x at a hand-worked step.
  static func wrongStep(_ step: Int, _ x: [Double], _ name: String) -> WrongStep {
    (step, .value(Matrix(row: x), name))
  }

  /// A step that turns x into NaN, named for the mistake that does that.
  static func nanStep(_ step: Int, _ name: String) -> WrongStep {
    (step, Mistake(name: name) { got, _ in got.storage.contains { $0.isNaN } })
  }

  /// The first of the hand-worked steps that `optimizer` gets wrong: its number (from 1),
  /// x before it, x after it, and the mistakes known at that step.
  static func firstWrongHandStep(
    _ optimizer: any Optimizer, expected: [[Double]], wrong: [WrongStep]
  ) -> (step: Int, before: [Double], got: [Double], mistakes: [Mistake])? {
    var optimizer = optimizer
    var x = start
    for k in gradients.indices {
      let before = x
      optimizer.step(&x, gradient: gradients[k])
      if firstMismatch(expected: expected[k], got: x, tolerance: byHand) != nil {
        return (k + 1, before, x, wrong.filter { $0.step == k + 1 }.map(\.mistake))
      }
    }
    return nil
  }

  /// The name of the known mistake the hand-worked steps show in `optimizer`, if any: what a
  /// test that sees only the effect (a race, a long run) names as the cause.
  static func handStepFinding(
    _ optimizer: any Optimizer, expected: [[Double]], wrong: [WrongStep]
  ) -> String? {
    guard let wrongStep = firstWrongHandStep(optimizer, expected: expected, wrong: wrong) else {
      return nil
    }
    let got = Matrix(row: wrongStep.got)
    let right = Matrix(row: expected[wrongStep.step - 1])
    return wrongStep.mistakes.first { $0.matches(got, right) }?.name
  }

  /// Feeds the three hand-worked gradients to `optimizer` and compares x after each step.
  ///
  /// Stops at the first wrong step, since every later one inherits the error. `wrong` lists
  /// what known mistakes make of a step, to name the mistake.
  static func expectHandSteps(
    _ optimizer: any Optimizer, _ call: String, expected: [[Double]], why: [String],
    wrong: [WrongStep] = [], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard
      let (step, before, got, mistakes) = firstWrongHandStep(
        optimizer, expected: expected, wrong: wrong)
    else { return }
    expectClose(
      got, expected[step - 1], tolerance: byHand,
      "\(call), step \(step) from x = \(before) with dx = \(gradients[step - 1]): \(why[step - 1])",
      mistakes: mistakes, sourceLocation: sourceLocation)
  }

  /// Checks that an adaptive optimizer (built with ε = 1e-8) leaves a parameter whose
  /// gradient is always 0 exactly where it was: 0 / (√0 + ε) = 0, where 0/0 would be NaN.
  ///
  /// A NaN is blamed on a missing ε only when `hand` steps right without one (ε = 0 and
  /// nonzero gradients): a NaN there has another cause, which that test names.
  static func expectZeroGradientStaysPut(
    _ optimizer: any Optimizer, _ call: String, hand: HandWorked,
    _ lesson: any MomentumLesson.Type, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    var optimizer = optimizer
    var x: [Double] = [3, -1]
    for _ in 0..<3 {
      optimizer.step(&x, gradient: [0, 0.5])
    }
    if x[0] != 3 || !x[1].isFinite || !(x[1] < -1) {
      fail(
        "\(call), three steps from x = [3, -1] with dx = [0, 0.5]: expected x₁ to stay 3 "
          + "and x₂ to move below −1, got \(x). A coordinate whose gradient is always 0 must "
          + "not move."
          + (x[0].isNaN
            && firstWrongHandStep(
              hand.make(lesson), expected: hand.expected, wrong: []) == nil
            ? "\n  Likely mistake: ε left out of the denominator: a coordinate whose gradient "
              + "is always 0 computes 0 / √0 = NaN; add ε outside the root, √cache + ε."
            : ""),
        sourceLocation: sourceLocation)
    }
  }

  /// One optimizer's hand-worked example: how to make it, x after each of the three steps,
  /// why, and what known mistakes make of a step.
  struct HandWorked {
    let call: String
    let make: (any MomentumLesson.Type) -> any Optimizer
    let expected: [[Double]]
    let why: [String]
    let wrong: [WrongStep]

    /// Records a failure at the first step `lesson`'s optimizer gets wrong.
    func expectSteps(
      _ lesson: any MomentumLesson.Type, sourceLocation: SourceLocation = #_sourceLocation
    ) {
      expectHandSteps(
        make(lesson), call, expected: expected, why: why, wrong: wrong,
        sourceLocation: sourceLocation)
    }

    /// The known mistake these steps show in `lesson`'s optimizer, if any.
    func finding(_ lesson: any MomentumLesson.Type) -> String? {
      handStepFinding(make(lesson), expected: expected, wrong: wrong)
    }
  }

  static var sgdByHand: HandWorked {
    HandWorked(
      call: "makeSGD(learningRate: 0.1)", make: { $0.makeSGD(learningRate: rate) },
      expected: [[0.95, -2.01], [0.9, -2.02], [1, -2.04]],
      why: [
        "x − 0.1·[0.5, 0.1]", "the same step again: SGD has no state",
        "x − 0.1·[−1, 0.2]: the new gradient turns x₁ around at once",
      ],
      wrong: [wrongStep(1, [1.05, -1.99], "x + α·dx, a step uphill")])
  }

  /// v₁ = −0.1·dx = [−0.05, −0.01];  v₂ = 0.9·v₁ − 0.1·dx = [−0.095, −0.019];
  /// v₃ = 0.9·v₂ − 0.1·[−1, 0.2] = [0.0145, −0.0371]; x adds each v in turn.
  static var momentumByHand: HandWorked {
    HandWorked(
      call: "makeMomentum(learningRate: 0.1, momentum: 0.9)",
      make: { $0.makeMomentum(learningRate: rate, momentum: mu) },
      expected: [[0.95, -2.01], [0.855, -2.029], [0.8695, -2.0661]],
      why: [
        "v = −0.1·dx = [−0.05, −0.01], then x + v",
        "v = 0.9·[−0.05, −0.01] − 0.1·dx = [−0.095, −0.019]: the velocity builds up",
        "v = 0.9·[−0.095, −0.019] − 0.1·[−1, 0.2] = [0.0145, −0.0371]",
      ],
      wrong: [
        wrongStep(
          2, [0.9, -2.02],
          "x − α·dx at the second step, as plain SGD: the velocity is unused, or it does not "
            + "persist between steps (keep it in the struct: step is mutating)"),
        wrongStep(1, [1.05, -1.99], "v ← μ·v + α·dx, x ← x + v: a step uphill"),
      ])
  }

  /// v is the momentum velocity above; x moves by −μ·v_prev + (1 + μ)·v:
  /// step 1: 1.9·[−0.05, −0.01]; step 2: −0.9·[−0.05, −0.01] + 1.9·[−0.095, −0.019];
  /// step 3: −0.9·[−0.095, −0.019] + 1.9·[0.0145, −0.0371].
  static var nesterovByHand: HandWorked {
    HandWorked(
      call: "makeNesterov(learningRate: 0.1, momentum: 0.9)",
      make: { $0.makeNesterov(learningRate: rate, momentum: mu) },
      expected: [[0.905, -2.019], [0.7695, -2.0461], [0.88255, -2.09949]],
      why: [
        "v = [−0.05, −0.01], x − 0.9·0 + 1.9·v",
        "v_prev = [−0.05, −0.01], v = [−0.095, −0.019], x − 0.9·v_prev + 1.9·v",
        "v_prev = [−0.095, −0.019], v = [0.0145, −0.0371], x − 0.9·v_prev + 1.9·v",
      ],
      wrong: [
        wrongStep(1, [0.995, -2.001], "(1 − μ)·v where the update needs (1 + μ)·v"),
        wrongStep(1, [0.95, -2.01], "the plain momentum update x + v"),
      ])
  }

  /// cache₁ = dx² → x moves α·dx/|dx| = 0.1 each; cache₂ = 2dx² → 0.1/√2 each;
  /// cache₃ = [1.5, 0.06] → 0.1·[−1, 0.2] / [√1.5, √0.06] = [−0.0816…, 0.0816…].
  static var adagradByHand: HandWorked {
    HandWorked(
      call: "makeAdagrad(learningRate: 0.1, epsilon: 0)",
      make: { $0.makeAdagrad(learningRate: rate, epsilon: noEpsilon) },
      expected: [
        [0.9, -2.1], [0.8292893218813452, -2.1707106781186547],
        [0.9109389799741179, -2.2523603362114273],
      ],
      why: [
        "cache = [0.25, 0.01], each coordinate moves 0.1·dx/√cache = 0.1",
        "cache = [0.5, 0.02]: the sum grows, so each coordinate moves 0.1/√2",
        "cache = [1.5, 0.06]",
      ],
      wrong: [
        wrongStep(2, [0.8, -2.2], "cache = dx², replaced on every step instead of accumulated"),
        wrongStep(
          1, [1 - 0.05 / 1.25.squareRoot(), -2 - 0.01 / 1.01.squareRoot()],
          "the cache started at 1, not 0: a fresh optimizer's state is all zeros (ε is what "
            + "keeps 0/0 away)"),
        // One shared cache of ‖dx‖² = 0.26: every coordinate is divided by √0.26.
        wrongStep(
          1, [1 - 0.05 / 0.26.squareRoot(), -2 - 0.01 / 0.26.squareRoot()],
          "one cache for all parameters, the squared norm ‖dx‖²: every update rule works "
            + "coordinate by coordinate, one cache entry per parameter"),
      ])
  }

  /// cache₁ = 0.1·dx² → each coordinate moves 0.1/√0.1 = 0.316…; cache₂ = 0.19·dx² →
  /// 0.1/√0.19 = 0.229…; cache₃ = 0.9·0.19·dx² + 0.1·[1, 0.04] = [0.14275, 0.00571].
  static var rmspropByHand: HandWorked {
    HandWorked(
      call: "makeRMSprop(learningRate: 0.1, decayRate: 0.9, epsilon: 0)",
      make: { $0.makeRMSprop(learningRate: rate, decayRate: 0.9, epsilon: noEpsilon) },
      expected: [
        [0.683772233983162, -2.316227766016838], [0.4543565001126003, -2.5456434998873997],
        [0.7190309027369444, -2.8103179025117438],
      ],
      why: [
        "cache = 0.9·0 + 0.1·dx² = [0.025, 0.001]",
        "cache = 0.9·[0.025, 0.001] + 0.1·dx² = [0.0475, 0.0019]",
        "cache = 0.9·[0.0475, 0.0019] + 0.1·[1, 0.04] = [0.14275, 0.00571]",
      ],
      wrong: [
        wrongStep(
          1, [0.894590744661054, -2.105409255338946],
          "ρ on the new square and 1 − ρ on the history: cache = 0.1·cache + 0.9·dx²")
      ])
  }

  /// While the gradient is constant, m̂ = dx and v̂ = dx² exactly, so each step moves every
  /// coordinate by α·dx/|dx| = 0.1. Step 3 in full: m = 0.9·[0.095, 0.019] + 0.1·[−1, 0.2]
  /// = [−0.0145, 0.0371], v = 0.999·[0.00049975, 0.00001999] + 0.001·[1, 0.04]
  /// = [0.00149925025, 0.00005997001], m̂ = m / 0.271, v̂ = v / 0.002997001,
  /// x − 0.1·m̂/√v̂ = [0.8 + 0.0075649…, −2.2 − 0.0967790…].
  static var adamByHand: HandWorked {
    // t stuck at 1 on step 2: m = 0.19·dx and v = 0.001999·dx², corrected by 1 − 0.9 and
    // 1 − 0.999 as on step 1, so each coordinate moves 0.1·1.9/√1.999.
    let stuck = 0.1 * 1.9 / 1.999.squareRoot()
    return HandWorked(
      call: "makeAdam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 0)",
      make: { $0.makeAdam(learningRate: rate, beta1: 0.9, beta2: 0.999, epsilon: noEpsilon) },
      expected: [[0.9, -2.1], [0.8, -2.2], [0.8075649330756693, -2.296778971416321]],
      why: [
        "m̂ = m/(1 − 0.9) = dx and v̂ = v/(1 − 0.999) = dx², so x moves 0.1·dx/|dx| = 0.1",
        "the gradient has not changed, so the corrected moments have not either",
        "m = [−0.0145, 0.0371], v = [0.00149925025, 0.00005997001]; corrected by 1 − 0.9³ and "
          + "1 − 0.999³",
      ],
      wrong: [
        wrongStep(
          1, [0.683772233983162, -2.316227766016838],
          "no bias correction: m and v used as they are, before dividing by 1 − βᵗ"),
        wrongStep(1, [0.8, -3], "v̂ where the update needs √v̂"),
        nanStep(
          1,
          "t counted from 0: the first correction divides by 1 − β⁰ = 0, and ∞/∞ is NaN; "
            + "increment t before using it"),
        wrongStep(
          2, [0.9 - stuck, -2.1 - stuck],
          "t stuck at 1: the step count does not persist between steps (keep it in the "
            + "struct: step is mutating)"),
      ])
  }

  /// Every optimizer's hand-worked example.
  static var allByHand: [HandWorked] {
    [sgdByHand, momentumByHand, nesterovByHand, adagradByHand, rmspropByHand, adamByHand]
  }

  static func checkSGD(_ lesson: any MomentumLesson.Type) {
    sgdByHand.expectSteps(lesson)
  }

  static func checkMomentum(_ lesson: any MomentumLesson.Type) {
    momentumByHand.expectSteps(lesson)
  }

  static func checkNesterov(_ lesson: any MomentumLesson.Type) {
    nesterovByHand.expectSteps(lesson)
  }

  static func checkNesterovForms(_ lesson: any MomentumLesson.Type) {
    // By hand on the bowl, α = 0.02, μ = 0.8, from x = [1, 1], v = 0:
    //   step 1: ahead = x, ∇f = [1, 50], v = [−0.02, −1], x = [0.98, 0];
    //   step 2: ahead = x + 0.8v = [0.964, −0.8], ∇f = [0.964, −40],
    //           v = 0.8·v − 0.02·∇f = [−0.03528, 0], x = [0.94472, 0].
    let (rate, mu) = (0.02, 0.8)
    var x: [Double] = [1, 1]
    var velocity: [Double] = [0, 0]
    let call =
      "nesterovLookAheadStep(_:velocity:learningRate: 0.02, momentum: 0.8, gradient: ∇bowl)"
    let byHandPath: [(x: [Double], velocity: [Double])] = [
      ([0.98, 0], [-0.02, -1]), ([0.94472, 0], [-0.03528, 0]),
    ]
    for (k, expected) in byHandPath.enumerated() {
      let before = (x, velocity)
      lesson.nesterovLookAheadStep(
        &x, velocity: &velocity, learningRate: rate, momentum: mu, gradient: bowlGradient)
      guard
        firstMismatch(
          expected: expected.x + expected.velocity, got: x + velocity, tolerance: byHand)
          == nil
      else {
        expectClose(
          x + velocity, expected.x + expected.velocity, tolerance: byHand,
          "\(call), step \(k + 1) from x = \(before.0), v = \(before.1), as [x₁, x₂, v₁, v₂]: "
            + "the gradient is taken at x + μv",
          mistakes: k == 1
            ? [
              .value(
                Matrix(row: [0.9444, -0.8, -0.0356, -0.8]), "the gradient taken at x, not x + μv")
            ]
            : [])
        return
      }
    }

    // Fifty more steps side by side: the v_prev form, started at x₀ + μ·v₀ = x₀, must stay
    // at x + μv of the look-ahead form. Both round differently, by about 1e-16 per step;
    // 1e-9 leaves a wide margin and is far below the change a wrong coefficient makes.
    x = [1, 1]
    velocity = [0, 0]
    var ahead = x
    var optimizer = lesson.makeNesterov(learningRate: rate, momentum: mu)
    for k in 1...50 {
      lesson.nesterovLookAheadStep(
        &x, velocity: &velocity, learningRate: rate, momentum: mu, gradient: bowlGradient)
      let before = ahead
      optimizer.step(&ahead, gradient: bowlGradient(ahead))
      let expected = zip(x, velocity).map { x, v in x + mu * v }
      if firstMismatch(expected: expected, got: ahead, tolerance: .standard) != nil {
        expectClose(
          ahead, expected, tolerance: .standard,
          "makeNesterov(learningRate: 0.02, momentum: 0.8) on ½(x₁² + 50x₂²), step \(k) from "
            + "\(before): expected x + μv of the look-ahead form, which is at x = \(x), v = \(velocity)",
          mistakes: Mistake.found(nesterovByHand.finding(lesson)))
        return
      }
    }
  }

  static func checkAdagrad(_ lesson: any MomentumLesson.Type) {
    adagradByHand.expectSteps(lesson)
    expectZeroGradientStaysPut(
      lesson.makeAdagrad(learningRate: rate, epsilon: 1e-8),
      "makeAdagrad(learningRate: 0.1, epsilon: 1e-8)", hand: adagradByHand, lesson)
  }

  static func checkRMSprop(_ lesson: any MomentumLesson.Type) {
    rmspropByHand.expectSteps(lesson)
    expectZeroGradientStaysPut(
      lesson.makeRMSprop(learningRate: rate, decayRate: 0.9, epsilon: 1e-8),
      "makeRMSprop(learningRate: 0.1, decayRate: 0.9, epsilon: 1e-8)", hand: rmspropByHand,
      lesson)
  }

  static func checkAdam(_ lesson: any MomentumLesson.Type) {
    adamByHand.expectSteps(lesson)
    expectZeroGradientStaysPut(
      lesson.makeAdam(learningRate: rate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
      "makeAdam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)", hand: adamByHand,
      lesson)
  }
}

// MARK: - Where ε goes

extension MomentumTests {
  /// An ε as large as the square roots it is added to, so that where it goes shows: one step
  /// from x = [1, −2] with dx = [0.5, 0.1], where √cache + ε and √(cache + ε) differ by a
  /// factor of up to 1.7 (with ε = 1e-8 they would agree to 1e-7).
  static let visibleEpsilon = 0.1

  /// The first step of each adaptive optimizer with ε = 0.1, from the contract's formulas:
  /// the square root of the (corrected) cache first, ε added after.
  static func checkEpsilonPlacement(_ lesson: any MomentumLesson.Type) {
    let (g, eps) = (gradients[0], visibleEpsilon)
    func step(_ scale: (Double) -> Double) -> [Double] {
      zip(start, g).map { x, dx in x - rate * dx / scale(dx) }
    }
    // Adagrad: cache = dx². RMSprop: cache = 0.1·dx². Adam at t = 1: m̂ = dx, v̂ = dx².
    // Adam with ε before the correction (the m/(√v + ε) form with the step size
    // α·√(1 − β₂)/(1 − β₁)) divides m = 0.1·dx by √(0.001·dx²) + ε instead.
    let correction = 0.001.squareRoot() / 0.1
    let cases: [(call: String, optimizer: any Optimizer, right: [Double], wrong: [Mistake])] = [
      (
        "makeAdagrad(learningRate: 0.1, epsilon: 0.1)",
        lesson.makeAdagrad(learningRate: rate, epsilon: eps),
        step { ($0 * $0).squareRoot() + eps },
        [.value(Matrix(row: step { ($0 * $0 + eps).squareRoot() }), epsilonInsideRoot)]
      ),
      (
        "makeRMSprop(learningRate: 0.1, decayRate: 0.9, epsilon: 0.1)",
        lesson.makeRMSprop(learningRate: rate, decayRate: 0.9, epsilon: eps),
        step { (0.1 * $0 * $0).squareRoot() + eps },
        [.value(Matrix(row: step { (0.1 * $0 * $0 + eps).squareRoot() }), epsilonInsideRoot)]
      ),
      (
        "makeAdam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 0.1)",
        lesson.makeAdam(learningRate: rate, beta1: 0.9, beta2: 0.999, epsilon: eps),
        step { ($0 * $0).squareRoot() + eps },
        [
          .value(Matrix(row: step { ($0 * $0 + eps).squareRoot() }), epsilonInsideRoot),
          .value(
            Matrix(row: step { ((0.001 * $0 * $0).squareRoot() + eps) / (0.1 * correction) }),
            "ε added before the bias correction, m/(√v + ε) with the step size "
              + "α·√(1 − β₂ᵗ)/(1 − β₁ᵗ): the contract adds ε to √v̂, after correcting"),
        ]
      ),
    ]
    for (call, optimizer, right, wrong) in cases {
      var optimizer = optimizer
      var x = start
      optimizer.step(&x, gradient: g)
      expectClose(
        x, right, tolerance: byHand,
        "\(call), one step from x = \(start) with dx = \(g): x − α·dx / (√cache + ε), ε outside "
          + "the square root",
        mistakes: wrong)
    }
  }

  static let epsilonInsideRoot =
    "ε inside the square root, √(cache + ε): it goes outside, √cache + ε"
}

// MARK: - Each optimizer is a value

extension MomentumTests {
  /// Steps every stateful optimizer twice, copies it, then steps the original and the copy
  /// with the same third gradient: each must make the hand-worked third step from its own
  /// state.
  ///
  /// A copy that shares its state (a class, or arrays in a reference-type box) finds the
  /// velocity or cache already advanced by the original's step. The third gradient differs
  /// from the first two, since Adam moves by the same α while the gradient is constant,
  /// whatever the state.
  static func checkCopies(_ lesson: any MomentumLesson.Type) {
    for hand in allByHand.dropFirst() {
      var original = hand.make(lesson)
      var x = start
      original.step(&x, gradient: gradients[0])
      original.step(&x, gradient: gradients[1])
      // Only right first steps say anything about copies; the hand-worked test grades them.
      guard firstMismatch(expected: hand.expected[1], got: x, tolerance: byHand) == nil else {
        continue
      }
      var copy = original
      var xOriginal = x
      var xCopy = x
      original.step(&xOriginal, gradient: gradients[2])
      copy.step(&xCopy, gradient: gradients[2])
      let originalRight =
        firstMismatch(expected: hand.expected[2], got: xOriginal, tolerance: byHand) == nil
      expectClose(
        xCopy, hand.expected[2], tolerance: byHand,
        "\(hand.call): two steps from x = \(start), then `var copy = optimizer`; the original "
          + "stepped to \(xOriginal), then the copy from x = \(x) with dx = \(gradients[2]) "
          + "must make the same third step, with state of its own",
        mistakes: originalRight
          ? [
            Mistake(
              name: "the copy shares its state with the original (the optimizer is a class, or "
                + "keeps its arrays in a reference-type box): make it a struct whose velocity, "
                + "cache, moments and t are stored properties, copied with it"
            ) { _, _ in true }
          ] : [])
    }
  }
}

// MARK: - The test functions

extension MomentumTests {
  static func checkObjectives(_ lesson: any MomentumLesson.Type) {
    // Values by hand: ½(1 + 50) = 25.5; ½(4 + 50·0.25) = 8.25; at (−1.2, 1):
    // (2.2)² + 100·(1 − 1.44)² = 4.84 + 19.36 = 24.2.
    let bowlWithoutHalf = Mistake.transform("x₁² + 50·x₂² without the ½") { $0 * 2 }
    expectClose(
      [
        lesson.quadraticBowl([1, 1]), lesson.quadraticBowl([2, -0.5]),
        lesson.quadraticBowl([0, 0]),
      ],
      [25.5, 8.25, 0], tolerance: .tight,
      "quadraticBowl at [1, 1], [2, -0.5] and the minimum [0, 0]: ½(x₁² + 50·x₂²)",
      mistakes: [bowlWithoutHalf])
    expectClose(
      lesson.quadraticBowlGradient([2, -0.5]) + lesson.quadraticBowlGradient([0, 0]),
      [2, -25, 0, 0], tolerance: .tight,
      "quadraticBowlGradient at [2, -0.5] and [0, 0], one after the other: [x₁, 50·x₂]",
      mistakes: [
        .value(Matrix(row: [2, -0.5, 0, 0]), "the curvature 50 forgotten: ∂f/∂x₂ = 50·x₂"),
        .value(Matrix(row: [4, -50, 0, 0]), "the ½ forgotten: the ½ cancels the 2 of each square"),
      ])
    expectClose(
      [lesson.rosenbrock([1, 1]), lesson.rosenbrock([0, 0]), lesson.rosenbrock([-1.2, 1])],
      [0, 1, 24.2], tolerance: .tight,
      "rosenbrock at [1, 1] (the minimum), [0, 0] and [-1.2, 1]: (1 − x)² + 100·(y − x²)²",
      mistakes: [
        .value(Matrix(row: [0, 1, 2.2 * 2.2 - 44]), "100·(y − x²) without its square")
      ])
    expectClose(
      lesson.rosenbrockGradient([1, 1]), [0, 0], tolerance: .tight,
      "rosenbrockGradient([1, 1]): the gradient vanishes at the minimum")
    // ∂x = −2·2.2 − 400·(−1.2)·(−0.44) = −4.4 − 211.2; ∂y = 200·(−0.44).
    expectClose(
      lesson.rosenbrockGradient([-1.2, 1]), [-215.6, -88], tolerance: .tight,
      "rosenbrockGradient([-1.2, 1]) = [−2(1 − x) − 400x(y − x²), 200(y − x²)]",
      mistakes: [
        .value(
          Matrix(row: [-4.4 - 105.6, -88]),
          "−200x(y − x²) in ∂f/∂x: the chain rule gives 2·100·(−2x)"),
        .value(Matrix(row: [4.4 - 211.2, -88]), "+2(1 − x) in ∂f/∂x: d(1 − x)²/dx = −2(1 − x)"),
        .value(Matrix(row: [-215.6, -44]), "100·(y − x²) in ∂f/∂y: d(y − x²)²/dy = 2(y − x²)"),
      ])

    // Seeded points, each gradient against your function and against the test's own copy.
    // Rosenbrock points in [−1, 1]² where both partial derivatives are ≥ 5: there the
    // centered difference is off by < 1e-8 relative (its f‴ is at most about 2400).
    var generator = Graded.generator(salt: 701)
    var bowlPoints: [[Double]] = []
    var valleyPoints: [[Double]] = []
    while bowlPoints.count < 3 {
      bowlPoints.append([generator.uniform(in: 0.5...2), -generator.uniform(in: 0.5...2)])
    }
    while valleyPoints.count < 3 {
      let point = [generator.uniform(in: -1...1), generator.uniform(in: -1...1)]
      if rosenbrockGradient(point).allSatisfy({ abs($0) >= 5 }) {
        valleyPoints.append(point)
      }
    }
    for point in bowlPoints {
      let analytic = lesson.quadraticBowlGradient(point)
      guard analytic.count == 2 else {
        fail("quadraticBowlGradient(\(point)): expected 2 entries, got \(analytic.count)")
        return
      }
      expectGradient(
        checkGradient(of: { lesson.quadraticBowl($0) }, at: point, analytic: analytic),
        "quadraticBowlGradient(\(point)) against your quadraticBowl; \(Graded.replay)")
      expectGradient(
        checkGradient(of: bowl, at: point, analytic: analytic),
        "quadraticBowlGradient(\(point)) against ½(x₁² + 50x₂²); \(Graded.replay)")
    }
    for point in valleyPoints {
      let analytic = lesson.rosenbrockGradient(point)
      guard analytic.count == 2 else {
        fail("rosenbrockGradient(\(point)): expected 2 entries, got \(analytic.count)")
        return
      }
      expectGradient(
        checkGradient(of: { lesson.rosenbrock($0) }, at: point, analytic: analytic),
        "rosenbrockGradient(\(point)) against your rosenbrock; \(Graded.replay)")
      expectGradient(
        checkGradient(of: rosenbrock, at: point, analytic: analytic),
        "rosenbrockGradient(\(point)) against (1 − x)² + 100(y − x²)²; \(Graded.replay)")
    }
  }
}

// MARK: - Convergence

extension MomentumTests {
  static func checkBowlConvergence(_ lesson: any MomentumLesson.Type) {
    // The test's own gradient must be right for the race to mean anything.
    expectGradient(
      checkGradient(of: bowl, at: [1, 1], analytic: bowlGradient([1, 1])),
      "the test's own gradient of ½(x₁² + 50x₂²)")
    // α = 0.02 is stable along x₂ (curvature 50: α·50 = 1 < 2) but slow along x₁, where
    // each SGD step shrinks x₁ by only 2%. The reference takes 684 steps with SGD, 117 with
    // momentum μ = 0.8 and 98 with Nesterov to reach ‖x‖ < 1e-6 from (1, 1).
    let (rate, mu, tolerance, budget) = (0.02, 0.8, 1e-6, 1000)
    func steps(_ optimizer: any Optimizer) -> Int? {
      var optimizer = optimizer
      var x: [Double] = [1, 1]
      for k in 1...budget {
        optimizer.step(&x, gradient: bowlGradient(x))
        if norm(x) < tolerance { return k }
      }
      return nil
    }
    let runs: [(name: String, steps: Int?, hand: HandWorked)] = [
      ("makeSGD(learningRate: 0.02)", steps(lesson.makeSGD(learningRate: rate)), sgdByHand),
      (
        "makeMomentum(learningRate: 0.02, momentum: 0.8)",
        steps(lesson.makeMomentum(learningRate: rate, momentum: mu)), momentumByHand
      ),
      (
        "makeNesterov(learningRate: 0.02, momentum: 0.8)",
        steps(lesson.makeNesterov(learningRate: rate, momentum: mu)), nesterovByHand
      ),
    ]
    let summary = runs.map { "\($0.name): \($0.steps.map(String.init) ?? "not within \(budget)")" }
      .joined(separator: "; ")
    let setup = "on ½(x₁² + 50x₂²) from (1, 1), steps until ‖x‖ < 1e-6 (\(summary))"
    // The race shows only the effect; the hand-worked steps name the cause.
    func cause(_ hand: HandWorked) -> String {
      hand.finding(lesson).map { "\n  Likely mistake: \($0)." } ?? ""
    }
    guard let sgd = runs[0].steps else {
      fail("\(setup): SGD should get there in about 684 steps" + cause(sgdByHand))
      return
    }
    for (name, count, hand) in runs.dropFirst() where !(count.map { $0 < sgd } ?? false) {
      fail(
        "\(setup): expected \(name) to need fewer steps than SGD's \(sgd); the reference needs "
          + "117 (momentum) and 98 (Nesterov). Is the velocity carried from step to step?"
          + cause(hand))
    }
  }

  static func checkRosenbrockAdam(_ lesson: any MomentumLesson.Type) {
    expectGradient(
      checkGradient(of: rosenbrock, at: [-1.2, 1], analytic: rosenbrockGradient([-1.2, 1])),
      "the test's own gradient of the Rosenbrock function")
    // The reference gets within 1e-3 of (1, 1) after 1220 steps.
    let (budget, tolerance) = (2000, 1e-3)
    var adam = lesson.makeAdam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
    var x: [Double] = [-1.2, 1]
    for _ in 0..<budget {
      adam.step(&x, gradient: rosenbrockGradient(x))
      if norm([x[0] - 1, x[1] - 1]) < tolerance { return }
    }
    fail(
      "makeAdam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8) on the Rosenbrock "
        + "function from (−1.2, 1): expected to get within \(tolerance) of (1, 1) within "
        + "\(budget) steps (the reference needs 1220), ended at \(x), "
        + "rosenbrock = \(rosenbrock(x))"
        + (adamByHand.finding(lesson).map { "\n  Likely mistake: \($0)." } ?? ""))
  }
}

// MARK: - Learning-rate schedules

extension MomentumTests {
  static func checkSchedules(_ lesson: any MomentumLesson.Type) {
    // α₀ = 0.1 halved every 10 steps: ⌊t/10⌋ = 0, 0, 1, 1, 2, 2, 9.
    let steps = [0, 9, 10, 19, 20, 25, 99]
    expectClose(
      steps.map { lesson.stepDecay(initial: 0.1, factor: 0.5, every: 10, at: $0) },
      [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.1 / 512], tolerance: .tight,
      "stepDecay(initial: 0.1, factor: 0.5, every: 10, at: t) for t = \(steps)",
      mistakes: [
        .value(
          Matrix(row: steps.map { 0.1 * pow(0.5, Double($0) / 10) }),
          "t/k without the floor: the rate must hold for k steps, then drop"),
        .value(
          Matrix(row: steps.map { 0.1 * pow(0.5, (Double($0) / 10).rounded(.up)) }),
          "⌈t/k⌉ instead of ⌊t/k⌋: the rate drops at the first step, not after k steps"),
      ])
    let times = [0, 1, 20, 100]
    expectClose(
      times.map { lesson.exponentialDecay(initial: 0.1, rate: 0.05, at: $0) },
      times.map { 0.1 * exp(-0.05 * Double($0)) }, tolerance: .tight,
      "exponentialDecay(initial: 0.1, rate: 0.05, at: t) for t = \(times): 0.1·e^(−0.05t), "
        + "e.g. 0.1·e^(−1) = 0.0367879 at t = 20",
      mistakes: [
        .value(
          Matrix(row: times.map { _ in 0.1 * exp(-0.05) }), "t forgotten: α₀·e^(−k), every step"),
        .value(
          Matrix(row: times.map { 0.1 * exp(-Double($0) / 0.05) }),
          "k used as a time constant, α₀·e^(−t/k): the contract multiplies, e^(−k·t)"),
      ])

    // An optimizer follows a schedule through its learningRate: x = 1, dx = 1, three SGD
    // steps at α = 0.1·e^(−t) for t = 0, 1, 2 end at 1 − 0.1·(1 + e^(−1) + e^(−2)).
    var sgd = lesson.makeSGD(learningRate: 0.1)
    var x: [Double] = [1]
    for t in 0..<3 {
      sgd.learningRate = lesson.exponentialDecay(initial: 0.1, rate: 1, at: t)
      sgd.step(&x, gradient: [1])
    }
    let travelled: Double = 0.1 * (1 + exp(-1) + exp(-2))
    expectClose(
      x, [1 - travelled], tolerance: .tight,
      "three makeSGD steps from x = [1] with dx = [1] and learningRate set to "
        + "exponentialDecay(initial: 0.1, rate: 1, at: t) before step t = 0, 1, 2",
      mistakes: [
        .value(
          Matrix(row: [0.7]),
          "the learning rate read once, when the optimizer was made: step must use the current "
            + "learningRate, which a schedule sets before each step")
      ])
  }
}
