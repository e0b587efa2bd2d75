import GradKit

/// What `gradkit check 05` runs on the learner's penalty gradients.
enum RegularizationGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any RegularizationLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Weights of size ½ to 2 with random signs and two exact zeros, where |w| has its kink.
    // Every derivative away from the zeros is then at least λ/2 ≥ 0.125, far above the
    // centered difference's noise (about 1e−10).
    var weights = Matrix(rows: 4, columns: 3)
    for index in weights.storage.indices {
      weights.storage[index] =
        generator.uniform(in: 0.5...2) * (generator.index(below: 2) == 0 ? 1 : -1)
    }
    for index in [4, 9] {
      weights.storage[index] = 0
    }
    // Strengths in quarters, so the names read easily.
    let l2 = Double(generator.index(below: 4) + 1) / 4
    let l1 = Double(generator.index(below: 4) + 1) / 4

    return [
      GradientProbe(
        name: "l2Gradient against your l2Penalty: 4×3 seeded W, λ = \(l2)",
        hasKinks: false,
        check: { lesson in
          checkGradient(
            of: { lesson.l2Penalty($0, strength: l2) }, at: weights,
            analytic: lesson.l2Gradient(weights, strength: l2), name: "W")
        }),
      GradientProbe(
        name: "l1Subgradient against your l1Penalty: 4×3 seeded W, λ = \(l1), zeros skipped",
        hasKinks: true,
        check: { lesson in
          checkGradient(
            of: { lesson.l1Penalty($0, strength: l1) }, at: weights,
            analytic: lesson.l1Subgradient(weights, strength: l1), name: "W",
            skipping: .near([0]))
        }),
      GradientProbe(
        name:
          "elasticNetSubgradient against your elasticNetPenalty: same W, λ₁ = \(l1), "
          + "λ₂ = \(l2), kinks skipped",
        hasKinks: true,
        check: { lesson in
          // The kinks are found by comparing one-sided differences, not listed in advance.
          checkGradient(
            of: { lesson.elasticNetPenalty($0, l1Strength: l1, l2Strength: l2) }, at: weights,
            analytic: lesson.elasticNetSubgradient(weights, l1Strength: l1, l2Strength: l2),
            name: "W", skipping: .detectFromOneSidedDifferences)
        }),
    ]
  }
}
