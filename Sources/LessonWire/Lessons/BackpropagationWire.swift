import GradKit

extension BackpropagationLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  ///
  /// The learner's `Value` nodes stay in this process; the grader holds them by handle
  /// (``RemoteValue``), and every operation on a node is a call.
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      server.add("add(_:_:)") { (x: Double, y: Double) in add(x, y) }
      server.add("addBackward(upstream:)") { (upstream: Double) in
        let d = addBackward(upstream: upstream)
        return Pair(d.dx, d.dy)
      }
      server.add("multiply(_:_:)") { (x: Double, y: Double) in multiply(x, y) }
      server.add("multiplyBackward(x:y:upstream:)") { (x: Double, y: Double, upstream: Double) in
        let d = multiplyBackward(x: x, y: y, upstream: upstream)
        return Pair(d.dx, d.dy)
      }
      server.add("maximum(_:_:)") { (x: Double, y: Double) in maximum(x, y) }
      server.add("maximumBackward(x:y:upstream:)") { (x: Double, y: Double, upstream: Double) in
        let d = maximumBackward(x: x, y: y, upstream: upstream)
        return Pair(d.dx, d.dy)
      }
      server.add("sigmoid(_:)") { (x: Double) in sigmoid(x) }
      server.add("sigmoidBackward(output:upstream:)") { (output: Double, upstream: Double) in
        sigmoidBackward(output: output, upstream: upstream)
      }
      server.add("sigmoidNeuron(weights:inputs:)") { (weights: [Double], inputs: [Double]) in
        sigmoidNeuron(weights: weights, inputs: inputs)
      }
      server.add("linearForward(_:weights:bias:)") { (x: Matrix, weights: Matrix, bias: Matrix) in
        linearForward(x, weights: weights, bias: bias)
      }
      server.add("linearBackward(_:x:weights:)") {
        (upstream: Matrix, x: Matrix, weights: Matrix) in
        let d = linearBackward(upstream, x: x, weights: weights)
        return Triple(d.dx, d.dW, d.db)
      }
      server.add("reluForward(_:)") { (x: Matrix) in reluForward(x) }
      server.add("reluBackward(_:x:)") { (upstream: Matrix, x: Matrix) in
        reluBackward(upstream, x: x)
      }
      server.add("reconstructionLoss(_:network:target:)") {
        (x: Matrix, network: FrozenNetwork, target: Matrix) in
        let result = reconstructionLoss(x, network: network, target: target)
        return Pair(result.loss, result.dx)
      }
      server.add("infer(target:network:start:learningRate:steps:)") {
        (target: Matrix, network: FrozenNetwork, start: Matrix, rate: Double, steps: Int) in
        infer(target: target, network: network, start: start, learningRate: rate, steps: steps)
      }
      serveNodes(Node.self, on: server)
    }
  }
}

/// The operations of the learner's `Value` class, each node kept in the server by handle.
///
/// A new node comes back as its handle and its `data`, which never changes.
private func serveNodes<Node: AutodiffValue>(_ type: Node.Type, on server: LessonServer) {
  func node(_ handle: Int) -> Node {
    // A handle the grader holds always names a live node; anything else is a grader bug.
    guard let node = try? server.object(handle, as: Node.self) else {
      fatalError("the grader used node handle \(handle), which this program does not hold")
    }
    return node
  }
  func keep(_ node: Node) -> Pair<Int, Double> {
    Pair(server.store(node), node.data)
  }
  server.add("Value(_:)") { (data: Double) in keep(Node(data)) }
  server.add("Value +") { (a: Int, b: Int) in keep(node(a) + node(b)) }
  server.add("Value *") { (a: Int, b: Int) in keep(node(a) * node(b)) }
  server.add("Value.pow(_:)") { (a: Int, exponent: Double) in keep(node(a).pow(exponent)) }
  server.add("Value.exp()") { (a: Int) in keep(node(a).exp()) }
  server.add("Value.log()") { (a: Int) in keep(node(a).log()) }
  server.add("Value.tanh()") { (a: Int) in keep(node(a).tanh()) }
  server.add("Value.relu()") { (a: Int) in keep(node(a).relu()) }
  server.add("Value.grad") { (a: Int) in node(a).grad }
  server.add("Value.backward()") { (a: Int) -> Nothing in
    node(a).backward()
    return Nothing()
  }
  server.add("Value.zeroGrad()") { (a: Int) -> Nothing in
    node(a).zeroGrad()
    return Nothing()
  }
}

/// Module 06 as another process computes it, called over the pipe.
public enum RemoteBackpropagation<Side: LinkSide>: BackpropagationLesson {
  public typealias Node = RemoteValue<Side>

  static var link: LearnerLink { Side.link(for: "06-Backpropagation") }

  public static func add(_ x: Double, _ y: Double) -> Double {
    link.call("add(_:_:)", x, y)
  }

  public static func addBackward(upstream: Double) -> (dx: Double, dy: Double) {
    let d: Pair<Double, Double> = link.call("addBackward(upstream:)", upstream)
    return (d.first, d.second)
  }

