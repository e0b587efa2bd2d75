/// Module 04: cross-entropy, the loss that scores a classifier's probabilities.
///
/// Conventions: in `logits` each row is one example and each column one class; `labels[i]`
/// is the correct class of row i, an `Int` in `0..<logits.columns` (0 or 1 for the binary
/// loss). Every loss is the mean over the N examples, so its gradient carries a factor 1/N.
/// Logarithms are natural (base e).
public protocol CrossEntropyLesson {
  /// The binary cross-entropy of predicted probabilities, averaged over the examples.
  ///
  ///     L = (1/N) Σᵢ −[ yᵢ·log pᵢ + (1 − yᵢ)·log(1 − pᵢ) ]
  ///
  /// `probabilities[i]` is pᵢ, the predicted probability of class 1 (a sigmoid output in
  /// [0, 1]); `labels[i]` is yᵢ, 0 or 1. Only the term of the true label is evaluated, since
  /// the other one is multiplied by 0 and 0·log 0 counts as 0, its limit: a certain, correct
  /// prediction (p = 1 for y = 1, p = 0 for y = 0) costs exactly 0, not NaN, and a certain,
  /// wrong one costs +∞. Probabilities are not clamped.
  static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double

  /// The categorical cross-entropy of class scores, averaged over the batch.
  ///
  ///     Lᵢ = −log softmax(fᵢ)[yᵢ] = −f_{i,yᵢ} + log Σⱼ e^{f_{i,j}}
  ///     L  = (1/N) Σᵢ Lᵢ
  ///
  /// `logits` is N×C: raw scores f, not probabilities. The log-sum-exp is evaluated as
  /// m + log Σⱼ e^{fⱼ − m} with m = maxⱼ fⱼ, the row's own maximum wherever it sits, so no
  /// exponential overflows and the loss stays finite where a probability underflows to 0:
  /// scores [1000, 0, −1000] with class 2 give exactly 2000, and [0, 1000, −1000] with
  /// class 0 give 1000. Each row has its own m, so rows of very different scales may share
  /// a batch.
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double

  /// The gradient of ``crossEntropy(logits:labels:)`` with respect to the scores.
  ///
  ///     ∂L/∂f_{i,j} = (softmax(fᵢ)[j] − [j = yᵢ]) / N
  ///
  /// N×C like `logits`; `[j = yᵢ]` is the one-hot label (1 in the true class, 0 elsewhere).
  /// The softmax is shifted by each row's own maximum, so huge scores give finite gradients
  /// wherever the maximum sits and whatever the other rows hold; each row sums to 0 up to
  /// rounding.
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix
}
