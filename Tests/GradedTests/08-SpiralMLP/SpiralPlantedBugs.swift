import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded spiral-MLP test fails on a plausible wrong implementation.
@Suite("Planted bugs · 08 The spiral MLP")
struct SpiralPlantedBugs {
  @Test("the pieces test catches a softmax without the max shift")
  func softmaxWithoutShift() {
    withKnownIssue { SpiralTests.checkPieces(SoftmaxWithoutShift.self) }
  }

  @Test("the pieces test catches a softmax normalised over the whole batch")
  func softmaxOverWholeBatch() {
    withKnownIssue { SpiralTests.checkPieces(SoftmaxOverWholeBatch.self) }
  }

  @Test("the cross-entropy test catches a softmax gradient without 1/N")
  func crossEntropyGradientWithoutAverage() {
    withKnownIssue { SpiralTests.checkSoftmaxCrossEntropy(CrossEntropyGradientWithoutAverage.self) }
  }

  @Test("the cross-entropy test catches a summed instead of averaged loss")
  func crossEntropySummed() {
    withKnownIssue { SpiralTests.checkSoftmaxCrossEntropy(CrossEntropySummed.self) }
  }

  @Test("the linear test catches scores without the bias")
  func linearScoresWithoutBias() {
    withKnownIssue { SpiralTests.checkLinearLossAndGradient(LinearScoresWithoutBias.self) }
  }

  @Test("the linear test catches a weight gradient without λW")
  func linearGradientWithoutRegularization() {
    withKnownIssue {
      SpiralTests.checkLinearLossAndGradient(LinearGradientWithoutRegularization.self)
    }
  }

  @Test("the linear training test catches training that stops after one step")
  func linearTrainingOneStep() {
    withKnownIssue { SpiralTests.checkLinearTraining(TrainingOneStep.self) }
  }

  @Test("the linear training test catches steps uphill, θ + α·∇")
  func linearTrainingUphill() {
    withKnownIssue { SpiralTests.checkLinearTraining(TrainingUphill.self) }
  }

  @Test("the forward test catches a forward pass without the biases")
  func forwardWithoutBias() {
    withKnownIssue { SpiralTests.checkNetworkForward(ForwardWithoutBias.self) }
  }

  @Test("the forward test catches a forward pass without the ReLU")
  func forwardWithoutReLU() {
    withKnownIssue { SpiralTests.checkNetworkForward(ForwardWithoutReLU.self) }
  }

  @Test("the backward test catches a missing ReLU mask")
  func backwardWithoutReLUMask() {
    withKnownIssue { SpiralTests.checkNetworkGradient(BackwardBug.WithoutReLUMask.self) }
  }

  @Test("the backward test catches db1 and db2 averaged over the batch instead of summed")
  func backwardBiasAveraged() {
    withKnownIssue { SpiralTests.checkNetworkGradient(BackwardBug.BiasGradientAveraged.self) }
  }

  @Test("the backward test catches db1 and db2 taken from the first example only")
  func backwardBiasFromFirstExample() {
    withKnownIssue { SpiralTests.checkNetworkGradient(BackwardBug.BiasFromFirstExample.self) }
  }

  @Test("the backward test catches dW1 and dW2 without the regularization gradient λW")
  func backwardWithoutRegularization() {
    withKnownIssue {
      SpiralTests.checkNetworkGradient(BackwardBug.WithoutRegularizationGradient.self)
    }
  }

  @Test("the backward test catches a softmax gradient without 1/N")
  func backwardSoftmaxWithoutAverage() {
    withKnownIssue { SpiralTests.checkNetworkGradient(BackwardBug.SoftmaxWithoutAverage.self) }
  }

  @Test("the backward test catches a penalty on the biases too")
  func backwardPenalisingBiases() {
    withKnownIssue { SpiralTests.checkNetworkGradient(BackwardBug.PenalisingBiases.self) }
  }

  @Test("the training-loop test catches observe called after the update")
  func observeAfterUpdate() {
    withKnownIssue { SpiralTests.checkTrainingLoop(ObserveAfterUpdate.self) }
  }

  @Test("the training-loop test catches momentum left out")
  func trainingWithoutMomentum() {
    withKnownIssue { SpiralTests.checkTrainingLoop(TrainingWithoutMomentum.self) }
  }

