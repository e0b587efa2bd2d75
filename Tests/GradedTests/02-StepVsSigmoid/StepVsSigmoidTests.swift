import Foundation
import GradKit
import LessonWire
import Solutions
import Testing

extension Graded {
  /// The step-vs-sigmoid implementation this run grades.
  static var stepVsSigmoid: any StepVsSigmoidLesson.Type {
    isGradingLearner ? RemoteStepVsSigmoid<Learner>.self : Solutions.StepVsSigmoid.self
  }
}

@Suite("02 · Step vs. sigmoid", .graded)
struct StepVsSigmoidTests {
  @Test("step is 1 for inputs of 0 and above, 0 below")
  func step() {
    Self.checkStep(Graded.stepVsSigmoid)
  }

  @Test("stepDerivative is 0: the step is flat wherever it has a slope")
  func stepDerivative() {
    Self.checkStepDerivative(Graded.stepVsSigmoid)
  }

  @Test("sigmoid matches 1 / (1 + e^(−x)) on worked and seeded values")
  func sigmoidValues() {
    Self.checkSigmoidValues(Graded.stepVsSigmoid)
  }

  @Test("sigmoid stays finite and exact at ±1000 and ±∞")
  func sigmoidExtremes() {
    Self.checkSigmoidExtremes(Graded.stepVsSigmoid)
  }

  @Test("sigmoidDerivative is σ(x)(1 − σ(x)), the slope of your sigmoid")
  func sigmoidDerivative() {
    Self.checkSigmoidDerivative(Graded.stepVsSigmoid)
  }

  @Test("squaredErrorGradient is the slope of squaredError")
  func squaredErrorGradient() {
    Self.checkSquaredErrorGradient(Graded.stepVsSigmoid)
  }

  @Test("gradient descent is stuck with the step and lowers the error with the sigmoid")
  func stepIsStuck() {
    Self.checkStepIsStuck(Graded.stepVsSigmoid)
  }

  @Test("probability is σ(w·x + b) and logLoss is the mean of −ln(probability of the label)")
  func logLoss() {
    Self.checkLogLoss(Graded.stepVsSigmoid)
  }

  @Test("update adds α(y − ŷ)x, a step down the log-loss")
  func update() {
    Self.checkUpdate(Graded.stepVsSigmoid)
  }

  @Test("train lowers the log-loss epoch after epoch and reaches 90% accuracy")
  func training() {
    Self.checkTraining(Graded.stepVsSigmoid)
  }
}

// MARK: - Fixtures and tolerances

extension StepVsSigmoidTests {
  /// The reference implementation, for values on seeded inputs.
  static let reference = Solutions.StepVsSigmoid.self

  /// A right sigmoid is a handful of roundings (the exponential within an ulp or so, one
  /// addition, one division), so it is within about 1e−15 of the true value relatively;
  /// 1e−13 leaves a hundredfold margin and still catches any wrong formula.
  static let sigmoidAccuracy = Tolerance(relative: 1e-13)

  /// σ(x)·(1 − σ(x)) loses relative precision where 1 − σ(x) is tiny (large x), but stays
  /// within about ε·σ ≈ 2e−16 absolutely; σ(x)·σ(−x) is accurate relatively. Both pass.
  static let derivativeAccuracy = Tolerance(absolute: 1e-15, relative: 1e-12)

  /// Sums of a few dozen terms of size ≤ 1, added in any order, agree to a few hundred
  /// roundings of 2.2e−16; 1e−12 leaves room and is far below any wrong formula's error.
  static let sumAccuracy = Tolerance(absolute: 1e-12, relative: 1e-12)

  /// The OR truth table: 00 → 0, 01 → 1, 10 → 1, 11 → 1.
  static let orTable = Datasets.truthTable(.or)

  /// The unit's weights and bias in one array, `[w₁, …, wₙ, b]`, for `expectClose`.
  static func parameters(_ unit: LogisticUnit) -> [Double] {
    unit.weights + [unit.bias]
  }

  /// The score w·x + b, independently of the learner's code.
  static func score(_ x: [Double], _ unit: LogisticUnit) -> Double {
    dot(unit.weights, x) + unit.bias
  }

