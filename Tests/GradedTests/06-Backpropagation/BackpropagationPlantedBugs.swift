import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded backpropagation test fails on a plausible wrong implementation.
@Suite("Planted bugs · 06 Backpropagation")
struct BackpropagationPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck(
      "the gate test catches a multiply gate that returns (x·upstream, y·upstream), swapped"
    ) { BackpropagationTests.checkGates(SwappedMultiplyGate.self) },
    PlantedCheck(
      "the gate test catches an add gate that returns its local gradients (1, 1), no upstream"
    ) { BackpropagationTests.checkGates(AddGateWithoutUpstream.self) },
    PlantedCheck("the gate test catches a max gate that sends a tie to y, x > y instead of x ≥ y") {
      BackpropagationTests.checkGates(MaxGateTieToY.self)
    },
    PlantedCheck("the gate test catches a max gate that splits a tie half and half") {
      BackpropagationTests.checkGates(MaxGateSplittingTie.self)
    },
    PlantedCheck("the gate test catches a max gate whose forward pass returns the smaller input") {
      BackpropagationTests.checkGates(MaxGateForwardSmaller.self)
    },
    PlantedCheck("the gate test catches a max gate that routes the gradient to the smaller input") {
      BackpropagationTests.checkGates(MaxGateToSmaller.self)
    },
    PlantedCheck("the sigmoid gate test catches a backward pass of σ · upstream, without (1 − σ)") {
      BackpropagationTests.checkSigmoidGate(SigmoidBackwardWithoutOneMinus.self)
    },
    PlantedCheck(
      "the sigmoid gate test catches a backward pass that applies σ to the cached output again"
    ) {
      BackpropagationTests.checkSigmoidGate(SigmoidBackwardFromInput.self)
    },
    PlantedCheck("the sigmoid gate test catches σ(x) = eˣ / (1 + eˣ), which is NaN at x = 800") {
      BackpropagationTests.checkSigmoidGate(SigmoidOverflowing.self)
    },
    PlantedCheck("the sigmoid gate test catches σ(x) = 1 − e^(−x) / (1 + e^(−x)), NaN at x = −800")
    {
      BackpropagationTests.checkSigmoidGate(SigmoidOverflowingBelow.self)
    },
    PlantedCheck(
      "the neuron example catches gradients that use each factor's own value, not the other's"
    ) { BackpropagationTests.checkNeuronExample(NeuronWithOwnFactors.self) },
    PlantedCheck(
      "the neuron example catches the bias taken from the first weight instead of the last"
    ) { BackpropagationTests.checkNeuronExample(NeuronWithBiasFirst.self) },
    PlantedCheck("the seeded neuron test catches gradients without the sigmoid gate's σ(1 − σ)") {
      BackpropagationTests.checkNeuronSeeded(NeuronWithoutSigmoidGate.self)
    },
    PlantedCheck("the operations test catches pow's slope written p·xᵖ instead of p·xᵖ⁻¹") {
      BackpropagationTests.checkValueOperations(WithValue<PowSlopeKeepsExponent>.self)
    },
    PlantedCheck("the operations test catches a multiply whose inputs get their own values") {
      BackpropagationTests.checkValueOperations(WithValue<MultiplyOwnFactor>.self)
    },
    PlantedCheck("the operations test catches exp's slope from the power rule, x·e^(x−1)") {
      BackpropagationTests.checkValueOperations(WithValue<ExpPowerRule>.self)
    },
    PlantedCheck("the operations test catches log's slope taken from the output, 1/y") {
      BackpropagationTests.checkValueOperations(WithValue<LogSlopeFromOutput>.self)
    },
    PlantedCheck("the operations test catches relu without its mask, slope 1 everywhere") {
      BackpropagationTests.checkValueOperations(WithValue<ValueReLUWithoutMask>.self)
    },
    PlantedCheck("the operations test catches a new node whose grad starts at 1") {
      BackpropagationTests.checkValueOperations(WithValue<GradStartsAtOne>.self)
    },
    PlantedCheck("the edge-case test catches relu's slope at 0 taken as 1, x ≥ 0") {
      BackpropagationTests.checkValueEdgeCases(WithValue<ReLUSlopeOneAtZero>.self)
    },
    PlantedCheck("the edge-case test catches tanh from exponentials, NaN once e^(2x) overflows") {
      BackpropagationTests.checkValueEdgeCases(WithValue<TanhFromExponentials>.self)
    },
    PlantedCheck("the edge-case test catches ln(x + ε), finite at 0") {
      BackpropagationTests.checkValueEdgeCases(WithValue<LogWithEpsilon>.self)
    },
    PlantedCheck("the edge-case test catches ln |x|, which is not NaN for a negative x") {
      BackpropagationTests.checkValueEdgeCases(WithValue<LogOfAbsolute>.self)
    },
    PlantedCheck("the edge-case test catches xᵖ as e^(p·ln x), NaN for (−2)³") {
      BackpropagationTests.checkValueEdgeCases(WithValue<PowThroughLogarithm>.self)
    },
    PlantedCheck("the edge-case test catches |x|ᵖ with the sign of x, a number for (−2)^1.5") {
      BackpropagationTests.checkValueEdgeCases(WithValue<PowKeepsSign>.self)
    },
    PlantedCheck(
      "the reuse test catches a gradient overwritten (grad =) instead of accumulated (grad +=)"
    ) {
      BackpropagationTests.checkValueReuse(WithValue<OverwritesAtForks>.self)
    },
    PlantedCheck("the order test catches backward run in topological order, not reversed") {
      BackpropagationTests.checkValueOrder(WithValue<UnreversedOrder>.self)
    },
    PlantedCheck("the order test catches a depth-first walk that runs a node before all its users")
    { BackpropagationTests.checkValueOrder(WithValue<PreorderWalk>.self) },
    PlantedCheck(
      "the random expressions catch tanh's slope taken from the input: 1 − x², not 1 − y²"
    ) {
      BackpropagationTests.checkValueRandomExpressions(WithValue<TanhSlopeFromInput>.self)
    },
    PlantedCheck("the random expressions catch the overwritten gradient too") {
      BackpropagationTests.checkValueRandomExpressions(WithValue<OverwritesAtForks>.self)
    },
    PlantedCheck("the zeroGrad test catches a zeroGrad that clears only the node it is called on") {
      BackpropagationTests.checkValueZeroGrad(WithValue<ZeroGradOnlySelf>.self)
    },
    PlantedCheck(
      "the zeroGrad test catches a backward that clears the graph first, so nothing adds up"
    ) {
      BackpropagationTests.checkValueZeroGrad(WithValue<BackwardClearsFirst>.self)
    },
    PlantedCheck(
      "the zeroGrad test catches a backward that adds 1 to the output's grad instead of setting it"
    ) { BackpropagationTests.checkValueZeroGrad(WithValue<SeedAdds>.self) },
    PlantedCheck("the leak test catches backward steps that capture their node strongly") {
      BackpropagationTests.checkValueFreed(WithValue<StrongCapture>.self)
    },
    PlantedCheck("the linear test catches a forward pass without the bias") {
      BackpropagationTests.checkLinearLayer(LinearForwardWithoutBias.self)
    },
    PlantedCheck("the linear test catches dx = W·Gᵀ, the transpose of G·Wᵀ") {
      BackpropagationTests.checkLinearLayer(InputGradientTransposed.self)
    },
    PlantedCheck("the linear test catches dW = Gᵀ·x, the transpose of xᵀ·G") {
      BackpropagationTests.checkLinearLayer(WeightGradientTransposed.self)
    },
    PlantedCheck(
      "the linear test catches a transposed dW when D = H, where its shape cannot give it away"
    ) { BackpropagationTests.checkLinearLayer(SquareTransposeOnly.self) },
    PlantedCheck("the linear test catches db = G, not summed over the rows") {
      BackpropagationTests.checkLinearLayer(BiasGradientNotSummed.self)
    },
    PlantedCheck("the linear test catches db averaged over the rows instead of summed") {
      BackpropagationTests.checkLinearLayer(BiasGradientAveraged.self)
    },
    PlantedCheck("the ReLU test catches a forward pass that returns the mask [x > 0]") {
      BackpropagationTests.checkReLULayer(ReLUForwardAsMask.self)
    },
    PlantedCheck("the ReLU test catches a backward pass without the mask") {
      BackpropagationTests.checkReLULayer(ReLUWithoutMask.self)
    },
    PlantedCheck("the ReLU test catches a mask taken from the gradient, G > 0, not from x") {
      BackpropagationTests.checkReLULayer(ReLUMaskFromGradient.self)
    },
    PlantedCheck("the ReLU test catches a mask of x ≥ 0, which lets the gradient through at 0") {
      BackpropagationTests.checkReLULayer(ReLUMaskAtZero.self)
    },
    PlantedCheck(
      "the reconstruction test catches a backward pass that skips the hidden ReLU's mask"
    ) {
      BackpropagationTests.checkReconstructionLoss(LossWithoutReLUMask.self)
    },
    PlantedCheck("the reconstruction test catches the residual taken as target − f(x)") {
      BackpropagationTests.checkReconstructionLoss(LossWithFlippedResidual.self)
    },
    PlantedCheck("the reconstruction test catches a loss without the ½") {
      BackpropagationTests.checkReconstructionLoss(LossWithoutHalf.self)
    },
    PlantedCheck("the inference test catches descent that steps uphill, x + α·dx") {
      BackpropagationTests.checkInference(InferenceUphill.self)
    },
    PlantedCheck("the inference test catches a gradient computed once at the start and reused") {
      BackpropagationTests.checkInference(InferenceWithStaleGradient.self)
    },
    PlantedCheck("the inference test catches one step fewer than asked, 1..<steps") {
      BackpropagationTests.checkInference(InferenceOneStepShort.self)
    },
    PlantedCheck("the inference test catches weights that are updated along with the input") {
      BackpropagationTests.checkInference(InferenceUpdatingWeights.self)
    },
    PlantedCheck("the inference test catches descent that stops after ten steps") {
      BackpropagationTests.checkInference(InferenceStoppingEarly.self)
    },
  ]
}

