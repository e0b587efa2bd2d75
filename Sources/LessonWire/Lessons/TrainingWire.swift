import GradKit

/// A ``LossAndGradient`` on the wire: the network and the batch in, the loss and the
/// gradient back.
typealias LossAndGradientCallback = Callback<
  Pair<TwoLayerNetwork, Dataset>, Pair<Double, TwoLayerNetwork>
>

extension TrainingLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  ///
  /// The closures a function takes (the loss and its gradient, the schedule, the epoch,
  /// the scores) run in the grader's process: each call of one is a message there and back.
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      /// The grader's loss-and-gradient closure as the learner's code calls it.
      func objective(_ callback: LossAndGradientCallback) -> LossAndGradient {
        let call = callback.function
        return { network, batch in
          let result = call(Pair(network, batch))
          return (result.first, result.second)
        }
      }
      server.add("minibatches(count:batchSize:using:)") {
        (count: Int, batchSize: Int, generator: SeededGenerator) in
        var generator = generator
        let batches = minibatches(count: count, batchSize: batchSize, using: &generator)
        return Pair(batches, generator)
      }
      server.add(
        "trainMinibatch(_:on:batchSize:epochs:learningRate:lossAndGradient:using:observe:)"
      ) {
        (
          network: TwoLayerNetwork, data: Dataset, batchSize: Int, epochs: Int,
          learningRate: Callback<Int, Double>, lossAndGradient: LossAndGradientCallback,
          generator: SeededGenerator, observe: Callback<EpochProgress, Nothing>
        ) in
        var generator = generator
        let trained = trainMinibatch(
          network, on: data, batchSize: batchSize, epochs: epochs,
          learningRate: learningRate.function, lossAndGradient: objective(lossAndGradient),
          using: &generator, observe: { _ = observe.function($0) })
        return Pair(trained, generator)
      }
      server.add(
        "compareFullBatchAndMinibatch(from:on:batchSize:epochs:learningRate:lossAndGradient:using:)"
      ) {
        (
          initial: TwoLayerNetwork, data: Dataset, batchSize: Int, epochs: Int, rate: Double,
          lossAndGradient: LossAndGradientCallback, generator: SeededGenerator
        ) in
        var generator = generator
        let comparison = compareFullBatchAndMinibatch(
          from: initial, on: data, batchSize: batchSize, epochs: epochs, learningRate: rate,
          lossAndGradient: objective(lossAndGradient), using: &generator)
        return Pair(comparison, generator)
      }
      server.add("xavierInitialization(fanIn:fanOut:using:)") {
        (fanIn: Int, fanOut: Int, generator: SeededGenerator) in
        var generator = generator
        let weights = xavierInitialization(fanIn: fanIn, fanOut: fanOut, using: &generator)
        return Pair(weights, generator)
      }
      server.add("heInitialization(fanIn:fanOut:using:)") {
        (fanIn: Int, fanOut: Int, generator: SeededGenerator) in
        var generator = generator
        let weights = heInitialization(fanIn: fanIn, fanOut: fanOut, using: &generator)
        return Pair(weights, generator)
      }
      server.add("deepStackForward(_:activation:inputs:)") {
        (weights: [Matrix], activation: Activation, inputs: Matrix) in
        deepStackForward(weights, activation: activation, inputs: inputs)
      }
      server.add("deepStackBackward(_:activation:inputs:upstream:)") {
        (weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix) in
        deepStackBackward(weights, activation: activation, inputs: inputs, upstream: upstream)
      }
      server.add("gradientNormsByLayer(depth:width:activation:scales:inputs:upstream:using:)") {
        (
          depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
          upstream: Matrix, generator: SeededGenerator
        ) in
        var generator = generator
        let norms = gradientNormsByLayer(
          depth: depth, width: width, activation: activation, scales: scales, inputs: inputs,
          upstream: upstream, using: &generator)
        return Pair(norms, generator)
      }
      server.add("dropoutForward(_:keepProbability:training:using:)") {
        (x: Matrix, keepProbability: Double, training: Bool, generator: SeededGenerator) in
        var generator = generator
        let (output, mask) = dropoutForward(
          x, keepProbability: keepProbability, training: training, using: &generator)
        return Triple(output, mask, generator)
      }
      server.add("dropoutBackward(_:mask:)") { (upstream: Matrix, mask: Matrix) in
        dropoutBackward(upstream, mask: mask)
      }
      server.add("trainWithEarlyStopping(_:maxEpochs:patience:epoch:validationAccuracy:)") {
        (
          network: TwoLayerNetwork, maxEpochs: Int, patience: Int,
          epoch: Callback<TwoLayerNetwork, TwoLayerNetwork>,
          validationAccuracy: Callback<TwoLayerNetwork, Double>
        ) in
        trainWithEarlyStopping(
          network, maxEpochs: maxEpochs, patience: patience, epoch: epoch.function,
          validationAccuracy: validationAccuracy.function)
      }
      server.add("initialLossCheck(of:on:tolerance:lossAndGradient:)") {
        (
          network: TwoLayerNetwork, data: Dataset, tolerance: Double,
          lossAndGradient: LossAndGradientCallback
        ) in
        initialLossCheck(
          of: network, on: data, tolerance: tolerance,
          lossAndGradient: objective(lossAndGradient))
      }
      server.add("overfitTinyBatch(_:on:steps:learningRate:lossAndGradient:accuracy:)") {
        (
          network: TwoLayerNetwork, batch: Dataset, steps: Int, rate: Double,
          lossAndGradient: LossAndGradientCallback,
          accuracy: Callback<Pair<TwoLayerNetwork, Dataset>, Double>
        ) in
        let score = accuracy.function
        return overfitTinyBatch(
          network, on: batch, steps: steps, learningRate: rate,
          lossAndGradient: objective(lossAndGradient),
          accuracy: { score(Pair($0, $1)) })
      }
      server.add("updateToWeightRatios(from:to:)") {
        (before: TwoLayerNetwork, after: TwoLayerNetwork) in
        updateToWeightRatios(from: before, to: after)
      }
    }
  }
}