  /// The unit that the named parameters `w` (1×n) and `b` (1×1) of the gradient checker hold.
  static func logisticUnit(_ parameters: [String: Matrix]) -> LogisticUnit {
    LogisticUnit(weights: parameters["w"]!.storage, bias: parameters["b"]![0, 0])
  }

  /// A unit as named parameters for the gradient checker.
  static func named(_ unit: LogisticUnit) -> [String: Matrix] {
    ["w": Matrix(row: unit.weights), "b": Matrix(row: [unit.bias])]
  }

  /// A gradient as named parameters for the gradient checker.
  static func named(_ gradient: (weights: [Double], bias: Double)) -> [String: Matrix] {
    ["w": Matrix(row: gradient.weights), "b": Matrix(row: [gradient.bias])]
  }

  /// The unit one step of gradient descent reaches: w − α·∂E/∂w, b − α·∂E/∂b.
  static func descend(
    _ unit: LogisticUnit, along gradient: (weights: [Double], bias: Double), rate: Double
  ) -> LogisticUnit {
    LogisticUnit(
      weights: zip(unit.weights, gradient.weights).map { w, g in w - rate * g },
      bias: unit.bias - rate * gradient.bias)
  }
}

// MARK: - The step

extension StepVsSigmoidTests {
  static func checkStep(_ lesson: any StepVsSigmoidLesson.Type) {
    // From the definition step(x) = 1 if x ≥ 0, else 0, at the edges of that rule.
    let cases: [(x: Double, expected: Double)] = [
      (-.infinity, 0), (-1000, 0), (-1e-300, 0), (0, 1), (1e-300, 1), (2.5, 1), (.infinity, 1),
    ]
    for (x, expected) in cases {
      let got = lesson.step(x)
      let why = x == 0 ? " (0 is on the boundary and counts as positive: x ≥ 0, not x > 0)" : ""
      #expect(got == expected, "step(\(x)): expected \(expected), got \(got)\(why)")
    }
  }

  static func checkStepDerivative(_ lesson: any StepVsSigmoidLesson.Type) {
    // At the jump the step has no slope; the contract asks for 0 there too.
    for x in [0.0, -1000, 1000] {
      let got = lesson.stepDerivative(x)
      #expect(got == 0, "stepDerivative(\(x)): expected 0, got \(got)")
    }
    // Σ step(xᵢ) changes by nothing when one xᵢ moves by h, unless xᵢ is within h of the
    // jump at 0 (those coordinates are skipped): the numeric slope is exactly 0.
    var generator = Graded.generator(salt: 1)
    let xs = (0..<8).map { _ in generator.uniform(in: -3...3) }
    let report = checkGradient(
      of: { x in x.reduce(0) { total, xi in total + lesson.step(xi) } }, at: xs,
      analytic: xs.map { lesson.stepDerivative($0) }, skipping: .near([0]))
    expectGradient(
      report,
      "stepDerivative at x = \(xs.prefix(3))… against the numeric slope of your step, "
        + "Σ step(xᵢ); \(Graded.replay)")
  }
}

// MARK: - The sigmoid

