import Foundation
import GradKit
import LessonWire
import References
import Testing

extension Graded {
  /// The step-vs-sigmoid implementation this run grades.
  static var stepVsSigmoid: any StepVsSigmoidLesson.Type {
    isGradingLearner ? RemoteStepVsSigmoid<Learner>.self : Reference.stepVsSigmoid
  }
}

@Suite("02 · Step vs. sigmoid", .graded("02-StepVsSigmoid"))
struct StepVsSigmoidTests {
  @Test("step is 1 for inputs of 0 and above, 0 below")
  func step() async {
    await Graded.run { Self.checkStep(Graded.stepVsSigmoid) }
  }

  @Test("stepDerivative is 0: the step is flat wherever it has a slope, and 0 at the jump")
  func stepDerivative() async {
    await Graded.run { Self.checkStepDerivative(Graded.stepVsSigmoid) }
  }

  @Test("sigmoid matches 1 / (1 + e^(−x)) to 13 digits, tiny values in the tail included")
  func sigmoidValues() async {
    await Graded.run { Self.checkSigmoidValues(Graded.stepVsSigmoid) }
  }

  @Test("sigmoid stays finite and exact at ±1000 and ±∞")
  func sigmoidExtremes() async {
    await Graded.run { Self.checkSigmoidExtremes(Graded.stepVsSigmoid) }
  }

  @Test("sigmoidDerivative is σ(x)(1 − σ(x)), the slope of your sigmoid")
  func sigmoidDerivative() async {
    await Graded.run { Self.checkSigmoidDerivative(Graded.stepVsSigmoid) }
  }

  @Test("squaredError is 1/(2n) Σ (y − f(w·x + b))² with the activation it is given")
  func squaredError() async {
    await Graded.run { Self.checkSquaredError(Graded.stepVsSigmoid) }
  }

  @Test("squaredErrorGradient is the slope of squaredError")
  func squaredErrorGradient() async {
    await Graded.run { Self.checkSquaredErrorGradient(Graded.stepVsSigmoid) }
  }

  @Test("gradient descent is stuck with the step and lowers the error with the sigmoid")
  func stepIsStuck() async {
    await Graded.run { Self.checkStepIsStuck(Graded.stepVsSigmoid) }
  }

  @Test("probability is σ(w·x + b) and logLoss is the mean of −ln(probability of the label)")
  func logLoss() async {
    await Graded.run { Self.checkLogLoss(Graded.stepVsSigmoid) }
  }

  @Test("logLoss stays finite for confident scores: z = 40 labelled 0 costs 40, not +∞")
  func confidentLogLoss() async {
    await Graded.run { Self.checkConfidentLogLoss(Graded.stepVsSigmoid) }
  }

  @Test("update adds α(y − ŷ)x, a step down the log-loss")
  func update() async {
    await Graded.run { Self.checkUpdate(Graded.stepVsSigmoid) }
  }

  @Test("train lowers the log-loss epoch after epoch and reaches 90% accuracy")
  func training() async {
    await Graded.run { Self.checkTraining(Graded.stepVsSigmoid) }
  }

  @Test("accuracy counts class 1 where w·x + b ≥ 0, that is where σ ≥ ½")
  func accuracy() async {
    await Graded.run { Self.checkAccuracy(Graded.stepVsSigmoid) }
  }
}

// MARK: - Fixtures and tolerances

extension StepVsSigmoidTests {
  /// The reference implementation, for values on seeded inputs.
  static var reference: any StepVsSigmoidLesson.Type { Reference.stepVsSigmoid }

  /// A right sigmoid is a handful of roundings (the exponential within an ulp or so, one
  /// addition, one division), so it is within about 1e−15 of the true value relatively,
  /// tails included (the contract asks for that); 1e−13 leaves a hundredfold margin and
  /// still catches any wrong formula.
  static let sigmoidAccuracy = Tolerance(relative: 1e-13)

  /// σ(x)·(1 − σ(x)) loses relative precision where 1 − σ(x) is tiny (large x), but stays
  /// within about ε·σ ≈ 2e−16 absolutely; σ(x)·σ(−x) is accurate relatively. Both pass.
  static let derivativeAccuracy = Tolerance(absolute: 1e-15, relative: 1e-12)

  /// Sums of a few dozen terms of size ≤ 1, added in any order, agree to a few hundred
  /// roundings of 2.2e−16; 1e−12 leaves room and is far below any wrong formula's error.
  static let sumAccuracy = Tolerance(absolute: 1e-12, relative: 1e-12)

  /// Costs of confident points, up to 1000: a right formula is within a few ulps of 1000
  /// (1e−13); 1e−12 absolutely or relatively leaves room and no +∞ or cap can pass.
  static let confidentAccuracy = Tolerance(absolute: 1e-12, relative: 1e-12)

  /// The OR truth table: 00 → 0, 01 → 1, 10 → 1, 11 → 1.
  static let orTable = Datasets.truthTable(.or)

  /// The AND truth table: 00 → 0, 01 → 0, 10 → 0, 11 → 1.
  static let andTable = Datasets.truthTable(.and)

  /// The unit's weights and bias in one array, `[w₁, …, wₙ, b]`, for `expectClose`.
  static func parameters(_ unit: LogisticUnit) -> [Double] {
    unit.weights + [unit.bias]
  }

