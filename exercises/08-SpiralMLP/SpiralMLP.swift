import Foundation
import GradKit

public enum SpiralMLP: SpiralLesson {
  // MARK: - The pieces

  public static func relu(_ x: Matrix) -> Matrix {
    // TODO: Return max(0, x) for every element of x (0 where x is exactly 0).
    unimplemented()
  }

  public static func softmax(_ scores: Matrix) -> Matrix {
    // TODO: Return the softmax of each row of scores, shifted by the row's maximum.
    unimplemented()
  }

  public static func softmaxCrossEntropy(scores: Matrix, labels: [Int]) -> (
    loss: Double, gradient: Matrix
  ) {
    // TODO: Return the mean cross-entropy of the softmax of each row against its label, and
    // its gradient with respect to scores, (softmax − one-hot) / N.
    unimplemented()
  }

  public static func accuracy(of scores: Matrix, labels: [Int]) -> Double {
    // TODO: Return the fraction of rows whose largest score is in the label's column.
    unimplemented()
  }

  // MARK: - The linear classifier

  public static func scores(of model: LinearClassifier, for inputs: Matrix) -> Matrix {
    // TODO: Return the scores X·W + b.
    unimplemented()
  }

  public static func lossAndGradient(
    of model: LinearClassifier, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: LinearClassifier) {
    // TODO: Return the loss (mean cross-entropy + ½λΣW²) on data and its gradient with
    // respect to W and b, as a LinearClassifier.
    unimplemented()
  }

  // MARK: - The two-layer network

  public static func scores(of network: TwoLayerNetwork, for inputs: Matrix) -> Matrix {
    // TODO: Return the scores relu(X·W1 + b1)·W2 + b2.
    unimplemented()
  }

  public static func lossAndGradient(
    of network: TwoLayerNetwork, on data: Dataset, regularization: Double
  ) -> (loss: Double, gradient: TwoLayerNetwork) {
    // TODO: Return the loss (mean cross-entropy + ½λ(ΣW1² + ΣW2²)) on data and its gradient
    // with respect to W1, b1, W2 and b2, as a TwoLayerNetwork.
    unimplemented()
  }

  // MARK: - Training

  public static func train(
    _ model: LinearClassifier, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<LinearClassifier>) -> Void
  ) -> LinearClassifier {
    // TODO: Return the classifier after settings.iterations steps of gradient descent with
    // momentum, calling observe with each iteration's loss before its update.
    unimplemented()
  }

  public static func train(
    _ network: TwoLayerNetwork, on data: Dataset, settings: TrainingSettings,
    observe: (TrainingProgress<TwoLayerNetwork>) -> Void
  ) -> TwoLayerNetwork {
    // TODO: Return the network after settings.iterations steps of gradient descent with
    // momentum, calling observe with each iteration's loss before its update.
    unimplemented()
  }

  // MARK: - Hyperparameter search and ensembles

  public static func sampleHyperparameters(
    in space: SearchSpace, using generator: inout SeededGenerator
  ) -> Hyperparameters {
    // TODO: Return a learning rate and then a regularization strength drawn uniformly on a
    // log scale from space.
    unimplemented()
  }

  public static func randomSearch(
    trials: Int, in space: SearchSpace, settings: TrainingSettings, from initial: TwoLayerNetwork,
    training: Dataset, validation: Dataset, using generator: inout SeededGenerator
  ) -> RandomSearchResult {
    // TODO: Return every trial (sampled hyperparameters, the network trained from initial on
    // training, its accuracy on validation) and the first one with the best validation accuracy.
    unimplemented()
  }

  public static func ensembleProbabilities(
    of networks: [TwoLayerNetwork], for inputs: Matrix
  ) -> Matrix {
    // TODO: Return the mean over the networks of their softmax probabilities for inputs.
    unimplemented()
  }
}