extension StepVsSigmoidTests {
  static func checkSigmoidValues(_ lesson: any StepVsSigmoidLesson.Type) {
    // Worked by hand: σ(0) = 1/2; σ(ln 3) = 1/(1 + 1/3) = 3/4; σ(−ln 3) = 1/(1 + 3) = 1/4;
    // σ(1) = e/(1 + e). The rest to 17 digits from 1/(1 + e^(−x)) in 40-digit arithmetic.
    let ln3 = log(3.0)
    let cases: [(x: Double, expected: Double)] = [
      (0, 0.5), (ln3, 0.75), (-ln3, 0.25), (1, 0.7310585786300049), (-1, 0.2689414213699951),
      (5, 0.9933071490757152), (-5, 0.0066928509242848554), (-40, 4.248354255291589e-18),
    ]
    for (x, expected) in cases {
      expectClose(
        lesson.sigmoid(x), expected, tolerance: sigmoidAccuracy,
        "sigmoid(\(x)) = 1 / (1 + e^(−x))")
    }

    // Seeded inputs against the reference, and the symmetry σ(−x) = 1 − σ(x): each side is
    // within an ulp or two of its value, so the sum is 1 within a few 1e−16.
    var generator = Graded.generator(salt: 2)
    let xs = (0..<20).map { _ in generator.uniform(in: -20...20) }
    expectClose(
      xs.map { lesson.sigmoid($0) }, xs.map { reference.sigmoid($0) },
      tolerance: sigmoidAccuracy,
      "sigmoid at seeded x = \(xs.prefix(3))…; \(Graded.replay)")
    for x in xs.prefix(5) {
      expectClose(
        lesson.sigmoid(x) + lesson.sigmoid(-x), 1, tolerance: Tolerance(absolute: 1e-15),
        "sigmoid(\(x)) + sigmoid(\(-x)): σ(−x) = 1 − σ(x); \(Graded.replay)")
    }
  }

  static func checkSigmoidExtremes(_ lesson: any StepVsSigmoidLesson.Type) {
    // e^(−1000) ≈ 5e−435 and e^(−800) ≈ 4e−348 are below the smallest Double (5e−324), so the
    // correctly rounded σ(1000) and σ(710) are exactly 1, σ(−1000) and σ(−800) exactly 0.
    // e^x overflows to +∞ above x ≈ 709.8: a formula that computes it there and then divides
    // gets ∞/∞ = NaN.
    let cases: [(x: Double, expected: Double)] = [
      (1000, 1), (-1000, 0), (710, 1), (-800, 0), (.infinity, 1), (-.infinity, 0),
    ]
    for (x, expected) in cases {
      let got = lesson.sigmoid(x)
      let why =
        got.isNaN
        ? " (NaN: e^x or e^(−x) overflowed to ∞ and ∞/∞ is NaN; raise e only to a power ≤ 0, "
          + "using e^x / (1 + e^x) for negative x)" : ""
      #expect(got == expected, "sigmoid(\(x)): expected exactly \(expected), got \(got)\(why)")
    }
    // Seeded huge inputs: every value a probability, never NaN.
    var generator = Graded.generator(salt: 3)
    for _ in 0..<20 {
      let x = generator.uniform(in: -5000...5000)
      let got = lesson.sigmoid(x)
      guard (0...1).contains(got) else {
        fail("sigmoid(\(x)): expected a value in [0, 1], got \(got); \(Graded.replay)")
        return
      }
    }
  }

  static func checkSigmoidDerivative(_ lesson: any StepVsSigmoidLesson.Type) {
    // Worked by hand: σ′(0) = ½·½; σ′(±ln 3) = ¾·¼ = 3/16; σ′(±1000) is e^(−1000), which
    // rounds to 0. The others to 17 digits from σ(1 − σ) in 40-digit arithmetic.
    let ln3 = log(3.0)
    let cases: [(x: Double, expected: Double)] = [
      (0, 0.25), (ln3, 0.1875), (-ln3, 0.1875), (1, 0.19661193324148185),
      (-5, 0.006648056670790155), (1000, 0), (-1000, 0),
    ]
    for (x, expected) in cases {
      expectClose(
        lesson.sigmoidDerivative(x), expected, tolerance: derivativeAccuracy,
        "sigmoidDerivative(\(x)) = σ(x)·(1 − σ(x)) with σ(x) = \(reference.sigmoid(x))")
    }

    var generator = Graded.generator(salt: 4)
    let xs = (0..<20).map { _ in generator.uniform(in: -20...20) }
    expectClose(
      xs.map { lesson.sigmoidDerivative($0) }, xs.map { reference.sigmoidDerivative($0) },
      tolerance: derivativeAccuracy,
      "sigmoidDerivative at seeded x = \(xs.prefix(3))…; \(Graded.replay)")

    // Against your own sigmoid: Σ σ(xᵢ) has the partial derivatives σ′(xᵢ). Inputs stay in
    // [−4, 4], where σ′ ≥ 0.017, so the centered difference is good to about 1e−9 relatively.
    let near = xs.map { $0 / 5 }
    let report = checkGradient(
      of: { x in x.reduce(0) { total, xi in total + lesson.sigmoid(xi) } }, at: near,
      analytic: near.map { lesson.sigmoidDerivative($0) })
    expectGradient(
      report,
      "sigmoidDerivative at x = \(near.prefix(3))… against the numeric slope of your sigmoid; "
        + Graded.replay)
  }
}

