import Foundation
import GradKit
import Solutions
import Testing

/// Proves each graded training test fails on a plausible wrong implementation, and passes
/// right ones written another way.
@Suite("Planted bugs · 09 Training in practice")
struct TrainingPlantedBugs {
  @Test(arguments: checks)
  func plantedCheck(_ check: PlantedCheck) {
    check.run()
  }

  static let checks: [PlantedCheck] = [
    // Minibatches
    PlantedCheck("the cut test catches batches cut from the unshuffled order") {
      TrainingTests.checkMinibatchCuts(MinibatchesUnshuffled.self)
    },
    PlantedCheck("the cut test catches the last, smaller batch dropped") {
      TrainingTests.checkMinibatchCuts(MinibatchesDropLast.self)
    },
    PlantedCheck("the cut test catches the remainder put in the first batch") {
      TrainingTests.checkMinibatchCuts(MinibatchesRemainderFirst.self)
    },
    PlantedCheck("the cut test catches the standard library's shuffled(using:)") {
      TrainingTests.checkMinibatchCuts(MinibatchesStandardShuffle.self)
    },
    PlantedCheck(
      asWritten: "the cut and draw tests accept a hand-written Fisher–Yates and a while loop"
    ) {
      TrainingTests.checkMinibatchCuts(MinibatchesHandwritten.self)
      TrainingTests.checkMinibatchDraws(MinibatchesHandwritten.self)
    },
    PlantedCheck("the draw test catches a shuffle of a copy of the generator") {
      TrainingTests.checkMinibatchDraws(MinibatchesFromCopy.self)
    },
    PlantedCheck("the draw test catches batches shuffled with the system's random numbers") {
      TrainingTests.checkMinibatchDraws(MinibatchesSystemRandom.self)
    },
    // Minibatch training
    PlantedCheck("the step test catches the same shuffle every epoch") {
      TrainingTests.checkMinibatchSteps(TrainingBug.SameShuffle.self)
    },
    PlantedCheck("the step test catches steps uphill, θ + α·∇") {
      TrainingTests.checkMinibatchSteps(TrainingBug.Uphill.self)
    },
    PlantedCheck("the step test catches the learning rate divided by the batch size") {
      TrainingTests.checkMinibatchSteps(TrainingBug.RateOverBatchSize.self)
    },
    PlantedCheck("the step test catches the last, smaller batch skipped") {
      TrainingTests.checkMinibatchSteps(TrainingBug.DropLast.self)
    },
    PlantedCheck("the step test catches one update per epoch from the batches' summed gradients") {
      TrainingTests.checkMinibatchSteps(TrainingBug.OncePerEpoch.self)
    },
    PlantedCheck("the step test catches an epoch too many, 0...epochs") {
      TrainingTests.checkMinibatchSteps(TrainingBug.EpochTooMany.self)
    },
    PlantedCheck(
      asWritten: "the step and schedule tests accept a loop over the four fields and θ + (−α)·∇"
    ) {
      TrainingTests.checkMinibatchSteps(TrainingByFields.self)
      TrainingTests.checkMinibatchSchedule(TrainingByFields.self)
    },
    PlantedCheck("the schedule test catches epochs counted from 1") {
      TrainingTests.checkMinibatchSchedule(TrainingBug.ScheduleFromOne.self)
    },
    PlantedCheck("the schedule test catches the schedule asked for the step count") {
      TrainingTests.checkMinibatchSchedule(TrainingBug.SchedulePerStep.self)
    },
    PlantedCheck("the schedule test catches the schedule read once, before the first epoch") {
      TrainingTests.checkMinibatchSchedule(TrainingBug.ScheduleReadOnce.self)
    },
    PlantedCheck("the schedule test catches the plain mean of the batch losses") {
      TrainingTests.checkMinibatchSchedule(TrainingBug.UnweightedMean.self)
    },
    PlantedCheck("the schedule test catches a report of the network before the epoch") {
      TrainingTests.checkMinibatchSchedule(TrainingBug.ReportBeforeEpoch.self)
    },
    // The comparison
    PlantedCheck("the comparison test catches the minibatch run drawn first") {
      TrainingTests.checkBatchComparison(ComparisonBug.MinibatchFirst.self)
    },
    PlantedCheck("the comparison test catches curves without the starting loss") {
      TrainingTests.checkBatchComparison(ComparisonBug.WithoutStart.self)
    },
    PlantedCheck("the comparison test catches each epoch's mean batch loss for the loss after it") {
      TrainingTests.checkBatchComparison(ComparisonBug.EpochMeans.self)
    },
    PlantedCheck("the comparison test catches a full-batch run that does not shuffle") {
      TrainingTests.checkBatchComparison(ComparisonBug.FullBatchUnshuffled.self)
    },
    PlantedCheck("the comparison test catches ⌊N/B⌋ updates per epoch") {
      TrainingTests.checkBatchComparison(ComparisonBug.FloorUpdates.self)
    },
    // Initialisation
    PlantedCheck("the Xavier test catches LeCun's 1/fanIn") {
      TrainingTests.checkXavier(InitializationBug.XavierLeCun.self)
    },
    PlantedCheck("the Xavier test catches the variance passed as the standard deviation") {
      TrainingTests.checkXavier(InitializationBug.XavierVarianceAsDeviation.self)
    },
    PlantedCheck("the Xavier test catches a uniform draw bounded by √Var") {
      TrainingTests.checkXavier(InitializationBug.XavierNarrowUniform.self)
    },
    PlantedCheck("the Xavier test catches weights shaped fanOut×fanIn") {
      TrainingTests.checkXavier(InitializationBug.XavierTransposed.self)
    },
    PlantedCheck("the Xavier test catches draws from a copy of the generator") {
      TrainingTests.checkXavier(InitializationBug.XavierFromCopy.self)
    },
    PlantedCheck(asWritten: "the Xavier and He tests accept uniform draws of the right variance") {
      TrainingTests.checkXavier(InitializationBug.Uniform.self)
      TrainingTests.checkHe(InitializationBug.Uniform.self)
    },
    PlantedCheck("the He test catches 1/fanIn without the 2") {
      TrainingTests.checkHe(InitializationBug.HeWithoutTwo.self)
    },
    PlantedCheck("the He test catches fanOut in place of fanIn") {
      TrainingTests.checkHe(InitializationBug.HeFanOut.self)
    },
    PlantedCheck("the He test catches Xavier's variance") {
      TrainingTests.checkHe(InitializationBug.HeXavierRule.self)
    },
    PlantedCheck("the He test catches weights of one sign, |N(0, 2/fanIn)|") {
      TrainingTests.checkHe(InitializationBug.HeOneSigned.self)
    },
    // Deep stacks
    PlantedCheck("the forward test catches no activation after the last layer") {
      TrainingTests.checkDeepForward(StackBug.WithoutLastActivation.self)
    },
    PlantedCheck("the forward test catches ReLU whatever the activation") {
      TrainingTests.checkDeepForward(StackBug.AlwaysReLU.self)
    },
    PlantedCheck("the backward test catches a backward pass without the activation's slope") {
      TrainingTests.checkDeepBackward(StackBug.WithoutSlope.self)
    },
    PlantedCheck("the backward test catches tanh′ as 1 − z²") {
      TrainingTests.checkDeepBackward(StackBug.TanhFromPreActivation.self)
    },
    PlantedCheck("the backward test catches relu′(0) = 1") {
      TrainingTests.checkDeepBackward(StackBug.SlopeOneAtKink.self)
    },
    PlantedCheck("the backward test catches the gradients listed from the top layer down") {
      TrainingTests.checkDeepBackward(StackBug.ReversedLists.self)
    },
    PlantedCheck(
      "the backward test catches the gradient arriving at each layer for the one it passes down"
    ) { TrainingTests.checkDeepBackward(StackBug.ArrivingGradients.self) },
    PlantedCheck(asWritten: "the forward and backward tests accept tanh′ from tanh(z) recomputed") {
      TrainingTests.checkDeepForward(StackBug.TanhRecomputed.self)
      TrainingTests.checkDeepBackward(StackBug.TanhRecomputed.self)
    },
    PlantedCheck("the norms test catches fresh weights drawn for every scale") {
      TrainingTests.checkGradientNorms(StackBug.Redrawn.self)
    },
    PlantedCheck("the norms test catches rows from the top layer down") {
      TrainingTests.checkGradientNorms(StackBug.NormsReversed.self)
    },
    PlantedCheck("the norms test catches the weight gradients' norms") {
      TrainingTests.checkGradientNorms(StackBug.WeightNorms.self)
    },
    PlantedCheck("the norms test catches squared norms") {
      TrainingTests.checkGradientNorms(StackBug.SquaredNorms.self)
    },
    PlantedCheck("the vanishing-and-exploding test catches rows from the top layer down") {
      TrainingTests.checkVanishingAndExploding(StackBug.NormsReversed.self)
    },
    PlantedCheck("the vanishing-and-exploding test catches the weight gradients' norms") {
      TrainingTests.checkVanishingAndExploding(StackBug.WeightNorms.self)
    },
    // Dropout
    PlantedCheck("the mask test catches p taken as the drop rate") {
      TrainingTests.checkDropoutMask(DropoutBug.DropRate.self)
    },
    PlantedCheck("the mask test catches a mask without 1/p") {
      TrainingTests.checkDropoutMask(DropoutBug.Unscaled.self)
    },
    PlantedCheck("the mask test catches draws taken column by column") {
      TrainingTests.checkDropoutMask(DropoutBug.ColumnOrder.self)
    },
    PlantedCheck("the mask test catches no draws when p = 1") {
      TrainingTests.checkDropoutMask(DropoutBug.SkipsDrawsAtOne.self)
    },
    PlantedCheck(asWritten: "the four dropout tests accept (x ⊙ keep) / p") {
      TrainingTests.checkDropoutMask(DropoutBug.DividedAfter.self)
      TrainingTests.checkDropoutEvaluation(DropoutBug.DividedAfter.self)
      TrainingTests.checkDropoutExpectation(DropoutBug.DividedAfter.self)
      TrainingTests.checkDropoutBackward(DropoutBug.DividedAfter.self)
    },
    PlantedCheck("the evaluation test catches x·p at evaluation, the old dropout") {
      TrainingTests.checkDropoutEvaluation(DropoutBug.EvaluationScaled.self)
    },
    PlantedCheck("the evaluation test catches units still dropped at evaluation") {
      TrainingTests.checkDropoutEvaluation(DropoutBug.EvaluationDrops.self)
    },
    PlantedCheck("the evaluation test catches a mask drawn and thrown away at evaluation") {
      TrainingTests.checkDropoutEvaluation(DropoutBug.EvaluationDraws.self)
    },
    PlantedCheck("the expectation test catches a mask without 1/p") {
      TrainingTests.checkDropoutExpectation(DropoutBug.Unscaled.self)
    },
    PlantedCheck("the expectation test catches p taken as the drop rate") {
      TrainingTests.checkDropoutExpectation(DropoutBug.DropRateUnscaled.self)
    },
    PlantedCheck("the backward test catches the gradient passed through unchanged") {
      TrainingTests.checkDropoutBackward(DropoutBug.BackwardIdentity.self)
    },
    PlantedCheck("the backward test catches the kept pattern without 1/p") {
      TrainingTests.checkDropoutBackward(DropoutBug.BackwardKeptPattern.self)
    },
    // Early stopping
    PlantedCheck("the best-epoch test catches >= keeping the last of tied accuracies") {
      TrainingTests.checkEarlyStoppingBest(StoppingBug.TiesImprove.self)
    },
    PlantedCheck("the best-epoch test catches the last network returned instead of the best") {
      TrainingTests.checkEarlyStoppingBest(StoppingBug.ReturnsLast.self)
    },
    PlantedCheck("the best-epoch test catches the checkpoint taken before its epoch") {
      TrainingTests.checkEarlyStoppingBest(StoppingBug.CheckpointBefore.self)
    },
    PlantedCheck("the best-epoch test catches every epoch trained from the starting network") {
      TrainingTests.checkEarlyStoppingBest(StoppingBug.FromStart.self)
    },
    PlantedCheck("the patience test catches >= letting a tie restart the count") {
      TrainingTests.checkEarlyStoppingPatience(StoppingBug.TiesImprove.self)
    },
    PlantedCheck("the patience test catches a stop one epoch late") {
      TrainingTests.checkEarlyStoppingPatience(StoppingBug.Late.self)
    },
    PlantedCheck("the patience test catches a count that a new best does not restart") {
      TrainingTests.checkEarlyStoppingPatience(StoppingBug.NeverReset.self)
    },
    PlantedCheck("the patience test catches patience ignored") {
      TrainingTests.checkEarlyStoppingPatience(StoppingBug.IgnoresPatience.self)
    },
    PlantedCheck(asWritten: "both early-stopping tests accept a loop that counts the epochs waited")
    {
      TrainingTests.checkEarlyStoppingBest(StoppingBug.WithCounter.self)
      TrainingTests.checkEarlyStoppingPatience(StoppingBug.WithCounter.self)
    },
    // Diagnostics
    PlantedCheck("the initial-loss test catches C counted from the labels present") {
      TrainingTests.checkInitialLoss(DiagnosticBug.ClassesFromLabels.self)
    },
    PlantedCheck("the initial-loss test catches the loss of a batch instead of the whole data set")
    { TrainingTests.checkInitialLoss(DiagnosticBug.OnABatch.self) },
    PlantedCheck("the initial-loss test catches log10 for the natural log") {
      TrainingTests.checkInitialLoss(DiagnosticBug.Log10.self)
    },
    PlantedCheck("the initial-loss test catches a strict < at the tolerance") {
      TrainingTests.checkInitialLoss(DiagnosticBug.Strict.self)
    },
    PlantedCheck("the initial-loss test catches a NaN loss that passes") {
      TrainingTests.checkInitialLoss(DiagnosticBug.NaNPasses.self)
    },
    PlantedCheck("the overfit test catches steps uphill") {
      TrainingTests.checkOverfitTinyBatch(DiagnosticBug.OverfitUphill.self)
    },
    PlantedCheck("the overfit test catches the accuracy of the network before the last step") {
      TrainingTests.checkOverfitTinyBatch(DiagnosticBug.ScoresTooEarly.self)
    },
    PlantedCheck("the overfit test catches the losses taken after each step") {
      TrainingTests.checkOverfitTinyBatch(DiagnosticBug.LossesAfterSteps.self)
    },
    PlantedCheck("the overfit test catches the network before the last step returned") {
      TrainingTests.checkOverfitTinyBatch(DiagnosticBug.ReturnsEarly.self)
    },
    PlantedCheck("the overfit test catches overfits judged by the loss") {
      TrainingTests.checkOverfitTinyBatch(DiagnosticBug.JudgedByLoss.self)
    },
    PlantedCheck("the ratio test catches a division by ‖after‖") {
      TrainingTests.checkUpdateRatios(DiagnosticBug.RatiosOverAfter.self)
    },
    PlantedCheck("the ratio test catches a difference of norms") {
      TrainingTests.checkUpdateRatios(DiagnosticBug.DifferenceOfNorms.self)
    },
    PlantedCheck("the ratio test catches 0/0 = NaN for a parameter at 0 that did not move") {
      TrainingTests.checkUpdateRatios(DiagnosticBug.NaNAtZero.self)
    },
    PlantedCheck("the ratio test catches 0 for a parameter that moved away from 0") {
      TrainingTests.checkUpdateRatios(DiagnosticBug.ZeroAtZero.self)
    },
    PlantedCheck("the ratio test catches ratios for the weights only") {
      TrainingTests.checkUpdateRatios(DiagnosticBug.WeightsOnly.self)
    },
    PlantedCheck("the ratio test catches squared norms") {
      TrainingTests.checkUpdateRatios(DiagnosticBug.SquaredRatios.self)
    },
  ]
}