  @Test("the 97% test catches momentum left out: 200 plain steps are not enough")
  func networkTrainingWithoutMomentum() {
    withKnownIssue { SpiralTests.checkNetworkTraining(TrainingWithoutMomentum.self) }
  }

  @Test("the sampling test catches a uniform draw of the values instead of the exponents")
  func samplingUniformValues() {
    withKnownIssue { SpiralTests.checkLogUniformSampling(SamplingUniformValues.self) }
  }

  @Test("the sampling test catches ranges written in instead of read from the space")
  func samplingFixedRanges() {
    withKnownIssue { SpiralTests.checkLogUniformSampling(SamplingFixedRanges.self) }
  }

  @Test("the search test catches trials scored on the training set")
  func searchScoredOnTraining() {
    withKnownIssue { SpiralTests.checkRandomSearch(SearchScoredOnTraining.self) }
  }

  @Test("the search test catches a flipped comparison that keeps the worst trial")
  func searchKeepingWorst() {
    withKnownIssue { SpiralTests.checkRandomSearch(SearchKeepingWorst.self) }
  }

  @Test("the ensemble test catches averaging scores instead of probabilities")
  func ensembleAveragingScores() {
    withKnownIssue { SpiralTests.checkEnsemble(EnsembleAveragingScores.self) }
  }

  @Test("the ensemble test catches an ensemble of its first member only")
  func ensembleOfFirstMember() {
    withKnownIssue { SpiralTests.checkEnsemble(EnsembleOfFirstMember.self) }
  }
}

// MARK: - The wrong implementations

private typealias Reference = Solutions.SpiralMLP

/// The reference implementation, for a planted bug to override one requirement of.
private protocol PlantedBug: SpiralLesson {}

extension PlantedBug {
  static func relu(_ x: Matrix) -> Matrix { Reference.relu(x) }
  static func softmax(_ scores: Matrix) -> Matrix { Reference.softmax(scores) }

  static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
    loss: Double, gradient: Matrix
  ) {
    Reference.softmaxCrossEntropy(scores: scores, labels: labels)
  }

  static func accuracy(of scores: Matrix, labels: [Int]) -> Double {
    Reference.accuracy(of: scores, labels: labels)
  }

  static func scores(of model: LinearClassifier, for inputs: Matrix) -> Matrix {
    Reference.scores(of: model, for: inputs)
  }

  static func lossAndGradient(
    of model: LinearClassifier, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: LinearClassifier) {
    Reference.lossAndGradient(of: model, on: data, regularization: regularization)
  }

  static func scores(of network: TwoLayerNetwork, for inputs: Matrix) -> Matrix {
    Reference.scores(of: network, for: inputs)
  }

  static func lossAndGradient(
    of network: TwoLayerNetwork, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: TwoLayerNetwork) {
    Reference.lossAndGradient(of: network, on: data, regularization: regularization)
  }

  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    Reference.train(model, on: data, settings: settings, observe: observe)
  }

  static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork {
    Reference.train(network, on: data, settings: settings, observe: observe)
  }

  static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters {
    Reference.sampleHyperparameters(in: space, using: &generator)
  }

  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    Reference.randomSearch(
      trials: trials, in: space, settings: settings, from: initial, training: training,
      validation: validation, using: &generator)
  }

  static func ensembleProbabilities(of networks: [TwoLayerNetwork], for inputs: Matrix) -> Matrix {
    Reference.ensembleProbabilities(of: networks, for: inputs)
  }
}

/// e^s / Σ e^s as written on paper: e^1000 = inf, and inf / inf = NaN.
private enum SoftmaxWithoutShift: PlantedBug {
  static func softmax(_ scores: Matrix) -> Matrix {
    let exponentials = scores.map { exp($0) }
    var result = exponentials
    for i in 0..<scores.rows {
      let total = exponentials.row(i).reduce(0, +)
      for j in 0..<scores.columns {
        result[i, j] = exponentials[i, j] / total
      }
    }
    return result
  }
}

/// Shifts by the largest score of the whole batch and divides by the sum of all entries.
private enum SoftmaxOverWholeBatch: PlantedBug {
  static func softmax(_ scores: Matrix) -> Matrix {
    let m = scores.storage.max() ?? 0
    let exponentials = scores.map { exp($0 - m) }
    return exponentials / exponentials.sum()
  }
}

