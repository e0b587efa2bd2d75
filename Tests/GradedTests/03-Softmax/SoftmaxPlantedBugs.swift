import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded softmax test fails on a plausible wrong implementation.
@Suite("Planted bugs · 03 Softmax")
struct SoftmaxPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck(
      "the worked values catch a softmax that divides by the largest exponential, not the sum"
    ) { SoftmaxTests.checkSoftmaxValues(SoftmaxDividingByLargest.self) },
    PlantedCheck("the shift test catches a softmax without the max shift, NaN at ±1000") {
      SoftmaxTests.checkShiftInvariance(SoftmaxWithoutMaxShift.self)
    },
    PlantedCheck("the shift test catches a matrix softmax normalised down the columns") {
      SoftmaxTests.checkShiftInvariance(SoftmaxOverColumns.self)
    },
    PlantedCheck("the large-score test catches a softmax without the max shift") {
      SoftmaxTests.checkLargeScores(SoftmaxWithoutMaxShift.self)
    },
    PlantedCheck("the large-score test catches a shift by the first score, not the maximum") {
      SoftmaxTests.checkLargeScores(SoftmaxShiftedByFirstScore.self)
    },
    PlantedCheck("the row-wise test catches a matrix softmax normalised down the columns") {
      SoftmaxTests.checkRowWise(SoftmaxOverColumns.self)
    },
    PlantedCheck("the row-scales test catches one shift by the whole matrix's maximum") {
      SoftmaxTests.checkRowScales(SoftmaxWithGlobalShift.self)
    },
    PlantedCheck("the row-scales test catches every row shifted by the first row's maximum") {
      SoftmaxTests.checkRowScales(SoftmaxShiftedByFirstRowMaximum.self)
    },
    PlantedCheck("the row-scales test catches a shift by each column's maximum") {
      SoftmaxTests.checkRowScales(SoftmaxShiftedByColumnMaxima.self)
    },
    PlantedCheck(asWritten: "every softmax test accepts softmax computed as exp(logSoftmax)") {
      SoftmaxTests.checkSoftmaxValues(SoftmaxFromLogSoftmax.self)
      SoftmaxTests.checkShiftInvariance(SoftmaxFromLogSoftmax.self)
      SoftmaxTests.checkLargeScores(SoftmaxFromLogSoftmax.self)
      SoftmaxTests.checkRowWise(SoftmaxFromLogSoftmax.self)
      SoftmaxTests.checkRowScales(SoftmaxFromLogSoftmax.self)
    },
    PlantedCheck("logSoftmax catches ln(softmax), −∞ where a probability underflows") {
      SoftmaxTests.checkLogSoftmax(LogSoftmaxAsLogOfSoftmax.self)
    },
    PlantedCheck("logSoftmax catches x − ln Σ e^x without the max shift") {
      SoftmaxTests.checkLogSoftmax(LogSoftmaxWithoutMaxShift.self)
    },
    PlantedCheck("logSoftmax catches x − ln Σ e^(x − m), the shift not subtracted back") {
      SoftmaxTests.checkLogSoftmax(LogSoftmaxWithoutMinusMax.self)
    },
    PlantedCheck("logSoftmax catches a shift by the first score, not the maximum") {
      SoftmaxTests.checkLogSoftmax(LogSoftmaxShiftedByFirstScore.self)
    },
    PlantedCheck("logSoftmax catches one shift by the whole matrix's maximum") {
      SoftmaxTests.checkLogSoftmax(LogSoftmaxWithGlobalShift.self)
    },
    PlantedCheck("the numeric check catches a backward pass that returns s ⊙ G, the diagonal only")
    {
      SoftmaxTests.checkSoftmaxBackwardNumeric(BackwardDiagonalOnly.self)
    },
    PlantedCheck("the numeric check catches a backward pass with a flipped sign") {
      SoftmaxTests.checkSoftmaxBackwardNumeric(BackwardWithFlippedSign.self)
    },
    PlantedCheck("the numeric check catches a backward pass that returns the transpose") {
      SoftmaxTests.checkSoftmaxBackwardNumeric(BackwardTransposed.self)
    },
    PlantedCheck("the backward values catch s ⊙ G, the diagonal only") {
      SoftmaxTests.checkSoftmaxBackwardValues(BackwardDiagonalOnly.self)
    },
    PlantedCheck("the backward values catch a flipped sign") {
      SoftmaxTests.checkSoftmaxBackwardValues(BackwardWithFlippedSign.self)
    },
    PlantedCheck("the backward values catch the scores taken for the probabilities") {
      SoftmaxTests.checkSoftmaxBackwardValues(BackwardTakingScoresForProbabilities.self)
    },
    PlantedCheck("the backward values catch Σ G ⊙ s taken over the whole matrix") {
      SoftmaxTests.checkSoftmaxBackwardValues(BackwardSummingWholeMatrix.self)
    },
    PlantedCheck(
      "the backward values catch a softmax without the max shift inside the backward pass"
    ) {
      SoftmaxTests.checkSoftmaxBackwardValues(BackwardWithoutMaxShift.self)
    },
    PlantedCheck(
      asWritten: "both softmaxBackward tests accept Jᵀ·G with the Jacobian built in full"
    ) {
      SoftmaxTests.checkSoftmaxBackwardNumeric(BackwardThroughJacobian.self)
      SoftmaxTests.checkSoftmaxBackwardValues(BackwardThroughJacobian.self)
    },
    PlantedCheck("logSoftmaxBackward catches G − s, the sum ΣG left out") {
      SoftmaxTests.checkLogSoftmaxBackward(LogSoftmaxBackwardWithoutSum.self)
    },
    PlantedCheck("logSoftmaxBackward catches a flipped sign") {
      SoftmaxTests.checkLogSoftmaxBackward(LogSoftmaxBackwardWithFlippedSign.self)
    },
    PlantedCheck("logSoftmaxBackward catches the chain rule through softmax, G / s") {
      SoftmaxTests.checkLogSoftmaxBackward(LogSoftmaxBackwardThroughSoftmax.self)
    },
    PlantedCheck("logSoftmaxBackward catches ΣG taken over the whole matrix") {
      SoftmaxTests.checkLogSoftmaxBackward(LogSoftmaxBackwardSummingWholeMatrix.self)
    },
    PlantedCheck(
      "logSoftmaxBackward catches a softmax without the max shift inside the backward pass"
    ) {
      SoftmaxTests.checkLogSoftmaxBackward(LogSoftmaxBackwardWithoutMaxShift.self)
    },
  ]
}

