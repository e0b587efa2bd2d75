import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded spiral-MLP test fails on a plausible wrong implementation.
@Suite("Planted bugs · 08 The spiral MLP")
struct SpiralPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck("the pieces test catches a softmax without the max shift") {
      SpiralTests.checkPieces(SoftmaxWithoutShift.self)
    },
    PlantedCheck(
      "the pieces test catches a softmax shifted by each row's first score, not its maximum"
    ) { SpiralTests.checkPieces(SoftmaxShiftedByFirstScore.self) },
    PlantedCheck("the pieces test catches a softmax shifted by the whole batch's maximum") {
      SpiralTests.checkPieces(SoftmaxShiftedByBatchMaximum.self)
    },
    PlantedCheck("the pieces test catches relu returning the mask [x > 0]") {
      SpiralTests.checkPieces(ReLUAsMask.self)
    },
    PlantedCheck("the pieces test catches an accuracy whose ties go to the last tied column") {
      SpiralTests.checkPieces(AccuracyTiesToLast.self)
    },
    PlantedCheck("the pieces test catches an accuracy that counts instead of dividing by N") {
      SpiralTests.checkPieces(AccuracyAsCount.self)
    },
    PlantedCheck("the pieces test catches a softmax normalised over the whole batch") {
      SpiralTests.checkPieces(SoftmaxOverWholeBatch.self)
    },
    PlantedCheck("the cross-entropy test catches a softmax gradient without 1/N") {
      SpiralTests.checkSoftmaxCrossEntropy(CrossEntropyGradientWithoutAverage.self)
    },
    PlantedCheck("the cross-entropy test catches a log-sum-exp without the max shift") {
      SpiralTests.checkSoftmaxCrossEntropy(CrossEntropyBug.WithoutShift.self)
    },
    PlantedCheck("the cross-entropy test catches a log-sum-exp shifted by the first score") {
      SpiralTests.checkSoftmaxCrossEntropy(CrossEntropyBug.ShiftedByFirstScore.self)
    },
    PlantedCheck("the cross-entropy test catches −log p, which is +∞ where p underflows to 0") {
      SpiralTests.checkSoftmaxCrossEntropy(CrossEntropyBug.FromProbability.self)
    },
    PlantedCheck("the cross-entropy test catches a log-sum-exp shifted by the batch's maximum") {
      SpiralTests.checkSoftmaxCrossEntropy(CrossEntropyBug.ShiftedByBatchMaximum.self)
    },
    PlantedCheck("the cross-entropy test catches a gradient divided by N twice") {
      SpiralTests.checkSoftmaxCrossEntropy(CrossEntropyBug.AveragedTwice.self)
    },
    PlantedCheck("the cross-entropy test catches a summed instead of averaged loss") {
      SpiralTests.checkSoftmaxCrossEntropy(CrossEntropySummed.self)
    },
    PlantedCheck("the linear test catches scores without the bias") {
      SpiralTests.checkLinearLossAndGradient(LinearScoresWithoutBias.self)
    },
    PlantedCheck("the linear test catches a weight gradient without λW") {
      SpiralTests.checkLinearLossAndGradient(LinearGradientWithoutRegularization.self)
    },
    PlantedCheck("the linear test catches a penalty on the bias too") {
      SpiralTests.checkLinearLossAndGradient(LinearPenalisingBias.self)
    },
    PlantedCheck("the linear test catches λΣW² with 2λW, the penalty without its ½") {
      SpiralTests.checkLinearLossAndGradient(LinearPenaltyWithoutHalf.self)
    },
    PlantedCheck("the linear loop test catches observe called after the update") {
      SpiralTests.checkLinearTrainingLoop(LinearObserveAfterUpdate.self)
    },
    PlantedCheck("the linear loop test catches the data loss reported without the penalty") {
      SpiralTests.checkLinearTrainingLoop(LinearReportingDataLoss.self)
    },
    PlantedCheck("the linear loop test catches a result taken before the last update") {
      SpiralTests.checkLinearTrainingLoop(LinearResultBeforeLastUpdate.self)
    },
    PlantedCheck("the linear loop test catches momentum left out") {
      SpiralTests.checkLinearTrainingLoop(LinearTrainingWithoutMomentum.self)
    },
    PlantedCheck("the linear training test catches training that stops after one step") {
      SpiralTests.checkLinearTraining(TrainingOneStep.self)
    },
    PlantedCheck("the linear training test catches steps uphill, θ + α·∇") {
      SpiralTests.checkLinearTraining(TrainingUphill.self)
    },
    PlantedCheck("the forward test catches a forward pass without the biases") {
      SpiralTests.checkNetworkForward(ForwardWithoutBias.self)
    },
    PlantedCheck("the forward test catches a forward pass without the ReLU") {
      SpiralTests.checkNetworkForward(ForwardWithoutReLU.self)
    },
    PlantedCheck("the backward test catches a missing ReLU mask") {
      SpiralTests.checkNetworkGradient(BackwardBug.WithoutReLUMask.self)
    },
    PlantedCheck("the backward test catches db1 and db2 averaged over the batch instead of summed")
    {
      SpiralTests.checkNetworkGradient(BackwardBug.BiasGradientAveraged.self)
    },
    PlantedCheck("the backward test catches db1 and db2 taken from the first example only") {
      SpiralTests.checkNetworkGradient(BackwardBug.BiasFromFirstExample.self)
    },
    PlantedCheck("the backward test catches dW1 and dW2 without the regularization gradient λW") {
      SpiralTests.checkNetworkGradient(BackwardBug.WithoutRegularizationGradient.self)
    },
    PlantedCheck("the backward test catches a softmax gradient without 1/N") {
      SpiralTests.checkNetworkGradient(BackwardBug.SoftmaxWithoutAverage.self)
    },
    PlantedCheck("the backward test catches the softmax gradient's 1/N applied again in dW and db")
    { SpiralTests.checkNetworkGradient(BackwardBug.AveragedTwice.self) },
    PlantedCheck("the kink test catches a ReLU mask of Z ≥ 0") {
      SpiralTests.checkNetworkGradientAtKink(BackwardBug.MaskAtZero.self)
    },
    PlantedCheck(
      "the kink test catches dW2 = dSᵀ·hidden, the transpose, where H = K hides its shape"
    ) {
      SpiralTests.checkNetworkGradientAtKink(BackwardBug.TransposedOutputWeights.self)
    },
    PlantedCheck("the backward test catches a penalty on the biases too") {
      SpiralTests.checkNetworkGradient(BackwardBug.PenalisingBiases.self)
    },
    PlantedCheck("the training-loop test catches observe called after the update") {
      SpiralTests.checkTrainingLoop(ObserveAfterUpdate.self)
    },
    PlantedCheck("the training-loop test catches a result taken before the last update") {
      SpiralTests.checkTrainingLoop(ResultBeforeLastUpdate.self)
    },
    PlantedCheck("the training-loop test catches momentum left out") {
      SpiralTests.checkTrainingLoop(TrainingWithoutMomentum.self)
    },
    PlantedCheck("the 97% test catches momentum left out: 200 plain steps are not enough") {
      SpiralTests.checkNetworkTraining(TrainingWithoutMomentum.self)
    },
    PlantedCheck("the draws test catches λ's exponent drawn before α's") {
      SpiralTests.checkSamplingDraws(SamplingLambdaFirst.self)
    },
    PlantedCheck("the draws test catches a uniform draw of the values instead of the exponents") {
      SpiralTests.checkSamplingDraws(SamplingUniformValues.self)
    },
    PlantedCheck("the sampling test catches a uniform draw of the values instead of the exponents")
    { SpiralTests.checkLogUniformSampling(SamplingUniformValues.self) },
    PlantedCheck("the sampling test catches ranges written in instead of read from the space") {
      SpiralTests.checkLogUniformSampling(SamplingFixedRanges.self)
    },
    PlantedCheck("the search test catches trials scored on the training set") {
      SpiralTests.checkRandomSearch(SearchScoredOnTraining.self)
    },
    PlantedCheck("the search test catches a flipped comparison that keeps the worst trial") {
      SpiralTests.checkRandomSearch(SearchKeepingWorst.self)
    },
    PlantedCheck("the search test catches a search that keeps the last trial") {
      SpiralTests.checkRandomSearch(SearchKeepingLast.self)
    },
    PlantedCheck("the search test catches each trial trained from the previous trial's network") {
      SpiralTests.checkRandomSearch(SearchChainingTrials.self)
    },
    PlantedCheck("the search test catches trials trained on the validation set") {
      SpiralTests.checkRandomSearch(SearchTrainingOnValidation.self)
    },
    PlantedCheck("the tie test catches ≥ in the comparison, which keeps the last of equal trials") {
      SpiralTests.checkRandomSearchTie(SearchKeepingLastOfEquals.self)
    },
    PlantedCheck(
      "the tie test catches trials that do not tie: each trained from a fresh random network"
    ) { SpiralTests.checkRandomSearchTie(SearchFromFreshNetworks.self) },
    PlantedCheck("the ensemble test catches the members' probabilities summed without the 1/M") {
      SpiralTests.checkEnsemble(EnsembleSummed.self)
    },
    PlantedCheck("the ensemble test catches averaging scores instead of probabilities") {
      SpiralTests.checkEnsemble(EnsembleAveragingScores.self)
    },
    PlantedCheck("the ensemble test catches an ensemble of its first member only") {
      SpiralTests.checkEnsemble(EnsembleOfFirstMember.self)
    },
  ]
}