// MARK: - Squared error: the step is stuck, the sigmoid is not

extension StepVsSigmoidTests {
  static func checkSquaredErrorGradient(_ lesson: any StepVsSigmoidLesson.Type) {
    // By hand on OR from w = [0, 0], b = 0. With the sigmoid every ŷ is ½ and σ′(0) = ¼:
    // E = 4·(½)²/(2·4) = 1/8, and (y − ŷ)·σ′ is ∓1/8, so ∂E/∂w = −¼·⅛·([0,1] + [1,0] + [1,1]
    // − [0,0]) = [−1/16, −1/16] and ∂E/∂b = −¼·⅛·(1 + 1 + 1 − 1) = −1/16.
    // With the step every ŷ is step(0) = 1: one mistake (00), E = 1/(2·4) = 1/8, gradient 0.
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let sigmoidError = lesson.squaredError(
      of: zeros, on: orTable, activation: { lesson.sigmoid($0) })
    expectClose(
      sigmoidError, 0.125, tolerance: .tight,
      "squaredError(of: \(zeros), on: OR truth table, activation: sigmoid)")
    let sigmoidGradient = lesson.squaredErrorGradient(
      of: zeros, on: orTable, activation: { lesson.sigmoid($0) },
      derivative: { lesson.sigmoidDerivative($0) })
    expectClose(
      sigmoidGradient.weights + [sigmoidGradient.bias], [-0.0625, -0.0625, -0.0625],
      tolerance: .tight,
      "squaredErrorGradient(of: \(zeros), on: OR truth table, sigmoid) as [∂E/∂w₁, ∂E/∂w₂, ∂E/∂b]",
      mistakes: [
        .flippedSign, .value(Matrix(row: [-0.25, -0.25, -0.25]), "the factor f′(z) is missing"),
      ])
    let stepError = lesson.squaredError(of: zeros, on: orTable, activation: { lesson.step($0) })
    expectClose(
      stepError, 0.125, tolerance: .tight,
      "squaredError(of: \(zeros), on: OR truth table, activation: step): only 00 is wrong")
    let stepGradient = lesson.squaredErrorGradient(
      of: zeros, on: orTable, activation: { lesson.step($0) },
      derivative: { lesson.stepDerivative($0) })
    expectClose(
      stepGradient.weights + [stepGradient.bias], [0, 0, 0], tolerance: .tight,
      "squaredErrorGradient(of: \(zeros), on: OR truth table, step) as [∂E/∂w₁, ∂E/∂w₂, ∂E/∂b]: "
        + "every term carries step′(z) = 0")

    // Seeded data and unit: against the reference, then against the numeric slope of your own
    // squaredError. A unit whose gradient has a coordinate below 1e−3 is redrawn, since there
    // the centered difference's rounding (about 1e−11) would be a visible fraction of it.
    var generator = Graded.generator(salt: 5)
    let data = Datasets.linearlySeparable(count: 20, using: &generator)
    var unit = LogisticUnit.random(inputCount: 2, in: -2...2, using: &generator)
    func referenceGradient(_ unit: LogisticUnit) -> (weights: [Double], bias: Double) {
      reference.squaredErrorGradient(
        of: unit, on: data, activation: reference.sigmoid, derivative: reference.sigmoidDerivative)
    }
    func hasTinyCoordinate(_ gradient: (weights: [Double], bias: Double)) -> Bool {
      (gradient.weights + [gradient.bias]).contains { abs($0) < 1e-3 }
    }
    while hasTinyCoordinate(referenceGradient(unit)) {
      unit = LogisticUnit.random(inputCount: 2, in: -2...2, using: &generator)
    }
    let call = "on 20 seeded points from \(unit) with the sigmoid"
    expectClose(
      lesson.squaredError(of: unit, on: data, activation: { lesson.sigmoid($0) }),
      reference.squaredError(of: unit, on: data, activation: reference.sigmoid),
      tolerance: sumAccuracy, "squaredError \(call); \(Graded.replay)")
    let gradient = lesson.squaredErrorGradient(
      of: unit, on: data, activation: { lesson.sigmoid($0) },
      derivative: { lesson.sigmoidDerivative($0) })
    let expected = referenceGradient(unit)
    expectClose(
      gradient.weights + [gradient.bias], expected.weights + [expected.bias],
      tolerance: sumAccuracy,
      "squaredErrorGradient \(call) as [∂E/∂w₁, ∂E/∂w₂, ∂E/∂b]; \(Graded.replay)",
      mistakes: [.flippedSign, .missingAverage(over: data.count)])
    guard gradient.weights.count == 2 else {
      fail("squaredErrorGradient \(call): expected 2 weight derivatives, got \(gradient.weights)")
      return
    }
    let report = checkGradient(
      of: { p in
        lesson.squaredError(of: logisticUnit(p), on: data, activation: { lesson.sigmoid($0) })
      },
      at: named(unit), analytic: named(gradient))
    expectGradient(
      report,
      "squaredErrorGradient \(call) against the numeric slope of your squaredError; "
        + Graded.replay)
  }