/// Right implementations written differently from the reference: every graded test must pass.
@Suite("Alternative right implementations · 06 Backpropagation")
struct BackpropagationAlternatives {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    PlantedCheck(
      asWritten: "closed forms, σ from tanh, and a Value without closures run in Kahn's order"
    ) {
      BackpropagationTests.checkAll(ClosedForms.self)
    }
  ]
}

// MARK: - The wrong implementations

/// The reference lesson, for a planted bug to override one requirement of.
private protocol PlantedBug: BackpropagationLesson {}

extension PlantedBug {
  static func add(_ x: Double, _ y: Double) -> Double {
    Solutions.Backpropagation.add(x, y)
  }

  static func addBackward(upstream: Double) -> (dx: Double, dy: Double) {
    Solutions.Backpropagation.addBackward(upstream: upstream)
  }

  static func multiply(_ x: Double, _ y: Double) -> Double {
    Solutions.Backpropagation.multiply(x, y)
  }

  static func multiplyBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double) {
    Solutions.Backpropagation.multiplyBackward(x: x, y: y, upstream: upstream)
  }

  static func maximum(_ x: Double, _ y: Double) -> Double {
    Solutions.Backpropagation.maximum(x, y)
  }

  static func maximumBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double) {
    Solutions.Backpropagation.maximumBackward(x: x, y: y, upstream: upstream)
  }

  static func sigmoid(_ x: Double) -> Double {
    Solutions.Backpropagation.sigmoid(x)
  }

  static func sigmoidBackward(output: Double, upstream: Double) -> Double {
    Solutions.Backpropagation.sigmoidBackward(output: output, upstream: upstream)
  }

  static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    Solutions.Backpropagation.sigmoidNeuron(weights: weights, inputs: inputs)
  }

  static func linearForward(_ x: Matrix, weights: Matrix, bias: Matrix) -> Matrix {
    Solutions.Backpropagation.linearForward(x, weights: weights, bias: bias)
  }

  static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    Solutions.Backpropagation.linearBackward(upstream, x: x, weights: weights)
  }

  static func reluForward(_ x: Matrix) -> Matrix {
    Solutions.Backpropagation.reluForward(x)
  }

  static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    Solutions.Backpropagation.reluBackward(upstream, x: x)
  }

  static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix) {
    Solutions.Backpropagation.reconstructionLoss(x, network: network, target: target)
  }

  static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    Solutions.Backpropagation.infer(
      target: target, network: network, start: start, learningRate: learningRate, steps: steps)
  }
}

