import GradKit

public enum Softmax: SoftmaxLesson {
  public static func softmax(_ scores: [Double]) -> [Double] {
    // TODO: Return the softmax of the scores: values in [0, 1] summing to 1, finite even for
    // scores of ±1000.
    unimplemented()
  }

  public static func softmax(_ scores: Matrix) -> Matrix {
    // TODO: Return the softmax of each row of scores, as a matrix of the same shape.
    unimplemented()
  }

  public static func logSoftmax(_ scores: [Double]) -> [Double] {
    // TODO: Return the logarithm of the softmax of the scores, finite for every finite score.
    unimplemented()
  }

  public static func logSoftmax(_ scores: Matrix) -> Matrix {
    // TODO: Return the log-softmax of each row of scores, as a matrix of the same shape.
    unimplemented()
  }

  public static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    // TODO: Return the gradient of the loss with respect to the scores, given the gradient
    // `upstream` with respect to softmax(scores), row by row.
    unimplemented()
  }

  public static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    // TODO: Return the gradient of the loss with respect to the scores, given the gradient
    // `upstream` with respect to logSoftmax(scores), row by row.
    unimplemented()
  }
}