  static func checkStepIsStuck(_ lesson: any StepVsSigmoidLesson.Type) {
    // The same seeded data, start and learning rate for both activations.
    var generator = Graded.generator(salt: 6)
    let data = Datasets.linearlySeparable(count: 60, using: &generator)
    var start = LogisticUnit.random(inputCount: 2, using: &generator)
    let startIsPerfect = (0..<data.count).allSatisfy { i in
      (score(data.inputs.row(i), start) >= 0 ? 1 : 0) == data.labels[i]
    }
    if startIsPerfect {
      // A line that already separates the data would be "stuck" for a dull reason: turn it round.
      start = LogisticUnit(weights: start.weights.map { -$0 }, bias: -start.bias)
    }
    let rate = 1.0
    let steps = 100
    let setting =
      "\(steps) steps of gradient descent, α = \(rate), on 60 seeded points from \(start)"

    // With the step: E is half the fraction of mistakes, flat between jumps, so its slope is 0
    // and gradient descent never moves. The checker confirms the slope of your squaredError
    // with the step is 0; coordinates whose ±h nudge crosses a jump are skipped.
    let stepError: (LogisticUnit) -> Double = { unit in
      lesson.squaredError(of: unit, on: data, activation: { lesson.step($0) })
    }
    let stepGradient: (LogisticUnit) -> (weights: [Double], bias: Double) = { unit in
      lesson.squaredErrorGradient(
        of: unit, on: data, activation: { lesson.step($0) },
        derivative: { lesson.stepDerivative($0) })
    }
    let firstGradient = stepGradient(start)
    guard firstGradient.weights.count == 2 else {
      fail(
        "squaredErrorGradient with the step: expected 2 weight derivatives, got \(firstGradient)")
      return
    }
    expectGradient(
      checkGradient(
        of: { p in stepError(logisticUnit(p)) }, at: named(start), analytic: named(firstGradient),
        skipping: .detectFromOneSidedDifferences),
      "squaredErrorGradient with the step at \(start) against the numeric slope of your "
        + "squaredError with the step; \(Graded.replay)")
    var unit = start
    for _ in 0..<steps {
      unit = descend(unit, along: stepGradient(unit), rate: rate)
    }
    let stepBefore = stepError(start)
    let stepAfter = stepError(unit)
    if unit != start || stepAfter != stepBefore {
      fail(
        "\(setting) with the step: expected no progress at all (the step's slope is 0, so every "
          + "gradient is 0), but the unit moved to \(unit) and the error went from \(stepBefore) "
          + "to \(stepAfter); \(Graded.replay)")
    }

    // With the sigmoid: the same loop lowers the error. On this data 100 steps take it below
    // 80% of where it started (the reference gets well below that for every seed tried).
    let sigmoidError: (LogisticUnit) -> Double = { unit in
      lesson.squaredError(of: unit, on: data, activation: { lesson.sigmoid($0) })
    }
    unit = start
    for _ in 0..<steps {
      unit = descend(
        unit,
        along: lesson.squaredErrorGradient(
          of: unit, on: data, activation: { lesson.sigmoid($0) },
          derivative: { lesson.sigmoidDerivative($0) }),
        rate: rate)
    }
    let sigmoidBefore = sigmoidError(start)
    let sigmoidAfter = sigmoidError(unit)
    if !(sigmoidAfter < 0.8 * sigmoidBefore) {
      fail(
        "\(setting) with the sigmoid: expected the squared error to fall below 80% of its start "
          + "\(sigmoidBefore), got \(sigmoidAfter) at \(unit). Is the gradient's sign right "
          + "(descent subtracts it)? \(Graded.replay)")
    }
  }
}