/// Module 09 as another process computes it, called over the pipe.
public enum RemoteTraining<Side: LinkSide>: TrainingLesson {
  static var link: LearnerLink { Side.link(for: "09-Training") }

  /// A ``LossAndGradient`` of the grader's, as the learner's program calls it back.
  private static func serving(_ lossAndGradient: @escaping LossAndGradient) -> ClientCallback {
    ClientCallback { (arguments: Pair<TwoLayerNetwork, Dataset>) in
      let (loss, gradient) = lossAndGradient(arguments.first, arguments.second)
      return Pair(loss, gradient)
    }
  }

  public static func minibatches(
    count: Int, batchSize: Int, using generator: inout SeededGenerator
  ) -> [[Int]] {
    let result: Pair<[[Int]], SeededGenerator> = link.call(
      "minibatches(count:batchSize:using:)", count, batchSize, generator)
    generator = result.second
    return result.first
  }

  public static func trainMinibatch(
    _ network: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: (Int) -> Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator, observe: (EpochProgress) -> Void
  ) -> TwoLayerNetwork {
    let result: Pair<TwoLayerNetwork, SeededGenerator> =
      withoutActuallyEscaping(learningRate) { learningRate in
        withoutActuallyEscaping(lossAndGradient) { lossAndGradient in
          withoutActuallyEscaping(observe) { observe in
            link.call(
              "trainMinibatch(_:on:batchSize:epochs:learningRate:lossAndGradient:using:observe:)",
              network, data, batchSize, epochs, Callback<Int, Double>(slot: 0),
              LossAndGradientCallback(slot: 1), generator,
              Callback<EpochProgress, Nothing>(slot: 2),
              callbacks: [
                ClientCallback(learningRate), serving(lossAndGradient),
                ClientCallback { (progress: EpochProgress) in
                  observe(progress)
                  return Nothing()
                },
              ])
          }
        }
      }
    generator = result.second
    return result.first
  }

  public static func compareFullBatchAndMinibatch(
    from initial: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator
  ) -> BatchComparison {
    let result: Pair<BatchComparison, SeededGenerator> =
      withoutActuallyEscaping(lossAndGradient) { lossAndGradient in
        link.call(
          "compareFullBatchAndMinibatch(from:on:batchSize:epochs:learningRate:lossAndGradient:using:)",
          initial, data, batchSize, epochs, learningRate, LossAndGradientCallback(slot: 0),
          generator, callbacks: [serving(lossAndGradient)])
      }
    generator = result.second
    return result.first
  }

