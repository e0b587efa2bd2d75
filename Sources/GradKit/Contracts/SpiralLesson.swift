/// A model whose learnable matrices can be handed around by name.
///
/// The gradient checker takes parameters as `[String: Matrix]`, and a gradient has one
/// matrix per parameter with the parameter's shape, so a gradient is stored in the model's
/// own type: `gradient.weights` is ∂L/∂W.
public protocol ModelParameters: Equatable, Sendable {
  /// Every learnable matrix, by the name the lesson uses (`"W1"`, `"b1"`, …).
  var parameters: [String: Matrix] { get }

  /// The model made of `parameters`, which must hold every name of ``parameters``.
  init(parameters: [String: Matrix])
}

/// A linear softmax classifier: one score per class, each a weighted sum of the inputs.
///
///     scores = X·W + b      X is N×D, W is D×K, b is 1×K (added to every row)
///
/// Two classes tie where their scores are equal, which is a straight line in the plane:
/// each class wins on a convex region, so no linear classifier can follow a spiral arm.
public struct LinearClassifier: ModelParameters, CustomStringConvertible {
  /// W, one column per class (`inputs×classes`).
  public var weights: Matrix
  /// b, one entry per class (`1×classes`).
  public var bias: Matrix

  public init(weights: Matrix, bias: Matrix) {
    require(
      bias.rows == 1 && bias.columns == weights.columns,
      "the bias needs shape 1×\(weights.columns) for \(weights.shapeDescription) weights, "
        + "got \(bias.shapeDescription)")
    self.weights = weights
    self.bias = bias
  }

  /// Small random weights and a zero bias.
  ///
  ///     W[i, j] ~ N(0, standardDeviation²),   b = 0
  ///
  /// With 0.01 every score starts near 0, so every class starts near probability 1/K.
  public static func random(
    inputCount: Int,
    classCount: Int,
    standardDeviation: Double = 0.01,
    using generator: inout SeededGenerator
  ) -> LinearClassifier {
    LinearClassifier(
      weights: .gaussian(
        rows: inputCount, columns: classCount, standardDeviation: standardDeviation,
        using: &generator),
      bias: .zeros(rows: 1, columns: classCount))
  }

  /// `"W"` and `"b"`.
  public var parameters: [String: Matrix] {
    ["W": weights, "b": bias]
  }

  public init(parameters: [String: Matrix]) {
    self.init(weights: parameters["W"]!, bias: parameters["b"]!)
  }

  /// The shapes, e.g. `linear W 2×3, b 1×3`.
  public var description: String {
    "linear W \(weights.shapeDescription), b \(bias.shapeDescription)"
  }
}

/// A network with one hidden layer of ReLU units.
///
///     hidden = max(0, X·W1 + b1)      X is N×D, W1 is D×H, b1 is 1×H
///     scores = hidden·W2 + b2         W2 is H×K, b2 is 1×K
///
/// Each hidden unit is a linear function cut off at 0, so the scores are piecewise linear
/// in the input: with enough units the class regions can bend around a spiral.
public struct TwoLayerNetwork: ModelParameters, CustomStringConvertible {
  /// W1, one column per hidden unit (`inputs×hidden`).
  public var hiddenWeights: Matrix
  /// b1 (`1×hidden`).
  public var hiddenBias: Matrix
  /// W2, one column per class (`hidden×classes`).
  public var outputWeights: Matrix
  /// b2 (`1×classes`).
  public var outputBias: Matrix

  public init(hiddenWeights: Matrix, hiddenBias: Matrix, outputWeights: Matrix, outputBias: Matrix)
  {
    let hidden = hiddenWeights.columns
    let classes = outputWeights.columns
    require(
      hiddenBias.rows == 1 && hiddenBias.columns == hidden && outputWeights.rows == hidden
        && outputBias.rows == 1 && outputBias.columns == classes,
      "a network needs W1 D×H, b1 1×H, W2 H×K, b2 1×K, got W1 \(hiddenWeights.shapeDescription), "
        + "b1 \(hiddenBias.shapeDescription), W2 \(outputWeights.shapeDescription), "
        + "b2 \(outputBias.shapeDescription)")
    self.hiddenWeights = hiddenWeights
    self.hiddenBias = hiddenBias
    self.outputWeights = outputWeights
    self.outputBias = outputBias
  }

