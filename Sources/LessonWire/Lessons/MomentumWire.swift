import GradKit

extension MomentumLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  ///
  /// Optimizers stay in this process; the grader holds each by handle
  /// (``RemoteOptimizer``) and copies one by asking for a copy of the value here.
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      func keep(_ optimizer: any Optimizer) -> Int {
        server.store(optimizer)
      }
      func optimizer(_ handle: Int) -> any Optimizer {
        // A handle the grader holds always names a live optimizer; anything else is a grader bug.
        guard let optimizer = try? server.object(handle, as: (any Optimizer).self) else {
          fatalError("the grader used optimizer handle \(handle), which this program does not hold")
        }
        return optimizer
      }
      server.add("makeSGD(learningRate:)") { (rate: Double) in keep(makeSGD(learningRate: rate)) }
      server.add("makeMomentum(learningRate:momentum:)") { (rate: Double, momentum: Double) in
        keep(makeMomentum(learningRate: rate, momentum: momentum))
      }
      server.add("makeNesterov(learningRate:momentum:)") { (rate: Double, momentum: Double) in
        keep(makeNesterov(learningRate: rate, momentum: momentum))
      }
      server.add("makeAdagrad(learningRate:epsilon:)") { (rate: Double, epsilon: Double) in
        keep(makeAdagrad(learningRate: rate, epsilon: epsilon))
      }
      server.add("makeRMSprop(learningRate:decayRate:epsilon:)") {
        (rate: Double, decay: Double, epsilon: Double) in
        keep(makeRMSprop(learningRate: rate, decayRate: decay, epsilon: epsilon))
      }
      server.add("makeAdam(learningRate:beta1:beta2:epsilon:)") {
        (rate: Double, beta1: Double, beta2: Double, epsilon: Double) in
        keep(makeAdam(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon))
      }
      server.add("Optimizer copy") { (handle: Int) in keep(optimizer(handle)) }
      server.add("Optimizer.learningRate") { (handle: Int) in optimizer(handle).learningRate }
      server.add("Optimizer.learningRate =") { (handle: Int, rate: Double) -> Nothing in
        var changed = optimizer(handle)
        changed.learningRate = rate
        server.replace(handle, with: changed)
        return Nothing()
      }
      server.add("Optimizer.step(_:gradient:)") {
        (handle: Int, parameters: [Double], gradient: [Double]) in
        var stepped = optimizer(handle)
        var parameters = parameters
        stepped.step(&parameters, gradient: gradient)
        server.replace(handle, with: stepped)
        return parameters
      }
      server.add("nesterovLookAheadStep(_:velocity:learningRate:momentum:gradient:)") {
        (
          x: [Double], velocity: [Double], rate: Double, momentum: Double,
          gradient: Callback<[Double], [Double]>
        ) in
        var x = x
        var velocity = velocity
        nesterovLookAheadStep(
          &x, velocity: &velocity, learningRate: rate, momentum: momentum,
          gradient: gradient.function)
        return Pair(x, velocity)
      }
      server.add("stepDecay(initial:factor:every:at:)") {
        (initial: Double, factor: Double, period: Int, t: Int) in
        stepDecay(initial: initial, factor: factor, every: period, at: t)
      }
      server.add("exponentialDecay(initial:rate:at:)") { (initial: Double, rate: Double, t: Int) in
        exponentialDecay(initial: initial, rate: rate, at: t)
      }
      server.add("quadraticBowl(_:)") { (x: [Double]) in quadraticBowl(x) }
      server.add("quadraticBowlGradient(_:)") { (x: [Double]) in quadraticBowlGradient(x) }
      server.add("rosenbrock(_:)") { (x: [Double]) in rosenbrock(x) }
      server.add("rosenbrockGradient(_:)") { (x: [Double]) in rosenbrockGradient(x) }
    }
  }
}

/// Module 07 as another process computes it, called over the pipe.
public enum RemoteMomentum<Side: LinkSide>: MomentumLesson {
  static var link: LearnerLink { Side.link(for: "07-Momentum") }

  public static func makeSGD(learningRate: Double) -> any Optimizer {
    RemoteOptimizer<Side>(handle: link.call("makeSGD(learningRate:)", learningRate))
  }

