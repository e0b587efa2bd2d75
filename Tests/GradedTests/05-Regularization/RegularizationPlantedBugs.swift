import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded regularization test fails on a plausible wrong implementation.
@Suite("Planted bugs · 05 L1/L2 regularization")
struct RegularizationPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck("l2Penalty catches a penalty that forgets λ, ½·Σw²") {
      RegularizationTests.checkL2Penalty(L2PenaltyForgettingStrength.self)
    },
    PlantedCheck("l2Penalty catches the other convention, λ·Σw² without the ½") {
      RegularizationTests.checkL2Penalty(OtherHalfConvention.self)
    },
    PlantedCheck("l2Gradient catches 2λ·w under the ½ convention") {
      RegularizationTests.checkL2Gradient(L2GradientTwiceStrength.self)
    },
    PlantedCheck("l2Gradient catches λ·Σw² with 2λ·w, which agree with each other") {
      RegularizationTests.checkL2Gradient(OtherHalfConvention.self)
    },
    PlantedCheck("l1Penalty catches λ·Σw, the absolute values forgotten") {
      RegularizationTests.checkL1Penalty(L1PenaltyWithoutAbsoluteValues.self)
    },
    PlantedCheck("l1Penalty catches a penalty that forgets λ, Σ|w|") {
      RegularizationTests.checkL1Penalty(L1PenaltyForgettingStrength.self)
    },
    PlantedCheck("l1Subgradient catches sign(0) taken as +1") {
      RegularizationTests.checkL1SubgradientValues(SignOfZeroAsPlusOne.self)
    },
    PlantedCheck("l1Subgradient catches sign(0) taken as −1, w > 0 ? λ : −λ") {
      RegularizationTests.checkL1SubgradientValues(SignOfZeroAsMinusOne.self)
    },
    PlantedCheck("l1Subgradient catches sign(w) written w/|w|, which is NaN at 0") {
      RegularizationTests.checkL1SubgradientValues(SignAsQuotient.self)
    },
    PlantedCheck("l1Subgradient catches −0.0 given −λ, w.sign tested before w == 0") {
      RegularizationTests.checkL1SubgradientValues(NegativeZeroAsNegative.self)
    },
    PlantedCheck("l1Subgradient catches weights below a tolerance treated as 0") {
      RegularizationTests.checkL1SubgradientValues(TinyWeightsAsZero.self)
    },
    PlantedCheck("l1Subgradient catches the right values laid out as one row") {
      RegularizationTests.checkL1SubgradientValues(SubgradientAsOneRow.self)
    },
    PlantedCheck("the L1 numeric check catches a subgradient that forgets λ, sign(w)") {
      RegularizationTests.checkL1SubgradientNumeric(L1SubgradientForgettingStrength.self)
    },
    PlantedCheck("the L1 numeric check catches a penalty that forgets λ beside a right subgradient")
    {
      RegularizationTests.checkL1SubgradientNumeric(L1PenaltyForgettingStrength.self)
    },
    PlantedCheck("elasticNetPenalty catches a penalty missing its L2 term") {
      RegularizationTests.checkElasticNetPenalty(ElasticNetPenaltyMissingL2.self)
    },
    PlantedCheck("elasticNetPenalty catches λ₁ and λ₂ swapped") {
      RegularizationTests.checkElasticNetPenalty(ElasticNetPenaltySwapped.self)
    },
    PlantedCheck("elasticNetPenalty catches the L2 term without its ½") {
      RegularizationTests.checkElasticNetPenalty(ElasticNetPenaltyWithoutHalf.self)
    },
    PlantedCheck("elasticNetSubgradient catches λ₁ and λ₂ swapped") {
      RegularizationTests.checkElasticNetSubgradient(ElasticNetSubgradientSwapped.self)
    },
    PlantedCheck("elasticNetSubgradient catches sign(0) taken as +1 in the L1 part") {
      RegularizationTests.checkElasticNetSubgradient(ElasticNetSignOfZero.self)
    },
    PlantedCheck("elasticNetSubgradient catches a subgradient missing its L1 term") {
      RegularizationTests.checkElasticNetSubgradient(ElasticNetSubgradientMissingL1.self)
    },
    PlantedCheck("the regression catches an L1 subgradient shaped like L2's, λ·w") {
      RegularizationTests.checkSparsity(L1SubgradientShapedLikeL2.self)
    },
    PlantedCheck("the regression catches an L2 gradient that pushes weights away from 0, −λ·w") {
      RegularizationTests.checkSparsity(L2GradientPushingOutward.self)
    },
    PlantedCheck(
      "the regression catches an L1 subgradient that pushes weights away from 0, −λ·sign(w)"
    ) {
      RegularizationTests.checkSparsity(L1SubgradientPushingOutward.self)
    },
  ]
}

