import GradKit
import LessonWire
import References
import Testing

extension Graded {
  /// The perceptron implementation this run grades.
  static var perceptron: any PerceptronLesson.Type {
    isGradingLearner ? RemotePerceptron<Learner>.self : Reference.perceptron
  }
}

@Suite("01 · Perceptron", .graded("01-Perceptron"))
struct PerceptronTests {
  @Test("step is 1 for inputs of 0 and above, 0 below")
  func step() async {
    await Graded.run { Self.checkStep(Graded.perceptron) }
  }

  @Test("predict gives class 1 exactly when w·x + b ≥ 0, points on the line included")
  func prediction() async {
    await Graded.run { Self.checkPrediction(Graded.perceptron) }
  }

  @Test("ten updates move 3x₁ + 4x₂ − 10 = 0 onto (1, 1), at 4x₁ + 5x₂ − 9 = 0")
  func trick() async {
    await Graded.run { Self.checkTrick(Graded.perceptron) }
  }

  @Test("a false positive pushes the line away: w − α·x, b − α")
  func falsePositiveUpdate() async {
    await Graded.run { Self.checkFalsePositiveUpdate(Graded.perceptron) }
  }

  @Test("a correctly classified point leaves the unit unchanged")
  func correctPointUnchanged() async {
    await Graded.run { Self.checkCorrectPointUnchanged(Graded.perceptron) }
  }

  @Test("train applies the trick to the rows in order, epochs times, from the initial unit")
  func trainingTrace() async {
    await Graded.run { Self.checkTrainingTrace(Graded.perceptron) }
  }

  @Test("train reaches 100% accuracy on linearly separable data")
  func training() async {
    await Graded.run { Self.checkTraining(Graded.perceptron) }
  }

  @Test("accuracy is the fraction of points classified right, points on the line as class 1")
  func accuracy() async {
    await Graded.run { Self.checkAccuracy(Graded.perceptron) }
  }

  @Test("andGate, orGate and notGate match their truth tables")
  func gates() async {
    await Graded.run { Self.checkGates(Graded.perceptron) }
  }

  @Test("xorNetwork computes XOR with two layers of perceptrons")
  func xorNetwork() async {
    await Graded.run { Self.checkXORNetwork(Graded.perceptron) }
  }

  @Test("predict(_:network:) feeds the hidden units' 0/1 outputs to the output unit")
  func networkPrediction() async {
    await Graded.run { Self.checkNetworkPrediction(Graded.perceptron) }
  }

  @Test("no single perceptron computes XOR, yet the same search finds AND and OR")
  func noSinglePerceptronComputesXOR() async {
    await Graded.run { Self.checkNoSinglePerceptronComputesXOR(Graded.perceptron) }
  }
}

// MARK: - Fixtures and tolerances

extension PerceptronTests {
  /// The line 3x₁ + 4x₂ − 10 = 0 of the lesson's worked example.
  static let exampleLine = PerceptronUnit(weights: [3, 4], bias: -10)

  /// A unit with three inputs, so that nothing may assume two.
  static let threeInputUnit = PerceptronUnit(weights: [1, -1, 0.5], bias: 0.25)

  /// The four corners of the unit square, in the truth tables' order 00, 01, 10, 11.
  static let corners: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1]]

  /// Ten updates of α = 0.1 towards (1, 1): 0.1 has no exact binary form and each of the ten
  /// additions to a number below 10 rounds by at most half an ulp of 10 (8.9e−16), so every
  /// coordinate ends within 1e−14 of the exact result. 1e−13 leaves a tenfold margin and is
  /// still 10¹² times smaller than one update, so a missing or extra step cannot pass.
  static let tenUpdatesOfPointOne = Tolerance(absolute: 1e-13)

  /// The score w·x + b, added up as `dot(w, x) + b`, independently of the learner's code.
  static func score(_ x: [Double], _ unit: PerceptronUnit) -> Double {
    dot(unit.weights, x) + unit.bias
  }

  /// The class the contract gives `x`: 1 when w·x + b ≥ 0, worked out here.
  static func classOf(_ x: [Double], _ unit: PerceptronUnit) -> Double {
    score(x, unit) >= 0 ? 1 : 0
  }

  /// The class the network's contract gives `x`, worked out here layer by layer.
  static func classOf(_ x: [Double], _ network: PerceptronNetwork) -> Double {
    classOf(network.hidden.map { classOf(x, $0) }, network.output)
  }

  /// A point's coordinates as the learner would type them: `(1.0, 0.0)`.
  static func describe(_ x: [Double]) -> String {
    "(\(x.map(\.description).joined(separator: ", ")))"
  }

  /// Numbered lines, one per case, so that "at [3]" in a failure points at a case.
  static func numbered(_ lines: [String]) -> String {
    lines.enumerated().map { "\n    [\($0)] \($1)" }.joined()
  }

  /// The unit's weights and bias in one array, `[w₁, …, wₙ, b]`, for `expectClose`.
  static func parameters(_ unit: PerceptronUnit) -> [Double] {
    unit.weights + [unit.bias]
  }

  /// The unit `[w…, b] + step · [x…, 1]`: what one move of the trick by `step` gives.
  static func moved(_ unit: PerceptronUnit, by step: Double, along x: [Double]) -> [Double] {
    zip(unit.weights, x).map { w, xi in w + step * xi } + [unit.bias + step]
  }
}

