import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 08` runs on the reference and on the learner's spiral MLP.
enum SpiralMLPProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any SpiralLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    let scores = Matrix([[1, 2, 3], [1000, 0, -1000]])
    let batchScores = 2 * Matrix.gaussian(rows: 4, columns: 3, using: &generator)
    let labels = (0..<4).map { _ in generator.index(below: 3) }
    let points = Datasets.spiral(pointsPerClass: 3, classes: 3, using: &generator)
    let linear = LinearClassifier(
      weights: .gaussian(rows: 2, columns: 3, using: &generator),
      bias: .gaussian(rows: 1, columns: 3, using: &generator))
    // The hand-worked network of the lesson: 2 inputs, 3 hidden units, 2 classes.
    let handNetwork = TwoLayerNetwork(
      hiddenWeights: Matrix([[1, -1, 0.5], [2, 0, -1]]), hiddenBias: Matrix([[0, 0.5, -0.25]]),
      outputWeights: Matrix([[1, 0], [-1, 2], [0.5, 0.5]]), outputBias: Matrix([[0.25, -0.5]]))
    let handInputs = Matrix([[1, 1], [-1, 0.5]])
    let network = TwoLayerNetwork(
      hiddenWeights: .gaussian(rows: 2, columns: 4, using: &generator),
      hiddenBias: .gaussian(rows: 1, columns: 4, using: &generator),
      outputWeights: .gaussian(rows: 4, columns: 3, using: &generator),
      outputBias: .gaussian(rows: 1, columns: 3, using: &generator))
    let small = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: 20, classCount: 3, using: &generator)
    let members = (0..<3).map { _ in
      TwoLayerNetwork(
        hiddenWeights: .gaussian(rows: 2, columns: 5, using: &generator),
        hiddenBias: .gaussian(rows: 1, columns: 5, using: &generator),
        outputWeights: .gaussian(rows: 5, columns: 3, using: &generator),
        outputBias: .gaussian(rows: 1, columns: 3, using: &generator))
    }
    let ensembleInputs = Matrix.uniform(rows: 3, columns: 2, in: -1...1, using: &generator)
    let samplingSeed = seed &+ 1

    return [
      Probe(
        name: "softmax(scores)", input: "scores = \(scores.roundedLiteral)",
        evaluate: { lesson in .matrix(lesson.softmax(scores)) }),
      Probe(
        name: "softmaxCrossEntropy(scores:labels:) → [loss, gradient row by row]",
        input: "scores = \(batchScores.roundedLiteral) (seed \(seed)); labels = \(labels)",
        evaluate: { lesson in
          let (loss, gradient) = lesson.softmaxCrossEntropy(scores: batchScores, labels: labels)
          return .numbers([loss] + gradient.storage)
        }),
      Probe(
        name: "lossAndGradient(of: linear) → [loss, dW row by row, db]",
        input: "W = \(linear.weights.roundedLiteral), b = \(linear.bias.roundedLiteral); "
          + "9 spiral points (seed \(seed)); regularization 0.5",
        evaluate: { lesson in
          let (loss, gradient) = lesson.lossAndGradient(
            of: linear, on: points, regularization: 0.5)
          return .numbers([loss] + gradient.weights.storage + gradient.bias.storage)
        }),
      Probe(
        name: "scores(of: network, for:)",
        input: "W1 = [[1, -1, 0.5], [2, 0, -1]], b1 = [0, 0.5, -0.25], "
          + "W2 = [[1, 0], [-1, 2], [0.5, 0.5]], b2 = [0.25, -0.5]; X = \(handInputs.roundedLiteral)",
        evaluate: { lesson in .matrix(lesson.scores(of: handNetwork, for: handInputs)) }),
      Probe(
        name: "lossAndGradient(of: network) → [loss, dW1, db1, dW2, db2, each row by row]",
        input: "a 2→4→3 network of N(0, 1) weights and biases (seed \(seed)); the same 9 points; "
          + "regularization 0.3",
        evaluate: { lesson in
          let (loss, gradient) = lesson.lossAndGradient(
            of: network, on: points, regularization: 0.3)
          return .numbers(
            [loss] + gradient.hiddenWeights.storage + gradient.hiddenBias.storage
              + gradient.outputWeights.storage + gradient.outputBias.storage)
        }),
      Probe(
        name: "train(network, …, observe:) → the loss reported at each iteration",
        input: "a 0.01·gaussian 2→20→3 network; the same 9 points; α = 1, λ = 0, "
          + "10 iterations, μ = 0.9",
        evaluate: { lesson in
          var losses: [Double] = []
          _ = lesson.train(
            small, on: points,
            settings: TrainingSettings(
              learningRate: 1, regularization: 0, iterations: 10, momentum: 0.9),
            observe: { losses.append($0.loss) })
          return .numbers(losses)
        }),
      Probe(
        name: "sampleHyperparameters(in: .standard) × 4 → [α, λ, α, λ, …]",
        input: "SeededGenerator(seed: \(samplingSeed))",
        evaluate: { lesson in
          var sampler = SeededGenerator(seed: samplingSeed)
          return .numbers(
            (0..<4).flatMap { _ in
              let sample = lesson.sampleHyperparameters(in: .standard, using: &sampler)
              return [sample.learningRate, sample.regularization]
            })
        }),
      Probe(
        name: "ensembleProbabilities(of:for:)",
        input: "3 networks 2→5→3 of N(0, 1) weights and biases (seed \(seed)); "
          + "X = \(ensembleInputs.roundedLiteral)",
        evaluate: { lesson in
          .matrix(lesson.ensembleProbabilities(of: members, for: ensembleInputs))
        }),
    ]
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var spiral: LabModule {
    LabModule(
      .spiral, reference: Reference.spiral, learner: RemoteSpiral<Learner>.self,
      probes: SpiralMLPProbes.make,
      gradientChecks: SpiralMLPGradientProbes.make)
  }
}
