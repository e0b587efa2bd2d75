import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 06` runs on the reference and on the learner's backpropagation.
enum BackpropagationProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any BackpropagationLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Quarters from −2 to 2, so the inputs read easily.
    func quarter() -> Double { Double(generator.index(below: 17)) / 4 - 2 }
    let leaves = [quarter(), quarter(), quarter()]
    let x = Matrix.gaussian(rows: 3, columns: 4, using: &generator)
    let weights = Matrix.gaussian(rows: 4, columns: 2, using: &generator)
    let upstream = Matrix.gaussian(rows: 3, columns: 2, using: &generator)
    let reluInput = Matrix.gaussian(rows: 2, columns: 4, using: &generator)
    let reluUpstream = Matrix.gaussian(rows: 2, columns: 4, using: &generator)
    let network = FrozenNetwork(
      hiddenWeights: .gaussian(rows: 2, columns: 6, using: &generator),
      hiddenBias: .gaussian(rows: 1, columns: 6, standardDeviation: 0.5, using: &generator),
      outputWeights: .gaussian(rows: 6, columns: 2, standardDeviation: 0.5, using: &generator),
      outputBias: .gaussian(rows: 1, columns: 2, standardDeviation: 0.5, using: &generator))
    let input = Matrix.gaussian(rows: 1, columns: 2, using: &generator)
    let target = Matrix.gaussian(rows: 1, columns: 2, using: &generator)
    let start = Matrix.zeros(rows: 1, columns: 2)

    return [
      Probe(
        name: "gate backward passes → [add dx, dy, multiply dx, dy, max dx, dy, sigmoid dx]",
        input: "x = 3, y = -4, upstream = 2; sigmoidBackward(output: 0.9, upstream: 2)",
        evaluate: { lesson in
          let add = lesson.addBackward(upstream: 2)
          let multiply = lesson.multiplyBackward(x: 3, y: -4, upstream: 2)
          let max = lesson.maximumBackward(x: 3, y: -4, upstream: 2)
          let sigmoid = lesson.sigmoidBackward(output: 0.9, upstream: 2)
          return .numbers([add.dx, add.dy, multiply.dx, multiply.dy, max.dx, max.dy, sigmoid])
        }),
      Probe(
        name: "sigmoidNeuron → [output, ∂w₀, ∂w₁, ∂w₂, ∂x₀, ∂x₁]",
        input: "weights = [2, -3, -3], inputs = [-1, -2]",
        evaluate: { lesson in
          let neuron = lesson.sigmoidNeuron(weights: [2, -3, -3], inputs: [-1, -2])
          return .numbers([neuron.output] + neuron.weightGradient + neuron.inputGradient)
        }),
      Probe(
        name: "Value: b = a + a, c = b + b → [c, dc/db, dc/da]", input: "a = 1",
        evaluate: { lesson in reusedNodes(lesson) }),
      Probe(
        name: "Value: expression → [out, ∂out/∂a, ∂out/∂b, ∂out/∂c]",
        input: "out = ((a * b + c.pow(2)).tanh() + (a.exp() + 1).log()) / (b * b + 1) "
          + "- (c - a).relu() + b.pow(3); a, b, c = \(leaves)",
        evaluate: { lesson in expression(lesson, leaves) }),
      Probe(
        name: "linearBackward → [dx, dW, db], each row by row",
        input: "seeded x 3×4, weights 4×2, upstream 3×2 (seed \(seed))",
        evaluate: { lesson in
          let gradients = lesson.linearBackward(upstream, x: x, weights: weights)
          return .numbers(
            gradients.dx.storage + gradients.dW.storage + gradients.db.storage)
        }),
      Probe(
        name: "reluBackward(upstream, x:)",
        input: "seeded x \(reluInput.shapeDescription), upstream of the same shape (seed \(seed))",
        evaluate: { lesson in
          .matrix(lesson.reluBackward(reluUpstream, x: reluInput))
        }),
      Probe(
        name: "reconstructionLoss → [loss, dx₀, dx₁]",
        input: "x = \(input.storage), target = \(target.storage), seeded 2 → 6 → 2 network "
          + "(seed \(seed))",
        evaluate: { lesson in
          let result = lesson.reconstructionLoss(input, network: network, target: target)
          return .numbers([result.loss] + result.dx.storage)
        }),
      Probe(
        name: "infer → x",
        input: "the same network and target, start = [0, 0], learningRate 0.05, steps 100",
        evaluate: { lesson in
          let found = lesson.infer(
            target: target, network: network, start: start, learningRate: 0.05, steps: 100)
          return .numbers(found.storage)
        }),
    ]
  }

  /// c = b + b with b = a + a, from a = 1: the forward value and both gradients.
  private static func reusedNodes<Lesson: BackpropagationLesson>(_: Lesson.Type) -> ProbeValue {
    let a = Lesson.Node(1)
    let b = a + a
    let c = b + b
    c.backward()
    return .numbers([c.data, b.grad, a.grad])
  }

  /// An expression that uses every operation, and the gradients of its three leaves.
  private static func expression<Lesson: BackpropagationLesson>(
    _: Lesson.Type, _ values: [Double]
  ) -> ProbeValue {
    let (a, b, c) = (Lesson.Node(values[0]), Lesson.Node(values[1]), Lesson.Node(values[2]))
    let numerator = (a * b + c.pow(2)).tanh() + (a.exp() + 1).log()
    let out = numerator / (b * b + 1) - (c - a).relu() + b.pow(3)
    out.backward()
    return .numbers([out.data, a.grad, b.grad, c.grad])
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var backpropagation: LabModule {
    LabModule(
      .backpropagation, reference: Reference.backpropagation,
      learner: RemoteBackpropagation<Learner>.self,
      probes: BackpropagationProbes.make,
      gradientChecks: BackpropagationGradientProbes.make)
  }
}
