import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 02` runs on the reference and on the learner's step and sigmoid.
enum StepVsSigmoidProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any StepVsSigmoidLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    let steps: [Double] = [-2, -0.5, 0, 0.5, 2]
    let xs: [Double] = [-1000, -5, -1, 0, 1, 5, 1000]
    let or = Datasets.truthTable(.or)
    let zeros = LogisticUnit.zeros(inputCount: 2)
    let data = Datasets.linearlySeparable(count: 40, using: &generator)
    let unit = LogisticUnit.random(inputCount: 2, in: -2...2, using: &generator)
    let start = LogisticUnit.random(inputCount: 2, using: &generator)

    return [
      Probe(
        name: "step(x), then stepDerivative(x)", input: "x = \(steps)",
        evaluate: { lesson in
          .numbers(steps.map { lesson.step($0) } + steps.map { lesson.stepDerivative($0) })
        }),
      Probe(
        name: "sigmoid(x)", input: "x = \(xs)",
        evaluate: { lesson in .numbers(xs.map { lesson.sigmoid($0) }) }),
      Probe(
        name: "sigmoidDerivative(x)", input: "x = \(xs)",
        evaluate: { lesson in .numbers(xs.map { lesson.sigmoidDerivative($0) }) }),
      Probe(
        name: "squaredError and squaredErrorGradient with the sigmoid → [E, ∂E/∂w₁, ∂E/∂w₂, ∂E/∂b]",
        input: "unit \(zeros) on the OR truth table",
        evaluate: { lesson in
          let error = lesson.squaredError(of: zeros, on: or, activation: { lesson.sigmoid($0) })
          let gradient = lesson.squaredErrorGradient(
            of: zeros, on: or, activation: { lesson.sigmoid($0) },
            derivative: { lesson.sigmoidDerivative($0) })
          return .numbers([error] + gradient.weights + [gradient.bias])
        }),
      Probe(
        name: "squaredError and squaredErrorGradient with the step → [E, ∂E/∂w₁, ∂E/∂w₂, ∂E/∂b]",
        input: "unit \(unit) on 40 points of Datasets.linearlySeparable (seed \(seed))",
        evaluate: { lesson in
          let error = lesson.squaredError(of: unit, on: data, activation: { lesson.step($0) })
          let gradient = lesson.squaredErrorGradient(
            of: unit, on: data, activation: { lesson.step($0) },
            derivative: { lesson.stepDerivative($0) })
          return .numbers([error] + gradient.weights + [gradient.bias])
        }),
      Probe(
        name: "update(_:with:label:learningRate:) → [w₁, w₂, b]",
        input: "unit \(zeros); x = [1.0, 2.0], label 1, learningRate 0.5",
        evaluate: { lesson in
          let moved = lesson.update(zeros, with: [1, 2], label: 1, learningRate: 0.5)
          return .numbers(moved.weights + [moved.bias])
        }),
      Probe(
        name: "logLoss(of:on:), then probability of the first point",
        input: "unit \(unit) on the same 40 points",
        evaluate: { lesson in
          .numbers([
            lesson.logLoss(of: unit, on: data),
            lesson.probability(data.inputs.row(0), unit: unit),
          ])
        }),
      Probe(
        name: "train(on:from:learningRate:epochs:) → the 11 losses, then [w₁, w₂, b, accuracy]",
        input: "the same 40 points from \(start); learningRate 0.5, epochs 10",
        evaluate: { lesson in
          let (trained, losses) = lesson.train(
            on: data, from: start, learningRate: 0.5, epochs: 10)
          return .numbers(
            losses + trained.weights + [trained.bias, lesson.accuracy(of: trained, on: data)])
        }),
    ]
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var stepVsSigmoid: LabModule {
    LabModule(
      .stepVsSigmoid, reference: Reference.stepVsSigmoid,
      learner: RemoteStepVsSigmoid<Learner>.self,
      probes: StepVsSigmoidProbes.make,
      gradientChecks: StepVsSigmoidGradientProbes.make)
  }
}