  /// A gradient as one array, `[∂E/∂w₁, …, ∂E/∂wₙ, ∂E/∂b]`.
  static func flat(_ gradient: (weights: [Double], bias: Double)) -> [Double] {
    gradient.weights + [gradient.bias]
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

  /// ln(1 + e^t), the cost of a point with score −t labelled 1 or score t labelled 0,
  /// written so that nothing overflows or rounds to 0: max(t, 0) + ln(1 + e^(−|t|)).
  static func softplus(_ t: Double) -> Double {
    max(t, 0) + log1p(exp(-abs(t)))
  }
}

// MARK: - The mistakes this module names

extension Mistake {
  /// A value that is infinite or NaN where a finite one was expected, from an overflow.
  fileprivate static func overflow(_ name: String) -> Mistake {
    Mistake(name: name) { got, expected in
      zip(got.storage, expected.storage).contains { !$0.isFinite && $1.isFinite }
    }
  }

  /// Values within 1e−15 of the expected ones everywhere, yet relatively wrong somewhere:
  /// the right formula with a small tail computed as 1 minus a number near 1.
  fileprivate static let cancellationInTheTail = Mistake(
    name: "precision lost in the tail: a tiny σ(x) computed as 1 − (a number near 1), e.g. "
      + "1 − σ(−x) or ½(1 + tanh(x/2)), keeps few or no correct digits (σ(−40) comes out 0, "
      + "not 4.25e−18); for negative x use e^x / (1 + e^x)"
  ) { got, expected in
    firstMismatch(expected: expected, got: got, tolerance: Tolerance(absolute: 1e-15)) == nil
  }

  /// Every value twice the expected one, from a squared error without its ½.
  fileprivate static let halfLeftOut = transform(
    "the ½ left out: your values are twice the expected ones; E = 1/(2n) Σ (y − f)², and its "
      + "½ cancels the 2 from differentiating the square"
  ) { $0 * 2 }

  /// The log-loss in base 10 or 2 instead of the natural logarithm.
  fileprivate static let logarithmBase = Mistake(
    name: "a logarithm in base 10 or 2: the log-loss uses the natural log, ln (Foundation's log)"
  ) { got, expected in
    [log(10.0), log(2.0)].contains { base in
      firstMismatch(expected: expected / base, got: got, tolerance: Mistake.tolerance) == nil
    }
  }
}

// MARK: - The step

extension StepVsSigmoidTests {
  static func checkStep(_ lesson: any StepVsSigmoidLesson.Type) {
    // From the definition step(x) = 1 if x ≥ 0, else 0, at the edges of that rule.
    let xs: [Double] = [-.infinity, -1000, -1e-300, 0, 1e-300, 2.5, .infinity]
    expectClose(
      xs.map { lesson.step($0) }, xs.map { $0 >= 0 ? 1 : 0 }, tolerance: .exact,
      "step(x) for x = \(xs): 1 when x ≥ 0 (0 is on the boundary and counts as positive), "
        + "else 0",
      mistakes: [
        .value(
          Matrix(row: xs.map { $0 > 0 ? 1 : 0 }),
          "> instead of ≥: step(0) is 1, as in module 01"),
        .value(
          Matrix(row: xs.map { $0 >= 0 ? 1 : -1 }),
          "−1 for negative inputs, the ±1 convention of other books; here the step is 0 or 1"),
      ])
  }