// MARK: - The wrong implementations

private typealias Reference = Solutions.Training

/// The reference implementation, for a planted bug to override one requirement of.
private protocol PlantedBug: TrainingLesson {}

extension PlantedBug {
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]
  {
    Reference.minibatches(count: count, batchSize: batchSize, using: &generator)
  }

  static func trainMinibatch(
    _ network: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: (Int) -> Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator, observe: (EpochProgress) -> Void
  ) -> TwoLayerNetwork {
    Reference.trainMinibatch(
      network, on: data, batchSize: batchSize, epochs: epochs, learningRate: learningRate,
      lossAndGradient: lossAndGradient, using: &generator, observe: observe)
  }

  static func compareFullBatchAndMinibatch(
    from initial: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator
  ) -> BatchComparison {
    Reference.compareFullBatchAndMinibatch(
      from: initial, on: data, batchSize: batchSize, epochs: epochs, learningRate: learningRate,
      lossAndGradient: lossAndGradient, using: &generator)
  }

  static func xavierInitialization(
    fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    Reference.xavierInitialization(fanIn: fanIn, fanOut: fanOut, using: &generator)
  }

  static func heInitialization(fanIn: Int, fanOut: Int, using generator: inout SeededGenerator)
    -> Matrix
  {
    Reference.heInitialization(fanIn: fanIn, fanOut: fanOut, using: &generator)
  }

  static func deepStackForward(_ weights: [Matrix], activation: Activation, inputs: Matrix)
    -> Matrix
  {
    Reference.deepStackForward(weights, activation: activation, inputs: inputs)
  }

  static func deepStackBackward(
    _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
  ) -> DeepStackGradients {
    Reference.deepStackBackward(weights, activation: activation, inputs: inputs, upstream: upstream)
  }

  static func gradientNormsByLayer(
    depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
    upstream: Matrix, using generator: inout SeededGenerator
  ) -> [[Double]] {
    Reference.gradientNormsByLayer(
      depth: depth, width: width, activation: activation, scales: scales, inputs: inputs,
      upstream: upstream, using: &generator)
  }

  static func dropoutForward(
    _ x: Matrix, keepProbability: Double, training: Bool, using generator: inout SeededGenerator
  ) -> (output: Matrix, mask: Matrix) {
    Reference.dropoutForward(
      x, keepProbability: keepProbability, training: training, using: &generator)
  }

  static func dropoutBackward(_ upstream: Matrix, mask: Matrix) -> Matrix {
    Reference.dropoutBackward(upstream, mask: mask)
  }

  static func trainWithEarlyStopping(
    _ network: TwoLayerNetwork, maxEpochs: Int, patience: Int,
    epoch: (TwoLayerNetwork) -> TwoLayerNetwork,
    validationAccuracy: (TwoLayerNetwork) -> Double
  ) -> EarlyStoppingResult {
    Reference.trainWithEarlyStopping(
      network, maxEpochs: maxEpochs, patience: patience, epoch: epoch,
      validationAccuracy: validationAccuracy)
  }

  static func initialLossCheck(
    of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
    lossAndGradient: LossAndGradient
  ) -> InitialLossCheck {
    Reference.initialLossCheck(
      of: network, on: data, tolerance: tolerance, lossAndGradient: lossAndGradient)
  }

  static func overfitTinyBatch(
    _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
    lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
  ) -> OverfitReport {
    Reference.overfitTinyBatch(
      network, on: batch, steps: steps, learningRate: learningRate,
      lossAndGradient: lossAndGradient, accuracy: accuracy)
  }

  static func updateToWeightRatios(from before: TwoLayerNetwork, to after: TwoLayerNetwork)
    -> [String: Double]
  {
    Reference.updateToWeightRatios(from: before, to: after)
  }
}