// MARK: - The mistakes this module names

extension Mistake {
  /// `>` where `≥` belongs, given what the strict comparison makes of the cases.
  fileprivate static func strictInequality(_ wrong: [Double]) -> Mistake {
    .value(
      Matrix(row: wrong),
      "> instead of ≥: a score of exactly 0 (a point on the line) is class 1, so step(0) = 1")
  }

  /// The other books' ±1 classes, given what they make of the cases.
  fileprivate static func minusOneForNegatives(_ wrong: [Double]) -> Mistake {
    .value(
      Matrix(row: wrong),
      "−1 for negative inputs, the ±1 convention of other books; here the classes are 0 and 1")
  }

  /// A score without the bias, given what w·x alone makes of the cases.
  fileprivate static func scoreWithoutBias(_ wrong: [Double]) -> Mistake {
    .value(
      Matrix(row: wrong),
      "the bias left out of the score: w·x alone puts every boundary through the origin; "
        + "the score is w·x + b")
  }

  /// A tolerance in the comparison with 0, given the cases' scores: the classes differ only
  /// where |score| is below 1e−6, and at least once where the score is not exactly 0 (where
  /// it is, `>` for `≥` explains the difference better).
  fileprivate static func toleranceInPredict(scores: [Double]) -> Mistake {
    Mistake(
      name: "a tolerance (an epsilon or rounding) in predict: scores a hair from 0, "
        + "such as −1e−15, got the other class; compare the score with 0 exactly as computed"
    ) { got, expected in
      let differ = zip(got.storage, expected.storage).map { $0 != $1 }
      let tiny = scores.map { abs($0) < 1e-6 }
      return zip(differ, tiny).allSatisfy { !$0 || $1 }
        && zip(differ, scores).contains { $0 && $1 != 0 }
    }
  }

  /// An update that moved the unit the other way: `before − (after − before)`.
  fileprivate static func flippedUpdate(from before: [Double]) -> Mistake {
    transform(
      "a flipped update: the unit moved away from the point's class; the trick adds "
        + "α·(label − ŷ)·x to w and α·(label − ŷ) to b, so +α·x for a missed positive and "
        + "−α·x for a false positive"
    ) { expected in
      Matrix(row: zip(before, expected.storage).map { start, end in 2 * start - end })
    }
  }

  /// An update whose weights moved but whose bias did not.
  fileprivate static func biasNotUpdated(from before: [Double]) -> Mistake {
    transform(
      "the bias left out of the update: the weights moved but b did not; b changes by "
        + "α·(label − ŷ) too"
    ) { expected in
      Matrix(row: expected.storage.dropLast() + [before[before.count - 1]])
    }
  }

  /// An update by x instead of α·x.
  fileprivate static func learningRateLeftOut(from before: [Double], rate: Double) -> Mistake {
    transform("the learning rate left out: the unit moved by x and 1, not by α·x and α") {
      expected in
      Matrix(row: zip(before, expected.storage).map { start, end in start + (end - start) / rate })
    }
  }

  /// An update for a point that was already right, given where the move would take the unit.
  fileprivate static func updatedCorrectPoint(_ wrong: [Double], onTheLine: Bool) -> Mistake {
    let name =
      onTheLine
      ? "an update for a point that was already right: it scores exactly 0, which is class 1 "
        + "(≥), so label 1 needs no move; check the ≥ in update's prediction, and that the "
        + "trick only fires on a mistake"
      : "an update for a point that was already right: the trick only fires on a mistake "
        + "(ŷ ≠ label) and leaves the unit unchanged otherwise"
    return .value(Matrix(row: wrong), name)
  }
}

