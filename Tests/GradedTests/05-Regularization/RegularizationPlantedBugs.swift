import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded regularization test fails on a plausible wrong implementation.
@Suite("Planted bugs · 05 L1/L2 regularization")
struct RegularizationPlantedBugs {
  @Test("l2Penalty catches a penalty that forgets λ, ½·Σw²")
  func l2PenaltyForgettingStrength() {
    withKnownIssue { RegularizationTests.checkL2Penalty(L2PenaltyForgettingStrength.self) }
  }

  @Test("l2Penalty catches the other convention, λ·Σw² without the ½")
  func l2PenaltyWithoutHalf() {
    withKnownIssue { RegularizationTests.checkL2Penalty(OtherHalfConvention.self) }
  }

  @Test("l2Gradient catches 2λ·w under the ½ convention")
  func l2GradientTwiceStrength() {
    withKnownIssue { RegularizationTests.checkL2Gradient(L2GradientTwiceStrength.self) }
  }

  @Test("l2Gradient catches λ·Σw² with 2λ·w, which agree with each other")
  func l2GradientOtherConvention() {
    withKnownIssue { RegularizationTests.checkL2Gradient(OtherHalfConvention.self) }
  }

  @Test("l1Penalty catches a penalty that forgets λ, Σ|w|")
  func l1PenaltyForgettingStrength() {
    withKnownIssue { RegularizationTests.checkL1Penalty(L1PenaltyForgettingStrength.self) }
  }

  @Test("l1Subgradient catches sign(0) taken as +1")
  func l1SignOfZeroAsPlusOne() {
    withKnownIssue { RegularizationTests.checkL1SubgradientValues(SignOfZeroAsPlusOne.self) }
  }

  @Test("the L1 numeric check catches a subgradient that forgets λ, sign(w)")
  func l1SubgradientForgettingStrength() {
    withKnownIssue {
      RegularizationTests.checkL1SubgradientNumeric(L1SubgradientForgettingStrength.self)
    }
  }

  @Test("the L1 numeric check catches a penalty that forgets λ beside a right subgradient")
  func l1NumericPenaltyForgettingStrength() {
    withKnownIssue {
      RegularizationTests.checkL1SubgradientNumeric(L1PenaltyForgettingStrength.self)
    }
  }

  @Test("elasticNetPenalty catches a penalty missing its L2 term")
  func elasticNetPenaltyMissingL2() {
    withKnownIssue {
      RegularizationTests.checkElasticNetPenalty(ElasticNetPenaltyMissingL2.self)
    }
  }

  @Test("elasticNetSubgradient catches a subgradient missing its L1 term")
  func elasticNetSubgradientMissingL1() {
    withKnownIssue {
      RegularizationTests.checkElasticNetSubgradient(ElasticNetSubgradientMissingL1.self)
    }
  }

  @Test("the regression catches an L1 subgradient shaped like L2's, λ·w")
  func sparsityWithL1ShapedLikeL2() {
    withKnownIssue { RegularizationTests.checkSparsity(L1SubgradientShapedLikeL2.self) }
  }

  @Test("the regression catches an L2 gradient that pushes weights away from 0, −λ·w")
  func sparsityWithL2PushingOutward() {
    withKnownIssue { RegularizationTests.checkSparsity(L2GradientPushingOutward.self) }
  }
}

// MARK: - The wrong implementations

/// The reference penalties, for a planted bug to override one requirement of.
private protocol PlantedBug: RegularizationLesson {}

extension PlantedBug {
  static func l2Penalty(_ weights: Matrix, strength: Double) -> Double {
    Solutions.Regularization.l2Penalty(weights, strength: strength)
  }

  static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix {
    Solutions.Regularization.l2Gradient(weights, strength: strength)
  }

  static func l1Penalty(_ weights: Matrix, strength: Double) -> Double {
    Solutions.Regularization.l1Penalty(weights, strength: strength)
  }

  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    Solutions.Regularization.l1Subgradient(weights, strength: strength)
  }

  static func elasticNetPenalty(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Double
  {
    Solutions.Regularization.elasticNetPenalty(
      weights, l1Strength: l1Strength, l2Strength: l2Strength)
  }

  static func elasticNetSubgradient(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Matrix
  {
    Solutions.Regularization.elasticNetSubgradient(
      weights, l1Strength: l1Strength, l2Strength: l2Strength)
  }
}

/// ½·Σw²: the strength never multiplies.
private enum L2PenaltyForgettingStrength: PlantedBug {
  static func l2Penalty(_ weights: Matrix, strength: Double) -> Double {
    0.5 * weights.squaredNorm()
  }
}

/// λ·Σw² with its gradient 2λ·w: right for another course, not for this one.
private enum OtherHalfConvention: PlantedBug {
  static func l2Penalty(_ weights: Matrix, strength: Double) -> Double {
    strength * weights.squaredNorm()
  }

  static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix {
    2 * strength * weights
  }
}

/// 2λ·w beside the ½λΣw² penalty: d(w²)/dw = 2w remembered, the ½ forgotten.
private enum L2GradientTwiceStrength: PlantedBug {
  static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix {
    2 * strength * weights
  }
}

/// Σ|w|: the strength never multiplies.
private enum L1PenaltyForgettingStrength: PlantedBug {
  static func l1Penalty(_ weights: Matrix, strength: Double) -> Double {
    weights.map(abs).sum()
  }
}

/// λ·sign(w) with Double's `.sign`, which is `.plus` for 0.0.
private enum SignOfZeroAsPlusOne: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    weights.map { w in w.sign == .plus ? strength : -strength }
  }
}

/// sign(w) alone.
private enum L1SubgradientForgettingStrength: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    Solutions.Regularization.l1Subgradient(weights, strength: 1)
  }
}

/// λ₁·Σ|w| alone: the L2 term left out.
private enum ElasticNetPenaltyMissingL2: PlantedBug {
  static func elasticNetPenalty(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Double
  {
    Solutions.Regularization.l1Penalty(weights, strength: l1Strength)
  }
}

/// λ₂·w alone: the L1 term left out.
private enum ElasticNetSubgradientMissingL1: PlantedBug {
  static func elasticNetSubgradient(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Matrix
  {
    Solutions.Regularization.l2Gradient(weights, strength: l2Strength)
  }
}

/// λ·w for L1: the L2 gradient under the L1 name, so nothing reaches 0.
private enum L1SubgradientShapedLikeL2: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    strength * weights
  }
}

/// −λ·w: added to the loss's gradient, it drives the weights up instead of down.
private enum L2GradientPushingOutward: PlantedBug {
  static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix {
    -strength * weights
  }
}
