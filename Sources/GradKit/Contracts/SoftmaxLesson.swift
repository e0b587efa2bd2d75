/// Module 03: softmax, log-softmax and their backward passes, computed stably.
///
/// Conventions: a vector of scores is a `[Double]`; a batch of scores is a `Matrix` with
/// one example per row and one class per column, and every function works on each row
/// on its own. The backward passes take the scores (not the probabilities) and the
/// upstream gradient G = ∂L/∂output of the same shape, and return ∂L/∂scores.
public protocol SoftmaxLesson {
  /// The softmax of a vector of scores: numbers in [0, 1] that sum to 1.
  ///
  ///     softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m),   m = maxⱼ xⱼ
  ///
  /// Subtracting m changes nothing mathematically but keeps every exponent ≤ 0, so scores
  /// of ±1000 give finite results instead of inf / inf = NaN, wherever the maximum sits.
  /// Each value is accurate to about 13 significant digits; a score 745 or more below the
  /// maximum gets exactly 0, the correctly rounded value, so the values are positive only
  /// up to underflow.
  static func softmax(_ scores: [Double]) -> [Double]

  /// The softmax of each row of `scores` (examples × classes): every row sums to 1.
  ///
  ///     softmax(X)[i, j] = e^(X[i, j] − mᵢ) / Σₖ e^(X[i, k] − mᵢ),   mᵢ = maxₖ X[i, k]
  ///
  /// Each row is shifted by its own maximum, however far the rows' scales lie apart in one
  /// batch; rows never mix.
  static func softmax(_ scores: Matrix) -> Matrix

  /// The logarithm of the softmax of a vector of scores.
  ///
  ///     logSoftmax(x)ᵢ = xᵢ − m − ln Σⱼ e^(xⱼ − m),   m = maxⱼ xⱼ
  ///
  /// Finite for finite scores even where softmax underflows to 0 and ln(softmax) is −∞:
  /// logSoftmax([1000, 0]) = [0, −1000], and logSoftmax([0, 1000]) = [−1000, 0].
  static func logSoftmax(_ scores: [Double]) -> [Double]

  /// The log-softmax of each row of `scores`, each row shifted by its own maximum.
  ///
  ///     logSoftmax(X)[i, j] = X[i, j] − mᵢ − ln Σₖ e^(X[i, k] − mᵢ)
  static func logSoftmax(_ scores: Matrix) -> Matrix

  /// The backward pass of the row-wise softmax: ∂L/∂scores given G = ∂L/∂softmax(scores).
  ///
  ///     s = softmax(row),   dscoresⱼ = sⱼ · (Gⱼ − Σₖ Gₖ · sₖ)      for each row
  ///
  /// This is the Jacobian-vector product Jᵀ·G with J = diag(s) − s·sᵀ, without building J.
  /// `upstream` has the shape of `scores`; so does the result. The sum is one number per
  /// row. Finite for finite scores, ±1000 included: s is the shifted softmax.
  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix

  /// The backward pass of the row-wise log-softmax: ∂L/∂scores given G = ∂L/∂logSoftmax(scores).
  ///
  ///     s = softmax(row),   dscoresⱼ = Gⱼ − sⱼ · Σₖ Gₖ      for each row
  ///
  /// ΣG is one number per row. Finite wherever the scores are, even where a probability
  /// underflows to 0: it needs s, never 1/s.
  static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix
}
