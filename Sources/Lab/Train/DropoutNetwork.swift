import GradKit
import References

/// Module 08's two-layer network with inverted dropout on its hidden layer: the lab's forward
/// and backward passes around a module 09 lesson's `dropoutForward` and `dropoutBackward`.
///
///     Z = X·W1 + b1,   H = relu(Z),   (D, M) = dropoutForward(H, p, training: true)
///     S = D·W2 + b2,   L = softmaxCrossEntropy(S, y) + ½λ(ΣW1² + ΣW2²)
///     ∂L/∂W2 = Dᵀ·dS + λW2               ∂L/∂b2 = Σᵢ dS[i, ·]
///     dH = dropoutBackward(dS·W2ᵀ, M),   dZ = dH ⊙ [Z > 0]
///     ∂L/∂W1 = Xᵀ·dZ + λW1               ∂L/∂b1 = Σᵢ dZ[i, ·]
///
/// Module 08's pieces (softmax cross-entropy) are the reference's: the lab runs one
/// learner's module at a time.
struct DropoutNetwork {
  /// The module 09 implementation whose dropout runs.
  let lesson: any TrainingLesson.Type
  /// p, the probability of keeping a hidden unit.
  let keepProbability: Double
  /// λ, the L2 penalty on both weight matrices.
  let regularization: Double

  /// The loss on `batch` through a fresh mask, drawn from `generator`, and its gradient.
  func lossAndGradient(
    of network: TwoLayerNetwork, on batch: Dataset, using generator: inout SeededGenerator
  ) -> (loss: Double, gradient: TwoLayerNetwork) {
    let x = batch.inputs
    let (w1, w2) = (network.hiddenWeights, network.outputWeights)
    let preActivation = affine(x, w1, network.hiddenBias)
    let (dropped, mask) = lesson.dropoutForward(
      Reference.spiral.relu(preActivation), keepProbability: keepProbability, training: true,
      using: &generator)
    let scores = affine(dropped, w2, network.outputBias)
    let (dataLoss, dScores) = Reference.spiral.softmaxCrossEntropy(
      scores: scores, labels: batch.labels)
    let loss = dataLoss + 0.5 * regularization * (w1.squaredNorm() + w2.squaredNorm())
    let dW2 = dropped.transposedTimes(dScores) + regularization * w2
    let dHidden = lesson.dropoutBackward(dScores.timesTransposed(w2), mask: mask)
    let dPreActivation = dHidden .* (preActivation > 0)
    let dW1 = x.transposedTimes(dPreActivation) + regularization * w1
    let gradient = TwoLayerNetwork(
      hiddenWeights: dW1, hiddenBias: dPreActivation.columnSums(), outputWeights: dW2,
      outputBias: dScores.columnSums())
    return (loss, gradient)
  }

  /// The scores in evaluation mode, where dropout keeps every unit:
  /// `dropoutForward(H, p, training: false)`, which draws nothing.
  func evaluationScores(
    of network: TwoLayerNetwork, for inputs: Matrix, using generator: inout SeededGenerator
  ) -> Matrix {
    let hidden = Reference.spiral.relu(affine(inputs, network.hiddenWeights, network.hiddenBias))
    let (kept, _) = lesson.dropoutForward(
      hidden, keepProbability: keepProbability, training: false, using: &generator)
    return affine(kept, network.outputWeights, network.outputBias)
  }
}