/// Gives each input its own value times upstream instead of the other input's.
private enum SwappedMultiplyGate: PlantedBug {
  typealias Node = Solutions.Value

  static func multiplyBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double) {
    (x * upstream, y * upstream)
  }
}

/// (1, 1): the local gradients, never multiplied by upstream.
private enum AddGateWithoutUpstream: PlantedBug {
  typealias Node = Solutions.Value

  static func addBackward(upstream: Double) -> (dx: Double, dy: Double) {
    (1, 1)
  }
}

/// x > y: a tie goes to y.
private enum MaxGateTieToY: PlantedBug {
  typealias Node = Solutions.Value

  static func maximumBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double) {
    x > y ? (upstream, 0) : (0, upstream)
  }
}

/// Half of the gradient to each input at a tie, the average of the two one-sided slopes.
private enum MaxGateSplittingTie: PlantedBug {
  typealias Node = Solutions.Value

  static func maximumBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double) {
    if x == y { return (upstream / 2, upstream / 2) }
    return Solutions.Backpropagation.maximumBackward(x: x, y: y, upstream: upstream)
  }
}

/// `x >= y ? y : x`: the comparison right, the branches swapped.
private enum MaxGateForwardSmaller: PlantedBug {
  typealias Node = Solutions.Value

  static func maximum(_ x: Double, _ y: Double) -> Double {
    x >= y ? y : x
  }
}

/// Sends the gradient to the input that lost.
private enum MaxGateToSmaller: PlantedBug {
  typealias Node = Solutions.Value

  static func maximumBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double) {
    x >= y ? (0, upstream) : (upstream, 0)
  }
}