/// The rows `indices` of `data`, in that order.
private func rows(_ indices: [Int], of data: Dataset) -> Dataset {
  TrainingTests.rows(indices, of: data)
}

/// θ − α·∇ for every parameter.
private func descend(_ network: TwoLayerNetwork, _ gradient: TwoLayerNetwork, _ rate: Double)
  -> TwoLayerNetwork
{
  TrainingTests.step(network, gradient, rate)
}

// MARK: Minibatches

/// Cuts 0, 1, 2, … in order: the shuffle forgotten.
private enum MinibatchesUnshuffled: PlantedBug {
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]
  {
    TrainingTests.cut(Array(0..<count), batchSize)
  }
}

/// Only full batches: the stride stops before the remainder.
private enum MinibatchesDropLast: PlantedBug {
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]
  {
    let order = generator.shuffled(Array(0..<count))
    return stride(from: 0, to: count - batchSize + 1, by: batchSize).map {
      Array(order[$0..<$0 + batchSize])
    }
  }
}

/// The short batch first, the full ones after it.
private enum MinibatchesRemainderFirst: PlantedBug {
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]
  {
    let order = generator.shuffled(Array(0..<count))
    let remainder = count % batchSize
    guard remainder > 0 else { return TrainingTests.cut(order, batchSize) }
    return [Array(order.prefix(remainder))]
      + TrainingTests.cut(Array(order.dropFirst(remainder)), batchSize)
  }
}

/// The standard library's shuffle, whose draws differ from the kit's Fisher–Yates.
private enum MinibatchesStandardShuffle: PlantedBug {
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]
  {
    TrainingTests.cut(Array(0..<count).shuffled(using: &generator), batchSize)
  }
}