// MARK: - step and predict

extension PerceptronTests {
  static func checkStep(_ lesson: any PerceptronLesson.Type) {
    // From the definition step(x) = 1 if x ≥ 0, else 0, at the edges of that rule.
    let xs: [Double] = [-.infinity, -3, -1e-300, 0, 1e-300, 2.5, .infinity]
    expectClose(
      xs.map { lesson.step($0) }, xs.map { $0 >= 0 ? 1 : 0 }, tolerance: .exact,
      "step(x) for x = \(xs): 1 when x ≥ 0 (0 is on the boundary and counts as positive), "
        + "else 0",
      mistakes: [
        .strictInequality(xs.map { $0 > 0 ? 1 : 0 }),
        .minusOneForNegatives(xs.map { $0 >= 0 ? 1 : -1 }),
      ])
  }

  static func checkPrediction(_ lesson: any PerceptronLesson.Type) {
    // Scores worked out by hand; (2, 1), (−2, 4) and (1, 2, 1.5) sit exactly on the boundary,
    // in every order of the additions (integers and quarters are exact). A unit of zeros
    // scores 0 everywhere, so it says 1. With w = 0 the score is exactly b, so b = ±1e−15 and
    // ±1e−300 test the comparison with 0 itself: no tolerance may round them to the line.
    let zeros2 = PerceptronUnit.zeros(inputCount: 2)
    let flat = { (bias: Double) in PerceptronUnit(weights: [0, 0], bias: bias) }
    let cases: [(unit: PerceptronUnit, x: [Double], score: String)] = [
      (exampleLine, [1, 1], "3 + 4 − 10 = −3"),
      (exampleLine, [0, 0], "−10"),
      (exampleLine, [2, 2], "6 + 8 − 10 = 4"),
      (exampleLine, [2, 1], "6 + 4 − 10 = 0, on the line"),
      (exampleLine, [-2, 4], "−6 + 16 − 10 = 0, on the line"),
      (exampleLine, [2, 0.5], "6 + 2 − 10 = −2"),
      (threeInputUnit, [1, 2, 1.5], "1 − 2 + 0.75 + 0.25 = 0, on the plane"),
      (threeInputUnit, [1, 2, 1], "1 − 2 + 0.5 + 0.25 = −0.25"),
      (threeInputUnit, [3, 0, 0], "3 + 0.25 = 3.25"),
      (zeros2, [3, -4], "0: a unit of zeros labels every point 1"),
      (PerceptronUnit(weights: [-2, 0.5], bias: 3), [0, 0], "the bias alone, 3"),
      (flat(-1e-15), [5, -7], "exactly −1e−15, a hair below the line"),
      (flat(-7.105427357601002e-15), [1, 1], "exactly −7.1e−15, the ten-update residue"),
      (flat(1e-300), [2, 3], "exactly 1e−300, a hair above the line"),
      (flat(-1e-300), [2, 3], "exactly −1e−300, a hair below the line"),
    ]
    let lines = cases.map { "predict(\(describe($0.x)), unit: \($0.unit)): w·x + b = \($0.score)" }
    expectClose(
      cases.map { Double(lesson.predict($0.x, unit: $0.unit)) },
      cases.map { classOf($0.x, $0.unit) }, tolerance: .exact,
      "predict on these cases, 1 exactly when w·x + b ≥ 0:\(numbered(lines))",
      mistakes: [
        .strictInequality(cases.map { score($0.x, $0.unit) > 0 ? 1 : 0 }),
        .scoreWithoutBias(cases.map { dot($0.unit.weights, $0.x) >= 0 ? 1 : 0 }),
        .toleranceInPredict(scores: cases.map { score($0.x, $0.unit) }),
      ])

    // Seeded points against the definition. Points within 1e−9 of the line are left out:
    // there the order of the additions may decide the side.
    var generator = Graded.generator(salt: 1)
    let unit = PerceptronUnit.random(inputCount: 2, in: -3...3, using: &generator)
    let points = (0..<50).map { _ in
      [generator.uniform(in: -5...5), generator.uniform(in: -5...5)]
    }.filter { abs(score($0, unit)) > 1e-9 }
    expectClose(
      points.map { Double(lesson.predict($0, unit: unit)) }, points.map { classOf($0, unit) },
      tolerance: .exact,
      "predict(x, unit: \(unit)) for \(points.count) seeded points, the first "
        + "\(describe(points[0])) with w·x + b = \(score(points[0], unit)); \(Graded.replay)",
      mistakes: [.scoreWithoutBias(points.map { dot(unit.weights, $0) >= 0 ? 1 : 0 })])
  }
}