/// σ · upstream: the derivative of the sigmoid confused with the sigmoid.
private enum SigmoidBackwardWithoutOneMinus: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoidBackward(output: Double, upstream: Double) -> Double {
    output * upstream
  }
}

/// σ(output)·(1 − σ(output)): the cached output treated as the gate's input x.
private enum SigmoidBackwardFromInput: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoidBackward(output: Double, upstream: Double) -> Double {
    let s = Solutions.Backpropagation.sigmoid(output)
    return s * (1 - s) * upstream
  }
}

/// eˣ / (1 + eˣ): the same function, but ∞/∞ = NaN for large x.
private enum SigmoidOverflowing: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoid(_ x: Double) -> Double {
    exp(x) / (1 + exp(x))
  }
}

/// 1 − e^(−x) / (1 + e^(−x)): the same function, but ∞/∞ = NaN for very negative x.
private enum SigmoidOverflowingBelow: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoid(_ x: Double) -> Double {
    1 - exp(-x) / (1 + exp(-x))
  }
}

/// ∂(wx)/∂w taken as w and ∂(wx)/∂x as x.
private enum NeuronWithOwnFactors: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    let right = Solutions.Backpropagation.sigmoidNeuron(weights: weights, inputs: inputs)
    let local = right.output * (1 - right.output)
    return NeuronGradients(
      output: right.output, weightGradient: weights.map { local * $0 },
      inputGradient: inputs.map { local * $0 })
  }
}

/// The bias read from `weights[0]` and the products from the rest, gradients in that order.
private enum NeuronWithBiasFirst: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    let rotated = Solutions.Backpropagation.sigmoidNeuron(
      weights: Array(weights.dropFirst()) + [weights[0]], inputs: inputs)
    return NeuronGradients(
      output: rotated.output,
      weightGradient: [rotated.weightGradient.last!] + rotated.weightGradient.dropLast(),
      inputGradient: rotated.inputGradient)
  }
}

/// Stops the backward pass at z: the gradients of the sum w·x + b, not of σ of it.
private enum NeuronWithoutSigmoidGate: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    let right = Solutions.Backpropagation.sigmoidNeuron(weights: weights, inputs: inputs)
    return NeuronGradients(
      output: right.output, weightGradient: inputs + [1], inputGradient: Array(weights.dropLast()))
  }
}

/// x·W: the bias never added.
private enum LinearForwardWithoutBias: PlantedBug {
  typealias Node = Solutions.Value

  static func linearForward(_ x: Matrix, weights: Matrix, bias: Matrix) -> Matrix {
    x * weights
  }
}

/// dx = W·Gᵀ: the right numbers, D×N instead of N×D.
private enum InputGradientTransposed: PlantedBug {
  typealias Node = Solutions.Value

  static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    let right = Solutions.Backpropagation.linearBackward(upstream, x: x, weights: weights)
    return (weights * upstream.transposed, right.dW, right.db)
  }
}

/// dW = Gᵀ·x: the right numbers, H×D instead of D×H.
private enum WeightGradientTransposed: PlantedBug {
  typealias Node = Solutions.Value

  static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    let right = Solutions.Backpropagation.linearBackward(upstream, x: x, weights: weights)
    return (right.dx, upstream.transposed * x, right.db)
  }
}

/// Transposes dW only when it still fits, so only the values can give it away.
private enum SquareTransposeOnly: PlantedBug {
  typealias Node = Solutions.Value

  static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    let right = Solutions.Backpropagation.linearBackward(upstream, x: x, weights: weights)
    let dW = right.dW.rows == right.dW.columns ? right.dW.transposed : right.dW
    return (right.dx, dW, right.db)
  }
}

/// db = G: one bias gradient per example, never summed.
private enum BiasGradientNotSummed: PlantedBug {
  typealias Node = Solutions.Value

  static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    let right = Solutions.Backpropagation.linearBackward(upstream, x: x, weights: weights)
    return (right.dx, right.dW, upstream)
  }
}

/// db = the mean of G's rows.
private enum BiasGradientAveraged: PlantedBug {
  typealias Node = Solutions.Value

  static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    let right = Solutions.Backpropagation.linearBackward(upstream, x: x, weights: weights)
    return (right.dx, right.dW, right.db / Double(upstream.rows))
  }
}

/// [x > 0], the backward pass's mask, as the forward value.
private enum ReLUForwardAsMask: PlantedBug {
  typealias Node = Solutions.Value

  static func reluForward(_ x: Matrix) -> Matrix {
    x.map { $0 > 0 ? 1 : 0 }
  }
}

/// Passes the upstream gradient through everywhere.
private enum ReLUWithoutMask: PlantedBug {
  typealias Node = Solutions.Value

  static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    upstream
  }
}