/// Right implementations written differently from the reference: every graded test must pass.
@Suite("Alternative right implementations · 08 The spiral MLP")
struct SpiralAlternatives {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck(
      asWritten:
        "softmax from the log-sum-exp, argmax by hand, and momentum as v ← μv + ∇, θ ← θ − αv"
    ) {
      // Every check that runs a rewritten function; the two long convergence runs (200 and 97%)
      // are left out: the loop tests already show that the rewritten train makes the
      // contract's steps, and those runs would add two seconds to every `swift test`.
      let lesson = RewrittenPieces.self
      SpiralTests.checkPieces(lesson)
      SpiralTests.checkEnsemble(lesson)
      SpiralTests.checkLinearTrainingLoop(lesson)
      SpiralTests.checkTrainingLoop(lesson)
      SpiralTests.checkSamplingDraws(lesson)
      SpiralTests.checkLogUniformSampling(lesson)
      SpiralTests.checkRandomSearch(lesson)
      SpiralTests.checkRandomSearchTie(lesson)
    }
  ]
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

/// e^(s − s₀) / Σ e^(s − s₀): the first score taken for the maximum.
private enum SoftmaxShiftedByFirstScore: PlantedBug {
  static func softmax(_ scores: Matrix) -> Matrix {
    var result = scores
    for i in 0..<scores.rows {
      let exponentials = scores.row(i).map { exp($0 - scores[i, 0]) }
      let total = exponentials.reduce(0, +)
      for j in 0..<scores.columns {
        result[i, j] = exponentials[j] / total
      }
    }
    return result
  }
}

