import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded cross-entropy test fails on a plausible wrong implementation.
@Suite("Planted bugs · 04 Cross-entropy")
struct CrossEntropyPlantedBugs {
  @Test("the binary values catch log p and log(1 − p) swapped")
  func binaryValuesWithSwappedLogs() {
    withKnownIssue { CrossEntropyTests.checkBinaryValues(BinaryLogsSwapped.self) }
  }

  @Test("the binary extremes catch log p and log(1 − p) swapped")
  func binaryExtremesWithSwappedLogs() {
    withKnownIssue { CrossEntropyTests.checkBinaryExtremes(BinaryLogsSwapped.self) }
  }

  @Test("the binary extremes catch y·log p + (1 − y)·log(1 − p) as written, NaN at p = 1")
  func binaryExtremesAsWritten() {
    withKnownIssue { CrossEntropyTests.checkBinaryExtremes(BinaryFormulaAsWritten.self) }
  }

  @Test("the categorical values catch a loss summed instead of averaged")
  func categoricalValuesSummed() {
    withKnownIssue { CrossEntropyTests.checkCategoricalValues(LossSummed.self) }
  }

  @Test("the huge-score test catches −log(softmax) without the max shift")
  func hugeScoresWithoutShift() {
    withKnownIssue { CrossEntropyTests.checkHugeScores(LossWithoutShift.self) }
  }

  @Test("the huge-score test catches a gradient from an unshifted softmax")
  func hugeScoresGradientWithoutShift() {
    withKnownIssue { CrossEntropyTests.checkHugeScores(GradientWithoutShift.self) }
  }

  @Test("the ln C sanity check catches a loss summed instead of averaged")
  func initialLossSummed() {
    withKnownIssue { CrossEntropyTests.checkInitialLoss(LossSummed.self) }
  }

  @Test("the worked example catches a gradient without 1/N")
  func workedExampleWithoutMean() {
    withKnownIssue { CrossEntropyTests.checkGradientWorkedExample(GradientWithoutMean.self) }
  }

  @Test("the worked example catches a flipped sign, one-hot − softmax")
  func workedExampleSignFlipped() {
    withKnownIssue { CrossEntropyTests.checkGradientWorkedExample(GradientSignFlipped.self) }
  }

  @Test("the check against your own loss catches a gradient without 1/N")
  func ownLossGradientWithoutMean() {
    withKnownIssue { CrossEntropyTests.checkGradientMatchesOwnLoss(GradientWithoutMean.self) }
  }

  @Test("the check against your own loss catches a flipped sign")
  func ownLossGradientSignFlipped() {
    withKnownIssue { CrossEntropyTests.checkGradientMatchesOwnLoss(GradientSignFlipped.self) }
  }

  @Test("the check against your own loss catches a summed loss beside an averaged gradient")
  func ownLossSummed() {
    withKnownIssue { CrossEntropyTests.checkGradientMatchesOwnLoss(LossSummed.self) }
  }

  @Test("the reference check catches a gradient without 1/N")
  func referenceGradientWithoutMean() {
    withKnownIssue {
      CrossEntropyTests.checkGradientMatchesReferenceLoss(GradientWithoutMean.self)
    }
  }

  @Test("the reference check catches a flipped sign")
  func referenceGradientSignFlipped() {
    withKnownIssue {
      CrossEntropyTests.checkGradientMatchesReferenceLoss(GradientSignFlipped.self)
    }
  }

  @Test("the reference check catches a summed loss with a gradient to match, which agree")
  func referenceCatchesConsistentSum() {
    CrossEntropyTests.checkGradientMatchesOwnLoss(SummedThroughout.self)
    withKnownIssue {
      CrossEntropyTests.checkGradientMatchesReferenceLoss(SummedThroughout.self)
    }
  }
}

// MARK: - The wrong implementations

/// The reference cross-entropy, for a planted bug to override one requirement of.
private protocol PlantedBug: CrossEntropyLesson {}

extension PlantedBug {
  static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double {
    Solutions.CrossEntropy.binaryCrossEntropy(probabilities: probabilities, labels: labels)
  }

  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    Solutions.CrossEntropy.crossEntropy(logits: logits, labels: labels)
  }

  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    Solutions.CrossEntropy.crossEntropyGradient(logits: logits, labels: labels)
  }
}

/// Charges −log(1 − p) for label 1 and −log p for label 0.
private enum BinaryLogsSwapped: PlantedBug {
  static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double {
    let terms = zip(probabilities, labels).map { p, y in y == 1 ? -log(1 - p) : -log(p) }
    return terms.reduce(0, +) / Double(terms.count)
  }
}

/// −[y·log p + (1 − y)·log(1 − p)] evaluated as written: 0·log 0 = 0·(−∞) = NaN.
private enum BinaryFormulaAsWritten: PlantedBug {
  static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double {
    let terms = zip(probabilities, labels).map { p, label in
      let y = Double(label)
      return -(y * log(p) + (1 - y) * log(1 - p))
    }
    return terms.reduce(0, +) / Double(terms.count)
  }
}

/// Adds up the examples' losses and forgets to divide by N.
private enum LossSummed: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    Solutions.CrossEntropy.crossEntropy(logits: logits, labels: labels) * Double(logits.rows)
  }
}

/// −log(e^{f_y} / Σ e^f) as written: e^1000 overflows to ∞, e^−1000 underflows to 0.
private enum LossWithoutShift: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    var total = 0.0
    for i in 0..<logits.rows {
      let exponentials = logits.row(i).map { exp($0) }
      total -= log(exponentials[labels[i]] / exponentials.reduce(0, +))
    }
    return total / Double(logits.rows)
  }
}

/// (softmax − one-hot) / N with the softmax not shifted: ∞/∞ = NaN on huge scores.
private enum GradientWithoutShift: PlantedBug {
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    var gradient = Matrix(rows: logits.rows, columns: logits.columns)
    for i in 0..<logits.rows {
      let exponentials = logits.row(i).map { exp($0) }
      let sum = exponentials.reduce(0, +)
      for j in 0..<logits.columns {
        gradient[i, j] = (exponentials[j] / sum - (j == labels[i] ? 1 : 0)) / Double(logits.rows)
      }
    }
    return gradient
  }
}

/// softmax − one-hot, without the 1/N of the mean.
private enum GradientWithoutMean: PlantedBug {
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    Solutions.CrossEntropy.crossEntropyGradient(logits: logits, labels: labels)
      * Double(logits.rows)
  }
}

/// (one-hot − softmax) / N: the gradient of the log-likelihood, uphill for the loss.
private enum GradientSignFlipped: PlantedBug {
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    -Solutions.CrossEntropy.crossEntropyGradient(logits: logits, labels: labels)
  }
}

/// A summed loss and the gradient of that sum: wrong twice, yet the two agree.
private enum SummedThroughout: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    LossSummed.crossEntropy(logits: logits, labels: labels)
  }

  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    GradientWithoutMean.crossEntropyGradient(logits: logits, labels: labels)
  }
}
