import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 07` runs on the reference and on the learner's optimizers.
enum MomentumProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any MomentumLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Tenths from −2 to 2, so the inputs read easily.
    func tenth() -> Double { Double(generator.index(below: 41)) / 10 - 2 }
    let start = [tenth(), tenth()]
    let gradients = (0..<3).map { _ in [tenth(), tenth()] }
    let point = [tenth() / 2, tenth() / 2]
    let setup = "x = \(start), then dx = \(gradients[0]), \(gradients[1]), \(gradients[2])"

    /// Three steps of an optimizer on the seeded gradients: x after each, one after another.
    func path(_ make: @escaping (any MomentumLesson.Type) -> any Optimizer)
      -> (any MomentumLesson.Type) -> ProbeValue
    {
      { lesson in
        var optimizer = make(lesson)
        var x = start
        var visited: [Double] = []
        for gradient in gradients {
          optimizer.step(&x, gradient: gradient)
          visited += x
        }
        return .numbers(visited)
      }
    }

    return [
      Probe(
        name: "makeSGD → x after steps 1, 2, 3", input: "\(setup); learningRate 0.1",
        evaluate: path { $0.makeSGD(learningRate: 0.1) }),
      Probe(
        name: "makeMomentum → x after steps 1, 2, 3",
        input: "\(setup); learningRate 0.1, momentum 0.9",
        evaluate: path { $0.makeMomentum(learningRate: 0.1, momentum: 0.9) }),
      Probe(
        name: "makeNesterov → x after steps 1, 2, 3",
        input: "\(setup); learningRate 0.1, momentum 0.9",
        evaluate: path { $0.makeNesterov(learningRate: 0.1, momentum: 0.9) }),
      Probe(
        name: "makeAdagrad → x after steps 1, 2, 3",
        input: "\(setup); learningRate 0.1, epsilon 1e-8",
        evaluate: path { $0.makeAdagrad(learningRate: 0.1, epsilon: 1e-8) }),
      Probe(
        name: "makeRMSprop → x after steps 1, 2, 3",
        input: "\(setup); learningRate 0.1, decayRate 0.9, epsilon 1e-8",
        evaluate: path { $0.makeRMSprop(learningRate: 0.1, decayRate: 0.9, epsilon: 1e-8) }),
      Probe(
        name: "makeAdam → x after steps 1, 2, 3",
        input: "\(setup); learningRate 0.1, beta1 0.9, beta2 0.999, epsilon 1e-8",
        evaluate: path {
          $0.makeAdam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        }),
      Probe(
        name: "nesterovLookAheadStep → [x₁, x₂, v₁, v₂] after two steps",
        input: "x = [1, 1], velocity = [0, 0] on ½(x₁² + 50x₂²); learningRate 0.02, momentum 0.8",
        evaluate: { lesson in
          var x: [Double] = [1, 1]
          var velocity: [Double] = [0, 0]
          for _ in 0..<2 {
            lesson.nesterovLookAheadStep(
              &x, velocity: &velocity, learningRate: 0.02, momentum: 0.8,
              gradient: { [$0[0], 50 * $0[1]] })
          }
          return .numbers(x + velocity)
        }),
      Probe(
        name: "[stepDecay at t = 0, 10, 25; exponentialDecay at t = 0, 1, 20; "
          + "quadraticBowlGradient; rosenbrockGradient]",
        input: "initial 0.1, factor 0.5, every 10; rate 0.05; gradients at \(point)",
        evaluate: { lesson in
          let steps = [0, 10, 25].map {
            lesson.stepDecay(initial: 0.1, factor: 0.5, every: 10, at: $0)
          }
          let smooth = [0, 1, 20].map { lesson.exponentialDecay(initial: 0.1, rate: 0.05, at: $0) }
          return .numbers(
            steps + smooth + lesson.quadraticBowlGradient(point)
              + lesson.rosenbrockGradient(point))
        }),
    ]
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var momentum: LabModule {
    LabModule(
      .momentum, reference: Reference.momentum, learner: RemoteMomentum<Learner>.self,
      probes: MomentumProbes.make,
      gradientChecks: MomentumGradientProbes.make)
  }
}