/// Every row shifted by the largest score of the whole batch, then normalised on its own.
private enum SoftmaxShiftedByBatchMaximum: PlantedBug {
  static func softmax(_ scores: Matrix) -> Matrix {
    let m = scores.storage.max() ?? 0
    let exponentials = scores.map { exp($0 - m) }
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

/// [x > 0], the backward pass's mask, as the forward value.
private enum ReLUAsMask: PlantedBug {
  static func relu(_ x: Matrix) -> Matrix {
    x.map { $0 > 0 ? 1 : 0 }
  }
}

/// An argmax loop with ≥: of equal scores, the last one wins.
private enum AccuracyTiesToLast: PlantedBug {
  static func accuracy(of scores: Matrix, labels: [Int]) -> Double {
    let predicted = (0..<scores.rows).map { i in
      var best = 0
      for j in 1..<scores.columns where scores[i, j] >= scores[i, best] {
        best = j
      }
      return best
    }
    return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
  }
}

/// The number of right rows, not their fraction.
private enum AccuracyAsCount: PlantedBug {
  static func accuracy(of scores: Matrix, labels: [Int]) -> Double {
    Reference.accuracy(of: scores, labels: labels) * Double(labels.count)
  }
}

/// Softmax cross-entropies that compute log Σ e^s in a way that breaks on some rows, or whose
/// gradient carries the 1/N twice.
private enum CrossEntropyBug {
  enum Kind {
    case withoutShift, shiftedByFirstScore, fromProbability, shiftedByBatchMaximum, averagedTwice
  }

  static func softmaxCrossEntropy(_ scores: Matrix, _ labels: [Int], _ mistake: Kind) -> (
    loss: Double, gradient: Matrix
  ) {
    let n = Double(scores.rows)
    let batchMaximum = scores.storage.max() ?? 0
    var total = 0.0
    var gradient = scores
    for i in 0..<scores.rows {
      let row = scores.row(i)
      let m =
        switch mistake {
        case .withoutShift: 0.0
        case .shiftedByFirstScore: row[0]
        case .shiftedByBatchMaximum: batchMaximum
        default: row.max()!
        }
      let exponentials = row.map { exp($0 - m) }
      let sum = exponentials.reduce(0, +)
      let p = exponentials.map { $0 / sum }
      total += mistake == .fromProbability ? -log(p[labels[i]]) : m + log(sum) - row[labels[i]]
      for j in row.indices {
        gradient[i, j] = (p[j] - (j == labels[i] ? 1 : 0)) / n
      }
    }
    return (total / n, mistake == .averagedTwice ? gradient / n : gradient)
  }

  enum WithoutShift: PlantedBug {
    static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
      loss: Double, gradient: Matrix
    ) {
      CrossEntropyBug.softmaxCrossEntropy(scores, labels, .withoutShift)
    }
  }

  enum ShiftedByFirstScore: PlantedBug {
    static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
      loss: Double, gradient: Matrix
    ) {
      CrossEntropyBug.softmaxCrossEntropy(scores, labels, .shiftedByFirstScore)
    }
  }

