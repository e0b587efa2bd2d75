import Foundation
import GradKit

public enum Backpropagation: BackpropagationLesson {
  /// The scalar autodiff node the graded tests use: your `Value` in Value.swift.
  public typealias Node = Value

  // MARK: Gates

  public static func add(_ x: Double, _ y: Double) -> Double {
    // TODO: Return x + y.
    unimplemented()
  }

  public static func addBackward(upstream: Double) -> (dx: Double, dy: Double) {
    // TODO: Return ∂L/∂x and ∂L/∂y for f = x + y, given upstream = ∂L/∂f.
    unimplemented()
  }

  public static func multiply(_ x: Double, _ y: Double) -> Double {
    // TODO: Return x · y.
    unimplemented()
  }

  public static func multiplyBackward(
    x: Double, y: Double, upstream: Double
  ) -> (dx: Double, dy: Double) {
    // TODO: Return ∂L/∂x and ∂L/∂y for f = x · y, given upstream = ∂L/∂f.
    unimplemented()
  }

  public static func maximum(_ x: Double, _ y: Double) -> Double {
    // TODO: Return the larger of x and y.
    unimplemented()
  }

  public static func maximumBackward(
    x: Double, y: Double, upstream: Double
  ) -> (dx: Double, dy: Double) {
    // TODO: Return ∂L/∂x and ∂L/∂y for f = max(x, y), given upstream = ∂L/∂f
    // (at a tie, x counts as the larger).
    unimplemented()
  }

  public static func sigmoid(_ x: Double) -> Double {
    // TODO: Return σ(x) = 1 / (1 + e^(−x)), never NaN.
    unimplemented()
  }

  public static func sigmoidBackward(output: Double, upstream: Double) -> Double {
    // TODO: Return ∂L/∂x for the sigmoid gate, given its forward output σ(x) and upstream = ∂L/∂σ.
    unimplemented()
  }

  public static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    // TODO: Return the neuron's output σ(w·x + bias) and the gradient of that output with
    // respect to every weight (the bias last) and every input, computed gate by gate.
    unimplemented()
  }

  // MARK: Layers

  public static func linearForward(_ x: Matrix, weights: Matrix, bias: Matrix) -> Matrix {
    // TODO: Return x·W + b, with the 1×H bias added to every row.
    unimplemented()
  }

  public static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    // TODO: Return the gradients of L with respect to x, W and b, given upstream = ∂L/∂y
    // for y = x·W + b.
    unimplemented()
  }

  public static func reluForward(_ x: Matrix) -> Matrix {
    // TODO: Return max(0, x) element by element.
    unimplemented()
  }

  public static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    // TODO: Return ∂L/∂x for y = max(0, x), given upstream = ∂L/∂y and the forward input x.
    unimplemented()
  }

  // MARK: Backpropagation for inference

  public static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix) {
    // TODO: Return ½‖f(x) − target‖² for the network f, and its gradient with respect to x.
    unimplemented()
  }

  public static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    // TODO: Return the input reached from start after `steps` steps of gradient descent on
    // the reconstruction loss, the network's weights unchanged.
    unimplemented()
  }
}