  static func checkStepDerivative(_ lesson: any StepVsSigmoidLesson.Type) {
    // The step is flat away from 0; at the jump it has no slope and the contract asks for 0.
    let xs: [Double] = [0, -1000, 1000, -.infinity, .infinity, -1e-300, 1e-300]
    expectClose(
      xs.map { lesson.stepDerivative($0) }, Array(repeating: 0, count: xs.count),
      tolerance: .exact, "stepDerivative(x) for x = \(xs): 0 everywhere, the jump at 0 included",
      mistakes: [
        .value(
          Matrix(row: xs.map { $0 >= 0 ? 1 : 0 }),
          "the step itself as its derivative: the step is flat on both sides of its jump, "
            + "so its slope is 0"),
        Mistake(
          name: "a value at the jump: the step has no slope at 0 (its difference quotient "
            + "grows like 1/h); the contract asks for 0 there too, as libraries do"
        ) { got, _ in got.storage[0] != 0 && got.storage.dropFirst().allSatisfy { $0 == 0 } },
      ])
    // Σ step(xᵢ) changes by nothing when one xᵢ moves by h, unless xᵢ is within h of the
    // jump at 0 (those coordinates are skipped): the numeric slope is exactly 0.
    var generator = Graded.generator(salt: 1)
    let seeded = (0..<8).map { _ in generator.uniform(in: -3...3) }
    let report = checkGradient(
      of: { x in x.reduce(0) { total, xi in total + lesson.step(xi) } }, at: seeded,
      analytic: seeded.map { lesson.stepDerivative($0) }, skipping: .near([0]))
    expectGradient(
      report,
      "stepDerivative at x = \(seeded.prefix(3))… against the numeric slope of your step, "
        + "Σ step(xᵢ); \(Graded.replay)")
  }
}

// MARK: - The sigmoid

extension StepVsSigmoidTests {
  static func checkSigmoidValues(_ lesson: any StepVsSigmoidLesson.Type) {
    // Worked by hand: σ(0) = 1/2; σ(ln 3) = 1/(1 + 1/3) = 3/4; σ(−ln 3) = 1/(1 + 3) = 1/4;
    // σ(1) = e/(1 + e). The rest to 17 digits from 1/(1 + e^(−x)) in 40-digit arithmetic.
    // −30, −40 and −700 are in the tail, where σ is tiny and must keep its digits.
    let ln3 = log(3.0)
    let cases: [(x: Double, expected: Double)] = [
      (0, 0.5), (ln3, 0.75), (-ln3, 0.25), (1, 0.7310585786300049), (-1, 0.2689414213699951),
      (5, 0.9933071490757152), (-5, 0.0066928509242848554), (-30, 9.357622968839299e-14),
      (-40, 4.248354255291589e-18), (-700, 9.859676543759771e-305),
    ]
    let xs = cases.map(\.x)
    expectClose(
      xs.map { lesson.sigmoid($0) }, cases.map(\.expected), tolerance: sigmoidAccuracy,
      "sigmoid(x) = 1 / (1 + e^(−x)) for x = \(xs)",
      mistakes: [
        .value(
          Matrix(row: xs.map { reference.sigmoid(-$0) }),
          "the sign in the exponent: 1 / (1 + e^x) is σ(−x); σ(x) = 1 / (1 + e^(−x))"),
        .cancellationInTheTail,
      ])

    // Seeded inputs against the reference, and the symmetry σ(−x) = 1 − σ(x): each side is
    // within an ulp or two of its value, so the sum is 1 within a few 1e−16.
    var generator = Graded.generator(salt: 2)
    let seeded = (0..<20).map { _ in generator.uniform(in: -20...20) }
    expectClose(
      seeded.map { lesson.sigmoid($0) }, seeded.map { reference.sigmoid($0) },
      tolerance: sigmoidAccuracy, "sigmoid at seeded x = \(seeded.prefix(3))…; \(Graded.replay)",
      mistakes: [
        .value(
          Matrix(row: seeded.map { reference.sigmoid(-$0) }),
          "the sign in the exponent: 1 / (1 + e^x) is σ(−x); σ(x) = 1 / (1 + e^(−x))"),
        .cancellationInTheTail,
      ])
    let pairs = Array(seeded.prefix(5))
    expectClose(
      pairs.map { lesson.sigmoid($0) + lesson.sigmoid(-$0) }, Array(repeating: 1, count: 5),
      tolerance: Tolerance(absolute: 1e-15),
      "sigmoid(x) + sigmoid(−x) for x = \(pairs): σ(−x) = 1 − σ(x); \(Graded.replay)")
  }

  static func checkSigmoidExtremes(_ lesson: any StepVsSigmoidLesson.Type) {
    // e^(−1000) ≈ 5e−435 and e^(−800) ≈ 4e−348 are below the smallest Double (5e−324), so the
    // correctly rounded σ(1000) and σ(710) are exactly 1, σ(−1000) and σ(−800) exactly 0.
    // e^x overflows to +∞ above x ≈ 709.8: a formula that computes it there and then divides
    // gets ∞/∞ = NaN. Seeded inputs go past that point on both sides, from 800 to 5000 in
    // size, where the answer is again exactly 0 or 1.
    var generator = Graded.generator(salt: 3)
    let seeded = (0..<20).map { _ in
      generator.uniform(in: 800...5000) * (generator.uniform() < 0.5 ? -1 : 1)
    }
    let xs: [Double] = [1000, -1000, 710, -800, .infinity, -.infinity] + seeded
    expectClose(
      xs.map { lesson.sigmoid($0) }, xs.map { $0 > 0 ? 1 : 0 }, tolerance: .exact,
      "sigmoid(x) for x = \(xs.prefix(6)) and 20 seeded x of size 800 … 5000: exactly 1 for "
        + "large positive x, 0 for large negative x; \(Graded.replay)",
      mistakes: [
        .overflow(
          "an overflow: e^x (or e^(−x)) is ∞ beyond about 709, and ∞/∞ is NaN; raise e only to "
            + "a power ≤ 0, with e^x / (1 + e^x) for negative x and 1 / (1 + e^(−x)) otherwise")
      ])
  }