  enum FromProbability: PlantedBug {
    static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
      loss: Double, gradient: Matrix
    ) {
      CrossEntropyBug.softmaxCrossEntropy(scores, labels, .fromProbability)
    }
  }

  enum ShiftedByBatchMaximum: PlantedBug {
    static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
      loss: Double, gradient: Matrix
    ) {
      CrossEntropyBug.softmaxCrossEntropy(scores, labels, .shiftedByBatchMaximum)
    }
  }

  enum AveragedTwice: PlantedBug {
    static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
      loss: Double, gradient: Matrix
    ) {
      CrossEntropyBug.softmaxCrossEntropy(scores, labels, .averagedTwice)
    }
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

/// ½λΣb² in the loss and λb in db: the bias penalised as a weight.
private enum LinearPenalisingBias: PlantedBug {
  static func lossAndGradient(
    of model: LinearClassifier, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: LinearClassifier) {
    let (loss, gradient) = Reference.lossAndGradient(
      of: model, on: data, regularization: regularization)
    return (
      loss + 0.5 * regularization * model.bias.squaredNorm(),
      LinearClassifier(
        weights: gradient.weights, bias: gradient.bias + regularization * model.bias)
    )
  }
}

/// λΣW² with 2λW: consistent with itself, but not the ½ convention of the contract.
private enum LinearPenaltyWithoutHalf: PlantedBug {
  static func lossAndGradient(
    of model: LinearClassifier, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: LinearClassifier) {
    Reference.lossAndGradient(of: model, on: data, regularization: 2 * regularization)
  }
}

