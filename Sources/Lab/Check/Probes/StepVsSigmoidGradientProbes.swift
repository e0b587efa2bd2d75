import GradKit

/// What `gradkit check 02` runs on the learner's derivatives and gradients.
enum StepVsSigmoidGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any StepVsSigmoidLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // On [−4, 4] σ′ ≥ 0.017, far above the centered difference's noise (about 1e−11).
    let xs = (0..<6).map { _ in generator.uniform(in: -4...4) }

    // A coordinate of the gradient may be tiny: the checker bounds the numeric estimate's own
    // error, so a tiny right value is good or inconclusive, never wrong.
    let data = Datasets.linearlySeparable(count: 8, using: &generator)
    let unit = LogisticUnit.random(inputCount: 2, in: -2...2, using: &generator)

    // One point that the unit classifies wrongly, so |y − ŷ| ≥ ½; coordinates of size ≥ ¼
    // keep every entry of the step (y − ŷ)·x well above the noise.
    let start = LogisticUnit.random(inputCount: 2, in: -2...2, using: &generator)
    let x = (0..<2).map { _ in
      generator.uniform(in: 0.25...1.5) * (generator.index(below: 2) == 0 ? 1 : -1)
    }
    let label = dot(start.weights, x) + start.bias < 0 ? 1 : 0
    let point = Dataset(inputs: Matrix(row: x), labels: [label], classCount: 2)

    return [
      GradientProbe(
        name: "stepDerivative(x) against the slope of your step, at 6 seeded x in [−4, 4]",
        hasKinks: false,
        check: { lesson in
          checkGradient(
            of: { x in x.reduce(0) { total, xi in total + lesson.step(xi) } }, at: xs,
            analytic: xs.map { lesson.stepDerivative($0) }, skipping: .near([0]))
        }),
      GradientProbe(
        name: "sigmoidDerivative(x) against the slope of your sigmoid, at 6 seeded x in [−4, 4]",
        hasKinks: false,
        check: { lesson in
          checkGradient(
            of: { x in x.reduce(0) { total, xi in total + lesson.sigmoid(xi) } }, at: xs,
            analytic: xs.map { lesson.sigmoidDerivative($0) })
        }),
      GradientProbe(
        name: "squaredErrorGradient with the sigmoid against your squaredError, 8 seeded points",
        hasKinks: false,
        check: { lesson in
          let gradient = lesson.squaredErrorGradient(
            of: unit, on: data, activation: { lesson.sigmoid($0) },
            derivative: { lesson.sigmoidDerivative($0) })
          return checkGradient(
            of: { p in
              lesson.squaredError(
                of: logisticUnit(p), on: data, activation: { lesson.sigmoid($0) })
            },
            at: parameters(of: unit), analytic: parameters(of: gradient))
        }),
      GradientProbe(
        name: "update's step (learningRate 1) against your logLoss, on a point the unit gets wrong",
        hasKinks: false,
        check: { lesson in
          // With α = 1 the step taken, unit − update(unit), is the gradient of the point's log-loss.
          let moved = lesson.update(start, with: x, label: label, learningRate: 1)
          let step = (
            weights: zip(start.weights, moved.weights).map { before, after in before - after },
            bias: start.bias - moved.bias
          )
          return checkGradient(
            of: { p in lesson.logLoss(of: logisticUnit(p), on: point) },
            at: parameters(of: start), analytic: parameters(of: step))
        }),
    ]
  }
}

/// The unit that the named parameters `w` (1×n) and `b` (1×1) of the gradient checker hold.
private func logisticUnit(_ parameters: [String: Matrix]) -> LogisticUnit {
  LogisticUnit(weights: parameters["w"]!.storage, bias: parameters["b"]![0, 0])
}

/// A unit as the named parameters `w` and `b` of the gradient checker.
private func parameters(of unit: LogisticUnit) -> [String: Matrix] {
  ["w": Matrix(row: unit.weights), "b": Matrix(row: [unit.bias])]
}

/// A gradient as the named parameters `w` and `b` of the gradient checker.
private func parameters(of gradient: (weights: [Double], bias: Double)) -> [String: Matrix] {
  ["w": Matrix(row: gradient.weights), "b": Matrix(row: [gradient.bias])]
}
