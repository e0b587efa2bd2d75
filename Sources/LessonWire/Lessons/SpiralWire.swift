import GradKit

extension SpiralLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      server.add("relu(_:)") { (x: Matrix) in relu(x) }
      server.add("softmax(_:)") { (scores: Matrix) in softmax(scores) }
      server.add("softmaxCrossEntropy(scores:labels:)") { (scores: Matrix, labels: [Int]) in
        let result = softmaxCrossEntropy(scores: scores, labels: labels)
        return Pair(result.loss, result.gradient)
      }
      server.add("accuracy(of:labels:)") { (scores: Matrix, labels: [Int]) in
        accuracy(of: scores, labels: labels)
      }
      server.add("scores(of: LinearClassifier, for:)") { (model: LinearClassifier, x: Matrix) in
        scores(of: model, for: x)
      }
      server.add("lossAndGradient(of: LinearClassifier, on:regularization:)") {
        (model: LinearClassifier, data: Dataset, strength: Double) in
        let result = lossAndGradient(of: model, on: data, regularization: strength)
        return Pair(result.loss, result.gradient)
      }
      server.add("scores(of: TwoLayerNetwork, for:)") { (network: TwoLayerNetwork, x: Matrix) in
        scores(of: network, for: x)
      }
      server.add("lossAndGradient(of: TwoLayerNetwork, on:regularization:)") {
        (network: TwoLayerNetwork, data: Dataset, strength: Double) in
        let result = lossAndGradient(of: network, on: data, regularization: strength)
        return Pair(result.loss, result.gradient)
      }
      server.add("train(_: LinearClassifier, on:settings:observe:)") {
        (
          model: LinearClassifier, data: Dataset, settings: TrainingSettings,
          observe: Callback<TrainingProgress<LinearClassifier>, Nothing>
        ) in
        train(model, on: data, settings: settings) { _ = observe.function($0) }
      }
      server.add("train(_: TwoLayerNetwork, on:settings:observe:)") {
        (
          network: TwoLayerNetwork, data: Dataset, settings: TrainingSettings,
          observe: Callback<TrainingProgress<TwoLayerNetwork>, Nothing>
        ) in
        train(network, on: data, settings: settings) { _ = observe.function($0) }
      }
      server.add("sampleHyperparameters(in:using:)") {
        (space: SearchSpace, generator: SeededGenerator) in
        var generator = generator
        let sample = sampleHyperparameters(in: space, using: &generator)
        return Pair(sample, generator)
      }
      server.add("randomSearch(trials:in:settings:from:training:validation:using:)") {
        (
          trials: Int, space: SearchSpace, settings: TrainingSettings, initial: TwoLayerNetwork,
          training: Dataset, validation: Dataset, generator: SeededGenerator
        ) in
        var generator = generator
        let result = randomSearch(
          trials: trials, in: space, settings: settings, from: initial, training: training,
          validation: validation, using: &generator)
        return Pair(result, generator)
      }
      server.add("ensembleProbabilities(of:for:)") { (networks: [TwoLayerNetwork], x: Matrix) in
        ensembleProbabilities(of: networks, for: x)
      }
    }
  }
}

/// Module 08 as another process computes it, called over the pipe.
public enum RemoteSpiral<Side: LinkSide>: SpiralLesson {
  static var link: LearnerLink { Side.link(for: "08-SpiralMLP") }

  public static func relu(_ x: Matrix) -> Matrix {
    link.call("relu(_:)", x)
  }

  public static func softmax(_ scores: Matrix) -> Matrix {
    link.call("softmax(_:)", scores)
  }

  public static func softmaxCrossEntropy(
    scores: Matrix, labels: [Int]
  ) -> (loss: Double, gradient: Matrix) {
    let result: Pair<Double, Matrix> = link.call(
      "softmaxCrossEntropy(scores:labels:)", scores, labels)
    return (result.first, result.second)
  }

  public static func accuracy(of scores: Matrix, labels: [Int]) -> Double {
    link.call("accuracy(of:labels:)", scores, labels)
  }

  public static func scores(of model: LinearClassifier, for inputs: Matrix) -> Matrix {
    link.call("scores(of: LinearClassifier, for:)", model, inputs)
  }

  public static func lossAndGradient(
    of model: LinearClassifier, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: LinearClassifier) {
    let result: Pair<Double, LinearClassifier> = link.call(
      "lossAndGradient(of: LinearClassifier, on:regularization:)", model, data, regularization)
    return (result.first, result.second)
  }

  public static func scores(of network: TwoLayerNetwork, for inputs: Matrix) -> Matrix {
    link.call("scores(of: TwoLayerNetwork, for:)", network, inputs)
  }

  public static func lossAndGradient(
    of network: TwoLayerNetwork, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: TwoLayerNetwork) {
    let result: Pair<Double, TwoLayerNetwork> = link.call(
      "lossAndGradient(of: TwoLayerNetwork, on:regularization:)", network, data, regularization)
    return (result.first, result.second)
  }

  public static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    withoutActuallyEscaping(observe) { observe in
      link.call(
        "train(_: LinearClassifier, on:settings:observe:)", model, data, settings,
        Callback<TrainingProgress<LinearClassifier>, Nothing>(slot: 0),
        callbacks: [
          ClientCallback { (progress: TrainingProgress<LinearClassifier>) in
            observe(progress)
            return Nothing()
          }
        ])
    }
  }

  public static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork {
    withoutActuallyEscaping(observe) { observe in
      link.call(
        "train(_: TwoLayerNetwork, on:settings:observe:)", network, data, settings,
        Callback<TrainingProgress<TwoLayerNetwork>, Nothing>(slot: 0),
        callbacks: [
          ClientCallback { (progress: TrainingProgress<TwoLayerNetwork>) in
            observe(progress)
            return Nothing()
          }
        ])
    }
  }

  public static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters {
    let result: Pair<Hyperparameters, SeededGenerator> = link.call(
      "sampleHyperparameters(in:using:)", space, generator)
    generator = result.second
    return result.first
  }

  public static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    let result: Pair<RandomSearchResult, SeededGenerator> = link.call(
      "randomSearch(trials:in:settings:from:training:validation:using:)", trials, space,
      settings, initial, training, validation, generator)
    generator = result.second
    return result.first
  }

  public static func ensembleProbabilities(
    of networks: [TwoLayerNetwork], for inputs: Matrix
  ) -> Matrix {
    link.call("ensembleProbabilities(of:for:)", networks, inputs)
  }
}
