import Foundation
import GradKit

public enum Regularization: RegularizationLesson {
  public static func l2Penalty(_ weights: Matrix, strength: Double) -> Double {
    // TODO: Return ½·λ·Σ w² over every weight (λ is strength).
    unimplemented()
  }

  public static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix {
    // TODO: Return the gradient of l2Penalty with respect to each weight, a matrix shaped
    // like weights.
    unimplemented()
  }

  public static func l1Penalty(_ weights: Matrix, strength: Double) -> Double {
    // TODO: Return λ·Σ |w| over every weight (λ is strength).
    unimplemented()
  }

  public static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    // TODO: Return λ·sign(w) for each weight, shaped like weights, with 0 where w is 0.
    unimplemented()
  }

  public static func elasticNetPenalty(
    _ weights: Matrix, l1Strength: Double, l2Strength: Double
  ) -> Double {
    // TODO: Return λ₁·Σ |w| + ½·λ₂·Σ w² (λ₁ is l1Strength, λ₂ is l2Strength).
    unimplemented()
  }

  public static func elasticNetSubgradient(
    _ weights: Matrix, l1Strength: Double, l2Strength: Double
  ) -> Matrix {
    // TODO: Return the subgradient of elasticNetPenalty for each weight, shaped like
    // weights, with the L1 part 0 where w is 0.
    unimplemented()
  }
}