/// Calls `observe` with each iteration's loss but the parameters after its update.
private func observingAfterUpdate<Model: ModelParameters>(
  _ observe: (TrainingProgress<Model>) -> Void,
  train: ((TrainingProgress<Model>) -> Void) -> Model
) -> Model {
  var reports: [TrainingProgress<Model>] = []
  let trained = train { reports.append($0) }
  for (index, report) in reports.enumerated() {
    var shifted = report
    shifted.model = index + 1 < reports.count ? reports[index + 1].model : trained
    observe(shifted)
  }
  return trained
}

/// Returns the parameters of the last report, before the last update.
private func resultBeforeLastUpdate<Model: ModelParameters>(
  _ observe: (TrainingProgress<Model>) -> Void,
  train: ((TrainingProgress<Model>) -> Void) -> Model
) -> Model {
  var reports: [TrainingProgress<Model>] = []
  let trained = train { reports.append($0) }
  reports.forEach(observe)
  return reports.last?.model ?? trained
}

private enum LinearObserveAfterUpdate: PlantedBug {
  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    observingAfterUpdate(observe) {
      Reference.train(model, on: data, settings: settings, observe: $0)
    }
  }
}

/// Reports the cross-entropy alone, the penalty left out of the loss it observes.
private enum LinearReportingDataLoss: PlantedBug {
  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    var reports: [TrainingProgress<LinearClassifier>] = []
    let trained = Reference.train(model, on: data, settings: settings) { reports.append($0) }
    for var report in reports {
      report.loss -= 0.5 * settings.regularization * report.model.weights.squaredNorm()
      observe(report)
    }
    return trained
  }
}

private enum LinearResultBeforeLastUpdate: PlantedBug {
  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    resultBeforeLastUpdate(observe) {
      Reference.train(model, on: data, settings: settings, observe: $0)
    }
  }
}

/// Plain gradient descent whatever the momentum, for the linear classifier.
private enum LinearTrainingWithoutMomentum: PlantedBug {
  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    var plain = settings
    plain.momentum = 0
    return Reference.train(model, on: data, settings: plain, observe: observe)
  }
}

