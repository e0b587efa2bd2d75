import Foundation
import GradKit

public enum Training: TrainingLesson {
  // MARK: - Minibatch SGD

  public static func minibatches(
    count: Int, batchSize: Int, using generator: inout SeededGenerator
  ) -> [[Int]] {
    precondition(count >= 1 && batchSize >= 1, "need count ≥ 1 and batchSize ≥ 1")
    // The kit's Fisher–Yates, so the same seed gives the same batches on every platform.
    let order = generator.shuffled(Array(0..<count))
    // stride stops before count, and the last slice is clipped to it: the remainder is kept.
    return stride(from: 0, to: count, by: batchSize).map { start in
      Array(order[start..<min(start + batchSize, count)])
    }
  }

  public static func trainMinibatch(
    _ network: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: (Int) -> Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator, observe: (EpochProgress) -> Void
  ) -> TwoLayerNetwork {
    var network = network
    for epoch in 0..<epochs {
      // One rate for the whole epoch: the schedule counts epochs, not steps.
      let rate = learningRate(epoch)
      var weightedLoss = 0.0
      for batch in minibatches(count: data.count, batchSize: batchSize, using: &generator) {
        let (loss, gradient) = lossAndGradient(network, rows(batch, of: data))
        // The loss is a mean over the batch; weighting it by the batch's size makes the
        // epoch's figure a mean over examples, where the short last batch counts less.
        weightedLoss += Double(batch.count) * loss
        network = step(network, by: gradient, rate: rate)
      }
      observe(
        EpochProgress(
          epoch: epoch, learningRate: rate, loss: weightedLoss / Double(data.count),
          network: network))
    }
    return network
  }

  public static func compareFullBatchAndMinibatch(
    from initial: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator
  ) -> BatchComparison {
    let startingLoss = lossAndGradient(initial, data).loss
    /// The loss on all of `data` after each epoch of training with batches of `size`.
    func curve(batchSize size: Int) -> [Double] {
      var losses = [startingLoss]
      _ = trainMinibatch(
        initial, on: data, batchSize: size, epochs: epochs, learningRate: { _ in learningRate },
        lossAndGradient: lossAndGradient, using: &generator,
        observe: { losses.append(lossAndGradient($0.network, data).loss) })
      return losses
    }
    // The order matters: both runs share the generator, the full batch draws first.
    let full = curve(batchSize: data.count)
    let mini = curve(batchSize: batchSize)
    let batchesPerEpoch = (data.count + batchSize - 1) / batchSize
    return BatchComparison(
      fullBatchLosses: full, minibatchLosses: mini, fullBatchUpdates: epochs,
      minibatchUpdates: epochs * batchesPerEpoch)
  }

  // MARK: - Initialisation

  public static func xavierInitialization(
    fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    // Var = 2/(fanIn + fanOut) keeps the variance of the signal about the same on the way
    // forward (fanIn) and on the way back (fanOut). A normal draw; U(±√(6/(fanIn + fanOut)))
    // has the same variance and would do as well.
    let deviation = (2 / Double(fanIn + fanOut)).squareRoot()
    return .gaussian(rows: fanIn, columns: fanOut, standardDeviation: deviation, using: &generator)
  }

  public static func heInitialization(
    fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    // ReLU zeroes half its inputs, halving the second moment at every layer; the 2 in
    // Var = 2/fanIn puts it back.
    let deviation = (2 / Double(fanIn)).squareRoot()
    return .gaussian(rows: fanIn, columns: fanOut, standardDeviation: deviation, using: &generator)
  }

  public static func deepStackForward(
    _ weights: [Matrix], activation: Activation, inputs: Matrix
  ) -> Matrix {
    weights.reduce(inputs) { h, w in activate(h * w, activation) }
  }

  public static func deepStackBackward(
    _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
  ) -> DeepStackGradients {
    // Forward, keeping every layer's input h_{l−1} and pre-activation z_l.
    var layerInputs = [inputs]
    var preActivations: [Matrix] = []
    for w in weights {
      let z = layerInputs.last! * w
      preActivations.append(z)
      layerInputs.append(activate(z, activation))
    }
    // Backward from the top: dh starts as G, the gradient of Σ G ⊙ h_L with respect to h_L.
    var dh = upstream
    var weightGradients: [Matrix] = []
    var inputGradients: [Matrix] = []
    for l in weights.indices.reversed() {
      let dz = dh.zipMap(derivative(activation, z: preActivations[l], h: layerInputs[l + 1]), *)
      weightGradients.append(layerInputs[l].transposedTimes(dz))
      dh = dz.timesTransposed(weights[l])
      inputGradients.append(dh)
    }
    // Collected from the top down; the contract lists them from layer 1 up.
    return DeepStackGradients(
      weights: weightGradients.reversed(), inputs: inputGradients.reversed())
  }

  public static func gradientNormsByLayer(
    depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
    upstream: Matrix, using generator: inout SeededGenerator
  ) -> [[Double]] {
    // One draw of standard normals, layer 1 first; every scale only rescales it, so the
    // rows differ by σ alone and not by luck.
    let directions = (0..<depth).map { layer in
      Matrix.gaussian(
        rows: layer == 0 ? inputs.columns : width, columns: width, using: &generator)
    }
    return scales.map { scale in
      let weights = directions.map { scale * $0 }
      let gradients = deepStackBackward(
        weights, activation: activation, inputs: inputs, upstream: upstream)
      return gradients.inputs.map { $0.squaredNorm().squareRoot() }
    }
  }