  public static func xavierInitialization(
    fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    let result: Pair<Matrix, SeededGenerator> = link.call(
      "xavierInitialization(fanIn:fanOut:using:)", fanIn, fanOut, generator)
    generator = result.second
    return result.first
  }

  public static func heInitialization(
    fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    let result: Pair<Matrix, SeededGenerator> = link.call(
      "heInitialization(fanIn:fanOut:using:)", fanIn, fanOut, generator)
    generator = result.second
    return result.first
  }

  public static func deepStackForward(
    _ weights: [Matrix], activation: Activation, inputs: Matrix
  ) -> Matrix {
    link.call("deepStackForward(_:activation:inputs:)", weights, activation, inputs)
  }

  public static func deepStackBackward(
    _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
  ) -> DeepStackGradients {
    link.call(
      "deepStackBackward(_:activation:inputs:upstream:)", weights, activation, inputs, upstream)
  }

  public static func gradientNormsByLayer(
    depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
    upstream: Matrix, using generator: inout SeededGenerator
  ) -> [[Double]] {
    let result: Pair<[[Double]], SeededGenerator> = link.call(
      "gradientNormsByLayer(depth:width:activation:scales:inputs:upstream:using:)", depth, width,
      activation, scales, inputs, upstream, generator)
    generator = result.second
    return result.first
  }

  public static func dropoutForward(
    _ x: Matrix, keepProbability: Double, training: Bool, using generator: inout SeededGenerator
  ) -> (output: Matrix, mask: Matrix) {
    let result: Triple<Matrix, Matrix, SeededGenerator> = link.call(
      "dropoutForward(_:keepProbability:training:using:)", x, keepProbability, training,
      generator)
    generator = result.third
    return (result.first, result.second)
  }

  public static func dropoutBackward(_ upstream: Matrix, mask: Matrix) -> Matrix {
    link.call("dropoutBackward(_:mask:)", upstream, mask)
  }

  public static func trainWithEarlyStopping(
    _ network: TwoLayerNetwork, maxEpochs: Int, patience: Int,
    epoch: (TwoLayerNetwork) -> TwoLayerNetwork,
    validationAccuracy: (TwoLayerNetwork) -> Double
  ) -> EarlyStoppingResult {
    withoutActuallyEscaping(epoch) { epoch in
      withoutActuallyEscaping(validationAccuracy) { validationAccuracy in
        link.call(
          "trainWithEarlyStopping(_:maxEpochs:patience:epoch:validationAccuracy:)", network,
          maxEpochs, patience, Callback<TwoLayerNetwork, TwoLayerNetwork>(slot: 0),
          Callback<TwoLayerNetwork, Double>(slot: 1),
          callbacks: [ClientCallback(epoch), ClientCallback(validationAccuracy)])
      }
    }
  }

  public static func initialLossCheck(
    of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
    lossAndGradient: LossAndGradient
  ) -> InitialLossCheck {
    withoutActuallyEscaping(lossAndGradient) { lossAndGradient in
      link.call(
        "initialLossCheck(of:on:tolerance:lossAndGradient:)", network, data, tolerance,
        LossAndGradientCallback(slot: 0), callbacks: [serving(lossAndGradient)])
    }
  }

  public static func overfitTinyBatch(
    _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
    lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
  ) -> OverfitReport {
    withoutActuallyEscaping(lossAndGradient) { lossAndGradient in
      withoutActuallyEscaping(accuracy) { accuracy in
        link.call(
          "overfitTinyBatch(_:on:steps:learningRate:lossAndGradient:accuracy:)", network, batch,
          steps, learningRate, LossAndGradientCallback(slot: 0),
          Callback<Pair<TwoLayerNetwork, Dataset>, Double>(slot: 1),
          callbacks: [
            serving(lossAndGradient),
            ClientCallback { (arguments: Pair<TwoLayerNetwork, Dataset>) in
              accuracy(arguments.first, arguments.second)
            },
          ])
      }
    }
  }

  public static func updateToWeightRatios(
    from before: TwoLayerNetwork, to after: TwoLayerNetwork
  ) -> [String: Double] {
    link.call("updateToWeightRatios(from:to:)", before, after)
  }
}