/// Right: Fisher–Yates written out with the kit's draws, and a while loop to cut.
private enum MinibatchesHandwritten: PlantedBug {
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]
  {
    var order = Array(0..<count)
    var i = count - 1
    while i > 0 {
      order.swapAt(i, generator.index(below: i + 1))
      i -= 1
    }
    var batches: [[Int]] = []
    var batch: [Int] = []
    for index in order {
      batch.append(index)
      if batch.count == batchSize {
        batches.append(batch)
        batch = []
      }
    }
    if !batch.isEmpty { batches.append(batch) }
    return batches
  }
}

/// Shuffles a copy: the generator given never moves.
private enum MinibatchesFromCopy: PlantedBug {
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]
  {
    var copy = generator
    return TrainingTests.cut(copy.shuffled(Array(0..<count)), batchSize)
  }
}

/// Shuffles with the system's random numbers: no seed replays it.
private enum MinibatchesSystemRandom: PlantedBug {
  static func minibatches(count: Int, batchSize: Int, using generator: inout SeededGenerator)
    -> [[Int]]
  {
    var system = SystemRandomNumberGenerator()
    return TrainingTests.cut(Array(0..<count).shuffled(using: &system), batchSize)
  }
}

// MARK: Minibatch training

/// Minibatch training loops with one mistake each, written out in full.
private enum TrainingBug {
  enum Mistake: Sendable {
    case sameShuffle, uphill, rateOverBatchSize, dropLast, oncePerEpoch
    case scheduleFromOne, schedulePerStep, scheduleReadOnce, unweightedMean, reportBeforeEpoch
    case epochTooMany
  }

  static func train(
    _ start: TwoLayerNetwork, _ data: Dataset, _ batchSize: Int, _ epochs: Int,
    _ learningRate: (Int) -> Double, _ lossAndGradient: LossAndGradient,
    _ generator: inout SeededGenerator, _ observe: (EpochProgress) -> Void, _ mistake: Mistake
  ) -> TwoLayerNetwork {
    var network = start
    var stepCount = 0
    let fixedRate = learningRate(0)
    for epoch in 0..<(mistake == .epochTooMany ? epochs + 1 : epochs) {
      let before = network
      var scratch = generator
      let batches =
        mistake == .sameShuffle
        ? Reference.minibatches(count: data.count, batchSize: batchSize, using: &scratch)
        : Reference.minibatches(count: data.count, batchSize: batchSize, using: &generator)
      var rate = learningRate(mistake == .scheduleFromOne ? epoch + 1 : epoch)
      if mistake == .scheduleReadOnce { rate = fixedRate }
      var losses: [(size: Int, loss: Double)] = []
      var accumulated: TwoLayerNetwork?
      for batch in batches {
        if mistake == .dropLast && batch.count < batchSize { continue }
        if mistake == .schedulePerStep { rate = learningRate(stepCount) }
        stepCount += 1
        let (loss, gradient) = lossAndGradient(network, rows(batch, of: data))
        losses.append((batch.count, loss))
        switch mistake {
        case .uphill: network = descend(network, gradient, -rate)
        case .rateOverBatchSize: network = descend(network, gradient, rate / Double(batch.count))
        case .oncePerEpoch:
          // The epoch's gradient as a size-weighted sum, applied once after the last batch.
          let weight = Double(batch.count) / Double(data.count)
          let share = gradient.parameters.mapValues { weight * $0 }
          let sum = accumulated.map { $0.parameters.merging(share, uniquingKeysWith: +) } ?? share
          accumulated = TwoLayerNetwork(parameters: sum)
        default: network = descend(network, gradient, rate)
        }
      }
      if let accumulated { network = descend(network, accumulated, rate) }
      let loss =
        mistake == .unweightedMean
        ? losses.map(\.loss).reduce(0, +) / Double(losses.count)
        : losses.map { Double($0.size) * $0.loss }.reduce(0, +) / Double(data.count)
      observe(
        EpochProgress(
          epoch: epoch, learningRate: rate, loss: loss,
          network: mistake == .reportBeforeEpoch ? before : network))
    }
    return network
  }

  /// A planted bug that is this loop with one mistake.
  protocol Loop: PlantedBug {
    static var mistake: Mistake { get }
  }

  enum SameShuffle: Loop { static let mistake = Mistake.sameShuffle }
  enum Uphill: Loop { static let mistake = Mistake.uphill }
  enum RateOverBatchSize: Loop { static let mistake = Mistake.rateOverBatchSize }
  enum DropLast: Loop { static let mistake = Mistake.dropLast }
  enum OncePerEpoch: Loop { static let mistake = Mistake.oncePerEpoch }
  enum ScheduleFromOne: Loop { static let mistake = Mistake.scheduleFromOne }
  enum SchedulePerStep: Loop { static let mistake = Mistake.schedulePerStep }
  enum ScheduleReadOnce: Loop { static let mistake = Mistake.scheduleReadOnce }
  enum UnweightedMean: Loop { static let mistake = Mistake.unweightedMean }
  enum ReportBeforeEpoch: Loop { static let mistake = Mistake.reportBeforeEpoch }
  enum EpochTooMany: Loop { static let mistake = Mistake.epochTooMany }
}

extension TrainingBug.Loop {
  static func trainMinibatch(
    _ network: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: (Int) -> Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator, observe: (EpochProgress) -> Void
  ) -> TwoLayerNetwork {
    TrainingBug.train(
      network, data, batchSize, epochs, learningRate, lossAndGradient, &generator, observe,
      mistake)
  }
}

/// Right: the four fields updated one by one as θ + (−α)·∇, the loss as Σ (|B|/N)·L_B.
private enum TrainingByFields: PlantedBug {
  static func trainMinibatch(
    _ network: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: (Int) -> Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator, observe: (EpochProgress) -> Void
  ) -> TwoLayerNetwork {
    var current = network
    for epoch in 0..<epochs {
      let rate = learningRate(epoch)
      let order = generator.shuffled(Array(0..<data.count))
      var loss = 0.0
      var start = 0
      while start < data.count {
        let batch = Array(order[start..<min(start + batchSize, data.count)])
        start += batchSize
        let (batchLoss, g) = lossAndGradient(current, rows(batch, of: data))
        loss += Double(batch.count) / Double(data.count) * batchLoss
        current.hiddenWeights = current.hiddenWeights + (-rate) * g.hiddenWeights
        current.hiddenBias = current.hiddenBias + (-rate) * g.hiddenBias
        current.outputWeights = current.outputWeights + (-rate) * g.outputWeights
        current.outputBias = current.outputBias + (-rate) * g.outputBias
      }
      observe(EpochProgress(epoch: epoch, learningRate: rate, loss: loss, network: current))
    }
    return current
  }
}

// MARK: The comparison

/// Comparisons with one mistake each.
private enum ComparisonBug {
  enum Mistake: Sendable {
    case minibatchFirst, withoutStart, epochMeans, fullBatchUnshuffled, floorUpdates
  }