// MARK: - Logistic regression with the log-loss

extension StepVsSigmoidTests {
  static func checkLogLoss(_ lesson: any StepVsSigmoidLesson.Type) {
    // probability by hand: w = [2, −1], b = 0.25. At (1, 3): z = 2 − 3 + 0.25 = −0.75 and
    // σ(−0.75) = 0.320821300824607; at (0.5, 1.25): z = 0, so ½; at (0, 0): z = 0.25 and
    // σ(0.25) = 0.5621765008857981 (both in 40-digit arithmetic).
    let unit = LogisticUnit(weights: [2, -1], bias: 0.25)
    let points: [(x: [Double], expected: Double, z: String)] = [
      ([1, 3], 0.320821300824607, "−0.75"), ([0.5, 1.25], 0.5, "0"),
      ([0, 0], 0.5621765008857981, "0.25"),
    ]
    for (x, expected, z) in points {
      expectClose(
        lesson.probability(x, unit: unit), expected, tolerance: sigmoidAccuracy,
        "probability(\(x), unit: \(unit)): σ(w·x + b) with w·x + b = \(z)")
    }

    // logLoss by hand. A unit that answers ½ everywhere costs −ln ½ = ln 2 per point, and the
    // mean of equal costs is that cost: ln 2 on the AND table too.
    let zeros = LogisticUnit.zeros(inputCount: 2)
    expectClose(
      lesson.logLoss(of: zeros, on: Datasets.truthTable(.and)), 0.6931471805599453,
      tolerance: .tight, "logLoss(of: \(zeros), on: AND truth table): ln 2 for each of 4 points",
      mistakes: [.missingAverage(over: 4), .flippedSign])
    // One input, w = ln 3, b = 0: at x = 1, ŷ = σ(ln 3) = ¾. Label 1 costs −ln ¾ = ln(4/3),
    // label 0 costs −ln ¼ = ln 4; their mean is 0.8369882167858358.
    let ln3 = LogisticUnit(weights: [log(3)], bias: 0)
    let twoPoints = Dataset(inputs: Matrix([[1], [1]]), labels: [1, 0], classCount: 2)
    expectClose(
      lesson.logLoss(of: ln3, on: twoPoints), 0.8369882167858358, tolerance: .tight,
      "logLoss(of: \(ln3), on: x = 1 labelled 1 and x = 1 labelled 0): "
        + "(−ln ¾ − ln(1 − ¾)) / 2",
      mistakes: [.missingAverage(over: 2), .flippedSign])

    // Seeded data and unit against the reference.
    var generator = Graded.generator(salt: 7)
    let data = Datasets.linearlySeparable(count: 30, using: &generator)
    let seeded = LogisticUnit.random(inputCount: 2, in: -3...3, using: &generator)
    expectClose(
      lesson.logLoss(of: seeded, on: data), reference.logLoss(of: seeded, on: data),
      tolerance: sumAccuracy,
      "logLoss(of: \(seeded), on: 30 seeded points); \(Graded.replay)",
      mistakes: [.missingAverage(over: data.count), .flippedSign])
    let x = data.inputs.row(0)
    expectClose(
      lesson.probability(x, unit: seeded), reference.probability(x, unit: seeded),
      tolerance: sigmoidAccuracy, "probability(\(x), unit: \(seeded)); \(Graded.replay)")
  }