// MARK: - The perceptron trick

extension PerceptronTests {
  static func checkTrick(_ lesson: any PerceptronLesson.Type) {
    // The score at (1, 1) starts at 3 + 4 − 10 = −3 and each update raises it by
    // α·(x₁² + x₂² + 1) = 0.1·3 = 0.3, so the point stays misclassified for nine updates and
    // the tenth puts the line through it: w = [3, 4] + 10·0.1·[1, 1] = [4, 5], b = −10 + 1 = −9.
    // In Double the final score is about −7e−15, not 0 (0.1 is not exact in binary), so the
    // test checks the line to a tolerance and does not ask predict for a 1 after update ten.
    let point: [Double] = [1, 1]
    let start = parameters(exampleLine)
    let updateMistakes: [Mistake] = [
      .flippedUpdate(from: start), .biasNotUpdated(from: start),
      .learningRateLeftOut(from: start, rate: 0.1),
    ]
    var unit = exampleLine
    for done in 0..<10 {
      let predicted = lesson.predict(point, unit: unit)
      guard predicted == 0 else {
        fail(
          "predict([1.0, 1.0], unit: \(unit)) after \(done) updates: expected 0 "
            + "(the score −3 + 0.3·\(done) is still negative), got \(predicted)")
        return
      }
      let before = unit
      unit = lesson.update(unit, with: point, label: 1, learningRate: 0.1)
      guard unit.weights.count == 2 else {
        fail(
          "update(\(before), with: [1.0, 1.0], label: 1, learningRate: 0.1): "
            + "expected 2 weights, got \(unit.weights.count)")
        return
      }
      if done == 0 {
        expectClose(
          parameters(unit), [3.1, 4.1, -9.9], tolerance: tenUpdatesOfPointOne,
          "update(\(before), with: [1.0, 1.0], label: 1, learningRate: 0.1) as [w₁, w₂, b]: "
            + "a missed positive adds α·x to w and α to b",
          mistakes: updateMistakes)
      }
    }
    expectClose(
      parameters(unit), [4, 5, -9], tolerance: tenUpdatesOfPointOne,
      "10 updates of \(exampleLine) with [1.0, 1.0], label 1, learningRate 0.1, as [w₁, w₂, b]",
      mistakes: [.flippedUpdate(from: start), .biasNotUpdated(from: start)])
    expectClose(
      score(point, unit), 0, tolerance: tenUpdatesOfPointOne,
      "w·x + b at (1, 1) after 10 updates (\(unit)): the line passes through the point")
  }

  static func checkFalsePositiveUpdate(_ lesson: any PerceptronLesson.Type) {
    // Each point scores ≥ 0 (class 1) but is labelled 0. Every number is a multiple of 1/4,
    // exact in binary, so the result must be exact.
    let cases: [(unit: PerceptronUnit, x: [Double], rate: Double, expected: [Double])] = [
      // Score 6 + 8 − 10 = 4: w = [3, 4] − 0.5·[2, 2] = [2, 3], b = −10 − 0.5.
      (exampleLine, [2, 2], 0.5, [2, 3, -10.5]),
      // Score 1 + 0 + 1 + 0.25 = 2.25: w = [1, −1, 0.5] − 0.25·[1, 0, 2], b = 0.25 − 0.25.
      (threeInputUnit, [1, 0, 2], 0.25, [0.75, -1, 0, 0]),
      // Score 6 + 4 − 10 = 0, on the line, so class 1: w = [3, 4] − 0.5·[2, 1], b = −10.5.
      (exampleLine, [2, 1], 0.5, [2, 3.5, -10.5]),
    ]
    for (unit, x, rate, expected) in cases {
      let before = parameters(unit)
      let onTheLine = score(x, unit) == 0
      expectClose(
        parameters(lesson.update(unit, with: x, label: 0, learningRate: rate)), expected,
        tolerance: .exact,
        "update(\(unit), with: \(x), label: 0, learningRate: \(rate)) as [w…, b]: \(describe(x)) "
          + "scores \(score(x, unit)) ≥ 0 but is labelled 0, so subtract α·x from w and α from b",
        mistakes: [
          .flippedUpdate(from: before), .biasNotUpdated(from: before),
          .learningRateLeftOut(from: before, rate: rate),
        ]
          + (onTheLine
            ? [
              .value(
                Matrix(row: before),
                "> instead of ≥ in update's prediction: \(describe(x)) scores exactly 0, "
                  + "which is class 1, so label 0 is a false positive to correct")
            ] : []))
    }
  }