  /// Small random weights and zero biases, W1 drawn before W2.
  ///
  ///     W1[i, j], W2[i, j] ~ N(0, standardDeviation²),   b1 = 0, b2 = 0
  ///
  /// Small weights keep the initial scores near 0 (loss ≈ ln K); random ones make the
  /// hidden units differ, since units that start equal get equal gradients and stay equal.
  public static func random(
    inputCount: Int,
    hiddenCount: Int,
    classCount: Int,
    standardDeviation: Double = 0.01,
    using generator: inout SeededGenerator
  ) -> TwoLayerNetwork {
    let hiddenWeights = Matrix.gaussian(
      rows: inputCount, columns: hiddenCount, standardDeviation: standardDeviation,
      using: &generator)
    let outputWeights = Matrix.gaussian(
      rows: hiddenCount, columns: classCount, standardDeviation: standardDeviation,
      using: &generator)
    return TwoLayerNetwork(
      hiddenWeights: hiddenWeights, hiddenBias: .zeros(rows: 1, columns: hiddenCount),
      outputWeights: outputWeights, outputBias: .zeros(rows: 1, columns: classCount))
  }

  /// `"W1"`, `"b1"`, `"W2"` and `"b2"`.
  public var parameters: [String: Matrix] {
    ["W1": hiddenWeights, "b1": hiddenBias, "W2": outputWeights, "b2": outputBias]
  }

  public init(parameters: [String: Matrix]) {
    self.init(
      hiddenWeights: parameters["W1"]!, hiddenBias: parameters["b1"]!,
      outputWeights: parameters["W2"]!, outputBias: parameters["b2"]!)
  }

  /// The shapes, e.g. `network W1 2×100, b1 1×100, W2 100×3, b2 1×3`.
  public var description: String {
    "network W1 \(hiddenWeights.shapeDescription), b1 \(hiddenBias.shapeDescription), "
      + "W2 \(outputWeights.shapeDescription), b2 \(outputBias.shapeDescription)"
  }
}

/// How to run full-batch gradient descent with momentum.
///
///     v ← μ·v − α·∇L(θ),   θ ← θ + v        v starts at 0;  μ = 0 is plain gradient descent
///
/// α is `learningRate`, μ is `momentum`, and λ (`regularization`) weighs the L2 penalty.
public struct TrainingSettings: Equatable, Sendable, CustomStringConvertible {
  /// α, the step size.
  public var learningRate: Double
  /// λ in the penalty ½λΣW² on the weight matrices.
  public var regularization: Double
  /// How many updates to make.
  public var iterations: Int
  /// μ, the fraction of the last step kept in the next; 0 for plain gradient descent.
  public var momentum: Double

  public init(learningRate: Double, regularization: Double, iterations: Int, momentum: Double = 0) {
    self.learningRate = learningRate
    self.regularization = regularization
    self.iterations = iterations
    self.momentum = momentum
  }

  /// The linear classifier's budget: α = 1, λ = 1e-3, 200 plain steps.
  public static let linear = TrainingSettings(
    learningRate: 1, regularization: 1e-3, iterations: 200)

  /// The network's budget: α = 1, λ = 1e-3, 200 steps with momentum 0.95.
  ///
  /// Plain gradient descent needs a couple of thousand steps to pass 97% on the spiral;
  /// with μ = 0.95 each step carries about 20 past gradients and 200 steps are enough.
  public static let network = TrainingSettings(
    learningRate: 1, regularization: 1e-3, iterations: 200, momentum: 0.95)

  /// The settings in one line, e.g. `α = 1.0, λ = 0.001, 200 iterations, μ = 0.95`.
  public var description: String {
    "α = \(learningRate), λ = \(regularization), \(iterations) iterations, μ = \(momentum)"
  }
}

/// What training reports at each iteration, before that iteration's update.
public struct TrainingProgress<Model: ModelParameters>: Sendable {
  /// The iteration, from 0.
  public var iteration: Int
  /// The loss of `model`, data loss plus penalty.
  public var loss: Double
  /// The parameters the loss was computed at.
  public var model: Model

  public init(iteration: Int, loss: Double, model: Model) {
    self.iteration = iteration
    self.loss = loss
    self.model = model
  }
}

/// One point of a hyperparameter search.
public struct Hyperparameters: Equatable, Sendable, CustomStringConvertible {
  /// α, the step size.
  public var learningRate: Double
  /// λ, the L2 strength.
  public var regularization: Double