  static func checkSigmoidDerivative(_ lesson: any StepVsSigmoidLesson.Type) {
    // Worked by hand: σ′(0) = ½·½; σ′(±ln 3) = ¾·¼ = 3/16; σ′(±1000) is e^(−1000), which
    // rounds to 0, and σ′(±∞) is 0. The others to 17 digits from σ(1 − σ) in 40-digit
    // arithmetic.
    let ln3 = log(3.0)
    let cases: [(x: Double, expected: Double)] = [
      (0, 0.25), (ln3, 0.1875), (-ln3, 0.1875), (1, 0.19661193324148185),
      (-5, 0.006648056670790155), (1000, 0), (-1000, 0), (.infinity, 0), (-.infinity, 0),
    ]
    let xs = cases.map(\.x)
    let derivativeMistakes = { (xs: [Double]) -> [Mistake] in
      [
        .value(
          Matrix(row: xs.map { reference.sigmoid($0) }),
          "σ(x) as its own derivative, the derivative of e^x; σ′(x) = σ(x)·(1 − σ(x))"),
        .value(
          Matrix(row: xs.map { reference.sigmoid(-$0) }),
          "1 − σ(x) alone: the factor σ(x) is missing; σ′(x) = σ(x)·(1 − σ(x))"),
        .overflow(
          "an overflow: e^(−x) / (1 + e^(−x))² is ∞/∞ = NaN for x below about −709; compute σ′ "
            + "from σ, as σ(x)·(1 − σ(x))"),
      ]
    }
    expectClose(
      xs.map { lesson.sigmoidDerivative($0) }, cases.map(\.expected),
      tolerance: derivativeAccuracy, "sigmoidDerivative(x) = σ(x)·(1 − σ(x)) for x = \(xs)",
      mistakes: derivativeMistakes(xs))

    var generator = Graded.generator(salt: 4)
    let seeded = (0..<20).map { _ in generator.uniform(in: -20...20) }
    expectClose(
      seeded.map { lesson.sigmoidDerivative($0) }, seeded.map { reference.sigmoidDerivative($0) },
      tolerance: derivativeAccuracy,
      "sigmoidDerivative at seeded x = \(seeded.prefix(3))…; \(Graded.replay)",
      mistakes: derivativeMistakes(seeded))

    // Against your own sigmoid: Σ σ(xᵢ) has the partial derivatives σ′(xᵢ). Inputs stay in
    // [−4, 4], where σ′ ≥ 0.017, so the centered difference is good to about 1e−9 relatively.
    let near = seeded.map { $0 / 5 }
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
  static func checkSquaredError(_ lesson: any StepVsSigmoidLesson.Type) {
    // By hand, n = 4. From zeros every score is 0: the sigmoid says ½ everywhere, so each
    // point costs (½)² and E = 4·¼/(2·4) = 1/8 on any table; the step says 1 everywhere, so
    // on OR only 00 is wrong (E = 1/8) and on AND three points are (E = 3/8). The unit
    // x₁ + x₂ − 1.5 with the step gets 01 and 10 of OR wrong: E = 2/8. With the sigmoid on
    // OR its outputs are σ(−1.5), σ(−0.5), σ(−0.5), σ(0.5), from the reference.
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let andUnit = LogisticUnit(weights: [1, 1], bias: -1.5)
    let steps: (Double) -> Double = { lesson.step($0) }
    let sigmoids: (Double) -> Double = { lesson.sigmoid($0) }
    let andOnOrResiduals: [Double] = (0..<4).map { i in
      Double(orTable.labels[i]) - reference.sigmoid(score(orTable.inputs.row(i), andUnit))
    }
    let andOnOr = andOnOrResiduals.map { $0 * $0 }.reduce(0, +) / 8
    let cases: [(unit: LogisticUnit, data: Dataset, table: String, step: Bool, expected: Double)] =
      [
        (zeros, orTable, "OR", false, 0.125), (zeros, orTable, "OR", true, 0.125),
        (zeros, andTable, "AND", true, 0.375), (andUnit, orTable, "OR", true, 0.25),
        (andUnit, orTable, "OR", false, andOnOr),
      ]
    let got = cases.map { c in
      lesson.squaredError(of: c.unit, on: c.data, activation: c.step ? steps : sigmoids)
    }
    let sigmoidOnly = cases.map { c in
      reference.squaredError(of: c.unit, on: c.data, activation: reference.sigmoid)
    }
    expectClose(
      got, cases.map(\.expected), tolerance: .tight,
      "squaredError(of: unit, on: table, activation: f) for"
        + cases.map { "\n    \($0.unit) on \($0.table) with the \($0.step ? "step" : "sigmoid")" }
        .joined(),
      mistakes: [
        .missingAverage(over: 4), .halfLeftOut,
        .value(
          Matrix(row: sigmoidOnly),
          "the activation argument ignored: with the step E must count the mistakes, "
            + "E = (their number) / (2n); call activation(z), not sigmoid(z)"),
      ])

    // Seeded data and unit against the reference.
    var generator = Graded.generator(salt: 10)
    let data = Datasets.linearlySeparable(count: 20, using: &generator)
    let unit = LogisticUnit.random(inputCount: 2, in: -2...2, using: &generator)
    expectClose(
      lesson.squaredError(of: unit, on: data, activation: sigmoids),
      reference.squaredError(of: unit, on: data, activation: reference.sigmoid),
      tolerance: sumAccuracy,
      "squaredError on 20 seeded points from \(unit) with the sigmoid; \(Graded.replay)",
      mistakes: [.missingAverage(over: data.count), .halfLeftOut])
  }

  static func checkSquaredErrorGradient(_ lesson: any StepVsSigmoidLesson.Type) {
    // By hand on OR from w = [0, 0], b = 0. With the sigmoid every ŷ is ½ and σ′(0) = ¼:
    // (y − ŷ)·σ′ is ∓1/8, so ∂E/∂w = −¼·⅛·([0,1] + [1,0] + [1,1] − [0,0]) = [−1/16, −1/16]
    // and ∂E/∂b = −¼·⅛·(1 + 1 + 1 − 1) = −1/16. Here n = 4 and σ′(0) = ¼, so a missing 1/n
    // and a missing σ′ both give 4× these numbers; the seeded check below tells them apart.
    // With the step every ŷ is step(0) = 1 and every term carries step′ = 0: gradient 0.
    // Without f′ it would be −¼·(0 − 1)·[0, 0, 1] = [0, 0, ¼]; with σ′ in place of step′,
    // [0, 0, 1/16].
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let sigmoidGradient = lesson.squaredErrorGradient(
      of: zeros, on: orTable, activation: { lesson.sigmoid($0) },
      derivative: { lesson.sigmoidDerivative($0) })
    expectClose(
      flat(sigmoidGradient), [-0.0625, -0.0625, -0.0625], tolerance: .tight,
      "squaredErrorGradient(of: \(zeros), on: OR truth table, sigmoid) as [∂E/∂w₁, ∂E/∂w₂, ∂E/∂b]",
      mistakes: [
        .flippedSign, .halfLeftOut,
        .transform(
          "4 times the expected values: with n = 4 and σ′(0) = ¼ here, either the 1/n is "
            + "missing or the factor f′(z) is (the seeded check tells which)"
        ) { $0 * 4 },
      ])
    let stepGradient = lesson.squaredErrorGradient(
      of: zeros, on: orTable, activation: { lesson.step($0) },
      derivative: { lesson.stepDerivative($0) })
    expectClose(
      flat(stepGradient), [0, 0, 0], tolerance: .tight,
      "squaredErrorGradient(of: \(zeros), on: OR truth table, step) as [∂E/∂w₁, ∂E/∂w₂, ∂E/∂b]: "
        + "every term carries step′(z) = 0",
      mistakes: [
        .value(
          Matrix(row: [0, 0, 0.25]),
          "the factor f′(z) left out: with the step every term carries step′(z) = 0"),
        .value(
          Matrix(row: [0, 0, 0.0625]),
          "the derivative argument ignored: σ′ was used where f′ = stepDerivative belongs; "
            + "call derivative(z)"),
      ])

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
    while flat(referenceGradient(unit)).contains(where: { abs($0) < 1e-3 }) {
      unit = LogisticUnit.random(inputCount: 2, in: -2...2, using: &generator)
    }
    let call = "on 20 seeded points from \(unit) with the sigmoid"
    let gradient = lesson.squaredErrorGradient(
      of: unit, on: data, activation: { lesson.sigmoid($0) },
      derivative: { lesson.sigmoidDerivative($0) })
    let withoutDerivative = reference.squaredErrorGradient(
      of: unit, on: data, activation: reference.sigmoid, derivative: { _ in 1 })
    expectClose(
      flat(gradient), flat(referenceGradient(unit)), tolerance: sumAccuracy,
      "squaredErrorGradient \(call) as [∂E/∂w₁, ∂E/∂w₂, ∂E/∂b]; \(Graded.replay)",
      mistakes: [
        .flippedSign, .missingAverage(over: data.count), .halfLeftOut,
        .value(
          Matrix(row: flat(withoutDerivative)),
          "the factor f′(z) left out: the chain rule through f(z) multiplies by f′(z)"),
      ])
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
        + Graded.replay,
      mistakes: [.flippedSign, .missingAverage(over: data.count), .halfLeftOut])
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
    let rate = 4.0
    let steps = 25
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
    let stuck = Mistake(
      name: "a gradient that is not 0 with the step: every term carries f′(z) = stepDerivative(z) "
        + "= 0; check that your gradient multiplies by derivative(z), and that stepDerivative is 0"
    ) { got, _ in got.storage.contains { $0 != 0 } }
    expectClose(
      flat(firstGradient), [0, 0, 0], tolerance: .exact,
      "squaredErrorGradient with the step at \(start), the first of \(setting)",
      mistakes: [stuck])
    expectGradient(
      checkGradient(
        of: { p in stepError(logisticUnit(p)) }, at: named(start), analytic: named(firstGradient),
        skipping: .detectFromOneSidedDifferences),
      "squaredErrorGradient with the step at \(start) against the numeric slope of your "
        + "squaredError with the step; \(Graded.replay)")
    // A zero gradient leaves the unit where it is, so each step asks the same question again:
    // a few steps show that nothing moves (each one costs a round trip to your program per
    // point and per activation, which the sigmoid's descent below needs far more of).
    let stuckSteps = 5
    var unit = start
    for _ in 0..<stuckSteps {
      unit = descend(unit, along: stepGradient(unit), rate: rate)
    }
    let stepBefore = stepError(start)
    let stepAfter = stepError(unit)
    if unit != start || stepAfter != stepBefore {
      fail(
        "\(stuckSteps) steps of gradient descent, α = \(rate), on 60 seeded points from \(start)"
          + " with the step: expected no progress at all (the step's slope is 0, so every "
          + "gradient is 0), but the unit moved to \(unit) and the error went from \(stepBefore) "
          + "to \(stepAfter); \(Graded.replay)")
    }

    // With the sigmoid: the same loop lowers the error. On this data 25 steps of α = 4 take it below
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
      let uphill = Mistake(
        name: "a flipped sign: the error rose, so every step went uphill; the gradient is "
          + "−1/n Σ (y − f(z))·f′(z)·x and gradient descent subtracts it"
      ) { got, expected in got.storage[0] > expected.storage[0] }
      let likely = diagnosis(
        got: Matrix(row: [sigmoidAfter]), expected: Matrix(row: [sigmoidBefore]),
        mistakes: [uphill])
      fail(
        "\(setting) with the sigmoid: expected the squared error to fall below 80% of its start "
          + "\(sigmoidBefore), got \(sigmoidAfter) at \(unit); \(Graded.replay)"
          + (likely.map { "\n  \($0)" } ?? ""))
    }
  }
}