  static func compare(
    _ initial: TwoLayerNetwork, _ data: Dataset, _ batchSize: Int, _ epochs: Int, _ rate: Double,
    _ lossAndGradient: LossAndGradient, _ generator: inout SeededGenerator, _ mistake: Mistake
  ) -> BatchComparison {
    func curve(_ size: Int, _ generator: inout SeededGenerator) -> [Double] {
      var losses = mistake == .withoutStart ? [] : [lossAndGradient(initial, data).loss]
      _ = Reference.trainMinibatch(
        initial, on: data, batchSize: size, epochs: epochs, learningRate: { _ in rate },
        lossAndGradient: lossAndGradient, using: &generator,
        observe: {
          losses.append(mistake == .epochMeans ? $0.loss : lossAndGradient($0.network, data).loss)
        })
      return losses
    }
    var full: [Double]
    var mini: [Double]
    switch mistake {
    case .minibatchFirst:
      mini = curve(batchSize, &generator)
      full = curve(data.count, &generator)
    case .fullBatchUnshuffled:
      var untouched = generator
      full = curve(data.count, &untouched)
      mini = curve(batchSize, &generator)
    default:
      full = curve(data.count, &generator)
      mini = curve(batchSize, &generator)
    }
    let perEpoch =
      mistake == .floorUpdates ? data.count / batchSize : (data.count + batchSize - 1) / batchSize
    return BatchComparison(
      fullBatchLosses: full, minibatchLosses: mini, fullBatchUpdates: epochs,
      minibatchUpdates: epochs * perEpoch)
  }

  protocol Variant: PlantedBug {
    static var mistake: Mistake { get }
  }

  enum MinibatchFirst: Variant { static let mistake = Mistake.minibatchFirst }
  enum WithoutStart: Variant { static let mistake = Mistake.withoutStart }
  enum EpochMeans: Variant { static let mistake = Mistake.epochMeans }
  enum FullBatchUnshuffled: Variant { static let mistake = Mistake.fullBatchUnshuffled }
  enum FloorUpdates: Variant { static let mistake = Mistake.floorUpdates }
}

extension ComparisonBug.Variant {
  static func compareFullBatchAndMinibatch(
    from initial: TwoLayerNetwork, on data: Dataset, batchSize: Int, epochs: Int,
    learningRate: Double, lossAndGradient: LossAndGradient,
    using generator: inout SeededGenerator
  ) -> BatchComparison {
    ComparisonBug.compare(
      initial, data, batchSize, epochs, learningRate, lossAndGradient, &generator, mistake)
  }
}

// MARK: Initialisation

private enum InitializationBug {
  /// N(0, σ²) weights, fanIn×fanOut.
  static func normal(_ fanIn: Int, _ fanOut: Int, _ sigma: Double, _ g: inout SeededGenerator)
    -> Matrix
  {
    .gaussian(rows: fanIn, columns: fanOut, standardDeviation: sigma, using: &g)
  }

  /// U(−b, b) weights, fanIn×fanOut.
  static func uniform(_ fanIn: Int, _ fanOut: Int, _ bound: Double, _ g: inout SeededGenerator)
    -> Matrix
  {
    .uniform(rows: fanIn, columns: fanOut, in: -bound...bound, using: &g)
  }

  /// Xavier with LeCun's 1/fanIn.
  enum XavierLeCun: PlantedBug {
    static func xavierInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { normal(fanIn, fanOut, (1 / Double(fanIn)).squareRoot(), &g) }
  }

  /// The variance 2/(fanIn + fanOut) given as the standard deviation.
  enum XavierVarianceAsDeviation: PlantedBug {
    static func xavierInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { normal(fanIn, fanOut, 2 / Double(fanIn + fanOut), &g) }
  }

  /// U(±√Var): a third of the variance.
  enum XavierNarrowUniform: PlantedBug {
    static func xavierInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { uniform(fanIn, fanOut, (2 / Double(fanIn + fanOut)).squareRoot(), &g) }
  }

  /// fanOut×fanIn.
  enum XavierTransposed: PlantedBug {
    static func xavierInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { normal(fanOut, fanIn, (2 / Double(fanIn + fanOut)).squareRoot(), &g) }
  }

  /// Right variance, drawn from a copy of the generator.
  enum XavierFromCopy: PlantedBug {
    static func xavierInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    {
      var copy = g
      return normal(fanIn, fanOut, (2 / Double(fanIn + fanOut)).squareRoot(), &copy)
    }
  }

  /// Right: uniform draws with the right variances, b = √(3·Var).
  enum Uniform: PlantedBug {
    static func xavierInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { uniform(fanIn, fanOut, (6 / Double(fanIn + fanOut)).squareRoot(), &g) }

    static func heInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { uniform(fanIn, fanOut, (6 / Double(fanIn)).squareRoot(), &g) }
  }

  /// He without the 2.
  enum HeWithoutTwo: PlantedBug {
    static func heInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { normal(fanIn, fanOut, (1 / Double(fanIn)).squareRoot(), &g) }
  }

  /// He over the outputs.
  enum HeFanOut: PlantedBug {
    static func heInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { normal(fanIn, fanOut, (2 / Double(fanOut)).squareRoot(), &g) }
  }

  /// Xavier's rule for a ReLU layer.
  enum HeXavierRule: PlantedBug {
    static func heInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { normal(fanIn, fanOut, (2 / Double(fanIn + fanOut)).squareRoot(), &g) }
  }

  /// |N(0, 2/fanIn)|: every weight positive.
  enum HeOneSigned: PlantedBug {
    static func heInitialization(fanIn: Int, fanOut: Int, using g: inout SeededGenerator)
      -> Matrix
    { normal(fanIn, fanOut, (2 / Double(fanIn)).squareRoot(), &g).map(abs) }
  }
}

// MARK: Deep stacks

private enum StackBug {
  /// act(z) element by element.
  static func activate(_ z: Matrix, _ activation: Activation) -> Matrix {
    activation == .tanh ? z.map { tanh($0) } : z.map { max(0, $0) }
  }

  /// No activation after the last layer.
  enum WithoutLastActivation: PlantedBug {
    static func deepStackForward(_ weights: [Matrix], activation: Activation, inputs: Matrix)
      -> Matrix
    {
      var h = inputs
      for (l, w) in weights.enumerated() {
        h = l == weights.count - 1 ? h * w : activate(h * w, activation)
      }
      return h
    }
  }

  /// ReLU whatever the activation asked for.
  enum AlwaysReLU: PlantedBug {
    static func deepStackForward(_ weights: [Matrix], activation: Activation, inputs: Matrix)
      -> Matrix
    {
      weights.reduce(inputs) { activate($0 * $1, .relu) }
    }
  }

  /// A backward pass written out, with the activation's slope taken as `slope` says.
  static func backward(
    _ weights: [Matrix], _ activation: Activation, _ x: Matrix, _ upstream: Matrix,
    slope: (_ z: Matrix, _ h: Matrix) -> Matrix
  ) -> (weights: [Matrix], inputs: [Matrix], arriving: [Matrix]) {
    var h = [x]
    var z: [Matrix] = []
    for w in weights {
      z.append(h.last! * w)
      h.append(activate(z.last!, activation))
    }
    var dh = upstream
    var (dW, inputs, arriving) = ([Matrix](), [Matrix](), [Matrix]())
    for l in weights.indices.reversed() {
      arriving.insert(dh, at: 0)
      let dz = dh .* slope(z[l], h[l + 1])
      dW.insert(h[l].transposedTimes(dz), at: 0)
      dh = dz.timesTransposed(weights[l])
      inputs.insert(dh, at: 0)
    }
    return (dW, inputs, arriving)
  }