  public init(learningRate: Double, regularization: Double) {
    self.learningRate = learningRate
    self.regularization = regularization
  }

  /// e.g. `α = 0.0316, λ = 0.000251`.
  public var description: String {
    "α = \(formatted(learningRate, significantDigits: 3)), "
      + "λ = \(formatted(regularization, significantDigits: 3))"
  }
}

/// Where a random search looks: a range of powers of ten for each hyperparameter.
///
///     α = 10^u,  u uniform in learningRateExponents
///     λ = 10^v,  v uniform in regularizationExponents
public struct SearchSpace: Equatable, Sendable {
  /// The exponents of the learning rate.
  public var learningRateExponents: ClosedRange<Double>
  /// The exponents of the regularization strength.
  public var regularizationExponents: ClosedRange<Double>

  public init(
    learningRateExponents: ClosedRange<Double>, regularizationExponents: ClosedRange<Double>
  ) {
    self.learningRateExponents = learningRateExponents
    self.regularizationExponents = regularizationExponents
  }

  /// α = 10^uniform(−4, 0) and λ = 10^uniform(−5, −1).
  public static let standard = SearchSpace(
    learningRateExponents: -4...0, regularizationExponents: -5...(-1))
}

/// One candidate of a random search: its hyperparameters, the network they trained and
/// how well it does on the validation set.
public struct SearchTrial: Equatable, Sendable {
  public var hyperparameters: Hyperparameters
  public var network: TwoLayerNetwork
  /// The fraction of the validation set the trained network classifies correctly.
  public var validationAccuracy: Double

  public init(
    hyperparameters: Hyperparameters, network: TwoLayerNetwork, validationAccuracy: Double
  ) {
    self.hyperparameters = hyperparameters
    self.network = network
    self.validationAccuracy = validationAccuracy
  }
}

/// Every trial of a random search, in the order they were tried, and the best one.
public struct RandomSearchResult: Equatable, Sendable {
  public var trials: [SearchTrial]
  /// The first trial with the highest validation accuracy.
  public var best: SearchTrial

  public init(trials: [SearchTrial], best: SearchTrial) {
    self.trials = trials
    self.best = best
  }
}

/// Module 08: a linear classifier fails on the spiral, a two-layer network solves it.
///
/// Conventions: inputs are a `Matrix` with one example per row; `labels[i]` is the class
/// of row i, an `Int` in `0..<K`; scores are N×K, one row per example and one column per
/// class. Losses are means over the N examples plus ½λΣW² over the weight matrices (never
/// the biases), so every data gradient carries a factor 1/N and each weight gradient gets
/// λW added. Logarithms are natural.
public protocol SpiralLesson {
  /// The rectified linear unit, element by element.
  ///
  ///     relu(x) = max(0, x)
  ///
  /// Its derivative is 1 for x > 0 and 0 for x < 0; at the kink x = 0 take 0.
  static func relu(_ x: Matrix) -> Matrix

  /// The softmax of each row of `scores`: positive numbers that sum to 1 in every row.
  ///
  ///     softmax(S)[i, j] = e^(S[i, j] − mᵢ) / Σₖ e^(S[i, k] − mᵢ),   mᵢ = maxₖ S[i, k]
  ///
  /// Shifting by the row's maximum keeps every exponent ≤ 0, so scores of ±1000 stay finite.
  static func softmax(_ scores: Matrix) -> Matrix

  /// The mean softmax cross-entropy of a batch of scores, and its gradient.
  ///
  ///     L = (1/N) Σᵢ −log softmax(Sᵢ)[yᵢ] = (1/N) Σᵢ (log Σⱼ e^(S[i, j]) − S[i, yᵢ])
  ///     ∂L/∂S[i, j] = (softmax(S)[i, j] − [j = yᵢ]) / N
  ///
  /// The gradient has the shape of `scores`. Evaluate the log-sum-exp shifted by the row's
  /// maximum, so the loss stays finite where a probability underflows to 0.
  static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (loss: Double, gradient: Matrix)

  /// The fraction of rows whose largest score is in the label's column.
  ///
  ///     accuracy = #{ i : argmaxⱼ S[i, j] = yᵢ } / N
  ///
  /// Ties go to the first of the tied columns, as in `Matrix.argmaxPerRow()`.
  static func accuracy(of scores: Matrix, labels: [Int]) -> Double