  public static func makeMomentum(learningRate: Double, momentum: Double) -> any Optimizer {
    RemoteOptimizer<Side>(
      handle: link.call("makeMomentum(learningRate:momentum:)", learningRate, momentum))
  }

  public static func makeNesterov(learningRate: Double, momentum: Double) -> any Optimizer {
    RemoteOptimizer<Side>(
      handle: link.call("makeNesterov(learningRate:momentum:)", learningRate, momentum))
  }

  public static func makeAdagrad(learningRate: Double, epsilon: Double) -> any Optimizer {
    RemoteOptimizer<Side>(
      handle: link.call("makeAdagrad(learningRate:epsilon:)", learningRate, epsilon))
  }

  public static func makeRMSprop(
    learningRate: Double, decayRate: Double, epsilon: Double
  ) -> any Optimizer {
    RemoteOptimizer<Side>(
      handle: link.call(
        "makeRMSprop(learningRate:decayRate:epsilon:)", learningRate, decayRate, epsilon))
  }

  public static func makeAdam(
    learningRate: Double, beta1: Double, beta2: Double, epsilon: Double
  ) -> any Optimizer {
    RemoteOptimizer<Side>(
      handle: link.call(
        "makeAdam(learningRate:beta1:beta2:epsilon:)", learningRate, beta1, beta2, epsilon))
  }

  public static func nesterovLookAheadStep(
    _ x: inout [Double], velocity: inout [Double], learningRate: Double, momentum: Double,
    gradient: ([Double]) -> [Double]
  ) {
    let result: Pair<[Double], [Double]> = withoutActuallyEscaping(gradient) { gradient in
      link.call(
        "nesterovLookAheadStep(_:velocity:learningRate:momentum:gradient:)", x, velocity,
        learningRate, momentum, Callback<[Double], [Double]>(slot: 0),
        callbacks: [ClientCallback(gradient)])
    }
    x = result.first
    velocity = result.second
  }

  public static func stepDecay(initial: Double, factor: Double, every period: Int, at t: Int)
    -> Double
  {
    link.call("stepDecay(initial:factor:every:at:)", initial, factor, period, t)
  }

  public static func exponentialDecay(initial: Double, rate: Double, at t: Int) -> Double {
    link.call("exponentialDecay(initial:rate:at:)", initial, rate, t)
  }

  public static func quadraticBowl(_ x: [Double]) -> Double {
    link.call("quadraticBowl(_:)", x)
  }

  public static func quadraticBowlGradient(_ x: [Double]) -> [Double] {
    link.call("quadraticBowlGradient(_:)", x)
  }

  public static func rosenbrock(_ x: [Double]) -> Double {
    link.call("rosenbrock(_:)", x)
  }

  public static func rosenbrockGradient(_ x: [Double]) -> [Double] {
    link.call("rosenbrockGradient(_:)", x)
  }
}

/// An optimizer of the learner's, held by handle in the learner's program.
///
/// A value, like the optimizer it stands for: a copy that steps (or changes its learning
/// rate) first asks the learner's program for a copy of the optimizer value there, so each
/// copy carries its own state from then on, exactly as the learner's type copies.
public struct RemoteOptimizer<Side: LinkSide>: Optimizer {
  private var box: Handle

  static var link: LearnerLink { Side.link(for: "07-Momentum") }

  init(handle: Int) {
    box = Handle(handle)
  }

  public var learningRate: Double {
    get { Self.link.call("Optimizer.learningRate", box.value) }
    set {
      makeUnique()
      let _: Nothing = Self.link.call("Optimizer.learningRate =", box.value, newValue)
    }
  }

  public mutating func step(_ parameters: inout [Double], gradient: [Double]) {
    makeUnique()
    parameters = Self.link.call("Optimizer.step(_:gradient:)", box.value, parameters, gradient)
  }

  /// Copy on write: a shared handle gets a copy of the learner's optimizer value first.
  private mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&box) {
      box = Handle(Self.link.call("Optimizer copy", box.value))
    }
  }

  /// A handle the learner's program lets go of when the last copy here is gone.
  private final class Handle {
    let value: Int
    /// The program that holds the optimizer (``LearnerLink/generation``).
    let generation = RemoteOptimizer.link.generation

    init(_ value: Int) {
      self.value = value
    }

    deinit {
      RemoteOptimizer.link.release(value, from: generation)
    }
  }
}
