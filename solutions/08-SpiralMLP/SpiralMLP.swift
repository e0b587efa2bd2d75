import Foundation
import GradKit

public enum SpiralMLP: SpiralLesson {
  // MARK: - The pieces

  public static func relu(_ x: Matrix) -> Matrix {
    // max(0, x), but written as a comparison so that the kink convention is visible:
    // x = 0 gives 0, the same side the backward pass takes.
    x.map { $0 > 0 ? $0 : 0 }
  }

  public static func softmax(_ scores: Matrix) -> Matrix {
    softmaxAndLogSumExp(scores).probabilities
  }

  public static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
    loss: Double, gradient: Matrix
  ) {
    precondition(
      labels.count == scores.rows,
      "softmaxCrossEntropy needs one label per row, got \(labels.count) labels for "
        + "\(scores.shapeDescription) scores")
    let n = Double(scores.rows)
    // Both come from the same exponentials, so each score is exponentiated once.
    let (probabilities, logSumExp) = softmaxAndLogSumExp(scores)
    var total = 0.0
    // Start from the probabilities and subtract 1 in each true class: p − onehot.
    var gradient = probabilities
    for i in 0..<scores.rows {
      // −log softmax(s)[y] = log Σ e^s − s_y. Not −log p_y: taking the log of a
      // probability that underflowed to 0 would give +∞.
      total += logSumExp[i] - scores[i, labels[i]]
      gradient[i, labels[i]] -= 1
    }
    // The loss is a mean, so every example's gradient shares the 1/N.
    return (total / n, gradient / n)
  }

  public static func accuracy(of scores: Matrix, labels: [Int]) -> Double {
    let correct = zip(scores.argmaxPerRow(), labels).filter { predicted, label in
      predicted == label
    }.count
    return Double(correct) / Double(labels.count)
  }

  // MARK: - The linear classifier

  public static func scores(of model: LinearClassifier, for inputs: Matrix) -> Matrix {
    // X·W + b: the 1×K bias is broadcast, added to every row.
    affine(inputs, model.weights, model.bias)
  }

  public static func lossAndGradient(
    of model: LinearClassifier, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: LinearClassifier) {
    let x = data.inputs
    // Forward and loss.
    let (dataLoss, dScores) = softmaxCrossEntropy(
      scores: scores(of: model, for: x), labels: data.labels)
    let loss = dataLoss + 0.5 * regularization * model.weights.squaredNorm()
    // Backward: scores = X·W + b, so dW = Xᵀ·dS and db adds up dS over the examples,
    // because the one bias row was used by every example. The penalty adds λW.
    let dW = x.transposedTimes(dScores) + regularization * model.weights
    let db = dScores.columnSums()
    return (loss, LinearClassifier(weights: dW, bias: db))
  }

  // MARK: - The two-layer network

  public static func scores(of network: TwoLayerNetwork, for inputs: Matrix) -> Matrix {
    forward(network, inputs).scores
  }

  public static func lossAndGradient(
    of network: TwoLayerNetwork, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: TwoLayerNetwork) {
    let x = data.inputs
    let (w1, w2) = (network.hiddenWeights, network.outputWeights)

    // 1. Forward: keep what the backward pass needs.
    let pass = forward(network, x)

    // 2. Loss: the data loss and the penalty on both weight matrices (not the biases).
    let (dataLoss, dScores) = softmaxCrossEntropy(scores: pass.scores, labels: data.labels)
    let loss = dataLoss + 0.5 * regularization * (w1.squaredNorm() + w2.squaredNorm())

    // 3. Backward, layer by layer from the scores down.
    // scores = hidden·W2 + b2: the same rule as the linear classifier, with hidden as input.
    let dW2 = pass.hidden.transposedTimes(dScores) + regularization * w2
    let db2 = dScores.columnSums()
    // The gradient flowing into the hidden layer: every hidden unit fed every score.
    let dHidden = dScores.timesTransposed(w2)
    // ReLU passes the gradient where its input was positive and stops it elsewhere:
    // dZ = dHidden ⊙ [Z > 0].
    let dPreActivation = dHidden .* (pass.preActivation > 0)
    // preActivation = X·W1 + b1: the linear rule once more.
    let dW1 = x.transposedTimes(dPreActivation) + regularization * w1
    let db1 = dPreActivation.columnSums()

    let gradient = TwoLayerNetwork(
      hiddenWeights: dW1, hiddenBias: db1, outputWeights: dW2, outputBias: db2)
    return (loss, gradient)
  }

  // MARK: - Training

  public static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    descend(from: model, settings: settings, observe: observe) { model in
      lossAndGradient(of: model, on: data, regularization: settings.regularization)
    }
  }

  public static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork {
    descend(from: network, settings: settings, observe: observe) { network in
      lossAndGradient(of: network, on: data, regularization: settings.regularization)
    }
  }

  // MARK: - Hyperparameter search and ensembles

  public static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters {
    // Uniform in the exponent, not in the value: a factor of ten matters as much at 1e-4
    // as at 0.1. The learning rate is drawn first, as the contract says.
    let learningRateExponent = generator.uniform(in: space.learningRateExponents)
    let regularizationExponent = generator.uniform(in: space.regularizationExponents)
    return Hyperparameters(
      learningRate: pow(10, learningRateExponent),
      regularization: pow(10, regularizationExponent))
  }

  public static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    precondition(trials > 0, "a random search needs at least one trial, got \(trials)")
    var tried: [SearchTrial] = []
    for _ in 0..<trials {
      let hyperparameters = sampleHyperparameters(in: space, using: &generator)
      var trialSettings = settings
      trialSettings.learningRate = hyperparameters.learningRate
      trialSettings.regularization = hyperparameters.regularization
      let network = train(initial, on: training, settings: trialSettings)
      // Score on data the training never saw: the training accuracy rewards overfitting.
      let validationAccuracy = accuracy(
        of: scores(of: network, for: validation.inputs), labels: validation.labels)
      tried.append(
        SearchTrial(
          hyperparameters: hyperparameters, network: network,
          validationAccuracy: validationAccuracy))
    }
    // `>` keeps the first of equally good trials.
    var best = tried[0]
    for trial in tried.dropFirst() where trial.validationAccuracy > best.validationAccuracy {
      best = trial
    }
    return RandomSearchResult(trials: tried, best: best)
  }

  public static func ensembleProbabilities(
    of networks: [TwoLayerNetwork], for inputs: Matrix
  ) -> Matrix {
    precondition(!networks.isEmpty, "an ensemble needs at least one network")
    // Average probabilities: each member's vote is a distribution, and a confident member
    // cannot outvote the others by having larger scores.
    var total = softmax(scores(of: networks[0], for: inputs))
    for network in networks.dropFirst() {
      total += softmax(scores(of: network, for: inputs))
    }
    return total / Double(networks.count)
  }

  // MARK: - Helpers

  /// The values of one forward pass that the backward pass reuses.
  private struct ForwardPass {
    /// X·W1 + b1, before the ReLU: its sign decides where the gradient flows.
    var preActivation: Matrix
    /// relu(preActivation), the input of the second layer.
    var hidden: Matrix
    /// hidden·W2 + b2.
    var scores: Matrix
  }

  /// The forward pass, keeping every intermediate value.
  ///
  ///     Z = X·W1 + b1,   H = relu(Z),   S = H·W2 + b2
  private static func forward(_ network: TwoLayerNetwork, _ inputs: Matrix) -> ForwardPass {
    let preActivation = affine(inputs, network.hiddenWeights, network.hiddenBias)
    let hidden = relu(preActivation)
    let scores = affine(hidden, network.outputWeights, network.outputBias)
    return ForwardPass(preActivation: preActivation, hidden: hidden, scores: scores)
  }

  /// The softmax of each row and the log of each row's sum of exponentials, shifted by
  /// the row's maximum m so that every exponent is ≤ 0 and none overflows.
  ///
  ///     softmax(s)ⱼ = e^(sⱼ − m) / Σₖ e^(sₖ − m),   log Σₖ e^sₖ = m + log Σₖ e^(sₖ − m)
  ///
  /// The shift is per row: one maximum for the whole batch would send every row far
  /// below it to 0/0.
  private static func softmaxAndLogSumExp(_ scores: Matrix) -> (
    probabilities: Matrix, logSumExp: [Double]
  ) {
    let maxima = scores.rowMaxima()
    var probabilities = Matrix(rows: scores.rows, columns: scores.columns)
    var logSumExp = [Double](repeating: 0, count: scores.rows)
    for i in 0..<scores.rows {
      var total = 0.0
      for j in 0..<scores.columns {
        let exponential = exp(scores[i, j] - maxima[i])
        probabilities[i, j] = exponential
        total += exponential
      }
      for j in 0..<scores.columns {
        probabilities[i, j] /= total
      }
      logSumExp[i] = maxima[i] + log(total)
    }
    return (probabilities, logSumExp)
  }

  /// Full-batch gradient descent with momentum, the loop both models share: it sees the
  /// parameters only by name.
  ///
  ///     v ← μ·v − α·∇L(θ),   θ ← θ + v
  private static func descend<Model: ModelParameters>(
    from start: Model, settings: TrainingSettings,
    observe: (TrainingProgress<Model>) -> Void,
    lossAndGradient: (Model) -> (loss: Double, gradient: Model)
  ) -> Model {
    var model = start
    var velocity = start.parameters.mapValues { Matrix.zeros(rows: $0.rows, columns: $0.columns) }
    for iteration in 0..<settings.iterations {
      let (loss, gradient) = lossAndGradient(model)
      observe(TrainingProgress(iteration: iteration, loss: loss, model: model))
      var parameters = model.parameters
      for (name, slope) in gradient.parameters {
        // With μ = 0 this is exactly θ ← θ − α·∇: 0·v − α·∇ rounds to −α·∇.
        velocity[name] = settings.momentum * velocity[name]! - settings.learningRate * slope
        parameters[name]! += velocity[name]!
      }
      model = Model(parameters: parameters)
    }
    return model
  }
}
