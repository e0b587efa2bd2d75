import GradKit

/// What `gradkit check 04` runs on the learner's cross-entropy gradient.
enum CrossEntropyGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any CrossEntropyLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Scores within ±1.5 keep every probability above e⁻³/3, so every entry of the gradient
    // is at least about 4e−3, far above the centered difference's noise (about 5e−11).
    let logits = Matrix.uniform(rows: 4, columns: 3, in: -1.5...1.5, using: &generator)
    let labels = (0..<4).map { _ in generator.index(below: 3) }

    return [
      GradientProbe(
        name: "crossEntropyGradient against your crossEntropy: 4×3 seeded logits, labels \(labels)",
        hasKinks: false,
        check: { lesson in
          checkGradient(
            of: { lesson.crossEntropy(logits: $0, labels: labels) }, at: logits,
            analytic: lesson.crossEntropyGradient(logits: logits, labels: labels),
            name: "logits")
        })
    ]
  }
}
