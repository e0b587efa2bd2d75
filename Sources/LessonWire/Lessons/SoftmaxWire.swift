import GradKit

extension SoftmaxLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      server.add("softmax(_: [Double])") { (scores: [Double]) in softmax(scores) }
      server.add("softmax(_: Matrix)") { (scores: Matrix) in softmax(scores) }
      server.add("logSoftmax(_: [Double])") { (scores: [Double]) in logSoftmax(scores) }
      server.add("logSoftmax(_: Matrix)") { (scores: Matrix) in logSoftmax(scores) }
      server.add("softmaxBackward(_:upstream:)") { (scores: Matrix, upstream: Matrix) in
        softmaxBackward(scores, upstream: upstream)
      }
      server.add("logSoftmaxBackward(_:upstream:)") { (scores: Matrix, upstream: Matrix) in
        logSoftmaxBackward(scores, upstream: upstream)
      }
    }
  }
}

/// Module 03 as another process computes it, called over the pipe.
public enum RemoteSoftmax<Side: LinkSide>: SoftmaxLesson {
  static var link: LearnerLink { Side.link(for: "03-Softmax") }

  public static func softmax(_ scores: [Double]) -> [Double] {
    link.call("softmax(_: [Double])", scores)
  }

  public static func softmax(_ scores: Matrix) -> Matrix {
    link.call("softmax(_: Matrix)", scores)
  }

  public static func logSoftmax(_ scores: [Double]) -> [Double] {
    link.call("logSoftmax(_: [Double])", scores)
  }

  public static func logSoftmax(_ scores: Matrix) -> Matrix {
    link.call("logSoftmax(_: Matrix)", scores)
  }

  public static func softmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    link.call("softmaxBackward(_:upstream:)", scores, upstream)
  }

  public static func logSoftmaxBackward(_ scores: Matrix, upstream: Matrix) -> Matrix {
    link.call("logSoftmaxBackward(_:upstream:)", scores, upstream)
  }
}