// MARK: - The wrong implementations

/// The reference softmax, for a planted bug to override one requirement of.
///
/// The matrix forms are rebuilt row by row from the bug's own vector forms, so a broken
/// vector softmax shows in the matrix tests too.
private protocol PlantedBug: SoftmaxLesson {}

extension PlantedBug {
  static var reference: Solutions.Softmax.Type { Solutions.Softmax.self }

  static func softmax(_ scores: [Double]) -> [Double] {
    reference.softmax(scores)
  }

  static func softmax(_ scores: Matrix) -> Matrix {
    Matrix(
      rows: scores.rows, columns: scores.columns,
      storage: (0..<scores.rows).flatMap { softmax(scores.row($0)) })
  }

  static func logSoftmax(_ scores: [Double]) -> [Double] {
    reference.logSoftmax(scores)
  }

  static func logSoftmax(_ scores: Matrix) -> Matrix {
    Matrix(
      rows: scores.rows, columns: scores.columns,
      storage: (0..<scores.rows).flatMap { logSoftmax(scores.row($0)) })
  }

  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    reference.softmaxBackward(scores, upstream: upstream)
  }

  static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    reference.logSoftmaxBackward(scores, upstream: upstream)
  }
}

/// e^(x − max) / e^(max − max): divides by the largest exponential, which is 1.
private enum SoftmaxDividingByLargest: PlantedBug {
  static func softmax(_ scores: [Double]) -> [Double] {
    let largest = scores.max() ?? 0
    return scores.map { exp($0 - largest) }
  }
}

