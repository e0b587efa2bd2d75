/// A network's loss on a batch and the loss's gradient: all that training needs of a model.
///
///     (L, ∇) = lossAndGradient(θ, batch)      ∇ has one matrix per parameter, shaped like θ
///
/// Module 08's `lossAndGradient(of:on:regularization:)` with λ fixed is one. Module 09's
/// training functions take it as a closure, so that the loop never depends on the model.
public typealias LossAndGradient = (TwoLayerNetwork, Dataset) -> (
  loss: Double, gradient: TwoLayerNetwork
)

/// The nonlinearity of every layer of a deep stack.
public enum Activation: String, CaseIterable, Sendable, CustomStringConvertible {
  /// tanh(z), with derivative 1 − tanh²(z).
  case tanh
  /// max(0, z), with derivative 1 for z > 0 and 0 for z ≤ 0.
  case relu

  /// The name, `tanh` or `ReLU`.
  public var description: String {
    switch self {
    case .tanh: "tanh"
    case .relu: "ReLU"
    }
  }
}

/// What minibatch training reports after each epoch.
public struct EpochProgress: Equatable, Sendable {
  /// The epoch, from 0.
  public var epoch: Int
  /// α, the learning rate of every step of this epoch.
  public var learningRate: Double
  /// The mean of the epoch's batch losses, each weighted by its batch's size.
  ///
  ///     loss = Σ_B |B|·L_B / N
  public var loss: Double
  /// The network after the epoch's last step.
  public var network: TwoLayerNetwork

  public init(epoch: Int, learningRate: Double, loss: Double, network: TwoLayerNetwork) {
    self.epoch = epoch
    self.learningRate = learningRate
    self.loss = loss
    self.network = network
  }
}

/// Full-batch and minibatch training side by side: the same data, start, epochs and
/// learning rate.
public struct BatchComparison: Equatable, Sendable {
  /// The loss on the whole data set after each epoch of full-batch training; entry 0 is the
  /// starting network's, entry e the loss after e epochs.
  public var fullBatchLosses: [Double]
  /// The same for minibatch training.
  public var minibatchLosses: [Double]
  /// How many updates full-batch training made: one an epoch.
  public var fullBatchUpdates: Int
  /// How many updates minibatch training made: one a batch.
  public var minibatchUpdates: Int

  public init(
    fullBatchLosses: [Double], minibatchLosses: [Double], fullBatchUpdates: Int,
    minibatchUpdates: Int
  ) {
    self.fullBatchLosses = fullBatchLosses
    self.minibatchLosses = minibatchLosses
    self.fullBatchUpdates = fullBatchUpdates
    self.minibatchUpdates = minibatchUpdates
  }
}

/// The gradients of a deep stack's loss L = Σ G ⊙ output.
public struct DeepStackGradients: Equatable, Sendable {
  /// ∂L/∂W_l, one matrix per layer, layer 1 first, each shaped like its W_l.
  public var weights: [Matrix]
  /// ∂L/∂h_{l−1}, the gradient layer l passes down to its input, layer 1 first: entry 0 is
  /// ∂L/∂X, shaped like the inputs; entry l − 1 is shaped like layer l − 1's output.
  public var inputs: [Matrix]

  public init(weights: [Matrix], inputs: [Matrix]) {
    self.weights = weights
    self.inputs = inputs
  }
}

/// What early stopping kept and what it saw.
public struct EarlyStoppingResult: Equatable, Sendable {
  /// The network after the epoch with the best validation accuracy: the checkpoint.
  public var best: TwoLayerNetwork
  /// That epoch, from 0: an index into ``validationAccuracies``.
  public var bestEpoch: Int
  /// The validation accuracy after each epoch trained, epoch 0 first.
  public var validationAccuracies: [Double]

  public init(best: TwoLayerNetwork, bestEpoch: Int, validationAccuracies: [Double]) {
    require(
      validationAccuracies.indices.contains(bestEpoch),
      "bestEpoch \(bestEpoch) is not an epoch of the \(validationAccuracies.count) trained")
    self.best = best
    self.bestEpoch = bestEpoch
    self.validationAccuracies = validationAccuracies
  }

  /// The best validation accuracy, the checkpoint's.
  public var bestAccuracy: Double { validationAccuracies[bestEpoch] }

