import GradKit

extension CrossEntropyLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      server.add("binaryCrossEntropy(probabilities:labels:)") {
        (probabilities: [Double], labels: [Int]) in
        binaryCrossEntropy(probabilities: probabilities, labels: labels)
      }
      server.add("crossEntropy(logits:labels:)") { (logits: Matrix, labels: [Int]) in
        crossEntropy(logits: logits, labels: labels)
      }
      server.add("crossEntropyGradient(logits:labels:)") { (logits: Matrix, labels: [Int]) in
        crossEntropyGradient(logits: logits, labels: labels)
      }
    }
  }
}

/// Module 04 as another process computes it, called over the pipe.
public enum RemoteCrossEntropy<Side: LinkSide>: CrossEntropyLesson {
  static var link: LearnerLink { Side.link(for: "04-CrossEntropy") }

  public static func binaryCrossEntropy(probabilities: [Double], labels: [Int]) -> Double {
    link.call("binaryCrossEntropy(probabilities:labels:)", probabilities, labels)
  }

  public static func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
    link.call("crossEntropy(logits:labels:)", logits, labels)
  }

  public static func crossEntropyGradient(logits: Matrix, labels: [Int]) -> Matrix {
    link.call("crossEntropyGradient(logits:labels:)", logits, labels)
  }
}