// MARK: - Logistic regression with the log-loss

extension StepVsSigmoidTests {
  static func checkLogLoss(_ lesson: any StepVsSigmoidLesson.Type) {
    // probability by hand: w = [2, −1], b = 0.25. At (1, 3): z = 2 − 3 + 0.25 = −0.75 and
    // σ(−0.75) = 0.320821300824607; at (0.5, 1.25): z = 0, so ½; at (0, 0): z = 0.25 and
    // σ(0.25) = 0.5621765008857981 (both in 40-digit arithmetic). A unit of zeros says ½.
    let unit = LogisticUnit(weights: [2, -1], bias: 0.25)
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let points: [(x: [Double], unit: LogisticUnit, expected: Double)] = [
      ([1, 3], unit, 0.320821300824607), ([0.5, 1.25], unit, 0.5),
      ([0, 0], unit, 0.5621765008857981), ([3, -7], zeros, 0.5),
    ]
    expectClose(
      points.map { lesson.probability($0.x, unit: $0.unit) }, points.map(\.expected),
      tolerance: sigmoidAccuracy,
      "probability(x, unit:) = σ(w·x + b) for"
        + points.map { "\n    x = \($0.x), \($0.unit): z = \(score($0.x, $0.unit))" }.joined(),
      mistakes: [
        .value(
          Matrix(row: points.map { reference.sigmoid(dot($0.unit.weights, $0.x)) }),
          "the bias left out: ŷ = σ(w·x + b)")
      ])

    // logLoss by hand. A unit that answers ½ everywhere costs −ln ½ = ln 2 per point, and the
    // mean of equal costs is that cost: ln 2 on the AND table too.
    expectClose(
      lesson.logLoss(of: zeros, on: andTable), 0.6931471805599453,
      tolerance: .tight, "logLoss(of: \(zeros), on: AND truth table): ln 2 for each of 4 points",
      mistakes: [.missingAverage(over: 4), .flippedSign, .logarithmBase])
    // One input, w = ln 3, b = 0: at x = 1, ŷ = σ(ln 3) = ¾. Label 1 costs −ln ¾ = ln(4/3),
    // label 0 costs −ln ¼ = ln 4; their mean is 0.8369882167858358.
    let ln3 = LogisticUnit(weights: [log(3)], bias: 0)
    let twoPoints = Dataset(inputs: Matrix([[1], [1]]), labels: [1, 0], classCount: 2)
    expectClose(
      lesson.logLoss(of: ln3, on: twoPoints), 0.8369882167858358, tolerance: .tight,
      "logLoss(of: \(ln3), on: x = 1 labelled 1 and x = 1 labelled 0): "
        + "(−ln ¾ − ln(1 − ¾)) / 2",
      mistakes: [.missingAverage(over: 2), .flippedSign, .logarithmBase])

    // Seeded data and unit against the reference; the labels' logarithms swapped would charge
    // −ln(1 − ŷ) for label 1 and −ln ŷ for label 0.
    var generator = Graded.generator(salt: 7)
    let data = Datasets.linearlySeparable(count: 30, using: &generator)
    let seeded = LogisticUnit.random(inputCount: 2, in: -3...3, using: &generator)
    let swapped =
      (0..<data.count).map { i in
        let p = reference.probability(data.inputs.row(i), unit: seeded)
        return data.labels[i] == 1 ? -log(1 - p) : -log(p)
      }.reduce(0, +) / Double(data.count)
    expectClose(
      lesson.logLoss(of: seeded, on: data), reference.logLoss(of: seeded, on: data),
      tolerance: sumAccuracy,
      "logLoss(of: \(seeded), on: 30 seeded points); \(Graded.replay)",
      mistakes: [
        .missingAverage(over: data.count), .flippedSign, .logarithmBase,
        .value(
          Matrix(row: [swapped]),
          "ln ŷ and ln(1 − ŷ) swapped: a point labelled 1 costs −ln ŷ, one labelled 0 "
            + "−ln(1 − ŷ)"),
      ])
  }

