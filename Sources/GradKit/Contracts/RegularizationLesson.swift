/// Module 05: L1 and L2 penalties on the weights, and their (sub)gradients.
///
/// Conventions: `weights` is one weight matrix (biases are usually left unpenalised); a
/// strength λ ≥ 0 scales its penalty, which is added to the data loss, L = L_data + R(W), so
/// its gradient is added to the data gradient. The L2 penalty carries a factor ½ so that its
/// gradient is λW (see ``l2Penalty(_:strength:)``).
public protocol RegularizationLesson {
  /// The L2 penalty (weight decay), with the ½ convention.
  ///
  ///     R₂(W) = ½ λ Σᵢⱼ wᵢⱼ²
  ///
  /// Courses disagree on the ½: without it the penalty is λ Σ w² and its gradient 2λW. Both
  /// describe the same penalties (their λ is half of ours); the ½ makes the gradient the
  /// plain λW, which is what a `weightDecay: λ` option adds to a gradient.
  static func l2Penalty(_ weights: Matrix, strength: Double) -> Double

  /// The gradient of the L2 penalty.
  ///
  ///     ∂R₂/∂wᵢⱼ = λ wᵢⱼ
  ///
  /// Same shape as `weights`. The ½ of ``l2Penalty(_:strength:)`` cancels the 2 of d(w²)/dw.
  static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix

  /// The L1 penalty (lasso).
  ///
  ///     R₁(W) = λ Σᵢⱼ |wᵢⱼ|
  static func l1Penalty(_ weights: Matrix, strength: Double) -> Double

  /// A subgradient of the L1 penalty: λ times the sign of each weight, 0 at 0.
  ///
  ///     ∂R₁/∂wᵢⱼ = λ·sign(wᵢⱼ) = λ if wᵢⱼ > 0,  −λ if wᵢⱼ < 0,  0 if wᵢⱼ = 0
  ///
  /// Same shape as `weights`. |w| has no derivative at 0: every value in [−λ, λ] is a
  /// subgradient there, and 0 is the one that leaves a zero weight where it is. −0.0 is zero.
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix

  /// The elastic-net penalty: L1 and L2 together, the L2 part with the ½ convention.
  ///
  ///     R(W) = λ₁ Σᵢⱼ |wᵢⱼ| + ½ λ₂ Σᵢⱼ wᵢⱼ²
  ///
  /// `l1Strength` is λ₁ and `l2Strength` is λ₂.
  static func elasticNetPenalty(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Double

  /// A subgradient of the elastic-net penalty.
  ///
  ///     ∂R/∂wᵢⱼ = λ₁·sign(wᵢⱼ) + λ₂ wᵢⱼ,   with sign(0) = 0
  ///
  /// Same shape as `weights`; at a zero weight it is 0, as for L1.
  static func elasticNetSubgradient(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Matrix
}
