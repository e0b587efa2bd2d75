import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded softmax test fails on a plausible wrong implementation.
@Suite("Planted bugs · 03 Softmax")
struct SoftmaxPlantedBugs {
  @Test("the worked values catch a softmax that divides by the largest exponential, not the sum")
  func softmaxDividingByLargest() {
    withKnownIssue { SoftmaxTests.checkSoftmaxValues(SoftmaxDividingByLargest.self) }
  }

  @Test("the shift test catches a softmax without the max shift, NaN at ±1000")
  func shiftInvarianceWithoutMaxShift() {
    withKnownIssue { SoftmaxTests.checkShiftInvariance(SoftmaxWithoutMaxShift.self) }
  }

  @Test("the shift test catches a matrix softmax normalised down the columns")
  func shiftInvarianceOverColumns() {
    withKnownIssue { SoftmaxTests.checkShiftInvariance(SoftmaxOverColumns.self) }
  }

  @Test("the large-score test catches a softmax without the max shift")
  func largeScoresWithoutMaxShift() {
    withKnownIssue { SoftmaxTests.checkLargeScores(SoftmaxWithoutMaxShift.self) }
  }

  @Test("the large-score test catches one shift by the whole matrix's maximum")
  func largeScoresWithGlobalShift() {
    withKnownIssue { SoftmaxTests.checkLargeScores(SoftmaxWithGlobalShift.self) }
  }

  @Test("the row-wise test catches a matrix softmax normalised down the columns")
  func rowWiseOverColumns() {
    withKnownIssue { SoftmaxTests.checkRowWise(SoftmaxOverColumns.self) }
  }

  @Test("logSoftmax catches ln(softmax), −∞ where a probability underflows")
  func logSoftmaxAsLogOfSoftmax() {
    withKnownIssue { SoftmaxTests.checkLogSoftmax(LogSoftmaxAsLogOfSoftmax.self) }
  }

  @Test("logSoftmax catches x − ln Σ e^x without the max shift")
  func logSoftmaxWithoutMaxShift() {
    withKnownIssue { SoftmaxTests.checkLogSoftmax(LogSoftmaxWithoutMaxShift.self) }
  }

  @Test("the numeric check catches a backward pass that returns s ⊙ G, the diagonal only")
  func numericBackwardDiagonalOnly() {
    withKnownIssue { SoftmaxTests.checkSoftmaxBackwardNumeric(BackwardDiagonalOnly.self) }
  }

  @Test("the numeric check catches a backward pass with a flipped sign")
  func numericBackwardWithFlippedSign() {
    withKnownIssue { SoftmaxTests.checkSoftmaxBackwardNumeric(BackwardWithFlippedSign.self) }
  }

  @Test("the backward values catch s ⊙ G, the diagonal only")
  func backwardValuesDiagonalOnly() {
    withKnownIssue { SoftmaxTests.checkSoftmaxBackwardValues(BackwardDiagonalOnly.self) }
  }

  @Test("the backward values catch a flipped sign")
  func backwardValuesWithFlippedSign() {
    withKnownIssue { SoftmaxTests.checkSoftmaxBackwardValues(BackwardWithFlippedSign.self) }
  }

  @Test("logSoftmaxBackward catches G − s, the sum ΣG left out")
  func logSoftmaxBackwardWithoutSum() {
    withKnownIssue { SoftmaxTests.checkLogSoftmaxBackward(LogSoftmaxBackwardWithoutSum.self) }
  }

  @Test("logSoftmaxBackward catches a flipped sign")
  func logSoftmaxBackwardWithFlippedSign() {
    withKnownIssue {
      SoftmaxTests.checkLogSoftmaxBackward(LogSoftmaxBackwardWithFlippedSign.self)
    }
  }
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