  static func checkUpdate(_ lesson: any StepVsSigmoidLesson.Type) {
    // By hand. From zeros ŷ = ½; at x = (1, 2), label 1, α = ½: α(y − ŷ) = ¼, so w = [¼, ½],
    // b = ¼. The squared-error step would carry σ′(0) = ¼ more: [1/16, 1/8, 1/16].
    // At x = (2, −4), label 0, α = 1: α(y − ŷ) = −½, so w = [−1, 2], b = −½.
    // From w = [1, 1], b = ln 3 − 2 at x = (1, 1): z = ln 3, ŷ = ¾; label 0, α = 0.2 gives
    // α(y − ŷ) = −0.15, so w = [0.85, 0.85], b = ln 3 − 2.15.
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let shifted = LogisticUnit(weights: [1, 1], bias: log(3) - 2)
    let cases:
      [(
        unit: LogisticUnit, x: [Double], label: Int, rate: Double, expected: [Double],
        squared: [Double]
      )] = [
        (zeros, [1, 2], 1, 0.5, [0.25, 0.5, 0.25], [0.0625, 0.125, 0.0625]),
        (zeros, [2, -4], 0, 1, [-1, 2, -0.5], [-0.25, 0.5, -0.125]),
        (
          shifted, [1, 1], 0, 0.2, [0.85, 0.85, log(3) - 2.15],
          [0.971875, 0.971875, log(3) - 2.028125]
        ),
      ]
    for (unit, x, label, rate, expected, squared) in cases {
      let got = lesson.update(unit, with: x, label: label, learningRate: rate)
      let backwards = zip(parameters(unit), expected).map { start, end in 2 * start - end }
      expectClose(
        parameters(got), expected, tolerance: .tight,
        "update(\(unit), with: \(x), label: \(label), learningRate: \(rate)) as [w₁, w₂, b]: "
          + "ŷ = \(reference.probability(x, unit: unit)), so add α(y − ŷ)·x to w and α(y − ŷ) to b",
        mistakes: [
          .value(
            Matrix(row: squared),
            "the squared-error step α(y − ŷ)σ′(z)·x; the log-loss's gradient has no σ′"),
          .value(
            Matrix(row: backwards),
            "a flipped sign: the unit moved away from the label, by −α(y − ŷ)·x"),
        ])
    }

    // Seeded single points: with α = 1 the step is minus the gradient of that point's
    // log-loss, so (unit − update(unit)) must match the numeric slope of your logLoss.
    // Points where |y − ŷ| < 0.05 are redrawn: there the step is tiny next to the rounding.
    var generator = Graded.generator(salt: 8)
    var checked = 0
    while checked < 4 {
      let unit = LogisticUnit.random(inputCount: 2, in: -2...2, using: &generator)
      let x = (0..<2).map { _ in
        generator.uniform(in: 0.25...1.5) * (generator.uniform() < 0.5 ? -1 : 1)
      }
      let label = generator.index(below: 2)
      guard abs(Double(label) - reference.probability(x, unit: unit)) >= 0.05 else { continue }
      checked += 1
      let point = Dataset(inputs: Matrix(row: x), labels: [label], classCount: 2)
      let moved = lesson.update(unit, with: x, label: label, learningRate: 1)
      guard moved.weights.count == 2 else {
        fail("update(\(unit), with: \(x), …): expected 2 weights, got \(moved)")
        return
      }
      let impliedGradient = (
        weights: zip(unit.weights, moved.weights).map { before, after in before - after },
        bias: unit.bias - moved.bias
      )
      expectGradient(
        checkGradient(
          of: { p in lesson.logLoss(of: logisticUnit(p), on: point) }, at: named(unit),
          analytic: named(impliedGradient)),
        "update(\(unit), with: \(x), label: \(label), learningRate: 1): the step taken, "
          + "unit − update(unit), against the numeric slope of your logLoss on that point; "
          + Graded.replay)
    }
  }