/// A mask of G > 0: the gradient's sign decides, not the forward input's.
private enum ReLUMaskFromGradient: PlantedBug {
  typealias Node = Solutions.Value

  static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    upstream.map { g in g > 0 ? g : 0 }
  }
}

/// A mask of x ≥ 0.
private enum ReLUMaskAtZero: PlantedBug {
  typealias Node = Solutions.Value

  static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    upstream.zipMap(x) { g, v in v >= 0 ? g : 0 }
  }
}

/// Backpropagates through the network as if the hidden layer had no ReLU.
private enum LossWithoutReLUMask: PlantedBug {
  typealias Node = Solutions.Value

  static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix) {
    let right = Solutions.Backpropagation.reconstructionLoss(x, network: network, target: target)
    let hidden = (x * network.hiddenWeights + network.hiddenBias).map { Swift.max(0, $0) }
    let residual = hidden * network.outputWeights + network.outputBias - target
    let dx = residual.timesTransposed(network.outputWeights).timesTransposed(network.hiddenWeights)
    return (right.loss, dx)
  }
}

/// r = target − f(x): the same loss, the gradient with the opposite sign.
private enum LossWithFlippedResidual: PlantedBug {
  typealias Node = Solutions.Value

  static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix) {
    let right = Solutions.Backpropagation.reconstructionLoss(x, network: network, target: target)
    return (right.loss, -right.dx)
  }
}

/// ‖f(x) − target‖², twice the loss, with the matching gradient.
private enum LossWithoutHalf: PlantedBug {
  typealias Node = Solutions.Value

  static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix) {
    let right = Solutions.Backpropagation.reconstructionLoss(x, network: network, target: target)
    return (2 * right.loss, 2 * right.dx)
  }
}

/// x ← x + α·dx.
private enum InferenceUphill: PlantedBug {
  typealias Node = Solutions.Value

  static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    Solutions.Backpropagation.infer(
      target: target, network: network, start: start, learningRate: -learningRate, steps: steps)
  }
}

/// Takes the gradient at the start once and steps with it every time.
private enum InferenceWithStaleGradient: PlantedBug {
  typealias Node = Solutions.Value

  static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    let dx = Solutions.Backpropagation.reconstructionLoss(start, network: network, target: target)
      .dx
    var x = start
    for _ in 0..<steps {
      x -= learningRate * dx
    }
    return x
  }
}

/// `for _ in 1..<steps`: one step short.
private enum InferenceOneStepShort: PlantedBug {
  typealias Node = Solutions.Value

  static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    Solutions.Backpropagation.infer(
      target: target, network: network, start: start, learningRate: learningRate,
      steps: Swift.max(steps - 1, 0))
  }
}

/// Also descends in W₁, b₁, W₂ and b₂ after each step of x, as training would.
private enum InferenceUpdatingWeights: PlantedBug {
  typealias Node = Solutions.Value

  static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    typealias Layers = Solutions.Backpropagation
    var x = start
    var net = network
    for _ in 0..<steps {
      let z = Layers.linearForward(x, weights: net.hiddenWeights, bias: net.hiddenBias)
      let hidden = Layers.reluForward(z)
      let residual =
        Layers.linearForward(hidden, weights: net.outputWeights, bias: net.outputBias) - target
      let second = Layers.linearBackward(residual, x: hidden, weights: net.outputWeights)
      let dZ = Layers.reluBackward(second.dx, x: z)
      let first = Layers.linearBackward(dZ, x: x, weights: net.hiddenWeights)
      x -= learningRate * first.dx
      net.hiddenWeights -= learningRate * first.dW
      net.hiddenBias -= learningRate * first.db
      net.outputWeights -= learningRate * second.dW
      net.outputBias -= learningRate * second.db
    }
    return x
  }
}

/// Runs at most ten steps, whatever `steps` says.
private enum InferenceStoppingEarly: PlantedBug {
  typealias Node = Solutions.Value

  static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    Solutions.Backpropagation.infer(
      target: target, network: network, start: start, learningRate: learningRate,
      steps: Swift.min(steps, 10))
  }
}

// MARK: - Wrong autodiff engines

