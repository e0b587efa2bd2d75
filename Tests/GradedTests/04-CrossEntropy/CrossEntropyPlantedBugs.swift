import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded cross-entropy test fails on a plausible wrong implementation.
@Suite("Planted bugs · 04 Cross-entropy")
struct CrossEntropyPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck("the binary values catch log p and log(1 − p) swapped") {
      CrossEntropyTests.checkBinaryValues(BinaryLogsSwapped.self)
    },
    PlantedCheck("the binary extremes catch log p and log(1 − p) swapped") {
      CrossEntropyTests.checkBinaryExtremes(BinaryLogsSwapped.self)
    },
    PlantedCheck("the binary extremes catch y·log p + (1 − y)·log(1 − p) as written, NaN at p = 1")
    { CrossEntropyTests.checkBinaryExtremes(BinaryFormulaAsWritten.self) },
    PlantedCheck("the binary extremes catch probabilities clamped to [1e−7, 1 − 1e−7]") {
      CrossEntropyTests.checkBinaryExtremes(BinaryClamped.self)
    },
    PlantedCheck("the binary values catch a loss summed instead of averaged") {
      CrossEntropyTests.checkBinaryValues(BinarySummed.self)
    },
    PlantedCheck("the binary values catch log2 in place of the natural log") {
      CrossEntropyTests.checkBinaryValues(BinaryInBaseTwo.self)
    },
    PlantedCheck("the categorical values catch a loss summed instead of averaged") {
      CrossEntropyTests.checkCategoricalValues(LossSummed.self)
    },
    PlantedCheck("the huge-score test catches −log(softmax) without the max shift") {
      CrossEntropyTests.checkHugeScores(LossWithoutShift.self)
    },
    PlantedCheck("the huge-score test catches a shift by the first score, not the maximum") {
      CrossEntropyTests.checkHugeScores(LossShiftedByFirstScore.self)
    },
    PlantedCheck("the huge-score test catches a shift by the label's score, log Σ e^(f − f_y)") {
      CrossEntropyTests.checkHugeScores(LossShiftedByLabelScore.self)
    },
    PlantedCheck("the huge-score test catches −log of the shifted softmax, +∞ where it underflows")
    { CrossEntropyTests.checkHugeScores(LossAsLogOfSoftmax.self) },
    PlantedCheck("the huge-score test catches one shift for the whole batch") {
      CrossEntropyTests.checkHugeScores(LossWithGlobalShift.self)
    },
    PlantedCheck(
      asWritten: "the huge-score test accepts m + log1p(Σ over the others of e^(f − m)) − f_y"
    ) {
      CrossEntropyTests.checkCategoricalValues(LossWithLog1p.self)
      CrossEntropyTests.checkHugeScores(LossWithLog1p.self)
    },
    PlantedCheck("the huge-score gradient test catches a gradient from an unshifted softmax") {
      CrossEntropyTests.checkHugeScoresGradient(GradientWithoutShift.self)
    },
    PlantedCheck("the huge-score gradient test catches a softmax shifted by the first score") {
      CrossEntropyTests.checkHugeScoresGradient(GradientShiftedByFirstScore.self)
    },
    PlantedCheck("the huge-score gradient test catches one shift for the whole batch") {
      CrossEntropyTests.checkHugeScoresGradient(GradientWithGlobalShift.self)
    },
    PlantedCheck("the ln C sanity check catches a loss summed instead of averaged") {
      CrossEntropyTests.checkInitialLoss(LossSummed.self)
    },
    PlantedCheck("the ln C sanity check catches log10 in place of the natural log") {
      CrossEntropyTests.checkInitialLoss(LossInBaseTen.self)
    },
    PlantedCheck("the categorical values catch log10 in place of the natural log") {
      CrossEntropyTests.checkCategoricalValues(LossInBaseTen.self)
    },
    PlantedCheck("the worked example catches a gradient without 1/N") {
      CrossEntropyTests.checkGradientWorkedExample(GradientWithoutMean.self)
    },
    PlantedCheck("the worked example catches a flipped sign, one-hot − softmax") {
      CrossEntropyTests.checkGradientWorkedExample(GradientSignFlipped.self)
    },
    PlantedCheck("the worked example catches softmax / N, the one-hot not subtracted") {
      CrossEntropyTests.checkGradientWorkedExample(GradientWithoutOneHot.self)
    },
    PlantedCheck("the check against your own loss catches a gradient laid out classes × examples") {
      CrossEntropyTests.checkGradientMatchesOwnLoss(GradientTransposed.self)
    },
    PlantedCheck(asWritten: "every gradient test accepts (e^(f − log-sum-exp) − one-hot) / N") {
      CrossEntropyTests.checkGradientWorkedExample(GradientFromLogSumExp.self)
      CrossEntropyTests.checkHugeScoresGradient(GradientFromLogSumExp.self)
      CrossEntropyTests.checkGradientMatchesOwnLoss(GradientFromLogSumExp.self)
      CrossEntropyTests.checkGradientMatchesReferenceLoss(GradientFromLogSumExp.self)
    },
    PlantedCheck("the check against your own loss catches a gradient without 1/N") {
      CrossEntropyTests.checkGradientMatchesOwnLoss(GradientWithoutMean.self)
    },
    PlantedCheck("the check against your own loss catches a flipped sign") {
      CrossEntropyTests.checkGradientMatchesOwnLoss(GradientSignFlipped.self)
    },
    PlantedCheck(
      "the check against your own loss catches a summed loss beside an averaged gradient"
    ) { CrossEntropyTests.checkGradientMatchesOwnLoss(LossSummed.self) },
    PlantedCheck("the reference check catches a gradient without 1/N") {
      CrossEntropyTests.checkGradientMatchesReferenceLoss(GradientWithoutMean.self)
    },
    PlantedCheck("the reference check catches a flipped sign") {
      CrossEntropyTests.checkGradientMatchesReferenceLoss(GradientSignFlipped.self)
    },
    PlantedCheck(
      asWritten: "the reference check catches a summed loss with a gradient to match, which agree"
    ) {
      CrossEntropyTests.checkGradientMatchesOwnLoss(SummedThroughout.self)
      withKnownIssue(planted) {
        CrossEntropyTests.checkGradientMatchesReferenceLoss(SummedThroughout.self)
      }
    },
  ]
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

