import Foundation
import GradKit

public enum Regularization: RegularizationLesson {
  public static func l2Penalty(_ weights: Matrix, strength: Double) -> Double {
    // The ½ is a convention: it cancels the 2 of d(w²)/dw, so the gradient is plain λw.
    0.5 * strength * weights.squaredNorm()
  }

  public static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix {
    // Every weight is pulled towards 0 in proportion to its size: large weights hard, small
    // ones gently, so none is ever pulled all the way to 0.
    strength * weights
  }

  public static func l1Penalty(_ weights: Matrix, strength: Double) -> Double {
    strength * weights.map(abs).sum()
  }

  public static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    // The same pull λ whatever the size, so small weights are pulled all the way to 0.
    // At 0 itself |w| has a corner; 0 is a valid subgradient there and keeps a zero weight
    // at zero. `w.sign` would not do: it is `.plus` for 0.0 and `.minus` for −0.0.
    weights.map { w in
      if w > 0 { return strength }
      if w < 0 { return -strength }
      return 0
    }
  }

  public static func elasticNetPenalty(
    _ weights: Matrix, l1Strength: Double, l2Strength: Double
  ) -> Double {
    // Penalties add, and so do their gradients.
    l1Penalty(weights, strength: l1Strength) + l2Penalty(weights, strength: l2Strength)
  }

  public static func elasticNetSubgradient(
    _ weights: Matrix, l1Strength: Double, l2Strength: Double
  ) -> Matrix {
    l1Subgradient(weights, strength: l1Strength) + l2Gradient(weights, strength: l2Strength)
  }
}