  static func checkConfidentLogLoss(_ lesson: any StepVsSigmoidLesson.Type) {
    // One point x = z with w = [1], b = 0, so the score is exactly z. A point labelled 0 costs
    // −ln(1 − σ(z)) = ln(1 + e^z), one labelled 1 costs −ln σ(z) = ln(1 + e^(−z)): about |z|
    // for a confident mistake, about 0 for a confident right answer. In Double σ(40) rounds to
    // exactly 1, so ln(1 − σ(40)) = ln 0 = −∞; and e^1000 overflows, so ln(1 + e^1000) = ∞.
    let unit = LogisticUnit(weights: [1], bias: 0)
    let cases: [(z: Double, label: Int)] = [
      (40, 0), (-40, 1), (1000, 0), (-1000, 1), (1000, 1), (-1000, 0), (40, 1),
    ]
    let expected = cases.map { $0.label == 1 ? softplus(-$0.z) : softplus($0.z) }
    let got = cases.map { z, label in
      lesson.logLoss(of: unit, on: Dataset(inputs: Matrix([[z]]), labels: [label], classCount: 2))
    }
    expectClose(
      got, expected, tolerance: confidentAccuracy,
      "logLoss(of: \(unit), on: the one point x = z with label y) for (z, y) = "
        + "\(cases.map { "(\(Int($0.z)), \($0.label))" }.joined(separator: ", "))",
      mistakes: [
        .overflow(
          "ln of a probability that rounded to 0 (or an overflow): σ(40) is exactly 1 in "
            + "Double, so ln(1 − σ(40)) = −∞, and ln(1 + e^1000) = ln ∞; use −ln σ(z) = "
            + "softplus(−z) and −ln(1 − σ(z)) = softplus(z), with softplus(t) = max(t, 0) + "
            + "ln(1 + e^(−|t|))"),
        Mistake(
          name: "clamped probabilities: a cap like ŷ ∈ [ε, 1 − ε] limits every cost to −ln ε "
            + "(34.5 for ε = 1e−15), but a confident mistake at z = 1000 costs 1000; compute "
            + "the costs from z with softplus instead"
        ) { got, expected in
          got.storage.allSatisfy(\.isFinite)
            && zip(got.storage, expected.storage).contains { $1 >= 40 && $0 < $1 - 1 }
        },
      ])

    // The mean of two confident mistakes, 1000 each.
    let both = Dataset(inputs: Matrix([[1000], [-1000]]), labels: [0, 1], classCount: 2)
    expectClose(
      lesson.logLoss(of: unit, on: both), 1000, tolerance: confidentAccuracy,
      "logLoss(of: \(unit), on: x = 1000 labelled 0 and x = −1000 labelled 1): two confident "
        + "mistakes of cost 1000 each, mean 1000",
      mistakes: [.missingAverage(over: 2)])
  }