  static func checkTraining(_ lesson: any StepVsSigmoidLesson.Type) {
    // accuracy by hand: w = [1, 1], b = −1.5 is AND, so 4 of 4 on AND; on OR it scores
    // −1.5, −0.5, −0.5, 0.5 and gets 00 and 11 right: 2 of 4. Zeros score 0, which is class 1
    // (σ(0) = ½ ≥ ½), right only on AND's 11: 1 of 4.
    let and = Datasets.truthTable(.and)
    let andUnit = LogisticUnit(weights: [1, 1], bias: -1.5)
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let accuracies: [(unit: LogisticUnit, table: String, data: Dataset, expected: Double)] = [
      (andUnit, "AND", and, 1), (andUnit, "OR", orTable, 0.5), (zeros, "AND", and, 0.25),
    ]
    for (unit, table, data, expected) in accuracies {
      expectClose(
        lesson.accuracy(of: unit, on: data), expected, tolerance: .exact,
        "accuracy(of: \(unit), on: the \(table) truth table); w·x + b ≥ 0 is class 1")
    }

    var generator = Graded.generator(salt: 9)
    let data = Datasets.linearlySeparable(count: 100, using: &generator)
    let start = LogisticUnit.random(inputCount: 2, using: &generator)
    let rate = 0.5
    let epochs = 30
    let call =
      "train(on: 100 seeded separable points, from: \(start), learningRate: \(rate), "
      + "epochs: \(epochs))"

    // One epoch is one update per row, in order, with your own update.
    var byHand = start
    for i in 0..<data.count {
      byHand = lesson.update(
        byHand, with: data.inputs.row(i), label: data.labels[i], learningRate: rate)
    }
    let oneEpoch = lesson.train(on: data, from: start, learningRate: rate, epochs: 1)
    expectClose(
      parameters(oneEpoch.unit), parameters(byHand), tolerance: .standard,
      "train(…, epochs: 1) from \(start) as [w₁, w₂, b]: expected update applied to rows 0 … 99 "
        + "in order; \(Graded.replay)")

    let (unit, losses) = lesson.train(on: data, from: start, learningRate: rate, epochs: epochs)
    guard losses.count == epochs + 1, unit.weights.count == 2 else {
      fail(
        "\(call): expected 2 weights and \(epochs + 1) losses (the start, then one per epoch), "
          + "got \(unit) and \(losses.count) losses")
      return
    }
    expectClose(
      losses[0], reference.logLoss(of: start, on: data), tolerance: sumAccuracy,
      "\(call): losses[0] is the log-loss of the starting unit; \(Graded.replay)")
    expectClose(
      losses[epochs], reference.logLoss(of: unit, on: data), tolerance: sumAccuracy,
      "\(call): losses[\(epochs)] is the log-loss of the returned unit \(unit); \(Graded.replay)")
    // Small per-point steps on separable data lower the log-loss in every epoch; allow only
    // rounding (1e−12 relative) before calling an epoch a rise.
    for k in 1...epochs where losses[k] > losses[k - 1] * (1 + 1e-12) {
      fail(
        "\(call): the log-loss rose in epoch \(k), from \(losses[k - 1]) to \(losses[k]); "
          + "expected it to fall (or stay) every epoch. Losses: \(losses.prefix(k + 1)); "
          + Graded.replay)
      break
    }
    if !(losses[epochs] < 0.5 * losses[0]) {
      fail(
        "\(call): expected the log-loss to fall below half its start \(losses[0]), got "
          + "\(losses[epochs]); \(Graded.replay)")
    }
    let correct = (0..<data.count).filter { i in
      (score(data.inputs.row(i), unit) >= 0 ? 1 : 0) == data.labels[i]
    }.count
    if correct < 90 {
      fail(
        "\(call) gave \(unit): expected at least 90 of 100 points right, got \(correct); "
          + Graded.replay)
    }
    expectClose(
      lesson.accuracy(of: unit, on: data), Double(correct) / 100, tolerance: .tight,
      "accuracy(of: \(unit), on: the same 100 points); \(Graded.replay)")
  }
}