/// What a planted `Value` gets wrong.
private enum ValueFlaw {
  /// `child.grad = …` instead of `+=`.
  case overwritesAtForks
  /// Runs the backward steps leaves first.
  case unreversedOrder
  /// Runs each node as soon as a depth-first walk from the output reaches it.
  case preorderWalk
  /// Stores backward steps that capture their own node strongly.
  case strongCapture
  /// `zeroGrad()` clears only the node it is called on.
  case zeroGradOnlySelf
  /// `backward()` clears the whole graph before it starts.
  case backwardClearsFirst
  /// d(xᵖ)/dx written p·xᵖ.
  case powSlopeKeepsExponent
  /// d(tanh x)/dx written 1 − x².
  case tanhSlopeFromInput
  /// Every node's `grad` starts at 1.
  case gradStartsAtOne
  /// relu's slope is 1 at x = 0 (x ≥ 0).
  case reluSlopeOneAtZero
  /// tanh x = (e^(2x) − 1) / (e^(2x) + 1).
  case tanhFromExponentials
  /// ln(x + 1e-12), "to avoid −∞".
  case logWithEpsilon
  /// ln |x|, "to avoid NaN".
  case logOfAbsolute
  /// xᵖ = e^(p·ln x).
  case powThroughLogarithm
  /// xᵖ = sign(x)·|x|ᵖ.
  case powKeepsSign
  /// `backward()` starts with `grad += 1`.
  case seedAdds
  /// a·b sends each input its own value.
  case multiplyOwnFactor
  /// d(eˣ)/dx written x·e^(x−1).
  case expPowerRule
  /// d(ln x)/dx written 1/y, from the output.
  case logSlopeFromOutput
  /// relu's slope is 1 everywhere.
  case reluWithoutMask
}

/// A type that names one flaw, so `PlantedValue<Flaw>` is a class per flaw.
private protocol Flawed {
  static var flaw: ValueFlaw { get }
}

private enum OverwritesAtForks: Flawed { static let flaw = ValueFlaw.overwritesAtForks }
private enum UnreversedOrder: Flawed { static let flaw = ValueFlaw.unreversedOrder }
private enum PreorderWalk: Flawed { static let flaw = ValueFlaw.preorderWalk }
private enum StrongCapture: Flawed { static let flaw = ValueFlaw.strongCapture }
private enum ZeroGradOnlySelf: Flawed { static let flaw = ValueFlaw.zeroGradOnlySelf }
private enum BackwardClearsFirst: Flawed { static let flaw = ValueFlaw.backwardClearsFirst }
private enum PowSlopeKeepsExponent: Flawed { static let flaw = ValueFlaw.powSlopeKeepsExponent }
private enum TanhSlopeFromInput: Flawed { static let flaw = ValueFlaw.tanhSlopeFromInput }
private enum GradStartsAtOne: Flawed { static let flaw = ValueFlaw.gradStartsAtOne }
private enum ReLUSlopeOneAtZero: Flawed { static let flaw = ValueFlaw.reluSlopeOneAtZero }
private enum TanhFromExponentials: Flawed { static let flaw = ValueFlaw.tanhFromExponentials }
private enum LogWithEpsilon: Flawed { static let flaw = ValueFlaw.logWithEpsilon }
private enum LogOfAbsolute: Flawed { static let flaw = ValueFlaw.logOfAbsolute }
private enum PowThroughLogarithm: Flawed { static let flaw = ValueFlaw.powThroughLogarithm }
private enum PowKeepsSign: Flawed { static let flaw = ValueFlaw.powKeepsSign }
private enum SeedAdds: Flawed { static let flaw = ValueFlaw.seedAdds }
private enum MultiplyOwnFactor: Flawed { static let flaw = ValueFlaw.multiplyOwnFactor }
private enum ExpPowerRule: Flawed { static let flaw = ValueFlaw.expPowerRule }
private enum LogSlopeFromOutput: Flawed { static let flaw = ValueFlaw.logSlopeFromOutput }
private enum ValueReLUWithoutMask: Flawed { static let flaw = ValueFlaw.reluWithoutMask }

/// The reference lesson with a planted `Value`.
private enum WithValue<Flaw: Flawed>: PlantedBug {
  typealias Node = PlantedValue<Flaw>
}

/// A micrograd-style value that is right except for its one flaw.
///
/// Each operation lists its children with their local slopes, and one helper builds the
/// backward step from them.
private final class PlantedValue<Flaw: Flawed>: AutodiffValue {
  let data: Double
  var grad = Flaw.flaw == .gradStartsAtOne ? 1.0 : 0
  let children: [PlantedValue]
  var backwardStep: () -> Void = {}

  convenience init(_ data: Double) {
    self.init(data, children: [])
  }

  init(_ data: Double, children: [PlantedValue]) {
    self.data = data
    self.children = children
  }

  /// A node holding `data` whose backward step adds `slopes[i] · grad` to child i.
  static func node(_ data: Double, _ children: [PlantedValue], slopes: [Double]) -> PlantedValue {
    let out = PlantedValue(data, children: children)
    let send = { (out: PlantedValue) in
      for (child, slope) in zip(children, slopes) {
        if Flaw.flaw == .overwritesAtForks {
          child.grad = slope * out.grad
        } else {
          child.grad += slope * out.grad
        }
      }
    }
    if Flaw.flaw == .strongCapture {
      out.backwardStep = { send(out) }
    } else {
      out.backwardStep = { [unowned out] in send(out) }
    }
    return out
  }