/// Right implementations written differently from the reference: every graded test must pass.
@Suite("Alternative right implementations · 05 L1/L2 regularization")
struct RegularizationAlternatives {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck(
      asWritten: "loops in another order, λ inside the sums, sign(w) from two comparisons"
    ) {
      RegularizationTests.checkAll(LoopsAndComparisons.self)
    }
  ]
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

/// λ·Σw: a negative weight lowers the penalty.
private enum L1PenaltyWithoutAbsoluteValues: PlantedBug {
  static func l1Penalty(_ weights: Matrix, strength: Double) -> Double {
    strength * weights.sum()
  }
}

/// w > 0 ? λ : −λ: every zero weight is pushed to the negative side.
private enum SignOfZeroAsMinusOne: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    weights.map { w in w > 0 ? strength : -strength }
  }
}

/// λ·w/|w|: the sign as a quotient, 0/0 = NaN at a zero weight.
private enum SignAsQuotient: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    weights.map { w in strength * w / abs(w) }
  }
}

/// Tests `.sign == .minus` first, so −0.0 gets −λ; 0.0 gets 0 as it should.
private enum NegativeZeroAsNegative: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    weights.map { w in
      if w.sign == .minus { return -strength }
      return w == 0 ? 0 : strength
    }
  }
}

/// Treats |w| < 1e-8 as zero, a tolerance where the contract asks for an exact 0.
private enum TinyWeightsAsZero: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    weights.map { w in abs(w) < 1e-8 ? 0 : (w > 0 ? strength : -strength) }
  }
}

/// The right values, built as one row from the weights' storage.
private enum SubgradientAsOneRow: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    Matrix(row: Solutions.Regularization.l1Subgradient(weights, strength: strength).storage)
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

/// λ₂·Σ|w| + ½λ₁·Σw²: the strengths passed to the wrong penalties.
private enum ElasticNetPenaltySwapped: PlantedBug {
  static func elasticNetPenalty(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Double
  {
    Solutions.Regularization.elasticNetPenalty(
      weights, l1Strength: l2Strength, l2Strength: l1Strength)
  }
}

/// λ₁·Σ|w| + λ₂·Σw²: the ½ of the L2 term forgotten.
private enum ElasticNetPenaltyWithoutHalf: PlantedBug {
  static func elasticNetPenalty(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Double
  {
    l1Strength * weights.map(abs).sum() + l2Strength * weights.squaredNorm()
  }
}

/// λ₂·sign(w) + λ₁·w: the strengths passed to the wrong gradients.
private enum ElasticNetSubgradientSwapped: PlantedBug {
  static func elasticNetSubgradient(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Matrix
  {
    Solutions.Regularization.elasticNetSubgradient(
      weights, l1Strength: l2Strength, l2Strength: l1Strength)
  }
}

/// λ₁·sign(w) + λ₂·w with Double's `.sign` in the L1 part.
private enum ElasticNetSignOfZero: PlantedBug {
  static func elasticNetSubgradient(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Matrix
  {
    weights.map { w in (w.sign == .plus ? l1Strength : -l1Strength) + l2Strength * w }
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

/// −λ·sign(w): added to the loss's gradient, it drives the weights away from 0.
private enum L1SubgradientPushingOutward: PlantedBug {
  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    Solutions.Regularization.l1Subgradient(weights, strength: -strength)
  }
}

// MARK: - A right implementation written differently

/// Explicit loops, column by column, λ applied inside the sums and ½ last; sign(w) as the
/// difference of two comparisons. Rounds differently from the reference on seeded weights.
private enum LoopsAndComparisons: RegularizationLesson {
  static func sum(_ weights: Matrix, _ term: (Double) -> Double) -> Double {
    var total = 0.0
    for column in 0..<weights.columns {
      for row in 0..<weights.rows {
        total += term(weights[row, column])
      }
    }
    return total
  }

  static func sign(_ w: Double) -> Double {
    (w > 0 ? 1 : 0) - (w < 0 ? 1 : 0)
  }

  static func l2Penalty(_ weights: Matrix, strength: Double) -> Double {
    sum(weights) { strength * $0 * $0 } / 2
  }

  static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix {
    weights.map { strength * $0 }
  }

  static func l1Penalty(_ weights: Matrix, strength: Double) -> Double {
    sum(weights) { strength * abs($0) }
  }

  static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    weights.map { strength * sign($0) }
  }

  static func elasticNetPenalty(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Double
  {
    sum(weights) { l1Strength * abs($0) + l2Strength * $0 * $0 / 2 }
  }

  static func elasticNetSubgradient(_ weights: Matrix, l1Strength: Double, l2Strength: Double)
    -> Matrix
  {
    weights.map { l1Strength * sign($0) + l2Strength * $0 }
  }
}
