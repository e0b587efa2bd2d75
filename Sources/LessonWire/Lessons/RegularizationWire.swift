import GradKit

extension RegularizationLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      server.add("l2Penalty(_:strength:)") { (weights: Matrix, strength: Double) in
        l2Penalty(weights, strength: strength)
      }
      server.add("l2Gradient(_:strength:)") { (weights: Matrix, strength: Double) in
        l2Gradient(weights, strength: strength)
      }
      server.add("l1Penalty(_:strength:)") { (weights: Matrix, strength: Double) in
        l1Penalty(weights, strength: strength)
      }
      server.add("l1Subgradient(_:strength:)") { (weights: Matrix, strength: Double) in
        l1Subgradient(weights, strength: strength)
      }
      server.add("elasticNetPenalty(_:l1Strength:l2Strength:)") {
        (weights: Matrix, l1: Double, l2: Double) in
        elasticNetPenalty(weights, l1Strength: l1, l2Strength: l2)
      }
      server.add("elasticNetSubgradient(_:l1Strength:l2Strength:)") {
        (weights: Matrix, l1: Double, l2: Double) in
        elasticNetSubgradient(weights, l1Strength: l1, l2Strength: l2)
      }
    }
  }
}

/// Module 05 as another process computes it, called over the pipe.
public enum RemoteRegularization<Side: LinkSide>: RegularizationLesson {
  static var link: LearnerLink { Side.link(for: "05-Regularization") }

  public static func l2Penalty(_ weights: Matrix, strength: Double) -> Double {
    link.call("l2Penalty(_:strength:)", weights, strength)
  }

  public static func l2Gradient(_ weights: Matrix, strength: Double) -> Matrix {
    link.call("l2Gradient(_:strength:)", weights, strength)
  }

  public static func l1Penalty(_ weights: Matrix, strength: Double) -> Double {
    link.call("l1Penalty(_:strength:)", weights, strength)
  }

  public static func l1Subgradient(_ weights: Matrix, strength: Double) -> Matrix {
    link.call("l1Subgradient(_:strength:)", weights, strength)
  }

  public static func elasticNetPenalty(
    _ weights: Matrix, l1Strength: Double, l2Strength: Double
  ) -> Double {
    link.call("elasticNetPenalty(_:l1Strength:l2Strength:)", weights, l1Strength, l2Strength)
  }

  public static func elasticNetSubgradient(
    _ weights: Matrix, l1Strength: Double, l2Strength: Double
  ) -> Matrix {
    link.call("elasticNetSubgradient(_:l1Strength:l2Strength:)", weights, l1Strength, l2Strength)
  }
}