  static func checkCorrectPointUnchanged(_ lesson: any PerceptronLesson.Type) {
    // Scores by hand; (2, 1) is on the line, so its class is 1 and the label 1 is right.
    let cases: [(unit: PerceptronUnit, x: [Double], label: Int, scoreText: String)] = [
      (exampleLine, [2, 2], 1, "4"),
      (exampleLine, [1, 1], 0, "−3"),
      (exampleLine, [0, 0], 0, "−10"),
      (exampleLine, [2, 1], 1, "0, on the line, so class 1"),
      (threeInputUnit, [0, 3, 0], 0, "−3 + 0.25 = −2.75"),
    ]
    for (unit, x, label, scoreText) in cases {
      let towardsLabel = moved(unit, by: label == 1 ? 0.1 : -0.1, along: x)
      expectClose(
        parameters(lesson.update(unit, with: x, label: label, learningRate: 0.1)),
        parameters(unit), tolerance: .exact,
        "update(\(unit), with: \(x), label: \(label), learningRate: 0.1) as [w…, b]: "
          + "w·x + b = \(scoreText), already classified correctly, so expected the unit unchanged",
        mistakes: [.updatedCorrectPoint(towardsLabel, onTheLine: score(x, unit) == 0)])
    }
  }
}

// MARK: - The perceptron algorithm

extension PerceptronTests {
  static func checkTrainingTrace(_ lesson: any PerceptronLesson.Type) {
    // The algorithm by hand on AND from zeros with α = 1, rows in the order 00, 01, 10, 11.
    // Epoch 1: (0, 0) scores 0, a false positive, so b = −1; (1, 1) then scores −1, a missed
    // positive, so w = [1, 1], b = 0. The solution notes list every epoch: after 2 epochs
    // [2, 1, −1], after 3 [2, 1, −2], after 4 [2, 2, −2], after 5 [2, 1, −3], which gets
    // every row right, so 20 epochs end there too. Integers are exact.
    // Wrong loops give other units, worked out the same way: one pass whatever `epochs`;
    // one pass too few or too many; the rows visited from last to first (11, 10, 01, 00).
    let and = Datasets.truthTable(.and)
    let zeros = PerceptronUnit.zeros(inputCount: 2)
    let epochs = [0, 1, 2, 3, 20]
    let byHand: [[Double]] = [[0, 0, 0], [1, 1, 0], [2, 1, -1], [2, 1, -2], [2, 1, -3]]
    let got = epochs.map { k in
      parameters(lesson.train(on: and, from: zeros, learningRate: 1, epochs: k))
    }
    expectClose(
      Matrix(got.map { $0.count == 3 ? $0 : [.nan, .nan, .nan] }), Matrix(byHand),
      tolerance: .exact,
      "train(on: AND truth table, from: \(zeros), learningRate: 1, epochs: k), one row "
        + "[w₁, w₂, b] per k = \(epochs): AND takes 5 epochs from zeros",
      mistakes: [
        .value(
          Matrix(Array(repeating: [1, 1, 0], count: 5)),
          "a single pass: the unit after one epoch whatever `epochs` says; repeat the pass "
            + "epochs times"),
        .value(
          Matrix([[0, 0, 0], [0, 0, 0], [1, 1, 0], [2, 1, -1], [2, 1, -3]]),
          "one epoch too few: the loop runs epochs − 1 times (1..<epochs?)"),
        .value(
          Matrix([[1, 1, 0], [2, 1, -1], [2, 1, -2], [2, 2, -2], [2, 1, -3]]),
          "one epoch too many: the loop runs epochs + 1 times (0...epochs?)"),
        .value(
          Matrix([[0, 0, 0], [-1, 0, -1], [-1, 0, -2], [0, 0, -2], [1, 2, -3]]),
          "the rows visited from last to first: visit row 0, 1, 2, … in order"),
        .value(
          Matrix(Array(repeating: [0, 0, 0], count: 5)),
          "train returned the initial unit unchanged: keep what update returns, "
            + "unit = update(unit, …)"),
      ])

    // From the lesson's line 3x₁ + 4x₂ − 10 = 0: (1, 1) is the only mistake of the first
    // pass and moves the unit to [4, 5, −9], which gets every row right. Starting from zeros
    // instead would give [1, 1, 0].
    let fromLine = lesson.train(on: and, from: exampleLine, learningRate: 1, epochs: 1)
    expectClose(
      parameters(fromLine), [4, 5, -9], tolerance: .exact,
      "train(on: AND truth table, from: \(exampleLine), learningRate: 1, epochs: 1) as "
        + "[w₁, w₂, b]",
      mistakes: [
        .value(
          Matrix(row: [1, 1, 0]),
          "training started from zeros: start from `initial`, the unit you are given"),
        .value(
          Matrix(row: parameters(exampleLine)),
          "no pass at all: with epochs: 1 the trick must run once over every row (a loop "
            + "that runs epochs − 1 times, or a result of update that is not kept?)"),
      ])
  }

