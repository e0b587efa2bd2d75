import Foundation
import GradKit

public enum Softmax: SoftmaxLesson {
  public static func softmax(_ scores: [Double]) -> [Double] {
    // softmax(x) = softmax(x − c) for any constant c: the e^(−c) cancels between top and
    // bottom. Choosing c = max makes the largest exponent exactly 0, so no e^x overflows and
    // the sum is at least 1, so it cannot underflow to 0 either.
    guard let largest = scores.max() else { return [] }
    let exponentials = scores.map { exp($0 - largest) }
    let total = exponentials.reduce(0, +)
    return exponentials.map { $0 / total }
  }

  public static func softmax(_ scores: Matrix) -> Matrix {
    // Each row is one example, so each row gets its own shift and its own sum. One shift for
    // the whole matrix would be wrong for a row whose scores all sit far below the global
    // maximum: every e^(x − max) of that row underflows to 0 and the row becomes 0 / 0.
    Matrix(
      rows: scores.rows, columns: scores.columns,
      storage: (0..<scores.rows).flatMap { i in softmax(scores.row(i)) })
  }

  public static func logSoftmax(_ scores: [Double]) -> [Double] {
    // ln softmax(x)ᵢ = xᵢ − ln Σⱼ e^(xⱼ), and with the same shift m = max:
    // xᵢ − m − ln Σⱼ e^(xⱼ − m). The sum lies in [1, n], so its logarithm is harmless, and
    // the result never passes through a softmax that rounds to 0: no ln 0 = −∞.
    guard let largest = scores.max() else { return [] }
    let logSum = log(scores.map { exp($0 - largest) }.reduce(0, +))
    return scores.map { $0 - largest - logSum }
  }

  public static func logSoftmax(_ scores: Matrix) -> Matrix {
    Matrix(
      rows: scores.rows, columns: scores.columns,
      storage: (0..<scores.rows).flatMap { i in logSoftmax(scores.row(i)) })
  }

  public static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    precondition(
      scores.shape == upstream.shape,
      "softmaxBackward needs upstream of the scores' shape, got \(upstream.shapeDescription) "
        + "for \(scores.shapeDescription)")
    // ∂sⱼ/∂xᵢ = sⱼ(δᵢⱼ − sᵢ): raising one score raises its own probability and, because the
    // row must still sum to 1, lowers all the others. So
    // dxᵢ = Σⱼ Gⱼ sⱼ(δᵢⱼ − sᵢ) = sᵢ(Gᵢ − Σⱼ Gⱼ sⱼ): one dot product per row, no n×n Jacobian.
    let s = softmax(scores)
    var dScores = Matrix(rows: scores.rows, columns: scores.columns)
    for i in 0..<scores.rows {
      // Σⱼ Gⱼ sⱼ is G averaged with the probabilities as weights; each score's gradient is
      // its probability times how far its own Gᵢ sits above that average.
      let weightedMean = dot(s.row(i), upstream.row(i))
      for j in 0..<scores.columns {
        dScores[i, j] = s[i, j] * (upstream[i, j] - weightedMean)
      }
    }
    return dScores
  }

  public static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    precondition(
      scores.shape == upstream.shape,
      "logSoftmaxBackward needs upstream of the scores' shape, got \(upstream.shapeDescription) "
        + "for \(scores.shapeDescription)")
    // ∂(ln sⱼ)/∂xᵢ = δᵢⱼ − sᵢ, so dxᵢ = Gᵢ − sᵢ Σⱼ Gⱼ. With G = −one-hot(label) this is
    // s − one-hot(label): the gradient of cross-entropy met in the next module.
    let s = softmax(scores)
    let totals = upstream.rowSums()
    var dScores = upstream
    for i in 0..<scores.rows {
      for j in 0..<scores.columns {
        dScores[i, j] -= s[i, j] * totals[i, 0]
      }
    }
    return dScores
  }
}