  /// The right slope: 1 − h² for tanh, [z > 0] for ReLU.
  static func rightSlope(_ activation: Activation) -> (Matrix, Matrix) -> Matrix {
    { z, h in activation == .tanh ? h.map { 1 - $0 * $0 } : z.map { $0 > 0 ? 1 : 0 } }
  }

  /// dz = dh: the activation's slope left out.
  enum WithoutSlope: PlantedBug {
    static func deepStackBackward(
      _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
    ) -> DeepStackGradients {
      let (dW, dX, _) = backward(weights, activation, inputs, upstream) { z, _ in
        .ones(rows: z.rows, columns: z.columns)
      }
      return DeepStackGradients(weights: dW, inputs: dX)
    }
  }

  /// tanh′ as 1 − z².
  enum TanhFromPreActivation: PlantedBug {
    static func deepStackBackward(
      _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
    ) -> DeepStackGradients {
      let (dW, dX, _) = backward(weights, activation, inputs, upstream) { z, h in
        activation == .tanh ? z.map { 1 - $0 * $0 } : rightSlope(activation)(z, h)
      }
      return DeepStackGradients(weights: dW, inputs: dX)
    }
  }

  /// relu′ from z ≥ 0: 1 at the kink.
  enum SlopeOneAtKink: PlantedBug {
    static func deepStackBackward(
      _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
    ) -> DeepStackGradients {
      let (dW, dX, _) = backward(weights, activation, inputs, upstream) { z, h in
        activation == .relu ? z.map { $0 >= 0 ? 1 : 0 } : rightSlope(activation)(z, h)
      }
      return DeepStackGradients(weights: dW, inputs: dX)
    }
  }

  /// Right values, listed from the top layer down as the backward pass met them.
  enum ReversedLists: PlantedBug {
    static func deepStackBackward(
      _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
    ) -> DeepStackGradients {
      let (dW, dX, _) = backward(
        weights, activation, inputs, upstream, slope: rightSlope(activation))
      return DeepStackGradients(weights: dW.reversed(), inputs: dX.reversed())
    }
  }

  /// inputs[l] = the gradient arriving at layer l + 1's output, not the one it passes down.
  enum ArrivingGradients: PlantedBug {
    static func deepStackBackward(
      _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
    ) -> DeepStackGradients {
      let (dW, _, arriving) = backward(
        weights, activation, inputs, upstream, slope: rightSlope(activation))
      return DeepStackGradients(weights: dW, inputs: arriving)
    }
  }

  /// Right: tanh′ from tanh(z) computed again, 1 − tanh²(z).
  enum TanhRecomputed: PlantedBug {
    static func deepStackBackward(
      _ weights: [Matrix], activation: Activation, inputs: Matrix, upstream: Matrix
    ) -> DeepStackGradients {
      let (dW, dX, _) = backward(weights, activation, inputs, upstream) { z, h in
        activation == .tanh ? z.map { 1 - tanh($0) * tanh($0) } : rightSlope(activation)(z, h)
      }
      return DeepStackGradients(weights: dW, inputs: dX)
    }
  }

  /// Norms of a stack at each scale, from weights made by `weightsAt`, measured by `measure`.
  static func norms(
    _ scales: [Double], _ activation: Activation, _ inputs: Matrix, _ upstream: Matrix,
    weightsAt: (Double) -> [Matrix], measure: (DeepStackGradients) -> [Double]
  ) -> [[Double]] {
    scales.map { scale in
      measure(
        Reference.deepStackBackward(
          weightsAt(scale), activation: activation, inputs: inputs, upstream: upstream))
    }
  }

  /// The standard-normal directions, drawn once as the contract says.
  static func directions(_ depth: Int, _ width: Int, _ inputs: Matrix, _ g: inout SeededGenerator)
    -> [Matrix]
  {
    (0..<depth).map {
      Matrix.gaussian(rows: $0 == 0 ? inputs.columns : width, columns: width, using: &g)
    }
  }

  static func norm(_ m: Matrix) -> Double { m.squaredNorm().squareRoot() }

  /// Fresh N(0, σ²) weights for every scale.
  enum Redrawn: PlantedBug {
    static func gradientNormsByLayer(
      depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
      upstream: Matrix, using generator: inout SeededGenerator
    ) -> [[Double]] {
      scales.map { scale in
        let weights = (0..<depth).map {
          Matrix.gaussian(
            rows: $0 == 0 ? inputs.columns : width, columns: width, standardDeviation: scale,
            using: &generator)
        }
        return Reference.deepStackBackward(
          weights, activation: activation, inputs: inputs, upstream: upstream
        ).inputs.map(norm)
      }
    }
  }

  /// Each row from layer L down.
  enum NormsReversed: PlantedBug {
    static func gradientNormsByLayer(
      depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
      upstream: Matrix, using generator: inout SeededGenerator
    ) -> [[Double]] {
      let z = directions(depth, width, inputs, &generator)
      return norms(
        scales, activation, inputs, upstream, weightsAt: { s in z.map { s * $0 } },
        measure: { $0.inputs.map(norm).reversed() })
    }
  }

  /// ‖∂L/∂W_l‖ instead of ‖∂L/∂h_{l−1}‖.
  enum WeightNorms: PlantedBug {
    static func gradientNormsByLayer(
      depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
      upstream: Matrix, using generator: inout SeededGenerator
    ) -> [[Double]] {
      let z = directions(depth, width, inputs, &generator)
      return norms(
        scales, activation, inputs, upstream, weightsAt: { s in z.map { s * $0 } },
        measure: { $0.weights.map(norm) })
    }
  }

  /// ‖·‖² without the square root.
  enum SquaredNorms: PlantedBug {
    static func gradientNormsByLayer(
      depth: Int, width: Int, activation: Activation, scales: [Double], inputs: Matrix,
      upstream: Matrix, using generator: inout SeededGenerator
    ) -> [[Double]] {
      let z = directions(depth, width, inputs, &generator)
      return norms(
        scales, activation, inputs, upstream, weightsAt: { s in z.map { s * $0 } },
        measure: { $0.inputs.map { $0.squaredNorm() } })
    }
  }
}

// MARK: Dropout

private enum DropoutBug {
  /// A mask from one uniform draw per element, in `order`'s order of flat indices.
  static func mask(
    _ x: Matrix, _ g: inout SeededGenerator, order: [Int]? = nil, _ value: (Double) -> Double
  ) -> Matrix {
    var mask = Matrix(rows: x.rows, columns: x.columns)
    for index in order ?? Array(0..<x.count) {
      mask.storage[index] = value(g.uniform())
    }
    return mask
  }