/// e^xᵢ / Σ e^xⱼ as written: ∞/∞ = NaN once a score passes 709, 0/0 below −745.
private enum SoftmaxWithoutMaxShift: PlantedBug {
  static func softmax(_ scores: [Double]) -> [Double] {
    let exponentials = scores.map { exp($0) }
    let total = exponentials.reduce(0, +)
    return exponentials.map { $0 / total }
  }
}

/// The matrix softmax taken down each column (over the examples) instead of along each row.
private enum SoftmaxOverColumns: PlantedBug {
  static func softmax(_ scores: Matrix) -> Matrix {
    reference.softmax(scores.transposed).transposed
  }
}

/// Every row shifted by the maximum of the whole matrix, not by its own.
private enum SoftmaxWithGlobalShift: PlantedBug {
  static func softmax(_ scores: Matrix) -> Matrix {
    let largest = scores.storage.max() ?? 0
    let exponentials = scores.map { exp($0 - largest) }
    var result = exponentials
    for i in 0..<scores.rows {
      let total = exponentials.row(i).reduce(0, +)
      for j in 0..<scores.columns {
        result[i, j] /= total
      }
    }
    return result
  }
}

/// ln of the stable softmax: −∞ wherever a probability underflows to 0.
private enum LogSoftmaxAsLogOfSoftmax: PlantedBug {
  static func logSoftmax(_ scores: [Double]) -> [Double] {
    reference.softmax(scores).map { log($0) }
  }
}

/// xᵢ − ln Σ e^xⱼ without the shift: ln ∞ = ∞ for a score of 1000.
private enum LogSoftmaxWithoutMaxShift: PlantedBug {
  static func logSoftmax(_ scores: [Double]) -> [Double] {
    let logSum = log(scores.map { exp($0) }.reduce(0, +))
    return scores.map { $0 - logSum }
  }
}

/// s ⊙ G: the diagonal sᵢ of the Jacobian, without the −sᵢsⱼ terms.
private enum BackwardDiagonalOnly: PlantedBug {
  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    reference.softmax(scores) .* upstream
  }
}

/// −s ⊙ (G − Σ G ⊙ s).
private enum BackwardWithFlippedSign: PlantedBug {
  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    -reference.softmaxBackward(scores, upstream: upstream)
  }
}

/// G − s, as if ΣG were always 1.
private enum LogSoftmaxBackwardWithoutSum: PlantedBug {
  static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    upstream - reference.softmax(scores)
  }
}

/// s · ΣG − G.
private enum LogSoftmaxBackwardWithFlippedSign: PlantedBug {
  static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    -reference.logSoftmaxBackward(scores, upstream: upstream)
  }
}

/// Shifts by the first score: right unless a later score is 709 or more above it.
private enum SoftmaxShiftedByFirstScore: PlantedBug {
  static func softmax(_ scores: [Double]) -> [Double] {
    let first = scores.first ?? 0
    let exponentials = scores.map { exp($0 - first) }
    let total = exponentials.reduce(0, +)
    return exponentials.map { $0 / total }
  }
}

/// The maximum of row 0, computed once before the loop, used for every row.
private enum SoftmaxShiftedByFirstRowMaximum: PlantedBug {
  static func softmax(_ scores: Matrix) -> Matrix {
    let shift = scores.row(0).max() ?? 0
    return SoftmaxTests.softmax(scores) { _ in shift }
  }
}

/// Each element shifted by its column's maximum (the maximum taken along the wrong axis).
private enum SoftmaxShiftedByColumnMaxima: PlantedBug {
  static func softmax(_ scores: Matrix) -> Matrix {
    let maxima = (0..<scores.columns).map { j in
      (0..<scores.rows).map { scores[$0, j] }.max() ?? 0
    }
    var result = scores
    for i in 0..<scores.rows {
      let exponentials = (0..<scores.columns).map { j in exp(scores[i, j] - maxima[j]) }
      let total = exponentials.reduce(0, +)
      for j in 0..<scores.columns {
        result[i, j] = exponentials[j] / total
      }
    }
    return result
  }
}