/// Probabilities clamped to [1e−7, 1 − 1e−7] before the logarithms, as some libraries do.
private enum BinaryClamped: PlantedBug {
  static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double {
    Solutions.CrossEntropy.binaryCrossEntropy(
      probabilities: probabilities.map { min(max($0, 1e-7), 1 - 1e-7) }, labels: labels)
  }
}

/// The examples' losses added up, not averaged.
private enum BinarySummed: PlantedBug {
  static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double {
    Solutions.CrossEntropy.binaryCrossEntropy(probabilities: probabilities, labels: labels)
      * Double(labels.count)
  }
}

/// log2 in place of the natural log.
private enum BinaryInBaseTwo: PlantedBug {
  static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double {
    Solutions.CrossEntropy.binaryCrossEntropy(probabilities: probabilities, labels: labels)
      / log(2)
  }
}

/// m + log Σ e^(f − m) − f_y with m the row's first score instead of its maximum.
private enum LossShiftedByFirstScore: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    shiftedLoss(logits, labels) { row, _ in row[0] }
  }
}

/// log Σ e^(f − f_y): the label's score as the shift.
private enum LossShiftedByLabelScore: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    shiftedLoss(logits, labels) { row, label in row[label] }
  }
}

/// One shift, the maximum of the whole batch, for every row.
private enum LossWithGlobalShift: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    let largest = logits.storage.max() ?? 0
    return shiftedLoss(logits, labels) { _, _ in largest }
  }
}