  static func checkUpdate(_ lesson: any StepVsSigmoidLesson.Type) {
    // By hand. From zeros ŷ = ½; at x = (1, 2), label 1, α = ½: α(y − ŷ) = ¼, so w = [¼, ½],
    // b = ¼. The squared-error step would carry σ′(0) = ¼ more: [1/16, 1/8, 1/16].
    // At x = (2, −4), label 0, α = 1: α(y − ŷ) = −½, so w = [−1, 2], b = −½.
    // From w = [1, 1], b = ln 3 − 2 at x = (1, 1): z = ln 3, ŷ = ¾; label 0, α = 0.2 gives
    // α(y − ŷ) = −0.15, so w = [0.85, 0.85], b = ln 3 − 2.15.
    // The perceptron's 0/1 class in place of ŷ (class 1 at z ≥ 0) gives α(y − 1) instead:
    // no move for the first case, [−2, 4, −1] and [0.8, 0.8, ln 3 − 2.2] for the others.
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let shifted = LogisticUnit(weights: [1, 1], bias: log(3) - 2)
    let cases:
      [(
        unit: LogisticUnit, x: [Double], label: Int, rate: Double, expected: [Double],
        squared: [Double], perceptron: [Double]
      )] = [
        (zeros, [1, 2], 1, 0.5, [0.25, 0.5, 0.25], [0.0625, 0.125, 0.0625], [0, 0, 0]),
        (zeros, [2, -4], 0, 1, [-1, 2, -0.5], [-0.25, 0.5, -0.125], [-2, 4, -1]),
        (
          shifted, [1, 1], 0, 0.2, [0.85, 0.85, log(3) - 2.15],
          [0.971875, 0.971875, log(3) - 2.028125], [0.8, 0.8, log(3) - 2.2]
        ),
      ]
    for (unit, x, label, rate, expected, squared, perceptron) in cases {
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
          .value(
            Matrix(row: Array(expected.dropLast()) + [unit.bias]),
            "the bias left out of the update: b changes by α(y − ŷ) too"),
          .value(
            Matrix(row: perceptron),
            "the perceptron's class in place of ŷ: here ŷ is the probability σ(w·x + b), "
              + "not step(w·x + b)"),
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
          + Graded.replay,
        mistakes: [.flippedSign])
    }
  }

  static func checkTraining(_ lesson: any StepVsSigmoidLesson.Type) {
    var generator = Graded.generator(salt: 9)
    let data = Datasets.linearlySeparable(count: 100, using: &generator)
    let start = LogisticUnit.random(inputCount: 2, using: &generator)
    let rate = 0.5
    let epochs = 30
    let call =
      "train(on: 100 seeded separable points, from: \(start), learningRate: \(rate), "
      + "epochs: \(epochs))"

    // One epoch is one update per row, in order, with your own update. One batch step (the
    // mean of the rows' steps, taken once per epoch) is worked out here on the same rows.
    var byHand = start
    for i in 0..<data.count {
      byHand = lesson.update(
        byHand, with: data.inputs.row(i), label: data.labels[i], learningRate: rate)
    }
    let oneEpoch = lesson.train(on: data, from: start, learningRate: rate, epochs: 1)
    if firstMismatch(
      expected: parameters(byHand), got: parameters(oneEpoch.unit), tolerance: .standard) != nil
    {
      var reversed = start
      for i in (0..<data.count).reversed() {
        reversed = lesson.update(
          reversed, with: data.inputs.row(i), label: data.labels[i], learningRate: rate)
      }
      var batch = parameters(start)
      for i in 0..<data.count {
        let x = data.inputs.row(i)
        let e = rate * (Double(data.labels[i]) - reference.probability(x, unit: start)) / 100
        batch = zip(batch, x + [1]).map { p, xi in p + e * xi }
      }
      expectClose(
        parameters(oneEpoch.unit), parameters(byHand), tolerance: .standard,
        "train(…, epochs: 1) from \(start) as [w₁, w₂, b]: expected update applied to rows "
          + "0 … 99 in order; \(Graded.replay)",
        mistakes: [
          .value(
            Matrix(row: parameters(reversed)),
            "the rows visited from last to first: visit row 0, 1, 2, … in order"),
          .value(
            Matrix(row: batch),
            "one batch step per epoch: train updates the unit after every row, with update"),
          .value(
            Matrix(row: parameters(start)),
            "train returned the initial unit: keep what update returns, unit = update(unit, …)"),
        ])
    }

    let (unit, losses) = lesson.train(on: data, from: start, learningRate: rate, epochs: epochs)
    guard losses.count == epochs + 1 else {
      expectClose(
        Double(losses.count), Double(epochs + 1), tolerance: .exact,
        "\(call): the number of losses (the start, then one per epoch)",
        mistakes: [
          .value(
            Matrix(row: [Double(epochs)]),
            "the starting loss left out: losses[0] is logLoss(initial), then one per epoch, "
              + "epochs + 1 in all")
        ])
      return
    }
    guard unit.weights.count == 2 else {
      fail("\(call): expected 2 weights, got \(unit)")
      return
    }
    expectClose(
      losses[0], reference.logLoss(of: start, on: data), tolerance: sumAccuracy,
      "\(call): losses[0] is the log-loss of the starting unit; \(Graded.replay)")
    expectClose(
      losses[epochs], lesson.logLoss(of: unit, on: data), tolerance: sumAccuracy,
      "\(call): losses[\(epochs)] is your logLoss of the returned unit \(unit); \(Graded.replay)")
    // Small per-point steps on separable data lower the log-loss in every epoch; allow only
    // rounding (1e−12 relative) before calling an epoch a rise.
    for k in 1...epochs where losses[k] > losses[k - 1] * (1 + 1e-12) {
      let uphill = Mistake(
        name: "a flipped sign in update: the loss rose, so the steps went uphill; update adds "
          + "α(y − ŷ)·x, minus the gradient of the point's log-loss"
      ) { got, expected in got.storage[0] > expected.storage[0] * 1.01 }
      let likely = diagnosis(
        got: Matrix(row: [losses[k]]), expected: Matrix(row: [losses[k - 1]]),
        mistakes: [uphill])
      fail(
        "\(call): the log-loss rose in epoch \(k), from \(losses[k - 1]) to \(losses[k]); "
          + "expected it to fall (or stay) every epoch. Losses: \(losses.prefix(k + 1)); "
          + Graded.replay + (likely.map { "\n  \($0)" } ?? ""))
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
  }

  static func checkAccuracy(_ lesson: any StepVsSigmoidLesson.Type) {
    // By hand: w = [1, 1], b = −1.5 is AND, so 4 of 4 on AND; on OR it scores −1.5, −0.5,
    // −0.5, 0.5 and gets 00 and 11 right: 2 of 4. Zeros score 0, which is class 1
    // (σ(0) = ½ ≥ ½), right only on AND's 11: 1 of 4. w = [1, 1], b = −1 scores −1, 0, 0, 1
    // on OR: classes 0, 1, 1, 1, all right.
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let cases: [(unit: LogisticUnit, table: String, data: Dataset)] = [
      (LogisticUnit(weights: [1, 1], bias: -1.5), "AND", andTable),
      (LogisticUnit(weights: [1, 1], bias: -1.5), "OR", orTable), (zeros, "AND", andTable),
      (LogisticUnit(weights: [1, 1], bias: -1), "OR", orTable),
    ]
    let expected = [1, 0.5, 0.25, 1]
    let strict = cases.map { c in
      Double(
        (0..<4).filter { (score(c.data.inputs.row($0), c.unit) > 0 ? 1 : 0) == c.data.labels[$0] }
          .count) / 4
    }
    expectClose(
      cases.map { lesson.accuracy(of: $0.unit, on: $0.data) }, expected, tolerance: .exact,
      "accuracy(of: unit, on: table) for"
        + cases.map { "\n    \($0.unit) on the \($0.table) truth table" }.joined()
        + "\n  (w·x + b ≥ 0 is class 1)",
      mistakes: [
        .value(
          Matrix(row: strict),
          "> instead of ≥: a score of exactly 0 has σ = ½, which is class 1"),
        .value(
          Matrix(row: expected.map { 1 - $0 }),
          "the fraction of mistakes: accuracy counts the points classified right"),
        .value(
          Matrix(row: expected.map { $0.rounded(.down) }),
          "integer division: on Ints 1 / 4 is 0; convert the counts to Double before dividing"),
      ])

    // Seeded unit and points against the count worked out here.
    var generator = Graded.generator(salt: 11)
    let data = Datasets.linearlySeparable(count: 100, using: &generator)
    let unit = LogisticUnit.random(inputCount: 2, using: &generator)
    let correct = (0..<data.count).filter { i in
      (score(data.inputs.row(i), unit) >= 0 ? 1 : 0) == data.labels[i]
    }.count
    expectClose(
      lesson.accuracy(of: unit, on: data), Double(correct) / 100, tolerance: .tight,
      "accuracy(of: \(unit), on: 100 seeded points), \(correct) of them right; \(Graded.replay)",
      mistakes: [
        .transform("the fraction of mistakes: accuracy counts the points classified right") {
          1 - $0
        }
      ])
  }
}
