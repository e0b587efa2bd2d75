import Foundation
import GradKit

public enum Backpropagation: BackpropagationLesson {
  public typealias Node = Value

  // MARK: Gates

  public static func add(_ x: Double, _ y: Double) -> Double {
    x + y
  }

  public static func addBackward(upstream: Double) -> (dx: Double, dy: Double) {
    // ∂(x + y)/∂x = ∂(x + y)/∂y = 1: an add gate hands the upstream gradient to both inputs.
    (1 * upstream, 1 * upstream)
  }

  public static func multiply(_ x: Double, _ y: Double) -> Double {
    x * y
  }

  public static func multiplyBackward(
    x: Double, y: Double, upstream: Double
  ) -> (dx: Double, dy: Double) {
    // ∂(xy)/∂x = y and ∂(xy)/∂y = x: each input gets the *other* input, scaled by upstream.
    // This is why the forward pass must keep x and y around.
    (y * upstream, x * upstream)
  }

  public static func maximum(_ x: Double, _ y: Double) -> Double {
    x >= y ? x : y
  }

  public static func maximumBackward(
    x: Double, y: Double, upstream: Double
  ) -> (dx: Double, dy: Double) {
    // The max gate routes: the input that won gets everything (slope 1), the other nothing.
    x >= y ? (upstream, 0) : (0, upstream)
  }

  public static func sigmoid(_ x: Double) -> Double {
    // For very negative x, e^(−x) overflows to +∞ and 1 / (1 + ∞) is exactly 0: no NaN.
    1 / (1 + exp(-x))
  }

  public static func sigmoidBackward(output: Double, upstream: Double) -> Double {
    // σ′(x) = σ(x)(1 − σ(x)): the cached output is all the backward pass needs.
    output * (1 - output) * upstream
  }

  public static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    precondition(
      weights.count == inputs.count + 1,
      "a neuron with \(inputs.count) inputs needs \(inputs.count + 1) weights (the bias last), "
        + "got \(weights.count)")
    let bias = weights[inputs.count]

    // Forward, one gate at a time, keeping what the backward pass will need.
    let products = zip(weights, inputs).map { w, x in multiply(w, x) }
    let z = products.reduce(bias) { sum, product in add(sum, product) }
    let output = sigmoid(z)

    // Backward, from the output (∂f/∂f = 1) to the leaves.
    let dz = sigmoidBackward(output: output, upstream: 1)
    // Every add gate passes dz on unchanged, to each product and to the bias alike.
    let (dProduct, dBias) = addBackward(upstream: dz)
    var weightGradient: [Double] = []
    var inputGradient: [Double] = []
    for (w, x) in zip(weights, inputs) {
      let (dw, dx) = multiplyBackward(x: w, y: x, upstream: dProduct)
      weightGradient.append(dw)
      inputGradient.append(dx)
    }
    weightGradient.append(dBias)
    return NeuronGradients(
      output: output, weightGradient: weightGradient, inputGradient: inputGradient)
  }

  // MARK: Layers

  public static func linearForward(_ x: Matrix, weights: Matrix, bias: Matrix) -> Matrix {
    // The 1×H bias broadcasts over the N rows.
    x * weights + bias
  }

  public static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    // The shapes decide the products: dx must be N×D, so G (N×H) times Wᵀ (H×D);
    // dW must be D×H, so xᵀ (D×N) times G (N×H). `timesTransposed` and `transposedTimes`
    // compute the same products without building the transposes.
    let dx = upstream.timesTransposed(weights)
    let dW = x.transposedTimes(upstream)
    // The same b was added to every row, so every row's gradient flows into it: a fork.
    let db = upstream.columnSums()
    return (dx, dW, db)
  }

  public static func reluForward(_ x: Matrix) -> Matrix {
    x.map { $0 > 0 ? $0 : 0 }
  }

  public static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    // The mask [x > 0] comes from the forward pass's input, not from the gradient.
    upstream.zipMap(x) { gradient, input in input > 0 ? gradient : 0 }
  }

  // MARK: Backpropagation for inference

  public static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix) {
    // Forward, caching each layer's input for its backward pass.
    let hiddenInput = linearForward(x, weights: network.hiddenWeights, bias: network.hiddenBias)
    let hidden = reluForward(hiddenInput)
    let output = linearForward(hidden, weights: network.outputWeights, bias: network.outputBias)
    let residual = output - target
    let loss = 0.5 * residual.squaredNorm()

    // Backward: ∂(½‖r‖²)/∂output = r. The layers' dW and db are computed but not used:
    // the weights are frozen, only the input moves.
    let dHidden = linearBackward(residual, x: hidden, weights: network.outputWeights).dx
    let dHiddenInput = reluBackward(dHidden, x: hiddenInput)
    let dx = linearBackward(dHiddenInput, x: x, weights: network.hiddenWeights).dx
    return (loss, dx)
  }

  public static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    var x = start
    for _ in 0..<steps {
      // Downhill in the input: the same update as training, applied to x instead of W.
      x -= learningRate * reconstructionLoss(x, network: network, target: target).dx
    }
    return x
  }
}
