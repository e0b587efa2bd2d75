import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 05` runs on the reference and on the learner's penalties.
enum RegularizationProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any RegularizationLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Quarters from −2 to 2, about one in five exactly 0, so the kink of |w| shows up.
    let weights = Matrix(
      rows: 3, columns: 4,
      storage: (0..<12).map { _ in
        generator.index(below: 5) == 0 ? 0 : Double(generator.index(below: 17)) / 4 - 2
      })
    let hand = Matrix([[1, -2, 0], [0.5, 0, -3]])
    let shown = "W = \(weights.literal) (seed \(seed))"

    return [
      Probe(
        name: "l2Penalty(_:strength:) → [hand-picked W, seeded W]",
        input: "W = \(hand.literal), then \(shown); strength 0.25",
        evaluate: { lesson in
          .numbers([
            lesson.l2Penalty(hand, strength: 0.25), lesson.l2Penalty(weights, strength: 0.25),
          ])
        }),
      Probe(
        name: "l2Gradient(_:strength:)", input: "\(shown), strength 0.25",
        evaluate: { lesson in .matrix(lesson.l2Gradient(weights, strength: 0.25)) }),
      Probe(
        name: "l1Penalty(_:strength:) → [hand-picked W, seeded W]",
        input: "W = \(hand.literal), then \(shown); strength 0.25",
        evaluate: { lesson in
          .numbers([
            lesson.l1Penalty(hand, strength: 0.25), lesson.l1Penalty(weights, strength: 0.25),
          ])
        }),
      Probe(
        name: "l1Subgradient(_:strength:)", input: "\(shown), strength 0.25",
        evaluate: { lesson in .matrix(lesson.l1Subgradient(weights, strength: 0.25)) }),
      Probe(
        name: "l1Subgradient at ±0 and tiny weights",
        input: "W = [[0.0, -0.0, 1e-300, -1e-300]], strength 0.25",
        evaluate: { lesson in
          .matrix(lesson.l1Subgradient(Matrix([[0, -0.0, 1e-300, -1e-300]]), strength: 0.25))
        }),
      Probe(
        name: "elasticNetPenalty(_:l1Strength:l2Strength:)",
        input: "\(shown), l1Strength 0.5, l2Strength 0.25",
        evaluate: { lesson in
          .number(lesson.elasticNetPenalty(weights, l1Strength: 0.5, l2Strength: 0.25))
        }),
      Probe(
        name: "elasticNetSubgradient(_:l1Strength:l2Strength:)",
        input: "\(shown), l1Strength 0.5, l2Strength 0.25",
        evaluate: { lesson in
          .matrix(lesson.elasticNetSubgradient(weights, l1Strength: 0.5, l2Strength: 0.25))
        }),
    ]
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var regularization: LabModule {
    LabModule(
      .regularization, reference: Reference.regularization,
      learner: RemoteRegularization<Learner>.self,
      probes: RegularizationProbes.make,
      gradientChecks: RegularizationGradientProbes.make)
  }
}