  /// How many epochs ran before training stopped.
  public var epochsTrained: Int { validationAccuracies.count }
}

/// The first sanity check of a new network: its loss against ln C.
public struct InitialLossCheck: Equatable, Sendable {
  /// The network's loss on the data.
  public var loss: Double
  /// ln C, the loss of a network that gives every one of the C classes probability 1/C.
  public var expected: Double
  /// Whether the loss lies within the tolerance of ln C.
  public var passes: Bool

  public init(loss: Double, expected: Double, passes: Bool) {
    self.loss = loss
    self.expected = expected
    self.passes = passes
  }
}

/// The second sanity check: can the network learn a tiny batch by heart?
public struct OverfitReport: Equatable, Sendable {
  /// The loss before each step, step 0 first.
  public var losses: [Double]
  /// The network after the last step.
  public var network: TwoLayerNetwork
  /// Its accuracy on the batch.
  public var accuracy: Double
  /// Whether that accuracy is 100%.
  public var overfits: Bool

  public init(losses: [Double], network: TwoLayerNetwork, accuracy: Double, overfits: Bool) {
    self.losses = losses
    self.network = network
    self.accuracy = accuracy
    self.overfits = overfits
  }
}

/// Module 09: training in practice. Minibatches, initialisation, dropout, early stopping and
/// the checks that catch a broken training run early.
///
/// Conventions: data sets and networks are module 08's (`Dataset`, `TwoLayerNetwork`, one
/// example per row); a model enters training only through a ``LossAndGradient`` closure;
/// epochs and batches count from 0; every random draw comes from the `SeededGenerator`
/// passed `inout`, in the order each function states, so a seed replays a whole run.
/// Norms are Frobenius norms, ‖A‖ = √(Σ A[i, j]²).
public protocol TrainingLesson {
  // MARK: Minibatch SGD