private enum ResultBeforeLastUpdate: PlantedBug {
  static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork {
    resultBeforeLastUpdate(observe) {
      Reference.train(network, on: data, settings: settings, observe: $0)
    }
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
    case averagedTwice, maskAtZero, transposedOutputWeights
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
    if mistake == .averagedTwice {
      dS = dS / n
    }
    let reg = mistake == .withoutRegularizationGradient ? 0 : lambda
    let dHidden = dS.timesTransposed(network.outputWeights)
    let dZ =
      switch mistake {
      case .withoutReLUMask: dHidden
      case .maskAtZero: dHidden .* z.map { $0 >= 0 ? 1 : 0 }
      default: dHidden .* z.map { $0 > 0 ? 1 : 0 }
      }
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
      outputWeights: (mistake == .transposedOutputWeights
        ? dS.transposedTimes(hidden) : hidden.transposedTimes(dS))
        + reg * network.outputWeights,
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

  enum AveragedTwice: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .averagedTwice)
    }
  }

  enum MaskAtZero: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .maskAtZero)
    }
  }

  enum TransposedOutputWeights: PlantedBug {
    static func lossAndGradient(
      of network: TwoLayerNetwork, on data: Dataset, regularization: Double
    ) -> (loss: Double, gradient: TwoLayerNetwork) {
      BackwardBug.lossAndGradient(network, data, regularization, .transposedOutputWeights)
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
    observingAfterUpdate(observe) {
      Reference.train(network, on: data, settings: settings, observe: $0)
    }
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

/// λ's exponent drawn first, then α's.
private enum SamplingLambdaFirst: PlantedBug {
  static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters {
    let v = generator.uniform(in: space.regularizationExponents)
    let u = generator.uniform(in: space.learningRateExponents)
    return Hyperparameters(learningRate: pow(10, u), regularization: pow(10, v))
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

/// Keeps the last trial, whatever it scored.
private enum SearchKeepingLast: PlantedBug {
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    let result = Reference.randomSearch(
      trials: trials, in: space, settings: settings, from: initial, training: training,
      validation: validation, using: &generator)
    return RandomSearchResult(trials: result.trials, best: result.trials.last!)
  }
}

/// Starts each trial from the network the previous trial trained.
private enum SearchChainingTrials: PlantedBug {
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    searchStartingEachTrial(
      trials: trials, in: space, settings: settings, from: initial, training: training,
      validation: validation, using: &generator
    ) { previous, _ in previous }
  }
}

/// Trains every trial on the validation set (and scores it there too).
private enum SearchTrainingOnValidation: PlantedBug {
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    Reference.randomSearch(
      trials: trials, in: space, settings: settings, from: initial, training: validation,
      validation: validation, using: &generator)
  }
}

/// `>=` for `>`: of equally good trials, the last one is kept.
private enum SearchKeepingLastOfEquals: PlantedBug {
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    let result = Reference.randomSearch(
      trials: trials, in: space, settings: settings, from: initial, training: training,
      validation: validation, using: &generator)
    var best = result.trials[0]
    for trial in result.trials.dropFirst() where trial.validationAccuracy >= best.validationAccuracy
    {
      best = trial
    }
    return RandomSearchResult(trials: result.trials, best: best)
  }
}

/// Starts each trial from a random network of its own instead of from `initial`.
private enum SearchFromFreshNetworks: PlantedBug {
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    searchStartingEachTrial(
      trials: trials, in: space, settings: settings, from: initial, training: training,
      validation: validation, using: &generator
    ) { _, generator in
      TwoLayerNetwork.random(
        inputCount: initial.hiddenWeights.rows, hiddenCount: initial.hiddenWeights.columns,
        classCount: initial.outputWeights.columns, using: &generator)
    }
  }
}

/// The reference's search with the network each trial starts from chosen by `start`, from
/// the network the trial before trained (`initial` before the first) and the generator,
/// after the trial's draws of its hyperparameters; the best trial is the first of the best.
private func searchStartingEachTrial(
  trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
  training: Dataset, validation: Dataset, using generator: inout SeededGenerator,
  start: (_ previous: TwoLayerNetwork, _ generator: inout SeededGenerator) -> TwoLayerNetwork
) -> RandomSearchResult {
  var tried: [SearchTrial] = []
  var previous = initial
  for _ in 0..<trials {
    let hyperparameters = Reference.sampleHyperparameters(in: space, using: &generator)
    var trialSettings = settings
    trialSettings.learningRate = hyperparameters.learningRate
    trialSettings.regularization = hyperparameters.regularization
    let network = Reference.train(
      start(previous, &generator), on: training, settings: trialSettings)
    previous = network
    let accuracy = Reference.accuracy(
      of: Reference.scores(of: network, for: validation.inputs), labels: validation.labels)
    tried.append(
      SearchTrial(
        hyperparameters: hyperparameters, network: network, validationAccuracy: accuracy))
  }
  let top = tried.map(\.validationAccuracy).max()!
  return RandomSearchResult(trials: tried, best: tried.first { $0.validationAccuracy == top }!)
}