  static func checkTraining(_ lesson: any PerceptronLesson.Type) {
    // Seeded separable data from a seeded start: the perceptron convergence theorem promises
    // a line that separates every point after finitely many mistakes.
    var generator = Graded.generator(salt: 2)
    let data = Datasets.linearlySeparable(count: 100, using: &generator)
    let start = PerceptronUnit.random(inputCount: 2, using: &generator)
    let epochs = 100
    let unit = lesson.train(on: data, from: start, learningRate: 0.1, epochs: epochs)
    let call =
      "train(on: 100 separable points, from: \(start), learningRate: 0.1, epochs: \(epochs)) "
      + "gave \(unit)"
    guard unit.weights.count == 2 else {
      fail("\(call): expected 2 weights; \(Graded.replay)")
      return
    }
    let wrong = (0..<data.count).filter { i in
      classOf(data.inputs.row(i), unit) != Double(data.labels[i])
    }
    if let first = wrong.first {
      let x = data.inputs.row(first)
      let returnedInitial = unit == start
      expectClose(
        Double(wrong.count), 0, tolerance: .exact,
        "\(call): the number of points classified wrongly, e.g. \(describe(x)) labelled "
          + "\(data.labels[first]) scores \(score(x, unit)); \(Graded.replay)",
        mistakes: [
          Mistake(
            name: "train returned the initial unit unchanged: keep what update returns, "
              + "unit = update(unit, …)"
          ) { _, _ in returnedInitial }
        ])
    }
  }

  static func checkAccuracy(_ lesson: any PerceptronLesson.Type) {
    // By hand. 3x₁ + 4x₂ − 10 is negative on all four corners of the unit square, so on AND
    // it is right for 00, 01, 10 and wrong for 11: 3 of 4. On the five points below, (2, 1)
    // and (−2, 4) lie on the line (class 1, labelled 1), (1, 1) scores −3 (class 0, labelled
    // 0), (2, 2) scores 4 (labelled 1), (0, 0) scores −10 but is labelled 1: 4 of 5.
    let fivePoints = Dataset(
      inputs: Matrix([[2, 1], [-2, 4], [1, 1], [2, 2], [0, 0]]), labels: [1, 1, 0, 1, 1])
    let cases: [(unit: PerceptronUnit, data: Dataset, name: String)] = [
      (exampleLine, Datasets.truthTable(.and), "the AND truth table"),
      (exampleLine, fivePoints, "(2, 1), (−2, 4), (1, 1), (2, 2), (0, 0) labelled 1, 1, 0, 1, 1"),
      (
        PerceptronUnit(weights: [1, 1], bias: -1.5), Datasets.truthTable(.and),
        "the AND truth table"
      ),
    ]
    let strict = cases.map { unit, data, _ in
      Double(
        (0..<data.count).filter {
          (score(data.inputs.row($0), unit) > 0 ? 1 : 0) == data.labels[$0]
        }.count)
        / Double(data.count)
    }
    let expected = [0.75, 0.8, 1]
    expectClose(
      cases.map { lesson.accuracy(of: $0.unit, on: $0.data) }, expected, tolerance: .exact,
      "accuracy(of: unit, on: data), the fraction of points classified right, for"
        + numbered(cases.map { "\($0.unit) on \($0.name)" }),
      mistakes: [
        .strictInequality(strict),
        .value(
          Matrix(row: expected.map { 1 - $0 }),
          "the fraction of mistakes: accuracy counts the points classified right"),
        .value(
          Matrix(row: expected.map { $0.rounded(.down) }),
          "integer division: on Ints 3 / 4 is 0; convert the counts to Double before dividing"),
      ])

    // Seeded: a random unit on seeded points, against the count worked out here. A fraction
    // of 100 may be rounded differently (1 − 3/100 or 97/100): allow an ulp or so.
    var generator = Graded.generator(salt: 4)
    let data = Datasets.linearlySeparable(count: 100, using: &generator)
    let unit = PerceptronUnit.random(inputCount: 2, using: &generator)
    let right = (0..<data.count).filter {
      classOf(data.inputs.row($0), unit) == Double(data.labels[$0])
    }
    expectClose(
      lesson.accuracy(of: unit, on: data), Double(right.count) / 100, tolerance: .tight,
      "accuracy(of: \(unit), on: 100 seeded points), \(right.count) of them right; "
        + Graded.replay,
      mistakes: [
        .transform("the fraction of mistakes: accuracy counts the points classified right") {
          1 - $0
        }
      ])
  }
}