/// The loss is a mean but its gradient p − one-hot misses the 1/N.
private enum CrossEntropyGradientWithoutAverage: PlantedBug {
  static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
    loss: Double, gradient: Matrix
  ) {
    let (loss, gradient) = Reference.softmaxCrossEntropy(scores: scores, labels: labels)
    return (loss, gradient * Double(scores.rows))
  }
}

/// Σᵢ Lᵢ instead of its mean, with the matching gradient: consistent, but not the loss asked for.
private enum CrossEntropySummed: PlantedBug {
  static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
    loss: Double, gradient: Matrix
  ) {
    let (loss, gradient) = Reference.softmaxCrossEntropy(scores: scores, labels: labels)
    let n = Double(scores.rows)
    return (loss * n, gradient * n)
  }
}

/// X·W: every boundary passes through the origin.
private enum LinearScoresWithoutBias: PlantedBug {
  static func scores(of model: LinearClassifier, for inputs: Matrix) -> Matrix {
    inputs * model.weights
  }
}

/// Penalises the loss but forgets λW in dW.
private enum LinearGradientWithoutRegularization: PlantedBug {
  static func lossAndGradient(
    of model: LinearClassifier, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: LinearClassifier) {
    let (loss, gradient) = Reference.lossAndGradient(
      of: model, on: data, regularization: regularization)
    return (
      loss,
      LinearClassifier(
        weights: gradient.weights - regularization * model.weights, bias: gradient.bias)
    )
  }
}

/// Ignores `iterations` and makes a single update.
private enum TrainingOneStep: PlantedBug {
  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    var once = settings
    once.iterations = 1
    return Reference.train(model, on: data, settings: once, observe: observe)
  }
}

/// Adds the gradient instead of subtracting it.
private enum TrainingUphill: PlantedBug {
  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    var uphill = settings
    uphill.learningRate = -settings.learningRate
    return Reference.train(model, on: data, settings: uphill, observe: observe)
  }
}

/// relu(X·W1)·W2: both biases left out.
private enum ForwardWithoutBias: PlantedBug {
  static func scores(of network: TwoLayerNetwork, for inputs: Matrix) -> Matrix {
    Reference.relu(inputs * network.hiddenWeights) * network.outputWeights
  }
}

/// (X·W1 + b1)·W2 + b2: a linear model in disguise.
private enum ForwardWithoutReLU: PlantedBug {
  static func scores(of network: TwoLayerNetwork, for inputs: Matrix) -> Matrix {
    (inputs * network.hiddenWeights + network.hiddenBias) * network.outputWeights
      + network.outputBias
  }
}

/// Network backward passes with one mistake each, written out in full.
private enum BackwardBug {
  enum Kind {
    case withoutReLUMask, biasGradientAveraged, biasFromFirstExample
    case withoutRegularizationGradient, softmaxWithoutAverage, penalisingBiases
  }

  static func lossAndGradient(
    _ network: TwoLayerNetwork, _ data: Dataset, _ lambda: Double, _ mistake: Kind
  ) -> (loss: Double, gradient: TwoLayerNetwork) {
    let x = data.inputs
    let n = Double(data.count)
    let z = x * network.hiddenWeights + network.hiddenBias
    let hidden = Reference.relu(z)
    let scores = hidden * network.outputWeights + network.outputBias
    var (loss, dS) = Reference.softmaxCrossEntropy(scores: scores, labels: data.labels)
    loss +=
      0.5 * lambda
      * (network.hiddenWeights.squaredNorm() + network.outputWeights.squaredNorm())
    if mistake == .penalisingBiases {
      loss += 0.5 * lambda * (network.hiddenBias.squaredNorm() + network.outputBias.squaredNorm())
    }
    if mistake == .softmaxWithoutAverage {
      dS = dS * n
    }
    let reg = mistake == .withoutRegularizationGradient ? 0 : lambda
    let dHidden = dS.timesTransposed(network.outputWeights)
    let dZ = mistake == .withoutReLUMask ? dHidden : dHidden .* z.map { $0 > 0 ? 1 : 0 }
    func biasGradient(_ d: Matrix) -> Matrix {
      switch mistake {
      case .biasGradientAveraged: d.columnSums() / n
      case .biasFromFirstExample: Matrix(row: d.row(0))
      default: d.columnSums()
      }
    }
    var gradient = TwoLayerNetwork(
      hiddenWeights: x.transposedTimes(dZ) + reg * network.hiddenWeights,
      hiddenBias: biasGradient(dZ),
      outputWeights: hidden.transposedTimes(dS) + reg * network.outputWeights,
      outputBias: biasGradient(dS))
    if mistake == .penalisingBiases {
      gradient.hiddenBias += lambda * network.hiddenBias
      gradient.outputBias += lambda * network.outputBias
    }
    return (loss, gradient)
  }

