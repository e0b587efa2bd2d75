import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded backpropagation test fails on a plausible wrong implementation.
@Suite("Planted bugs · 06 Backpropagation")
struct BackpropagationPlantedBugs {
  @Test("the gate test catches a multiply gate that returns (x·upstream, y·upstream), swapped")
  func swappedMultiplyGate() {
    withKnownIssue { BackpropagationTests.checkGates(SwappedMultiplyGate.self) }
  }

  @Test("the gate test catches a max gate that routes the gradient to the smaller input")
  func maxGateToSmaller() {
    withKnownIssue { BackpropagationTests.checkGates(MaxGateToSmaller.self) }
  }

  @Test("the sigmoid gate test catches a backward pass of σ · upstream, without (1 − σ)")
  func sigmoidBackwardWithoutOneMinus() {
    withKnownIssue { BackpropagationTests.checkSigmoidGate(SigmoidBackwardWithoutOneMinus.self) }
  }

  @Test("the sigmoid gate test catches σ(x) = eˣ / (1 + eˣ), which is NaN at x = 800")
  func sigmoidOverflowing() {
    withKnownIssue { BackpropagationTests.checkSigmoidGate(SigmoidOverflowing.self) }
  }

  @Test("the neuron example catches gradients that use each factor's own value, not the other's")
  func neuronWithOwnFactors() {
    withKnownIssue { BackpropagationTests.checkNeuronExample(NeuronWithOwnFactors.self) }
  }

  @Test("the seeded neuron test catches gradients without the sigmoid gate's σ(1 − σ)")
  func neuronWithoutSigmoidGate() {
    withKnownIssue { BackpropagationTests.checkNeuronSeeded(NeuronWithoutSigmoidGate.self) }
  }

  @Test("the operations test catches pow's slope written p·xᵖ instead of p·xᵖ⁻¹")
  func powSlopeKeepingExponent() {
    withKnownIssue {
      BackpropagationTests.checkValueOperations(WithValue<PowSlopeKeepsExponent>.self)
    }
  }

  @Test("the reuse test catches a gradient overwritten (grad =) instead of accumulated (grad +=)")
  func overwritingAtForks() {
    withKnownIssue { BackpropagationTests.checkValueReuse(WithValue<OverwritesAtForks>.self) }
  }

  @Test("the order test catches backward run in topological order, not reversed")
  func unreversedOrder() {
    withKnownIssue { BackpropagationTests.checkValueOrder(WithValue<UnreversedOrder>.self) }
  }

  @Test("the order test catches a depth-first walk that runs a node before all its users")
  func preorderWalk() {
    withKnownIssue { BackpropagationTests.checkValueOrder(WithValue<PreorderWalk>.self) }
  }

  @Test("the random expressions catch tanh's slope taken from the input: 1 − x², not 1 − y²")
  func tanhSlopeFromInput() {
    withKnownIssue {
      BackpropagationTests.checkValueRandomExpressions(WithValue<TanhSlopeFromInput>.self)
    }
  }

  @Test("the random expressions catch the overwritten gradient too")
  func overwritingInRandomExpressions() {
    withKnownIssue {
      BackpropagationTests.checkValueRandomExpressions(WithValue<OverwritesAtForks>.self)
    }
  }

  @Test("the zeroGrad test catches a zeroGrad that clears only the node it is called on")
  func zeroGradOnlySelf() {
    withKnownIssue { BackpropagationTests.checkValueZeroGrad(WithValue<ZeroGradOnlySelf>.self) }
  }

  @Test("the zeroGrad test catches a backward that clears the graph first, so nothing adds up")
  func backwardClearingFirst() {
    withKnownIssue {
      BackpropagationTests.checkValueZeroGrad(WithValue<BackwardClearsFirst>.self)
    }
  }

  @Test("the leak test catches backward steps that capture their node strongly")
  func strongCapture() {
    withKnownIssue { BackpropagationTests.checkValueFreed(WithValue<StrongCapture>.self) }
  }

  @Test("the linear test catches dW = Gᵀ·x, the transpose of xᵀ·G")
  func weightGradientTransposed() {
    withKnownIssue { BackpropagationTests.checkLinearLayer(WeightGradientTransposed.self) }
  }