// MARK: - Logic gates

extension PerceptronTests {
  static func checkGates(_ lesson: any PerceptronLesson.Type) {
    // Each gate's classes on its inputs, from its weights and bias by the contract's rule
    // (w·x + b ≥ 0 is class 1), worked out here so that only the gate is graded.
    let gates: [(name: String, unit: PerceptronUnit, inputs: [[Double]], table: [Double])] = [
      ("andGate", lesson.andGate, corners, [0, 0, 0, 1]),
      ("orGate", lesson.orGate, corners, [0, 1, 1, 1]),
      ("notGate", lesson.notGate, [[0], [1]], [1, 0]),
    ]
    for (name, unit, inputs, table) in gates {
      guard unit.weights.count == inputs[0].count else {
        fail(
          "\(name) (\(unit)): expected \(inputs[0].count) weights, one per input, "
            + "got \(unit.weights.count)")
        continue
      }
      let others = LogicGate.allCases.map { gate in
        Mistake.value(
          Matrix(row: gate.truthTable.map(Double.init)),
          "\(name) computes \(gate): move the boundary so that only the right corners score ≥ 0")
      }
      expectClose(
        inputs.map { classOf($0, unit) }, table, tolerance: .exact,
        "\(name) (\(unit)) on \(inputs.map(describe).joined(separator: ", ")), with scores "
          + "\(inputs.map { score($0, unit) })",
        mistakes: others + [
          .value(
            Matrix(row: [0, 1]),
            "notGate computes the identity: NOT's output must go down as its input goes up, "
              + "so its weight is negative"),
          Mistake(name: "a constant gate: every input gets the same class; check the bias") {
            got, _ in Set(got.storage).count == 1
          },
        ])
    }
  }

  static func checkXORNetwork(_ lesson: any PerceptronLesson.Type) {
    // The network is evaluated by the contract's rule, worked out here, so that only its
    // weights are graded; predict(_:network:) has its own test.
    let network = lesson.xorNetwork
    guard !network.hidden.isEmpty, network.hidden.allSatisfy({ $0.weights.count == 2 }) else {
      fail("xorNetwork (\(network)): expected at least one hidden unit, each with 2 weights")
      return
    }
    guard network.output.weights.count == network.hidden.count else {
      expectClose(
        Double(network.output.weights.count), Double(network.hidden.count), tolerance: .exact,
        "xorNetwork (\(network)): the number of output weights",
        mistakes: [
          Mistake(
            name: "an output unit with the wrong number of weights: it reads one 0/1 output per "
              + "hidden unit, so it needs \(network.hidden.count) weights"
          ) { _, _ in true }
        ])
      return
    }
    let hidden = corners.map { x in network.hidden.map { classOf(x, $0) } }
    let gates = LogicGate.allCases.filter { $0 != .xor }.map { gate in
      Mistake.value(
        Matrix(row: gate.truthTable.map(Double.init)),
        "the network computes \(gate), not XOR: XOR is 'at least one' AND 'not both', "
          + "two hidden units joined by an AND")
    }
    expectClose(
      corners.map { classOf($0, network) }, [0, 1, 1, 0], tolerance: .exact,
      "xorNetwork (\(network)) on (0, 0), (0, 1), (1, 0), (1, 1), whose hidden outputs are "
        + "\(hidden)",
      mistakes: gates + [
        .value(
          Matrix(row: [1, 1, 1, 1]),
          "the network says 1 everywhere: its output unit fires whatever the hidden units "
            + "say (an OR where an AND belongs?)"),
        .value(
          Matrix(row: [0, 0, 0, 0]), "the network says 0 everywhere: check the output unit"),
      ])
  }

