import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 01` runs on the reference and on the learner's perceptron.
enum PerceptronProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any PerceptronLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Halves from −3 to 3, so the inputs read easily and some points land exactly on the line.
    func half() -> Double { Double(generator.index(below: 13)) / 2 - 3 }
    let unit = PerceptronUnit(weights: [half(), half()], bias: half())
    let points = (0..<6).map { _ in [half(), half()] }
    let data = Datasets.linearlySeparable(count: 40, using: &generator)
    let start = PerceptronUnit(weights: [half(), half()], bias: half())
    let steps: [Double] = [-2, -0.5, 0, 0.5, 2]
    let line = PerceptronUnit(weights: [3, 4], bias: -10)
    let corners: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1]]

    return [
      Probe(
        name: "step(x)", input: "x = \(steps)",
        evaluate: { lesson in .numbers(steps.map { lesson.step($0) }) }),
      Probe(
        name: "predict(x, unit:)", input: "unit \(unit); x = \(points)",
        evaluate: { lesson in
          .numbers(points.map { Double(lesson.predict($0, unit: unit)) })
        }),
      Probe(
        name: "update(_:with:label:learningRate:) → [w₁, w₂, b]",
        input: "unit \(line); x = [1.0, 1.0], label 1, learningRate 0.1",
        evaluate: { lesson in
          let moved = lesson.update(line, with: [1, 1], label: 1, learningRate: 0.1)
          return .numbers(moved.weights + [moved.bias])
        }),
      Probe(
        name: "update, false positive → [w₁, w₂, b]",
        input: "unit \(line); x = [2.0, 2.0], label 0, learningRate 0.5",
        evaluate: { lesson in
          let moved = lesson.update(line, with: [2, 2], label: 0, learningRate: 0.5)
          return .numbers(moved.weights + [moved.bias])
        }),
      Probe(
        name: "10 updates → [w₁, w₂, b, w·x + b at (1, 1)]",
        input: "unit \(line); x = [1.0, 1.0], label 1, learningRate 0.1, ten times",
        evaluate: { lesson in
          var moved = line
          for _ in 0..<10 {
            moved = lesson.update(moved, with: [1, 1], label: 1, learningRate: 0.1)
          }
          return .numbers(moved.weights + [moved.bias, dot(moved.weights, [1, 1]) + moved.bias])
        }),
      Probe(
        name: "train(on:from:learningRate:epochs:) → [w₁, w₂, b]",
        input: "40 points of Datasets.linearlySeparable (seed \(seed)); from \(start); "
          + "learningRate 0.1, epochs 100",
        evaluate: { lesson in
          let trained = lesson.train(on: data, from: start, learningRate: 0.1, epochs: 100)
          return .numbers(trained.weights + [trained.bias])
        }),
      Probe(
        name: "accuracy(of:on:)", input: "unit \(unit) on the same 40 points",
        evaluate: { lesson in .number(lesson.accuracy(of: unit, on: data)) }),
      Probe(
        name: "gates on (0, 0), (0, 1), (1, 0), (1, 1): AND, OR, XOR, then NOT on 0, 1",
        input: "andGate, orGate, xorNetwork, notGate",
        evaluate: { lesson in
          let and = corners.map { lesson.predict($0, unit: lesson.andGate) }
          let or = corners.map { lesson.predict($0, unit: lesson.orGate) }
          let xor = corners.map { lesson.predict($0, network: lesson.xorNetwork) }
          let not = [[0.0], [1.0]].map { lesson.predict($0, unit: lesson.notGate) }
          return .numbers((and + or + xor + not).map(Double.init))
        }),
    ]
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var perceptron: LabModule {
    LabModule(
      .perceptron, reference: Reference.perceptron, learner: RemotePerceptron<Learner>.self,
      probes: PerceptronProbes.make)
  }
}