/// A right softmax: e^(logSoftmax(x)), the log-probabilities exponentiated.
private enum SoftmaxFromLogSoftmax: PlantedBug {
  static func softmax(_ scores: [Double]) -> [Double] {
    reference.logSoftmax(scores).map { exp($0) }
  }
}

/// x − ln Σ e^(x − m): shifted for the sum, but the shift never subtracted back.
private enum LogSoftmaxWithoutMinusMax: PlantedBug {
  static func logSoftmax(_ scores: [Double]) -> [Double] {
    let largest = scores.max() ?? 0
    let logSum = log(scores.map { exp($0 - largest) }.reduce(0, +))
    return scores.map { $0 - logSum }
  }
}

/// x − m − ln Σ e^(x − m) with m the first score, not the maximum.
private enum LogSoftmaxShiftedByFirstScore: PlantedBug {
  static func logSoftmax(_ scores: [Double]) -> [Double] {
    let first = scores.first ?? 0
    let logSum = log(scores.map { exp($0 - first) }.reduce(0, +))
    return scores.map { $0 - first - logSum }
  }
}

/// Every row shifted by the maximum of the whole matrix.
private enum LogSoftmaxWithGlobalShift: PlantedBug {
  static func logSoftmax(_ scores: Matrix) -> Matrix {
    let largest = scores.storage.max() ?? 0
    var result = scores
    for i in 0..<scores.rows {
      let logSum = log(scores.row(i).map { exp($0 - largest) }.reduce(0, +))
      for j in 0..<scores.columns {
        result[i, j] = scores[i, j] - largest - logSum
      }
    }
    return result
  }
}

/// Takes its input for the probabilities: x ⊙ (G − Σ G ⊙ x), no softmax at all.
private enum BackwardTakingScoresForProbabilities: PlantedBug {
  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    SoftmaxTests.backward(probabilities: scores, upstream)
  }
}

/// s ⊙ (G − Σ G ⊙ s) with one sum over every row.
private enum BackwardSummingWholeMatrix: PlantedBug {
  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    SoftmaxTests.backwardSummingEverything(reference.softmax(scores), upstream)
  }
}

/// The right formula on a softmax computed without the max shift.
private enum BackwardWithoutMaxShift: PlantedBug {
  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    SoftmaxTests.backward(probabilities: SoftmaxTests.softmax(scores) { _ in 0 }, upstream)
  }
}

/// A right backward pass: J = diag(s) − s·sᵀ built for each row, then Jᵀ·G.
private enum BackwardThroughJacobian: PlantedBug {
  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    let s = reference.softmax(scores)
    var result = scores
    for i in 0..<scores.rows {
      for j in 0..<scores.columns {
        result[i, j] = (0..<scores.columns).reduce(0) { total, k in
          let jacobian = (j == k ? s[i, j] : 0) - s[i, j] * s[i, k]
          return total + jacobian * upstream[i, k]
        }
      }
    }
    return result
  }
}

/// softmaxBackward(scores, G / s): the chain rule through ln, dividing by probabilities.
private enum LogSoftmaxBackwardThroughSoftmax: PlantedBug {
  static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    let s = reference.softmax(scores)
    var divided = upstream
    for index in divided.storage.indices {
      divided.storage[index] /= s.storage[index]
    }
    return reference.softmaxBackward(scores, upstream: divided)
  }
}

/// G − s · ΣG with one sum over every row.
private enum LogSoftmaxBackwardSummingWholeMatrix: PlantedBug {
  static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    upstream - reference.softmax(scores) * upstream.sum()
  }
}

/// G − s · ΣG with s computed without the max shift.
private enum LogSoftmaxBackwardWithoutMaxShift: PlantedBug {
  static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    let s = SoftmaxTests.softmax(scores) { _ in 0 }
    var result = upstream
    for i in 0..<scores.rows {
      let total = upstream.row(i).reduce(0, +)
      for j in 0..<scores.columns {
        result[i, j] -= s[i, j] * total
      }
    }
    return result
  }
}

/// The right gradient laid out as its transpose, classes × examples.
private enum BackwardTransposed: PlantedBug {
  static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    reference.softmaxBackward(scores, upstream: upstream).transposed
  }
}