  static func checkNetworkPrediction(_ lesson: any PerceptronLesson.Type) {
    // Networks given here, evaluated layer by layer by hand. XOR = AND(OR, NAND) gives hidden
    // outputs [0, 1], [1, 1], [1, 1], [1, 0] on the corners and then 0, 1, 1, 0. XNOR =
    // OR(AND, NOR) gives [0, 1], [0, 0], [0, 0], [1, 0] and then 1, 0, 0, 1. A network predict
    // that ignores its network, or feeds the raw point or the hidden scores to the output
    // unit, gives other classes.
    let or = PerceptronUnit(weights: [1, 1], bias: -0.5)
    let and = PerceptronUnit(weights: [1, 1], bias: -1.5)
    let nand = PerceptronUnit(weights: [-1, -1], bias: 1.5)
    let nor = PerceptronUnit(weights: [-1, -1], bias: 0.5)
    let networks: [(name: String, network: PerceptronNetwork)] = [
      ("XOR", PerceptronNetwork(hidden: [or, nand], output: and)),
      ("XNOR", PerceptronNetwork(hidden: [and, nor], output: or)),
    ]
    for (name, network) in networks {
      let expected = corners.map { classOf($0, network) }
      let scores = corners.map { x in network.hidden.map { score(x, $0) } }
      expectClose(
        corners.map { Double(lesson.predict($0, network: network)) }, expected,
        tolerance: .exact,
        "predict(x, network: \(network)), the \(name) network, for x = (0, 0), (0, 1), (1, 0), "
          + "(1, 1): hidden outputs \(corners.map { x in network.hidden.map { classOf(x, $0) } })",
        mistakes: [
          .value(
            Matrix(row: corners.map { classOf($0, network.output) }),
            "the hidden layer skipped: the point went straight to the output unit; feed it "
              + "[predict(x, hidden₁), …] instead"),
          .value(
            Matrix(row: scores.map { classOf($0, network.output) }),
            "the hidden scores w·x + b fed to the output unit; feed it their 0/1 classes"),
          .value(
            Matrix(row: [0, 1, 1, 0]),
            "predict(_:network:) ignores the network it is given and computes XOR; "
              + "evaluate the network's own units"),
        ])
    }
  }

  static func checkNoSinglePerceptronComputesXOR(_ lesson: any PerceptronLesson.Type) {
    // Every unit on a grid of whole weights w₁, w₂ in −2 … 2 and biases b in −2 … 2 in
    // steps of 0.5 (which holds AND's w = [1, 1], b = −1.5 and OR's w = [1, 1], b = −0.5),
    // then seeded random units: 225 + 100 units on 4 corners, 1,300 calls of predict. Each
    // call is a round trip to the learner's program (about 60 µs), so the search is kept
    // to what tells a right predict from a wrong one: XOR needs no line at all, and AND and
    // OR are on the grid.
    let weights = Array(stride(from: -2.0, through: 2, by: 1))
    let biases = Array(stride(from: -2.0, through: 2, by: 0.5))
    var units = weights.flatMap { w1 in
      weights.flatMap { w2 in biases.map { b in PerceptronUnit(weights: [w1, w2], bias: b) } }
    }
    let gridCount = units.count
    var generator = Graded.generator(salt: 3)
    for _ in 0..<100 {
      units.append(PerceptronUnit.random(inputCount: 2, in: -3...3, using: &generator))
    }
    let gates: [LogicGate] = [.and, .or, .xor]
    var found: [LogicGate: PerceptronUnit] = [:]
    for unit in units {
      let outputs = corners.map { lesson.predict($0, unit: unit) }
      for gate in gates where outputs == gate.truthTable {
        found[gate] = found[gate] ?? unit
      }
    }
    let searched = "\(gridCount) grid units and \(units.count - gridCount) random ones"
    if let unit = found[.xor] {
      fail(
        "predict says \(unit) computes XOR on (0, 0), (0, 1), (1, 0), (1, 1), but no line has "
          + "(0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other, so predict is "
          + "wrong (searched \(searched); \(Graded.replay))")
    }
    for (gate, bias) in [(LogicGate.and, -1.5), (.or, -0.5)] where found[gate] == nil {
      let unit = PerceptronUnit(weights: [1, 1], bias: bias)
      expectClose(
        corners.map { Double(lesson.predict($0, unit: unit)) }, gate.truthTable.map(Double.init),
        tolerance: .exact,
        "among \(searched), predict says none computes \(gate), yet \(unit) does: predict on "
          + "its corners (0, 0), (0, 1), (1, 0), (1, 1); \(Graded.replay)",
        mistakes: [.scoreWithoutBias(corners.map { dot(unit.weights, $0) >= 0 ? 1 : 0 })])
    }
  }
}