/// Σₘ softmax(scoresₘ): the mean without its 1/M.
private enum EnsembleSummed: PlantedBug {
  static func ensembleProbabilities(of networks: [TwoLayerNetwork], for inputs: Matrix) -> Matrix {
    Reference.ensembleProbabilities(of: networks, for: inputs) * Double(networks.count)
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

// MARK: - A right implementation written differently

/// The reference with its pieces rewritten: softmax as e^(s − log Σ e^s), argmax and accuracy
/// by hand, the ensemble summed then divided, and training with the velocity kept as a sum of
/// gradients (v ← μ·v + ∇, θ ← θ − α·v: the same steps while α is fixed).
private enum RewrittenPieces: PlantedBug {
  static func logSumExp(_ row: [Double]) -> Double {
    let m = row.max()!
    return m + log(row.reduce(0) { $0 + exp($1 - m) })
  }

  static func softmax(_ scores: Matrix) -> Matrix {
    var result = scores
    for i in 0..<scores.rows {
      let lse = logSumExp(scores.row(i))
      for j in 0..<scores.columns {
        result[i, j] = exp(scores[i, j] - lse)
      }
    }
    return result
  }

  static func accuracy(of scores: Matrix, labels: [Int]) -> Double {
    var right = 0
    for i in 0..<scores.rows {
      var best = 0
      for j in 0..<scores.columns where scores[i, j] > scores[i, best] {
        best = j
      }
      right += best == labels[i] ? 1 : 0
    }
    return Double(right) / Double(scores.rows)
  }

  static func ensembleProbabilities(of networks: [TwoLayerNetwork], for inputs: Matrix) -> Matrix {
    networks.map { softmax(Reference.scores(of: $0, for: inputs)) }.reduce(
      Matrix(rows: inputs.rows, columns: networks[0].outputBias.columns), +)
      / Double(networks.count)
  }

  static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters {
    let u = generator.uniform(in: space.learningRateExponents)
    let v = generator.uniform(in: space.regularizationExponents)
    return Hyperparameters(learningRate: exp(u * log(10)), regularization: exp(v * log(10)))
  }

  /// Every trial first, then the index of the first highest score.
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    var tried: [SearchTrial] = []
    for _ in 0..<trials {
      let point = sampleHyperparameters(in: space, using: &generator)
      var trialSettings = settings
      (trialSettings.learningRate, trialSettings.regularization) =
        (point.learningRate, point.regularization)
      let network = train(initial, on: training, settings: trialSettings)
      let score = accuracy(
        of: Reference.scores(of: network, for: validation.inputs), labels: validation.labels)
      tried.append(
        SearchTrial(hyperparameters: point, network: network, validationAccuracy: score))
    }
    let scores = tried.map(\.validationAccuracy)
    return RandomSearchResult(trials: tried, best: tried[scores.firstIndex(of: scores.max()!)!])
  }

  /// v ← μ·v + ∇, θ ← θ − α·v.
  static func descend<Model: ModelParameters>(
    _ start: Model, _ settings: TrainingSettings, _ observe: (TrainingProgress<Model>) -> Void,
    _ lossAndGradient: (Model) -> (loss: Double, gradient: Model)
  ) -> Model {
    var model = start
    var sums: [String: Matrix] = [:]
    for iteration in 0..<settings.iterations {
      let (loss, gradient) = lossAndGradient(model)
      observe(TrainingProgress(iteration: iteration, loss: loss, model: model))
      var parameters = model.parameters
      for (name, slope) in gradient.parameters {
        let sum = sums[name].map { settings.momentum * $0 + slope } ?? slope
        sums[name] = sum
        parameters[name] = parameters[name]! - settings.learningRate * sum
      }
      model = Model(parameters: parameters)
    }
    return model
  }

  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    descend(model, settings, observe) {
      Reference.lossAndGradient(of: $0, on: data, regularization: settings.regularization)
    }
  }

  static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork {
    descend(network, settings, observe) {
      Reference.lossAndGradient(of: $0, on: data, regularization: settings.regularization)
    }
  }
}