  public static func multiply(_ x: Double, _ y: Double) -> Double {
    link.call("multiply(_:_:)", x, y)
  }

  public static func multiplyBackward(
    x: Double, y: Double, upstream: Double
  ) -> (dx: Double, dy: Double) {
    let d: Pair<Double, Double> = link.call("multiplyBackward(x:y:upstream:)", x, y, upstream)
    return (d.first, d.second)
  }

  public static func maximum(_ x: Double, _ y: Double) -> Double {
    link.call("maximum(_:_:)", x, y)
  }

  public static func maximumBackward(
    x: Double, y: Double, upstream: Double
  ) -> (dx: Double, dy: Double) {
    let d: Pair<Double, Double> = link.call("maximumBackward(x:y:upstream:)", x, y, upstream)
    return (d.first, d.second)
  }

  public static func sigmoid(_ x: Double) -> Double {
    link.call("sigmoid(_:)", x)
  }

  public static func sigmoidBackward(output: Double, upstream: Double) -> Double {
    link.call("sigmoidBackward(output:upstream:)", output, upstream)
  }

  public static func sigmoidNeuron(weights: [Double], inputs: [Double]) -> NeuronGradients {
    link.call("sigmoidNeuron(weights:inputs:)", weights, inputs)
  }

  public static func linearForward(_ x: Matrix, weights: Matrix, bias: Matrix) -> Matrix {
    link.call("linearForward(_:weights:bias:)", x, weights, bias)
  }

  public static func linearBackward(
    _ upstream: Matrix, x: Matrix, weights: Matrix
  ) -> (dx: Matrix, dW: Matrix, db: Matrix) {
    let d: Triple<Matrix, Matrix, Matrix> = link.call(
      "linearBackward(_:x:weights:)", upstream, x, weights)
    return (d.first, d.second, d.third)
  }

  public static func reluForward(_ x: Matrix) -> Matrix {
    link.call("reluForward(_:)", x)
  }

  public static func reluBackward(_ upstream: Matrix, x: Matrix) -> Matrix {
    link.call("reluBackward(_:x:)", upstream, x)
  }

  public static func reconstructionLoss(
    _ x: Matrix, network: FrozenNetwork, target: Matrix
  ) -> (loss: Double, dx: Matrix) {
    let result: Pair<Double, Matrix> = link.call(
      "reconstructionLoss(_:network:target:)", x, network, target)
    return (result.first, result.second)
  }

  public static func infer(
    target: Matrix, network: FrozenNetwork, start: Matrix, learningRate: Double, steps: Int
  ) -> Matrix {
    link.call(
      "infer(target:network:start:learningRate:steps:)", target, network, start, learningRate,
      steps)
  }
}

/// A node of the learner's autodiff graph, held by handle in the learner's program.
///
/// Every operation asks that program for a new node; `grad` asks for the node's gradient,
/// which `backward()` and `zeroGrad()` change there. Releasing the last reference here lets
/// the learner's program drop the node.
public final class RemoteValue<Side: LinkSide>: AutodiffValue {
  let handle: Int
  /// The program that holds the node (``LearnerLink/generation``).
  let generation: Int
  public let data: Double

  static var link: LearnerLink { Side.link(for: "06-Backpropagation") }

  private init(_ node: Pair<Int, Double>) {
    handle = node.first
    generation = Self.link.generation
    data = node.second
  }

  public convenience init(_ data: Double) {
    self.init(Self.link.call("Value(_:)", data) as Pair<Int, Double>)
  }

  deinit {
    Self.link.release(handle, from: generation)
  }

  public var grad: Double {
    Self.link.call("Value.grad", handle)
  }

  public static func + (a: RemoteValue, b: RemoteValue) -> RemoteValue {
    RemoteValue(link.call("Value +", a.handle, b.handle) as Pair<Int, Double>)
  }

  public static func * (a: RemoteValue, b: RemoteValue) -> RemoteValue {
    RemoteValue(link.call("Value *", a.handle, b.handle) as Pair<Int, Double>)
  }

  public func pow(_ exponent: Double) -> RemoteValue {
    RemoteValue(Self.link.call("Value.pow(_:)", handle, exponent) as Pair<Int, Double>)
  }

  public func exp() -> RemoteValue {
    RemoteValue(Self.link.call("Value.exp()", handle) as Pair<Int, Double>)
  }

  public func log() -> RemoteValue {
    RemoteValue(Self.link.call("Value.log()", handle) as Pair<Int, Double>)
  }

  public func tanh() -> RemoteValue {
    RemoteValue(Self.link.call("Value.tanh()", handle) as Pair<Int, Double>)
  }

  public func relu() -> RemoteValue {
    RemoteValue(Self.link.call("Value.relu()", handle) as Pair<Int, Double>)
  }

  public func backward() {
    let _: Nothing = Self.link.call("Value.backward()", handle)
  }

  public func zeroGrad() {
    let _: Nothing = Self.link.call("Value.zeroGrad()", handle)
  }
}