  @Test("the linear test catches a transposed dW when D = H, where its shape cannot give it away")
  func weightGradientTransposedSquare() {
    withKnownIssue { BackpropagationTests.checkLinearLayer(SquareTransposeOnly.self) }
  }

  @Test("the linear test catches db = G, not summed over the rows")
  func biasGradientNotSummed() {
    withKnownIssue { BackpropagationTests.checkLinearLayer(BiasGradientNotSummed.self) }
  }

  @Test("the linear test catches db averaged over the rows instead of summed")
  func biasGradientAveraged() {
    withKnownIssue { BackpropagationTests.checkLinearLayer(BiasGradientAveraged.self) }
  }

  @Test("the ReLU test catches a backward pass without the mask")
  func reluWithoutMask() {
    withKnownIssue { BackpropagationTests.checkReLULayer(ReLUWithoutMask.self) }
  }

  @Test("the ReLU test catches a mask of x ≥ 0, which lets the gradient through at 0")
  func reluMaskAtZero() {
    withKnownIssue { BackpropagationTests.checkReLULayer(ReLUMaskAtZero.self) }
  }

  @Test("the reconstruction test catches a backward pass that skips the hidden ReLU's mask")
  func lossWithoutReLUMask() {
    withKnownIssue { BackpropagationTests.checkReconstructionLoss(LossWithoutReLUMask.self) }
  }

  @Test("the reconstruction test catches a loss without the ½")
  func lossWithoutHalf() {
    withKnownIssue { BackpropagationTests.checkReconstructionLoss(LossWithoutHalf.self) }
  }

  @Test("the inference test catches descent that steps uphill, x + α·dx")
  func inferenceUphill() {
    withKnownIssue { BackpropagationTests.checkInference(InferenceUphill.self) }
  }

  @Test("the inference test catches descent that stops after ten steps")
  func inferenceStoppingEarly() {
    withKnownIssue { BackpropagationTests.checkInference(InferenceStoppingEarly.self) }
  }
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

/// eˣ / (1 + eˣ): the same function, but ∞/∞ = NaN for large x.
private enum SigmoidOverflowing: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoid(_ x: Double) -> Double {
    exp(x) / (1 + exp(x))
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

/// Stops the backward pass at z: the gradients of the sum w·x + b, not of σ of it.
private enum NeuronWithoutSigmoidGate: PlantedBug {
  typealias Node = Solutions.Value

  static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    let right = Solutions.Backpropagation.sigmoidNeuron(weights: weights, inputs: inputs)
    return NeuronGradients(
      output: right.output, weightGradient: inputs + [1], inputGradient: Array(weights.dropLast()))
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

/// Passes the upstream gradient through everywhere.
private enum ReLUWithoutMask: PlantedBug {
  typealias Node = Solutions.Value

  static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    upstream
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
  var grad = 0.0
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
    node(a.data * b.data, [a, b], slopes: [b.data, a.data])
  }

  func pow(_ exponent: Double) -> PlantedValue {
    let power = Flaw.flaw == .powSlopeKeepsExponent ? exponent : exponent - 1
    return Self.node(
      Foundation.pow(data, exponent), [self], slopes: [exponent * Foundation.pow(data, power)])
  }

  func exp() -> PlantedValue {
    let y = Foundation.exp(data)
    return Self.node(y, [self], slopes: [y])
  }

  func log() -> PlantedValue {
    Self.node(Foundation.log(data), [self], slopes: [1 / data])
  }

  func tanh() -> PlantedValue {
    let y = Foundation.tanh(data)
    let slope = Flaw.flaw == .tanhSlopeFromInput ? 1 - data * data : 1 - y * y
    return Self.node(y, [self], slopes: [slope])
  }

  func relu() -> PlantedValue {
    Self.node(data > 0 ? data : 0, [self], slopes: [data > 0 ? 1 : 0])
  }

  func backward() {
    if Flaw.flaw == .backwardClearsFirst {
      zeroGrad()
    }
    grad = 1
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