/// The mean of m + log Σ e^(f − m) − f_y with the shift m a wrong-headed choice.
private func shiftedLoss(
  _ logits: Matrix, _ labels: [Int], shift: ([Double], Int) -> Double
) -> Double {
  var total = 0.0
  for i in 0..<logits.rows {
    let row = logits.row(i)
    let m = shift(row, labels[i])
    total += m + log(row.map { exp($0 - m) }.reduce(0, +)) - row[labels[i]]
  }
  return total / Double(logits.rows)
}

/// −log softmax(f)[y] with a properly shifted softmax: +∞ once that probability underflows.
private enum LossAsLogOfSoftmax: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    var total = 0.0
    for i in 0..<logits.rows {
      let row = logits.row(i)
      let m = row.max() ?? 0
      let exponentials = row.map { exp($0 - m) }
      total -= log(exponentials[labels[i]] / exponentials.reduce(0, +))
    }
    return total / Double(logits.rows)
  }
}

/// A right loss: m + log1p(Σ over the other scores of e^(f − m)) − f_y.
private enum LossWithLog1p: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    var total = 0.0
    for i in 0..<logits.rows {
      let row = logits.row(i)
      let top = row.indices.max { row[$0] < row[$1] } ?? 0
      let rest = row.indices.filter { $0 != top }.map { exp(row[$0] - row[top]) }
      total += row[top] + log1p(rest.reduce(0, +)) - row[labels[i]]
    }
    return total / Double(logits.rows)
  }
}

/// (softmax − one-hot) / N with each row's softmax shifted by its first score.
private enum GradientShiftedByFirstScore: PlantedBug {
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    shiftedGradient(logits, labels) { row in row[0] }
  }
}

/// (softmax − one-hot) / N with every row shifted by the batch's maximum.
private enum GradientWithGlobalShift: PlantedBug {
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    let largest = logits.storage.max() ?? 0
    return shiftedGradient(logits, labels) { _ in largest }
  }
}

/// (softmax − one-hot) / N with the softmax's shift a wrong-headed choice.
private func shiftedGradient(
  _ logits: Matrix, _ labels: [Int], shift: ([Double]) -> Double
) -> Matrix {
  var gradient = logits
  for i in 0..<logits.rows {
    let row = logits.row(i)
    let m = shift(row)
    let exponentials = row.map { exp($0 - m) }
    let total = exponentials.reduce(0, +)
    for j in 0..<logits.columns {
      gradient[i, j] = (exponentials[j] / total - (j == labels[i] ? 1 : 0)) / Double(logits.rows)
    }
  }
  return gradient
}

/// log10 in place of the natural log.
private enum LossInBaseTen: PlantedBug {
  static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    Solutions.CrossEntropy.crossEntropy(logits: logits, labels: labels) / log(10)
  }
}

/// softmax / N: the one-hot never subtracted.
private enum GradientWithoutOneHot: PlantedBug {
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    var gradient = Solutions.CrossEntropy.crossEntropyGradient(logits: logits, labels: labels)
    for (i, label) in labels.enumerated() {
      gradient[i, label] += 1 / Double(logits.rows)
    }
    return gradient
  }
}

/// The right gradient laid out as its transpose, classes × examples.
private enum GradientTransposed: PlantedBug {
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    Solutions.CrossEntropy.crossEntropyGradient(logits: logits, labels: labels).transposed
  }
}

/// A right gradient: (e^(f − log-sum-exp(f)) − one-hot) / N.
private enum GradientFromLogSumExp: PlantedBug {
  static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    var gradient = logits
    for i in 0..<logits.rows {
      let row = logits.row(i)
      let m = row.max() ?? 0
      let logSum = m + log(row.map { exp($0 - m) }.reduce(0, +))
      for j in 0..<logits.columns {
        let oneHot: Double = j == labels[i] ? 1 : 0
        gradient[i, j] = (exp(row[j] - logSum) - oneHot) / Double(logits.rows)
      }
    }
    return gradient
  }
}