  enum WithoutReLUMask: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .withoutReLUMask)
    }
  }

  enum BiasGradientAveraged: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .biasGradientAveraged)
    }
  }

  enum BiasFromFirstExample: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .biasFromFirstExample)
    }
  }

  enum WithoutRegularizationGradient: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .withoutRegularizationGradient)
    }
  }

  enum SoftmaxWithoutAverage: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .softmaxWithoutAverage)
    }
  }

  enum PenalisingBiases: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .penalisingBiases)
    }
  }
}

/// Reports the parameters after the update, paired with the loss from before it.
private enum ObserveAfterUpdate: PlantedBug {
  static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork {
    var pending: TrainingProgress<TwoLayerNetwork>?
    let trained = Reference.train(network, on: data, settings: settings) { progress in
      if var last = pending {
        last.model = progress.model
        observe(last)
      }
      pending = progress
    }
    if var last = pending {
      last.model = trained
      observe(last)
    }
    return trained
  }
}

/// Plain gradient descent whatever the momentum: θ ← θ − α·∇.
private enum TrainingWithoutMomentum: PlantedBug {
  static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork {
    var plain = settings
    plain.momentum = 0
    return Reference.train(network, on: data, settings: plain, observe: observe)
  }
}

/// α uniform in [1e-4, 1] and λ uniform in [1e-5, 0.1]: almost every draw in the top decade.
private enum SamplingUniformValues: PlantedBug {
  static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters {
    let learningRate = generator.uniform(
      in: pow(
        10, space.learningRateExponents.lowerBound)...pow(
          10, space.learningRateExponents.upperBound))
    let regularization = generator.uniform(
      in: pow(
        10, space.regularizationExponents.lowerBound)...pow(
          10, space.regularizationExponents.upperBound))
    return Hyperparameters(learningRate: learningRate, regularization: regularization)
  }
}

/// Log-uniform, but always over the standard ranges.
private enum SamplingFixedRanges: PlantedBug {
  static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters {
    Reference.sampleHyperparameters(in: .standard, using: &generator)
  }
}

/// Trains as asked but scores every trial on the training set.
private enum SearchScoredOnTraining: PlantedBug {
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    Reference.randomSearch(
      trials: trials, in: space, settings: settings, from: initial, training: training,
      validation: training, using: &generator)
  }
}

/// `<` for `>`: keeps the trial with the lowest validation accuracy.
private enum SearchKeepingWorst: PlantedBug {
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    let result = Reference.randomSearch(
      trials: trials, in: space, settings: settings, from: initial, training: training,
      validation: validation, using: &generator)
    var worst = result.trials[0]
    for trial in result.trials.dropFirst() where trial.validationAccuracy < worst.validationAccuracy
    {
      worst = trial
    }
    return RandomSearchResult(trials: result.trials, best: worst)
  }
}

/// softmax of the mean scores: a confident member outvotes the rest.
private enum EnsembleAveragingScores: PlantedBug {
  static func ensembleProbabilities(of networks: [TwoLayerNetwork], for inputs: Matrix) -> Matrix {
    let total = networks.dropFirst().reduce(Reference.scores(of: networks[0], for: inputs)) {
      $0 + Reference.scores(of: $1, for: inputs)
    }
    return Reference.softmax(total / Double(networks.count))
  }
}

/// The first network's probabilities, the rest ignored.
private enum EnsembleOfFirstMember: PlantedBug {
  static func ensembleProbabilities(of networks: [TwoLayerNetwork], for inputs: Matrix) -> Matrix {
    Reference.softmax(Reference.scores(of: networks[0], for: inputs))
  }
}