  /// The linear classifier's scores for `inputs`.
  ///
  ///     scores = X·W + b
  static func scores(of model: LinearClassifier, for inputs: Matrix) -> Matrix

  /// The linear classifier's loss on `data` and its gradient.
  ///
  ///     L = softmaxCrossEntropy(X·W + b, y) + ½λΣW²
  ///     ∂L/∂W = Xᵀ·dS + λW,   ∂L/∂b = Σᵢ dS[i, ·],   dS = ∂(data loss)/∂scores
  ///
  /// λ is `regularization`. The gradient comes back as a ``LinearClassifier``.
  static func lossAndGradient(
    of model: LinearClassifier, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: LinearClassifier)

  /// The network's scores for `inputs`: the forward pass.
  ///
  ///     hidden = relu(X·W1 + b1),   scores = hidden·W2 + b2
  static func scores(of network: TwoLayerNetwork, for inputs: Matrix) -> Matrix

  /// The network's loss on `data` and its gradient: forward pass, loss, backward pass.
  ///
  ///     L = softmaxCrossEntropy(scores, y) + ½λ(ΣW1² + ΣW2²)
  ///     dS = ∂(data loss)/∂scores
  ///     ∂L/∂W2 = hiddenᵀ·dS + λW2              ∂L/∂b2 = Σᵢ dS[i, ·]
  ///     dHidden = dS·W2ᵀ,   dZ = dHidden ⊙ [X·W1 + b1 > 0]
  ///     ∂L/∂W1 = Xᵀ·dZ + λW1                   ∂L/∂b1 = Σᵢ dZ[i, ·]
  ///
  /// The gradient comes back as a ``TwoLayerNetwork``. At a pre-activation of exactly 0 the
  /// ReLU's derivative is taken as 0, so a gradient check skips coordinates near the kink.
  static func lossAndGradient(
    of network: TwoLayerNetwork, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: TwoLayerNetwork)

  /// Trains the linear classifier by full-batch gradient descent with momentum.
  ///
  ///     for t = 0 … iterations − 1:
  ///       L, ∇ = lossAndGradient(θ);  observe(t, L, θ)
  ///       v ← μ·v − α·∇;  θ ← θ + v                  (v starts at 0)
  ///
  /// `observe` is called once per iteration with the loss at the parameters before the
  /// update; the result is the parameters after the last update.
  static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier

  /// Trains the network by full-batch gradient descent with momentum, exactly as the
  /// linear classifier's ``train(_:on:settings:observe:)``.
  static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork

  /// One random point of `space`, uniform on a log scale: the learning rate drawn first.
  ///
  ///     α = 10^u,  u = generator.uniform(in: space.learningRateExponents)
  ///     λ = 10^v,  v = generator.uniform(in: space.regularizationExponents)
  ///
  /// Each power of ten gets the same share of the draws: as many α in [1e-4, 1e-3] as in
  /// [0.1, 1], where a uniform draw in [1e-4, 1] would almost never go below 0.01.
  static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters

  /// A random search: `trials` samples of `space`, each trained from `initial` on
  /// `training` and scored on `validation`.
  ///
  ///     for each trial: h = sampleHyperparameters(space)
  ///       network = train(initial, training, settings with α, λ from h)
  ///       validationAccuracy = accuracy(scores(network, validation.inputs), validation.labels)
  ///     best = the first trial with the highest validation accuracy
  ///
  /// `settings` gives the iterations and the momentum; every trial starts from the same
  /// `initial` network, so the trials differ only in their hyperparameters.
  static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult

  /// The ensemble's class probabilities: the mean of its members' softmax outputs.
  ///
  ///     P = (1/M) Σₘ softmax(scores(networkₘ, X))
  ///
  /// Averages probabilities, not scores. Each row sums to 1; argmax gives the ensemble's class.
  static func ensembleProbabilities(of networks: [TwoLayerNetwork], for inputs: Matrix) -> Matrix
}

extension SpiralLesson {
  /// Trains the linear classifier without watching.
  public static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings
  ) -> LinearClassifier {
    train(model, on: data, settings: settings, observe: { _ in })
  }

  /// Trains the network without watching.
  public static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings
  ) -> TwoLayerNetwork {
    train(network, on: data, settings: settings, observe: { _ in })
  }
}