  /// Kept when u ≥ p, scaled by 1/(1 − p): p read as the drop rate.
  enum DropRate: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      guard training else { return (x, .ones(rows: x.rows, columns: x.columns)) }
      let m = mask(x, &g) { $0 >= p ? 1 / (1 - p) : 0 }
      return (x .* m, m)
    }
  }

  /// Kept when u ≥ p but scaled by 1/p.
  enum DropRateUnscaled: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      guard training else { return (x, .ones(rows: x.rows, columns: x.columns)) }
      let m = mask(x, &g) { $0 >= p ? 1 / p : 0 }
      return (x .* m, m)
    }
  }

  /// A 0/1 mask: the old dropout's training pass.
  enum Unscaled: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      guard training else { return (x, .ones(rows: x.rows, columns: x.columns)) }
      let m = mask(x, &g) { $0 < p ? 1 : 0 }
      return (x .* m, m)
    }
  }

  /// The draws taken down the columns.
  enum ColumnOrder: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      guard training else { return (x, .ones(rows: x.rows, columns: x.columns)) }
      let order = (0..<x.columns).flatMap { j in (0..<x.rows).map { i in i * x.columns + j } }
      let m = mask(x, &g, order: order) { $0 < p ? 1 / p : 0 }
      return (x .* m, m)
    }
  }

  /// Skips the draws when every unit is kept anyway.
  enum SkipsDrawsAtOne: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      guard p < 1 else { return (x, .ones(rows: x.rows, columns: x.columns)) }
      return Reference.dropoutForward(x, keepProbability: p, training: training, using: &g)
    }
  }

  /// Right: a 0/1 keep pattern, the product divided by p afterwards.
  enum DividedAfter: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      guard training else { return (x, .ones(rows: x.rows, columns: x.columns)) }
      let keep = mask(x, &g) { $0 < p ? 1 : 0 }
      return ((x .* keep) / p, keep / p)
    }
  }

  /// x·p at evaluation.
  enum EvaluationScaled: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      guard training else { return (p * x, .ones(rows: x.rows, columns: x.columns)) }
      return Reference.dropoutForward(x, keepProbability: p, training: true, using: &g)
    }
  }

  /// The training pass whatever the mode.
  enum EvaluationDrops: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      Reference.dropoutForward(x, keepProbability: p, training: true, using: &g)
    }
  }

  /// Draws a mask at evaluation, then does not use it.
  enum EvaluationDraws: PlantedBug {
    static func dropoutForward(
      _ x: Matrix, keepProbability p: Double, training: Bool, using g: inout SeededGenerator
    ) -> (output: Matrix, mask: Matrix) {
      let (output, mask) = Reference.dropoutForward(
        x, keepProbability: p, training: true, using: &g)
      return training ? (output, mask) : (x, .ones(rows: x.rows, columns: x.columns))
    }
  }

  /// The gradient passed back untouched.
  enum BackwardIdentity: PlantedBug {
    static func dropoutBackward(_ upstream: Matrix, mask: Matrix) -> Matrix { upstream }
  }

  /// The kept units' pattern, 0 or 1, without the 1/p.
  enum BackwardKeptPattern: PlantedBug {
    static func dropoutBackward(_ upstream: Matrix, mask: Matrix) -> Matrix {
      upstream .* mask.map { $0 > 0 ? 1 : 0 }
    }
  }
}

// MARK: Early stopping

private enum StoppingBug {
  enum Mistake: Sendable {
    case tiesImprove, returnsLast, checkpointBefore, fromStart, late, neverReset
    case ignoresPatience
  }

  static func train(
    _ start: TwoLayerNetwork, _ maxEpochs: Int, _ patience: Int,
    _ epoch: (TwoLayerNetwork) -> TwoLayerNetwork, _ score: (TwoLayerNetwork) -> Double,
    _ mistake: Mistake
  ) -> EarlyStoppingResult {
    var current = start
    var accuracies: [Double] = []
    var (best, bestEpoch, waited) = (start, 0, 0)
    for e in 0..<maxEpochs {
      let before = current
      current = epoch(mistake == .fromStart ? start : current)
      let accuracy = score(current)
      accuracies.append(accuracy)
      let better =
        mistake == .tiesImprove
        ? accuracy >= accuracies[bestEpoch] : accuracy > accuracies[bestEpoch]
      if e == 0 || better {
        best = mistake == .checkpointBefore ? before : current
        bestEpoch = e
        if mistake != .neverReset { waited = 0 }
      } else {
        waited += 1
      }
      if mistake == .ignoresPatience { continue }
      if mistake == .late ? waited > patience : waited >= patience { break }
    }
    return EarlyStoppingResult(
      best: mistake == .returnsLast ? current : best, bestEpoch: bestEpoch,
      validationAccuracies: accuracies)
  }

  protocol Loop: PlantedBug {
    static var mistake: Mistake { get }
  }

  enum TiesImprove: Loop { static let mistake = Mistake.tiesImprove }
  enum ReturnsLast: Loop { static let mistake = Mistake.returnsLast }
  enum CheckpointBefore: Loop { static let mistake = Mistake.checkpointBefore }
  enum FromStart: Loop { static let mistake = Mistake.fromStart }
  enum Late: Loop { static let mistake = Mistake.late }
  enum NeverReset: Loop { static let mistake = Mistake.neverReset }
  enum IgnoresPatience: Loop { static let mistake = Mistake.ignoresPatience }

  /// Right: a counter of the epochs waited since the last new best.
  enum WithCounter: PlantedBug {
    static func trainWithEarlyStopping(
      _ network: TwoLayerNetwork, maxEpochs: Int, patience: Int,
      epoch: (TwoLayerNetwork) -> TwoLayerNetwork,
      validationAccuracy: (TwoLayerNetwork) -> Double
    ) -> EarlyStoppingResult {
      var current = network
      var accuracies: [Double] = []
      var best: (network: TwoLayerNetwork, epoch: Int, accuracy: Double)?
      var waited = 0
      while accuracies.count < maxEpochs && waited < patience {
        current = epoch(current)
        let accuracy = validationAccuracy(current)
        accuracies.append(accuracy)
        if let known = best, !(accuracy > known.accuracy) {
          waited += 1
        } else {
          best = (current, accuracies.count - 1, accuracy)
          waited = 0
        }
      }
      return EarlyStoppingResult(
        best: best!.network, bestEpoch: best!.epoch, validationAccuracies: accuracies)
    }
  }
}

extension StoppingBug.Loop {
  static func trainWithEarlyStopping(
    _ network: TwoLayerNetwork, maxEpochs: Int, patience: Int,
    epoch: (TwoLayerNetwork) -> TwoLayerNetwork,
    validationAccuracy: (TwoLayerNetwork) -> Double
  ) -> EarlyStoppingResult {
    StoppingBug.train(network, maxEpochs, patience, epoch, validationAccuracy, mistake)
  }
}

// MARK: Diagnostics

private enum DiagnosticBug {
  /// ln C with C the distinct labels present.
  enum ClassesFromLabels: PlantedBug {
    static func initialLossCheck(
      of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
      lossAndGradient: LossAndGradient
    ) -> InitialLossCheck {
      let loss = lossAndGradient(network, data).loss
      let expected = log(Double(Set(data.labels).count))
      return InitialLossCheck(
        loss: loss, expected: expected, passes: abs(loss - expected) <= tolerance)
    }
  }

  /// The loss of the first few examples only.
  enum OnABatch: PlantedBug {
    static func initialLossCheck(
      of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
      lossAndGradient: LossAndGradient
    ) -> InitialLossCheck {
      let loss = lossAndGradient(network, rows(Array(0..<min(4, data.count)), of: data)).loss
      let expected = log(Double(data.classCount))
      return InitialLossCheck(
        loss: loss, expected: expected, passes: abs(loss - expected) <= tolerance)
    }
  }