  /// One epoch's batches: a seeded shuffle of the row indices, cut in order.
  ///
  ///     order = generator.shuffled(Array(0..<count))
  ///     batches = order[0..<B], order[B..<2B], …      ⌈count / B⌉ of them
  ///
  /// B is `batchSize`. Every batch holds B indices except the last, which holds the rest
  /// (count − B·(⌈count / B⌉ − 1), fewer than B when B does not divide count): no index is
  /// left out or repeated. The only draws are those of that one `shuffled` call, the kit's
  /// Fisher–Yates (not the standard library's `shuffled(using:)`, whose draws may change
  /// between Swift versions). `count` ≥ 1 and `batchSize` ≥ 1; a batch size of `count` or
  /// more gives a single batch.
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]

  /// Minibatch stochastic gradient descent: one step per batch, a new shuffle every epoch.
  ///
  ///     for e = 0 … epochs − 1:
  ///       α = learningRate(e)
  ///       for B in minibatches(count: N, batchSize, using: &generator), in order:
  ///         (L_B, ∇) = lossAndGradient(θ, the rows B of data)
  ///         θ ← θ − α·∇
  ///       observe(EpochProgress(epoch: e, learningRate: α, loss: Σ_B |B|·L_B / N, network: θ))
  ///
  /// `learningRate` is a schedule, the learning rate of every step of epoch e: module 07's
  /// step or exponential decay, or `{ _ in α }`. The batch handed to `lossAndGradient` is a
  /// `Dataset` of data's rows in the batch's order (inputs and labels) with data's
  /// `classCount`; it is called exactly once per step and for nothing else. The only draws
  /// are the epochs' shuffles, epoch 0's first. `observe` sees each epoch once, after its
  /// last step; the result is the network after the last epoch (`network` itself when
  /// `epochs` is 0).
  static func trainMinibatch(
    _ network: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: (Int) -> Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator, observe: (EpochProgress) -> Void
  ) -> TwoLayerNetwork

  /// Full-batch and minibatch gradient descent from the same start, for the same number of
  /// epochs: the comparison of module 09.
  ///
  ///     full = trainMinibatch(initial, data, batchSize: N, epochs, { _ in α })       first
  ///     mini = trainMinibatch(initial, data, batchSize: batchSize, epochs, { _ in α }) second
  ///     losses[0] = L(initial),  losses[e] = L(θ after epoch e − 1), on all of data
  ///
  /// Both runs draw from `generator`, the full-batch run first (its single batch is still
  /// shuffled). Each curve has epochs + 1 entries, every one the loss of
  /// `lossAndGradient` on the whole of `data`. Full-batch training updates once an epoch,
  /// minibatch training ⌈N / B⌉ times, for the same number of example gradients.
  static func compareFullBatchAndMinibatch(
    from initial: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator
  ) -> BatchComparison

  // MARK: Initialisation

  /// Xavier (Glorot) initialisation of a layer's weights, for tanh and sigmoid layers.
  ///
  ///     W is fanIn×fanOut,  W[i, j] independent,  mean 0,  Var = 2 / (fanIn + fanOut)
  ///
  /// For example N(0, 2/(fanIn + fanOut)), or U(−b, b) with b = √(6/(fanIn + fanOut)); both
  /// have that variance. The rows are the inputs, as in X·W. Draws only from `generator`:
  /// the same state gives the same matrix.
  static func xavierInitialization(
    fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Matrix

  /// He (Kaiming) initialisation of a layer's weights, for ReLU layers.
  ///
  ///     W is fanIn×fanOut,  W[i, j] independent,  mean 0,  Var = 2 / fanIn
  ///
  /// The 2 makes up for ReLU zeroing half of its inputs. For example N(0, 2/fanIn). Draws
  /// only from `generator`.
  static func heInitialization(fanIn: Int, fanOut: Int, using generator: inout SeededGenerator)
    -> Matrix

  /// The output of a deep stack of layers without biases.
  ///
  ///     h₀ = X,   z_l = h_{l−1}·W_l,   h_l = act(z_l),   l = 1 … L;   output h_L
  ///
  /// `weights[l − 1]` is W_l; each W_l has as many rows as the layer below has columns.
  /// The activation follows every layer, the last one included.
  static func deepStackForward(_ weights: [Matrix], activation: Activation, inputs: Matrix)
    -> Matrix

  /// The backward pass of ``deepStackForward(_:activation:inputs:)`` for the loss
  /// L = Σ G ⊙ h_L, G being `upstream` (shaped like the output).
  ///
  ///     ∂L/∂h_L = G
  ///     for l = L … 1:  dz_l = ∂L/∂h_l ⊙ act′(z_l)
  ///                     ∂L/∂W_l = h_{l−1}ᵀ·dz_l,   ∂L/∂h_{l−1} = dz_l·W_lᵀ
  ///
  /// tanh′(z) = 1 − tanh²(z), from the layer's output; relu′(z) = 1 for z > 0 and 0 for
  /// z ≤ 0 (0 at the kink). Both lists in the result run from layer 1 to layer L.
  static func deepStackBackward(
    _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
  ) -> DeepStackGradients

  /// How the size of the gradient changes on its way down a deep stack, at several scales
  /// of the initial weights: vanishing and exploding gradients.
  ///
  ///     Z₁ (D×width), Z₂ … Z_L (width×width):  Matrix.gaussian(…, using: &generator), drawn once
  ///     for each σ in scales:  W_l = σ·Z_l
  ///       g = deepStackBackward(W, activation, inputs, upstream)
  ///       row = [‖g.inputs[0]‖, …, ‖g.inputs[L − 1]‖]      layer 1 first
  ///
  /// L is `depth` and D is `inputs.columns`; `upstream` is N×width. Entry l − 1 of a row is
  /// the size of the gradient layer l passes down. Every scale reuses the same Z, so the
  /// rows differ only by σ; the result has one row per scale, in the order of `scales`.
  static func gradientNormsByLayer(
    depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
    upstream: Matrix, using generator: inout SeededGenerator
  ) -> [[Double]]

  // MARK: Dropout

  /// Inverted dropout's forward pass.
  ///
  ///     training:    for each element, row by row:  u = generator.uniform()
  ///                    mask[i, j] = u < p ? 1/p : 0
  ///                  output = x ⊙ mask
  ///     evaluation:  output = x,  mask = ones;  no draws
  ///
  /// p (`keepProbability`, in (0, 1]) is the probability of *keeping* a unit, not the drop
  /// rate 1 − p (PyTorch's `Dropout(p)` takes the drop rate). Kept units are scaled by 1/p
  /// so that E[output] = x: evaluation needs no rescaling. The mask is what each element
  /// was multiplied by, 0 or 1/p; in training mode every element takes one draw, whatever p.
  static func dropoutForward(
    _ x: Matrix, keepProbability: Double, training: Bool, using generator: inout SeededGenerator
  ) -> (output: Matrix, mask: Matrix)

  /// Inverted dropout's backward pass, through the same mask as the forward pass.
  ///
  ///     ∂L/∂x = upstream ⊙ mask
  ///
  /// `mask` is what ``dropoutForward(_:keepProbability:training:using:)`` returned: a
  /// dropped unit passes no gradient, a kept one passes it scaled by 1/p.
  static func dropoutBackward(_ upstream: Matrix, mask: Matrix) -> Matrix

  // MARK: Early stopping

  /// Training that keeps the checkpoint with the best validation accuracy and stops when
  /// it stops improving.
  ///
  ///     θ = network
  ///     for e = 0 … maxEpochs − 1:
  ///       θ = epoch(θ);  a_e = validationAccuracy(θ)
  ///       if e = 0 or a_e > best accuracy:  best = (e, θ, a_e)   (a tie is not better)
  ///       if e − best epoch = patience:  stop
  ///
  /// `epoch` trains one epoch from the network it is given; `validationAccuracy` scores a
  /// network on data the training never sees. Each is called once per epoch, in that
  /// order. The best epoch is the *first* with the highest accuracy. Training stops after
  /// `patience` epochs in a row that do not beat the best (ties included), or after
  /// `maxEpochs`. `maxEpochs` ≥ 1 and `patience` ≥ 1.
  static func trainWithEarlyStopping(
    _ network: TwoLayerNetwork, maxEpochs: Int, patience: Int,
    epoch: (TwoLayerNetwork) -> TwoLayerNetwork,
    validationAccuracy: (TwoLayerNetwork) -> Double
  ) -> EarlyStoppingResult

  // MARK: Diagnostics

  /// The loss of a freshly initialised network against ln C.
  ///
  ///     loss = lossAndGradient(network, data).loss
  ///     expected = ln C,   C = data.classCount
  ///     passes = |loss − expected| ≤ tolerance
  ///
  /// Small random weights give every class a probability near 1/C, so the mean
  /// cross-entropy starts near −ln(1/C) = ln C (natural log): 1.0986 for 3 classes. C is the
  /// data set's `classCount`, classes without examples included. A NaN loss never passes.
  static func initialLossCheck(
    of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
    lossAndGradient: LossAndGradient
  ) -> InitialLossCheck

  /// Plain gradient descent on one tiny batch, to see whether the network can learn it
  /// by heart.
  ///
  ///     for t = 0 … steps − 1:  (L_t, ∇) = lossAndGradient(θ, batch);  θ ← θ − α·∇
  ///     accuracy = accuracy(θ, batch),   overfits = (accuracy = 1)
  ///
  /// `losses[t]` is L_t, the loss before step t. `accuracy` is called once, after the last
  /// step. A network that cannot reach 100% on a handful of points has a bug in its
  /// gradient or its update, not a tuning problem.
  static func overfitTinyBatch(
    _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
    lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
  ) -> OverfitReport

  /// The size of an update next to the size of the parameters it changed, per parameter.
  ///
  ///     ratio_p = ‖after_p − before_p‖ / ‖before_p‖,   p in "W1", "b1", "W2", "b2"
  ///
  /// Keys are the names of `TwoLayerNetwork.parameters`. Where ‖before_p‖ = 0 (a bias
  /// that starts at 0) the ratio is 0 if the parameter did not move and +∞ if it did. A
  /// rule of thumb: about 1e-3 for a healthy learning rate; 1e-1 is too fast, 1e-6 too slow.
  static func updateToWeightRatios(from before: TwoLayerNetwork, to after: TwoLayerNetwork)
    -> [String: Double]
}

extension TrainingLesson {
  /// Minibatch SGD without watching.
  public static func trainMinibatch(
    _ network: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: (Int) -> Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator
  ) -> TwoLayerNetwork {
    trainMinibatch(
      network, on: data, batchSize: batchSize, epochs: epochs, learningRate: learningRate,
      lossAndGradient: lossAndGradient, using: &generator, observe: { _ in })
  }
}