  // MARK: - Dropout

  public static func dropoutForward(
    _ x: Matrix, keepProbability: Double, training: Bool, using generator: inout SeededGenerator
  ) -> (output: Matrix, mask: Matrix) {
    // At evaluation every unit is kept and nothing is scaled: the training-time 1/p already
    // made the expected output equal to x.
    guard training else {
      return (x, .ones(rows: x.rows, columns: x.columns))
    }
    // Matrix.map visits the elements row by row, the order of the draws.
    let scale = 1 / keepProbability
    let mask = x.map { _ in generator.uniform() < keepProbability ? scale : 0 }
    return (x .* mask, mask)
  }

  public static func dropoutBackward(_ upstream: Matrix, mask: Matrix) -> Matrix {
    // output = x ⊙ mask is linear in x with slope mask, element by element.
    upstream .* mask
  }

  // MARK: - Early stopping

  public static func trainWithEarlyStopping(
    _ network: TwoLayerNetwork, maxEpochs: Int, patience: Int,
    epoch: (TwoLayerNetwork) -> TwoLayerNetwork,
    validationAccuracy: (TwoLayerNetwork) -> Double
  ) -> EarlyStoppingResult {
    precondition(maxEpochs >= 1 && patience >= 1, "need maxEpochs ≥ 1 and patience ≥ 1")
    var current = network
    var accuracies: [Double] = []
    var best = network
    var bestEpoch = 0
    for e in 0..<maxEpochs {
      current = epoch(current)
      let accuracy = validationAccuracy(current)
      accuracies.append(accuracy)
      // `>`, not `>=`: a tie keeps the earlier checkpoint and does not reset the patience.
      if e == 0 || accuracy > accuracies[bestEpoch] {
        best = current
        bestEpoch = e
      }
      if e - bestEpoch == patience {
        break
      }
    }
    return EarlyStoppingResult(best: best, bestEpoch: bestEpoch, validationAccuracies: accuracies)
  }

  // MARK: - Diagnostics

  public static func initialLossCheck(
    of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
    lossAndGradient: LossAndGradient
  ) -> InitialLossCheck {
    let loss = lossAndGradient(network, data).loss
    // The number of classes the network scores, not the number that happen to appear.
    let expected = log(Double(data.classCount))
    // Written so that NaN fails: every comparison with NaN is false.
    let passes = abs(loss - expected) <= tolerance
    return InitialLossCheck(loss: loss, expected: expected, passes: passes)
  }

  public static func overfitTinyBatch(
    _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
    lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
  ) -> OverfitReport {
    var network = network
    var losses: [Double] = []
    for _ in 0..<steps {
      let (loss, gradient) = lossAndGradient(network, batch)
      losses.append(loss)
      network = step(network, by: gradient, rate: learningRate)
    }
    let final = accuracy(network, batch)
    return OverfitReport(losses: losses, network: network, accuracy: final, overfits: final == 1)
  }

  public static func updateToWeightRatios(
    from before: TwoLayerNetwork, to after: TwoLayerNetwork
  ) -> [String: Double] {
    let moved = after.parameters
    var ratios: [String: Double] = [:]
    for (name, value) in before.parameters {
      let update = (moved[name]! - value).squaredNorm().squareRoot()
      let size = value.squaredNorm().squareRoot()
      // A parameter at 0 that did not move has ratio 0, not 0/0 = NaN; one that moved, +∞.
      ratios[name] = update == 0 ? 0 : update / size
    }
    return ratios
  }

  // MARK: - Helpers

  /// The rows `indices` of `data`, in that order, with data's classes.
  private static func rows(_ indices: [Int], of data: Dataset) -> Dataset {
    Dataset(
      inputs: data.inputs.rows(indices), labels: indices.map { data.labels[$0] },
      classCount: data.classCount)
  }

  /// One plain gradient step, θ ← θ − α·∇, for every parameter by name.
  private static func step(
    _ network: TwoLayerNetwork, by gradient: TwoLayerNetwork, rate: Double
  ) -> TwoLayerNetwork {
    var parameters = network.parameters
    for (name, slope) in gradient.parameters {
      parameters[name]! -= rate * slope
    }
    return TwoLayerNetwork(parameters: parameters)
  }

  /// act(z), element by element.
  private static func activate(_ z: Matrix, _ activation: Activation) -> Matrix {
    switch activation {
    case .tanh: z.map { Foundation.tanh($0) }
    case .relu: z.map { $0 > 0 ? $0 : 0 }
    }
  }

  /// act′(z): tanh's from the output h (1 − h²), ReLU's from z (0 at the kink).
  private static func derivative(_ activation: Activation, z: Matrix, h: Matrix) -> Matrix {
    switch activation {
    case .tanh: h.map { 1 - $0 * $0 }
    case .relu: z.map { $0 > 0 ? 1 : 0 }
    }
  }
}
