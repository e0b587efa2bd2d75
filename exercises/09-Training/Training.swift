import Foundation
import GradKit

public enum Training: TrainingLesson {
  // MARK: - Minibatch SGD

  public static func minibatches(
    count: Int, batchSize: Int, using generator: inout SeededGenerator
  ) -> [[Int]] {
    // TODO: Return the row indices 0..<count in the order of generator.shuffled(_:), cut in
    // order into batches of batchSize, the last batch holding whatever remains.
    unimplemented()
  }

  public static func trainMinibatch(
    _ network: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: (Int) -> Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator, observe: (EpochProgress) -> Void
  ) -> TwoLayerNetwork {
    // TODO: Return the network after epochs epochs of minibatch SGD: each epoch, new batches
    // from minibatches, one step θ ← θ − α·∇ per batch with α = learningRate(epoch), then one
    // observe with the epoch's batch losses averaged by batch size.
    unimplemented()
  }

  public static func compareFullBatchAndMinibatch(
    from initial: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator
  ) -> BatchComparison {
    // TODO: Return the loss on all of data before and after every epoch of full-batch
    // training (first) and of minibatch training (second), both from initial, and how many
    // updates each made.
    unimplemented()
  }

  // MARK: - Initialisation

  public static func xavierInitialization(
    fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    // TODO: Return fanIn×fanOut independent weights with mean 0 and variance
    // 2 / (fanIn + fanOut), drawn from generator.
    unimplemented()
  }

  public static func heInitialization(
    fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    // TODO: Return fanIn×fanOut independent weights with mean 0 and variance 2 / fanIn,
    // drawn from generator.
    unimplemented()
  }

  public static func deepStackForward(
    _ weights: [Matrix], activation: Activation, inputs: Matrix
  ) -> Matrix {
    // TODO: Return h_L, where h₀ = inputs and h_l = act(h_{l−1}·W_l) for every layer.
    unimplemented()
  }

  public static func deepStackBackward(
    _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
  ) -> DeepStackGradients {
    // TODO: Return ∂L/∂W_l and ∂L/∂h_{l−1} for every layer, layer 1 first, for the loss
    // L = Σ upstream ⊙ h_L.
    unimplemented()
  }

  public static func gradientNormsByLayer(
    depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
    upstream: Matrix, using generator: inout SeededGenerator
  ) -> [[Double]] {
    // TODO: Draw the depth standard-normal weight matrices once; for each scale σ, return
    // the norms ‖∂L/∂h_{l−1}‖ of the stack with weights σ·Z, layer 1 first.
    unimplemented()
  }

  // MARK: - Dropout

  public static func dropoutForward(
    _ x: Matrix, keepProbability: Double, training: Bool, using generator: inout SeededGenerator
  ) -> (output: Matrix, mask: Matrix) {
    // TODO: In training, return x ⊙ mask and the mask, where each element (row by row, one
    // uniform draw each) is 1/p if kept, with probability p, and 0 if not. In evaluation,
    // return x and a mask of ones, drawing nothing.
    unimplemented()
  }

  public static func dropoutBackward(_ upstream: Matrix, mask: Matrix) -> Matrix {
    // TODO: Return the gradient with respect to the forward pass's input.
    unimplemented()
  }

  // MARK: - Early stopping

  public static func trainWithEarlyStopping(
    _ network: TwoLayerNetwork, maxEpochs: Int, patience: Int,
    epoch: (TwoLayerNetwork) -> TwoLayerNetwork,
    validationAccuracy: (TwoLayerNetwork) -> Double
  ) -> EarlyStoppingResult {
    // TODO: Train epoch by epoch, scoring each epoch's network; return the first network with
    // the best score, its epoch and every score, stopping after patience epochs in a row
    // that do not beat the best, or after maxEpochs.
    unimplemented()
  }

  // MARK: - Diagnostics

  public static func initialLossCheck(
    of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
    lossAndGradient: LossAndGradient
  ) -> InitialLossCheck {
    // TODO: Return the network's loss on data, ln C for C = data.classCount, and whether the
    // two are within tolerance of each other.
    unimplemented()
  }

  public static func overfitTinyBatch(
    _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
    lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
  ) -> OverfitReport {
    // TODO: Return the loss before each of steps plain gradient steps on batch, the network
    // after them, its accuracy on batch, and whether that accuracy is 100%.
    unimplemented()
  }

  public static func updateToWeightRatios(
    from before: TwoLayerNetwork, to after: TwoLayerNetwork
  ) -> [String: Double] {
    // TODO: Return, for each parameter name, ‖after − before‖ / ‖before‖ (0 for a parameter
    // at 0 that did not move).
    unimplemented()
  }
}
