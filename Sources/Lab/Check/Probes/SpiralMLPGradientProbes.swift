import GradKit

/// What `gradkit check 08` runs on the learner's losses and their gradients.
enum SpiralMLPGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any SpiralLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Scores within ±1.5 keep every probability above 1.5%. Some derivatives may be tiny
    // (a ReLU unit inactive on every point has db1 = 0): the checker bounds the numeric
    // estimate's own error, so a tiny right value is good or inconclusive, never wrong.
    let scores = Matrix.uniform(rows: 4, columns: 3, in: -1.5...1.5, using: &generator)
    let labels = (0..<4).map { _ in generator.index(below: 3) }
    let batch = spiralBatch(using: &generator)
    // Weights of order 1 and a strong penalty, as in the graded suite, so that a missing λW
    // or 1/N is far outside the thresholds.
    let linearLambda = 0.5
    let linear = LinearClassifier(
      weights: .gaussian(rows: 2, columns: 3, using: &generator),
      bias: .gaussian(rows: 1, columns: 3, using: &generator))
    // Standard-normal weights and biases mix the ReLUs' patterns.
    let networkLambda = 0.3
    let network = TwoLayerNetwork(
      hiddenWeights: .gaussian(rows: 2, columns: 5, using: &generator),
      hiddenBias: .gaussian(rows: 1, columns: 5, using: &generator),
      outputWeights: .gaussian(rows: 5, columns: 3, using: &generator),
      outputBias: .gaussian(rows: 1, columns: 3, using: &generator))

    return [
      GradientProbe(
        name:
          "softmaxCrossEntropy's gradient against its own loss: 4×3 seeded scores in ±1.5, "
          + "labels \(labels)",
        hasKinks: false,
        check: { lesson in
          checkGradient(
            of: { lesson.softmaxCrossEntropy(scores: $0, labels: labels).loss }, at: scores,
            analytic: lesson.softmaxCrossEntropy(scores: scores, labels: labels).gradient,
            name: "scores")
        }),
      GradientProbe(
        name:
          "the linear classifier's lossAndGradient (dW, db) against its own loss: seeded W 2×3, "
          + "b 1×3, 6 spiral points, λ = \(linearLambda)",
        hasKinks: false,
        check: { lesson in
          checkGradient(
            of: { p in
              lesson.lossAndGradient(
                of: LinearClassifier(parameters: p), on: batch, regularization: linearLambda
              ).loss
            },
            at: linear.parameters,
            analytic: lesson.lossAndGradient(
              of: linear, on: batch, regularization: linearLambda
            ).gradient.parameters)
        }),
      GradientProbe(
        name:
          "the network's lossAndGradient (dW1, db1, dW2, db2) against its own loss: seeded "
          + "2→5→3 network, 6 spiral points, λ = \(networkLambda), ReLU kinks skipped",
        hasKinks: true,
        check: { lesson in
          // Skips coordinates whose one-sided differences disagree: a ReLU's kink within h,
          // or (up to 5 of the 33 here) a slope small next to the loss's curvature.
          checkGradient(
            of: { p in
              lesson.lossAndGradient(
                of: TwoLayerNetwork(parameters: p), on: batch, regularization: networkLambda
              ).loss
            },
            at: network.parameters,
            analytic: lesson.lossAndGradient(
              of: network, on: batch, regularization: networkLambda
            ).gradient.parameters,
            skipping: .detectFromOneSidedDifferences)
        }),
    ]
  }
}

/// The seeded spiral's 9 points (3 per class, noise 0.2) without the 3 at the origin, where
/// every arm starts: an input of zeros has no say in the weights' gradients.
private func spiralBatch(using generator: inout SeededGenerator) -> Dataset {
  let arms = Datasets.spiral(pointsPerClass: 3, classes: 3, using: &generator)
  let kept = (0..<arms.count).filter { arms.inputs[$0, 0] != 0 || arms.inputs[$0, 1] != 0 }
  return Dataset(
    inputs: arms.inputs.rows(kept), labels: kept.map { arms.labels[$0] }, classCount: 3)
}