  static func + (a: PlantedValue, b: PlantedValue) -> PlantedValue {
    node(a.data + b.data, [a, b], slopes: [1, 1])
  }

  static func * (a: PlantedValue, b: PlantedValue) -> PlantedValue {
    let slopes = Flaw.flaw == .multiplyOwnFactor ? [a.data, b.data] : [b.data, a.data]
    return node(a.data * b.data, [a, b], slopes: slopes)
  }

  func pow(_ exponent: Double) -> PlantedValue {
    let power = Flaw.flaw == .powSlopeKeepsExponent ? exponent : exponent - 1
    let y: Double
    switch Flaw.flaw {
    case .powThroughLogarithm: y = Foundation.exp(exponent * Foundation.log(data))
    case .powKeepsSign: y = (data < 0 ? -1 : 1) * Foundation.pow(abs(data), exponent)
    default: y = Foundation.pow(data, exponent)
    }
    return Self.node(y, [self], slopes: [exponent * Foundation.pow(data, power)])
  }

  func exp() -> PlantedValue {
    let y = Foundation.exp(data)
    let slope = Flaw.flaw == .expPowerRule ? data * Foundation.exp(data - 1) : y
    return Self.node(y, [self], slopes: [slope])
  }

  func log() -> PlantedValue {
    switch Flaw.flaw {
    case .logSlopeFromOutput:
      Self.node(Foundation.log(data), [self], slopes: [1 / Foundation.log(data)])
    case .logWithEpsilon: Self.node(Foundation.log(data + 1e-12), [self], slopes: [1 / data])
    case .logOfAbsolute: Self.node(Foundation.log(abs(data)), [self], slopes: [1 / data])
    default: Self.node(Foundation.log(data), [self], slopes: [1 / data])
    }
  }

  func tanh() -> PlantedValue {
    let twice = Foundation.exp(2 * data)
    let y = Flaw.flaw == .tanhFromExponentials ? (twice - 1) / (twice + 1) : Foundation.tanh(data)
    let slope = Flaw.flaw == .tanhSlopeFromInput ? 1 - data * data : 1 - y * y
    return Self.node(y, [self], slopes: [slope])
  }

  func relu() -> PlantedValue {
    let passes =
      switch Flaw.flaw {
      case .reluSlopeOneAtZero: data >= 0
      case .reluWithoutMask: true
      default: data > 0
      }
    return Self.node(data > 0 ? data : 0, [self], slopes: [passes ? 1 : 0])
  }

  func backward() {
    if Flaw.flaw == .backwardClearsFirst {
      zeroGrad()
    }
    if Flaw.flaw == .seedAdds {
      grad += 1
    } else {
      grad = 1
    }
    let order: [PlantedValue]
    switch Flaw.flaw {
    case .unreversedOrder: order = topologicalOrder()
    case .preorderWalk: order = preorder()
    default: order = topologicalOrder().reversed()
    }
    for node in order {
      node.backwardStep()
    }
  }

  func zeroGrad() {
    if Flaw.flaw == .zeroGradOnlySelf {
      grad = 0
      return
    }
    for node in topologicalOrder() {
      node.grad = 0
    }
  }

  /// Each node after all of its children.
  private func topologicalOrder() -> [PlantedValue] {
    var order: [PlantedValue] = []
    var visited: Set<ObjectIdentifier> = []
    func visit(_ node: PlantedValue) {
      guard visited.insert(ObjectIdentifier(node)).inserted else { return }
      for child in node.children {
        visit(child)
      }
      order.append(node)
    }
    visit(self)
    return order
  }

  /// Each node before its children, in the order a depth-first walk first reaches it.
  private func preorder() -> [PlantedValue] {
    var order: [PlantedValue] = []
    var visited: Set<ObjectIdentifier> = []
    func visit(_ node: PlantedValue) {
      guard visited.insert(ObjectIdentifier(node)).inserted else { return }
      order.append(node)
      for child in node.children {
        visit(child)
      }
    }
    visit(self)
    return order
  }
}

// MARK: - A right implementation written differently

/// The gates and layers in closed form, σ(x) = ½(1 + tanh(x/2)), and ``KahnValue``.
private enum ClosedForms: BackpropagationLesson {
  typealias Node = KahnValue

  static func add(_ x: Double, _ y: Double) -> Double { x + y }
  static func addBackward(upstream: Double) -> (dx: Double, dy: Double) { (upstream, upstream) }
  static func multiply(_ x: Double, _ y: Double) -> Double { x * y }

