import Foundation
import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 09` runs on the reference and on the learner's training code.
///
/// Every closure a function takes is the same on both sides: the reference spiral network's
/// loss and gradient, module 07's step decay, a scripted validation accuracy.
enum TrainingProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any TrainingLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    let data = Datasets.spiral(pointsPerClass: 4, classes: 3, using: &generator)
    let network = TwoLayerNetwork(
      hiddenWeights: .gaussian(rows: 2, columns: 4, standardDeviation: 0.5, using: &generator),
      hiddenBias: .gaussian(rows: 1, columns: 4, standardDeviation: 0.5, using: &generator),
      outputWeights: .gaussian(rows: 4, columns: 3, standardDeviation: 0.5, using: &generator),
      outputBias: .gaussian(rows: 1, columns: 3, standardDeviation: 0.5, using: &generator))
    let small = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: 4, classCount: 3, using: &generator)
    let stack = [
      Matrix.gaussian(rows: 2, columns: 3, using: &generator),
      Matrix.gaussian(rows: 3, columns: 3, using: &generator),
    ]
    let stackInputs = Matrix.gaussian(rows: 4, columns: 2, using: &generator)
    let stackUpstream = Matrix.gaussian(rows: 4, columns: 3, using: &generator)
    let dropoutInputs = Matrix.uniform(rows: 2, columns: 4, in: -1...1, using: &generator)
    let moved = TwoLayerNetwork(
      parameters: network.parameters.mapValues { $0 + 0.01 * $0.map { sin($0 * 7) } })
    // A fresh generator per probe, so that each probe's draws do not depend on another's.
    let drawSeed = seed &+ 1
    let objective: LossAndGradient = { network, batch in
      Reference.spiral.lossAndGradient(of: network, on: batch, regularization: 1e-3)
    }
    let schedule = StepDecay(initial: 0.5, factor: 0.5, period: 2)
    let points = "the 12 points of a seeded spiral (seed \(seed))"
    let reference = "lossAndGradient: the reference spiral network's, λ = 1e-3"

    return [
      Probe(
        name: "minibatches(count: 10, batchSize: 4) → the batches, one after another",
        input: "SeededGenerator(seed: \(drawSeed))",
        evaluate: { lesson in
          var generator = SeededGenerator(seed: drawSeed)
          let batches = lesson.minibatches(count: 10, batchSize: 4, using: &generator)
          return .text(batches.map { "\($0)" }.joined(separator: " "))
        }),
      Probe(
        name: "trainMinibatch → each epoch's [learning rate, loss]",
        input: "a seeded 2→4→3 network; \(points); batchSize 5, epochs 4, learningRate "
          + "0.5·0.5^⌊e/2⌋; \(reference); SeededGenerator(seed: \(drawSeed))",
        evaluate: { lesson in
          var generator = SeededGenerator(seed: drawSeed)
          var reports: [Double] = []
          _ = lesson.trainMinibatch(
            network, on: data, batchSize: 5, epochs: 4, learningRate: schedule.rate(atEpoch:),
            lossAndGradient: objective, using: &generator,
            observe: { reports += [$0.learningRate, $0.loss] })
          return .numbers(reports)
        }),
      Probe(
        name: "compareFullBatchAndMinibatch → [full-batch losses, minibatch losses, updates]",
        input: "a 0.01·gaussian 2→4→3 network; \(points); batchSize 5, epochs 3, learningRate "
          + "1; \(reference); SeededGenerator(seed: \(drawSeed))",
        evaluate: { lesson in
          var generator = SeededGenerator(seed: drawSeed)
          let comparison = lesson.compareFullBatchAndMinibatch(
            from: small, on: data, batchSize: 5, epochs: 3, learningRate: 1,
            lossAndGradient: objective, using: &generator)
          return .numbers(
            comparison.fullBatchLosses + comparison.minibatchLosses
              + [Double(comparison.fullBatchUpdates), Double(comparison.minibatchUpdates)])
        }),
      Probe(
        name: "xavierInitialization and heInitialization (fanIn 2, fanOut 3) → both, row by row",
        input: "SeededGenerator(seed: \(drawSeed)) for each",
        evaluate: { lesson in
          var first = SeededGenerator(seed: drawSeed)
          var second = SeededGenerator(seed: drawSeed)
          let xavier = lesson.xavierInitialization(fanIn: 2, fanOut: 3, using: &first)
          let he = lesson.heInitialization(fanIn: 2, fanOut: 3, using: &second)
          return .numbers(xavier.storage + he.storage)
        }),
      Probe(
        name: "deepStackForward(activation: .tanh)",
        input: "W₁ = \(stack[0].roundedLiteral), W₂ = \(stack[1].roundedLiteral); "
          + "X = \(stackInputs.roundedLiteral)",
        evaluate: { lesson in
          .matrix(lesson.deepStackForward(stack, activation: .tanh, inputs: stackInputs))
        }),
      Probe(
        name: "deepStackBackward(activation: .relu) → [∂L/∂W₁, ∂L/∂W₂, ∂L/∂X, ∂L/∂h₁]",
        input: "the same W and X; upstream G = \(stackUpstream.roundedLiteral)",
        evaluate: { lesson in
          let gradients = lesson.deepStackBackward(
            stack, activation: .relu, inputs: stackInputs, upstream: stackUpstream)
          return .numbers((gradients.weights + gradients.inputs).flatMap(\.storage))
        }),
      Probe(
        name: "gradientNormsByLayer(depth: 4, width: 3, .relu, scales: [0.5, 1]) → both rows",
        input: "X and G as above; SeededGenerator(seed: \(drawSeed))",
        evaluate: { lesson in
          var generator = SeededGenerator(seed: drawSeed)
          let rows = lesson.gradientNormsByLayer(
            depth: 4, width: 3, activation: .relu, scales: [0.5, 1], inputs: stackInputs,
            upstream: stackUpstream, using: &generator)
          return .numbers(rows.flatMap { $0 })
        }),
      Probe(
        name: "dropoutForward(keepProbability: 0.5, training: true) → [mask, output]",
        input: "x = \(dropoutInputs.roundedLiteral); SeededGenerator(seed: \(drawSeed))",
        evaluate: { lesson in
          var generator = SeededGenerator(seed: drawSeed)
          let (output, mask) = lesson.dropoutForward(
            dropoutInputs, keepProbability: 0.5, training: true, using: &generator)
          return .numbers(mask.storage + output.storage)
        }),
      Probe(
        name: "trainWithEarlyStopping → [best epoch, each epoch's accuracy]",
        input: "patience 2, maxEpochs 8; the epochs score 0.5, 0.7, 0.7, 0.6, 0.8, 0.8, 0.75, "
          + "0.7 (each epoch adds 1 to b2[0, 0])",
        evaluate: { lesson in
          let script = [0.5, 0.7, 0.7, 0.6, 0.8, 0.8, 0.75, 0.7]
          let result = lesson.trainWithEarlyStopping(
            small, maxEpochs: 8, patience: 2,
            epoch: { network in
              var next = network
              if next.outputBias.count > 0 { next.outputBias[0, 0] += 1 }
              return next
            },
            validationAccuracy: { network in
              guard network.outputBias.count > 0 else { return 0 }
              let count = (network.outputBias[0, 0] - small.outputBias[0, 0]).rounded()
              guard (1...Double(script.count)).contains(count) else { return 0 }
              return script[Int(count) - 1]
            })
          return .numbers([Double(result.bestEpoch)] + result.validationAccuracies)
        }),
      Probe(
        name: "initialLossCheck → [loss, expected, passes]",
        input: "the 0.01·gaussian network; \(points); tolerance 0.05; \(reference)",
        evaluate: { lesson in
          let check = lesson.initialLossCheck(
            of: small, on: data, tolerance: 0.05, lossAndGradient: objective)
          return .numbers([check.loss, check.expected, check.passes ? 1 : 0])
        }),
      Probe(
        name: "updateToWeightRatios → [W1, b1, W2, b2]",
        input: "the seeded network, and it with each entry moved by 0.01·sin(7·entry)",
        evaluate: { lesson in
          let ratios = lesson.updateToWeightRatios(from: network, to: moved)
          return .numbers(["W1", "b1", "W2", "b2"].map { ratios[$0] ?? .nan })
        }),
    ]
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var training: LabModule {
    LabModule(
      .training, reference: Reference.training, learner: RemoteTraining<Learner>.self,
      probes: TrainingProbes.make,
      gradientChecks: TrainingGradientProbes.make)
  }
}
