import Foundation
import GradKit

public enum CrossEntropy: CrossEntropyLesson {
  public static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double {
    precondition(
      probabilities.count == labels.count,
      "binaryCrossEntropy needs one label per probability, got \(labels.count) labels "
        + "for \(probabilities.count) probabilities")
    var total = 0.0
    for (p, y) in zip(probabilities, labels) {
      // Only the true label's term: the other is multiplied by 0, and in floating point
      // 0·log 0 is 0·(−∞) = NaN although its limit is 0. So p = 1 with y = 1 costs log 1 = 0,
      // and p = 0 with y = 1 costs −log 0 = +∞, the honest price of a certain mistake.
      // log1p(−p) is log(1 − p) without rounding 1 − p first, which would lose p's digits
      // when p is tiny.
      total -= y == 1 ? log(p) : log1p(-p)
    }
    return total / Double(probabilities.count)
  }

  public static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    checkLabels(labels, for: logits)
    var total = 0.0
    for i in 0..<logits.rows {
      let scores = logits.row(i)
      // −log softmax(f)[y] = −f_y + log Σ e^f. Taking the log of the probability instead
      // fails when it underflows: log 0 = −∞, and e^1000 overflows before that.
      total += logSumExp(scores) - scores[labels[i]]
    }
    // The mean, not the sum: the loss (and its gradient) then does not grow with the batch.
    return total / Double(logits.rows)
  }

  public static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    checkLabels(labels, for: logits)
    let n = Double(logits.rows)
    var gradient = Matrix(rows: logits.rows, columns: logits.columns)
    for i in 0..<logits.rows {
      // ∂Lᵢ/∂fⱼ = softmax(f)ⱼ − [j = y]: the −f_y term gives the −1 in the true class, the
      // log-sum-exp gives the softmax. Each row then shares the 1/N of the mean.
      let probabilities = softmax(logits.row(i))
      for j in 0..<logits.columns {
        let oneHot: Double = j == labels[i] ? 1 : 0
        gradient[i, j] = (probabilities[j] - oneHot) / n
      }
    }
    return gradient
  }

  /// The log of the sum of exponentials, shifted by the maximum m.
  ///
  ///     log Σⱼ e^{xⱼ} = m + log Σⱼ e^{xⱼ − m}
  ///
  /// The largest term is e⁰ = 1, so the sum is at least 1: nothing overflows and the log
  /// never sees 0. Terms far below m underflow to 0, which changes the sum by less than
  /// its rounding.
  private static func logSumExp(_ x: [Double]) -> Double {
    let m = x.max() ?? -.infinity
    return m + log(x.reduce(0) { sum, xj in sum + exp(xj - m) })
  }

  /// The softmax of one row of scores, shifted by its maximum.
  ///
  ///     softmax(x)ⱼ = e^{xⱼ − m} / Σₖ e^{xₖ − m}
  ///
  /// Module 03 teaches this function; this module keeps its own copy so it stands alone.
  private static func softmax(_ x: [Double]) -> [Double] {
    let m = x.max() ?? -.infinity
    let exponentials = x.map { xj in exp(xj - m) }
    let sum = exponentials.reduce(0, +)
    return exponentials.map { $0 / sum }
  }

  /// Stops with a message naming the shapes when the labels do not fit the scores.
  private static func checkLabels(_ labels: [Int], for logits: Matrix) {
    precondition(
      labels.count == logits.rows,
      "cross-entropy needs one label per row, got \(labels.count) labels for "
        + "\(logits.shapeDescription) logits")
    precondition(
      labels.allSatisfy { (0..<logits.columns).contains($0) },
      "cross-entropy labels must be classes 0..<\(logits.columns), got \(labels)")
  }
}