  static func multiplyBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double) {
    (upstream * y, upstream * x)
  }

  static func maximum(_ x: Double, _ y: Double) -> Double { Swift.max(x, y) }

  static func maximumBackward(x: Double, y: Double, upstream: Double) -> (dx: Double, dy: Double) {
    x < y ? (0, upstream) : (upstream, 0)
  }

  /// Never overflows: tanh saturates to ±1 instead.
  static func sigmoid(_ x: Double) -> Double { 0.5 * (1 + tanh(x / 2)) }

  static func sigmoidBackward(output: Double, upstream: Double) -> Double {
    upstream * (output - output * output)
  }

  static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    let z = weights[inputs.count] + dot(Array(weights.prefix(inputs.count)), inputs)
    let s = sigmoid(z)
    let local = s * (1 - s)
    return NeuronGradients(
      output: s, weightGradient: inputs.map { $0 * local } + [local],
      inputGradient: weights.prefix(inputs.count).map { $0 * local })
  }

  static func linearForward(_ x: Matrix, weights: Matrix, bias: Matrix) -> Matrix {
    Matrix.ones(rows: x.rows, columns: 1) * bias + x * weights
  }

  static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    (
      upstream * weights.transposed, x.transposed * upstream,
      Matrix.ones(rows: 1, columns: upstream.rows) * upstream
    )
  }

  static func reluForward(_ x: Matrix) -> Matrix { x.map { Swift.max(0, $0) } }

  static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    upstream .* x.map { $0 > 0 ? 1 : 0 }
  }

  static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix) {
    let z = linearForward(x, weights: network.hiddenWeights, bias: network.hiddenBias)
    let hidden = reluForward(z)
    let residual =
      linearForward(hidden, weights: network.outputWeights, bias: network.outputBias) - target
    let dHidden = linearBackward(residual, x: hidden, weights: network.outputWeights).dx
    let dx = linearBackward(reluBackward(dHidden, x: z), x: x, weights: network.hiddenWeights).dx
    return (residual.squaredNorm() / 2, dx)
  }

  static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    var x = start
    var remaining = steps
    while remaining > 0 {
      x = x - learningRate * reconstructionLoss(x, network: network, target: target).dx
      remaining -= 1
    }
    return x
  }
}

/// A `Value` without closures: each node keeps its inputs with their local slopes, taken at
/// the forward pass, and `backward()` releases a node once all of its users have run (Kahn's
/// algorithm) instead of walking a depth-first order. tanh's slope is sech² x.
private final class KahnValue: AutodiffValue {
  let data: Double
  private(set) var grad = 0.0
  /// The nodes this one was computed from, each with ∂self/∂input.
  let inputs: [(node: KahnValue, slope: Double)]

  convenience init(_ data: Double) {
    self.init(data, inputs: [])
  }

  init(_ data: Double, inputs: [(node: KahnValue, slope: Double)]) {
    self.data = data
    self.inputs = inputs
  }

  static func + (a: KahnValue, b: KahnValue) -> KahnValue {
    KahnValue(a.data + b.data, inputs: [(a, 1), (b, 1)])
  }

  static func * (a: KahnValue, b: KahnValue) -> KahnValue {
    KahnValue(a.data * b.data, inputs: [(a, b.data), (b, a.data)])
  }

  func pow(_ exponent: Double) -> KahnValue {
    KahnValue(
      Foundation.pow(data, exponent),
      inputs: [(self, exponent * Foundation.pow(data, exponent - 1))])
  }

  func exp() -> KahnValue {
    KahnValue(Foundation.exp(data), inputs: [(self, Foundation.exp(data))])
  }

  func log() -> KahnValue {
    KahnValue(Foundation.log(data), inputs: [(self, 1 / data)])
  }

  func tanh() -> KahnValue {
    let c = Foundation.cosh(data)
    return KahnValue(Foundation.tanh(data), inputs: [(self, 1 / (c * c))])
  }

  func relu() -> KahnValue {
    KahnValue(Swift.max(0, data), inputs: [(self, data > 0 ? 1 : 0)])
  }

  func backward() {
    // Count every node's uses inside this graph, then let a node pass its gradient on once
    // the count of its users still to run has reached 0.
    var pendingUsers: [ObjectIdentifier: Int] = [:]
    var toVisit = [self]
    var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
    while let node = toVisit.popLast() {
      for (input, _) in node.inputs {
        pendingUsers[ObjectIdentifier(input), default: 0] += 1
        if seen.insert(ObjectIdentifier(input)).inserted {
          toVisit.append(input)
        }
      }
    }
    grad = 1
    var ready = [self]
    while let node = ready.popLast() {
      for (input, slope) in node.inputs {
        input.grad += slope * node.grad
        pendingUsers[ObjectIdentifier(input)]! -= 1
        if pendingUsers[ObjectIdentifier(input)] == 0 {
          ready.append(input)
        }
      }
    }
  }

  func zeroGrad() {
    var toVisit = [self]
    var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
    while let node = toVisit.popLast() {
      node.grad = 0
      for (input, _) in node.inputs where seen.insert(ObjectIdentifier(input)).inserted {
        toVisit.append(input)
      }
    }
  }
}
