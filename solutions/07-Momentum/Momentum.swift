import Foundation
import GradKit

public enum Momentum: MomentumLesson {
  // MARK: Optimizers (the update rules are in Optimizers.swift)

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
    precondition(
      velocity.count == x.count,
      "the velocity needs one entry per parameter, got \(velocity.count) for \(x.count)")
    // The velocity will carry x to about x + μv anyway, so measure the slope there: the
    // gradient "looks ahead" and corrects the step before it overshoots.
    let ahead = zip(x, velocity).map { x, v in x + momentum * v }
    let dxAhead = gradient(ahead)
    for i in x.indices {
      velocity[i] = momentum * velocity[i] - learningRate * dxAhead[i]
      x[i] += velocity[i]
    }
  }

  // MARK: Learning-rate schedules

  public static func stepDecay(
    initial: Double, factor: Double, every period: Int, at t: Int
  ) -> Double {
    precondition(period > 0, "the decay period must be > 0, got \(period)")
    // Integer division is ⌊t / k⌋ for t ≥ 0: the rate holds for k steps, then drops.
    return initial * pow(factor, Double(t / period))
  }

  public static func exponentialDecay(initial: Double, rate: Double, at t: Int) -> Double {
    initial * exp(-rate * Double(t))
  }

  // MARK: Test functions

  public static func quadraticBowl(_ x: [Double]) -> Double {
    0.5 * (x[0] * x[0] + 50 * x[1] * x[1])
  }

  public static func quadraticBowlGradient(_ x: [Double]) -> [Double] {
    // The ½ cancels the 2 of each square.
    [x[0], 50 * x[1]]
  }

  public static func rosenbrock(_ x: [Double]) -> Double {
    let (a, b) = (1 - x[0], x[1] - x[0] * x[0])
    return a * a + 100 * b * b
  }

  public static func rosenbrockGradient(_ x: [Double]) -> [Double] {
    // Chain rule on each square: d(1 − x)²/dx = −2(1 − x), and y − x² has slope −2x in x
    // and 1 in y, so 100(y − x²)² contributes −400x(y − x²) and 200(y − x²).
    let valley = x[1] - x[0] * x[0]
    return [-2 * (1 - x[0]) - 400 * x[0] * valley, 200 * valley]
  }
}