  /// log10 C.
  enum Log10: PlantedBug {
    static func initialLossCheck(
      of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
      lossAndGradient: LossAndGradient
    ) -> InitialLossCheck {
      let loss = lossAndGradient(network, data).loss
      let expected = log10(Double(data.classCount))
      return InitialLossCheck(
        loss: loss, expected: expected, passes: abs(loss - expected) <= tolerance)
    }
  }

  /// |L − ln C| < tolerance.
  enum Strict: PlantedBug {
    static func initialLossCheck(
      of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
      lossAndGradient: LossAndGradient
    ) -> InitialLossCheck {
      let loss = lossAndGradient(network, data).loss
      let expected = log(Double(data.classCount))
      return InitialLossCheck(
        loss: loss, expected: expected, passes: abs(loss - expected) < tolerance)
    }
  }

  /// !(|L − ln C| > tolerance), which NaN passes.
  enum NaNPasses: PlantedBug {
    static func initialLossCheck(
      of network: TwoLayerNetwork, on data: Dataset, tolerance: Double,
      lossAndGradient: LossAndGradient
    ) -> InitialLossCheck {
      let loss = lossAndGradient(network, data).loss
      let expected = log(Double(data.classCount))
      return InitialLossCheck(
        loss: loss, expected: expected, passes: !(abs(loss - expected) > tolerance))
    }
  }

  /// The overfitting loop with its step, its scoring or its verdict changed.
  static func overfit(
    _ start: TwoLayerNetwork, _ batch: Dataset, _ steps: Int, _ rate: Double,
    _ lossAndGradient: LossAndGradient, _ accuracy: (TwoLayerNetwork, Dataset) -> Double,
    uphill: Bool = false, scoresEarly: Bool = false, byLoss: Bool = false,
    lossesAfter: Bool = false, returnsEarly: Bool = false
  ) -> OverfitReport {
    var network = start
    var losses: [Double] = []
    var previous = start
    for _ in 0..<steps {
      let (loss, gradient) = lossAndGradient(network, batch)
      losses.append(loss)
      previous = network
      network = descend(network, gradient, uphill ? -rate : rate)
    }
    if lossesAfter && steps > 0 {
      losses = Array(losses.dropFirst()) + [lossAndGradient(network, batch).loss]
    }
    let final = accuracy(scoresEarly ? previous : network, batch)
    let overfits = byLoss ? (losses.last ?? .infinity) < 0.05 : final == 1
    return OverfitReport(
      losses: losses, network: returnsEarly ? previous : network, accuracy: final,
      overfits: overfits)
  }

  enum LossesAfterSteps: PlantedBug {
    static func overfitTinyBatch(
      _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
      lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
    ) -> OverfitReport {
      overfit(network, batch, steps, learningRate, lossAndGradient, accuracy, lossesAfter: true)
    }
  }

  enum ReturnsEarly: PlantedBug {
    static func overfitTinyBatch(
      _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
      lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
    ) -> OverfitReport {
      overfit(network, batch, steps, learningRate, lossAndGradient, accuracy, returnsEarly: true)
    }
  }

  enum OverfitUphill: PlantedBug {
    static func overfitTinyBatch(
      _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
      lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
    ) -> OverfitReport {
      overfit(network, batch, steps, learningRate, lossAndGradient, accuracy, uphill: true)
    }
  }

  enum ScoresTooEarly: PlantedBug {
    static func overfitTinyBatch(
      _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
      lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
    ) -> OverfitReport {
      overfit(network, batch, steps, learningRate, lossAndGradient, accuracy, scoresEarly: true)
    }
  }

  enum JudgedByLoss: PlantedBug {
    static func overfitTinyBatch(
      _ network: TwoLayerNetwork, on batch: Dataset, steps: Int, learningRate: Double,
      lossAndGradient: LossAndGradient, accuracy: (TwoLayerNetwork, Dataset) -> Double
    ) -> OverfitReport {
      overfit(network, batch, steps, learningRate, lossAndGradient, accuracy, byLoss: true)
    }
  }

  /// Ratios from the norms of the update and of a parameter, as `ratio` combines them.
  static func ratios(
    _ before: TwoLayerNetwork, _ after: TwoLayerNetwork,
    _ ratio: (_ change: Matrix, _ before: Matrix, _ after: Matrix) -> Double
  ) -> [String: Double] {
    let moved = after.parameters
    return before.parameters.reduce(into: [:]) { ratios, entry in
      ratios[entry.key] = ratio(moved[entry.key]! - entry.value, entry.value, moved[entry.key]!)
    }
  }

  static func norm(_ m: Matrix) -> Double { m.squaredNorm().squareRoot() }

  /// ‖Δ‖ / ‖after‖.
  enum RatiosOverAfter: PlantedBug {
    static func updateToWeightRatios(from before: TwoLayerNetwork, to after: TwoLayerNetwork)
      -> [String: Double]
    {
      ratios(before, after) { change, _, after in
        norm(change) == 0 ? 0 : norm(change) / norm(after)
      }
    }
  }

  /// (‖after‖ − ‖before‖) / ‖before‖.
  enum DifferenceOfNorms: PlantedBug {
    static func updateToWeightRatios(from before: TwoLayerNetwork, to after: TwoLayerNetwork)
      -> [String: Double]
    {
      ratios(before, after) { change, before, after in
        norm(change) == 0 ? 0 : (norm(after) - norm(before)) / norm(before)
      }
    }
  }

  /// ‖Δ‖ / ‖before‖ as written: 0/0 = NaN for a parameter at 0 that stays there.
  enum NaNAtZero: PlantedBug {
    static func updateToWeightRatios(from before: TwoLayerNetwork, to after: TwoLayerNetwork)
      -> [String: Double]
    {
      ratios(before, after) { change, before, _ in norm(change) / norm(before) }
    }
  }

  /// 0 wherever the parameter was 0, moved or not.
  enum ZeroAtZero: PlantedBug {
    static func updateToWeightRatios(from before: TwoLayerNetwork, to after: TwoLayerNetwork)
      -> [String: Double]
    {
      ratios(before, after) { change, before, _ in
        norm(before) == 0 ? 0 : norm(change) / norm(before)
      }
    }
  }

  /// W1 and W2 only: the biases start at 0, so their ratio was left out.
  enum WeightsOnly: PlantedBug {
    static func updateToWeightRatios(from before: TwoLayerNetwork, to after: TwoLayerNetwork)
      -> [String: Double]
    {
      Reference.updateToWeightRatios(from: before, to: after).filter { $0.key.hasPrefix("W") }
    }
  }

  /// ‖Δ‖² / ‖before‖².
  enum SquaredRatios: PlantedBug {
    static func updateToWeightRatios(from before: TwoLayerNetwork, to after: TwoLayerNetwork)
      -> [String: Double]
    {
      ratios(before, after) { change, before, _ in
        change.squaredNorm() == 0 ? 0 : change.squaredNorm() / before.squaredNorm()
      }
    }
  }
}
