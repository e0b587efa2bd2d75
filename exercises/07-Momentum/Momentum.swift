import Foundation
import GradKit

public enum Momentum: MomentumLesson {
  // MARK: Optimizers (write their update rules in Optimizers.swift)

  public static func makeSGD(learningRate: Double) -> any Optimizer {
    SGD(learningRate: learningRate)
  }

  public static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer {
    SGDWithMomentum(learningRate: learningRate, momentum: momentum)
  }

  public static func makeNesterov(learningRate: Double, momentum: Double) -> any Optimizer {
    Nesterov(learningRate: learningRate, momentum: momentum)
  }

  public static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    Adagrad(learningRate: learningRate, epsilon: epsilon)
  }

  public static func makeRMSprop(
    learningRate: Double, decayRate: Double, epsilon: Double
  ) -> any Optimizer {
    RMSprop(learningRate: learningRate, decayRate: decayRate, epsilon: epsilon)
  }

  public static func makeAdam(
    learningRate: Double, beta1: Double, beta2: Double, epsilon: Double
  ) -> any Optimizer {
    Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
  }

  public static func nesterovLookAheadStep(
    _ x: inout [Double], velocity: inout [Double], learningRate: Double, momentum: Double,
    gradient: ([Double]) -> [Double]
  ) {
    // TODO: Update velocity and x by one Nesterov step that takes the gradient at the
    // look-ahead point x + μ·v.
    unimplemented()
  }

  // MARK: Learning-rate schedules

  public static func stepDecay(
    initial: Double, factor: Double, every period: Int, at t: Int
  ) -> Double {
    // TODO: Return α₀·γ^⌊t/k⌋: the initial rate times factor once per completed period.
    unimplemented()
  }

  public static func exponentialDecay(initial: Double, rate: Double, at t: Int) -> Double {
    // TODO: Return α₀·e^(−k·t).
    unimplemented()
  }

  // MARK: Test functions

  public static func quadraticBowl(_ x: [Double]) -> Double {
    // TODO: Return ½·(x₁² + 50·x₂²).
    unimplemented()
  }

  public static func quadraticBowlGradient(_ x: [Double]) -> [Double] {
    // TODO: Return the gradient of quadraticBowl at x.
    unimplemented()
  }

  public static func rosenbrock(_ x: [Double]) -> Double {
    // TODO: Return (1 − x)² + 100·(y − x²)² for the point x = [x, y].
    unimplemented()
  }

  public static func rosenbrockGradient(_ x: [Double]) -> [Double] {
    // TODO: Return the gradient of rosenbrock at x.
    unimplemented()
  }
}
