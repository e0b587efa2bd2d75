import GradKit
import Grader

/// One module as the lab runs it: what `gradkit compare` evaluates on the reference and on
/// the learner's program, and what `gradkit check` checks on the learner's program.
///
/// Each module registers itself with one `LabModule` (beside its probes), listed in ``all``.
struct LabModule {
  /// The module's name, as ``CourseModule/name``.
  let name: String
  /// The probes `compare` runs, from a seed.
  let probes: (UInt64) -> [ProbeRun]
  /// The gradient checks `check` runs, from a seed; none for a module without gradients.
  let gradientChecks: (UInt64) -> [GradientRun]

  /// The module whose lesson is `Lesson`, with its two sides and its probes and checks.
  init<Lesson>(
    _ module: CourseModule, reference: Lesson, learner: Lesson,
    probes: @escaping (UInt64) -> [Probe<Lesson>],
    gradientChecks: @escaping (UInt64) -> [GradientProbe<Lesson>] = { _ in [] }
  ) {
    name = module.name
    self.probes = { seed in
      probes(seed).map { probe in
        ProbeRun(name: probe.name, input: probe.input) { side in
          probe.evaluate(side == .reference ? reference : learner)
        }
      }
    }
    self.gradientChecks = { seed in
      gradientChecks(seed).map { probe in
        GradientRun(name: probe.name, hasKinks: probe.hasKinks) { probe.check(learner) }
      }
    }
  }

  /// Every module, in course order.
  static var all: [LabModule] {
    [
      .perceptron, .stepVsSigmoid, .softmax, .crossEntropy, .regularization, .backpropagation,
      .momentum, .spiral, .training,
    ]
  }

  /// The module named `name`.
  static func named(_ name: String) -> LabModule? {
    all.first { $0.name == name }
  }
}

/// A probe bound to both implementations.
struct ProbeRun {
  let name: String
  let input: String
  let evaluate: (ProbeOutput.Side) -> ProbeValue
}

/// A gradient check bound to the learner's implementation.
struct GradientRun {
  let name: String
  let hasKinks: Bool
  let check: () -> GradientReport
}
