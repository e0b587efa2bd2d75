import GradKit
import Plotting

/// Experiment 1: early stopping around minibatch SGD, and full batch against minibatches.
extension TrainingTrainer.Session {
  /// The settings: a noisy spiral small enough that the network starts to fit its noise
  /// within a few dozen epochs, half of it kept back for validation.
  enum EarlyStopping {
    static let setup = SpiralSetup(
      pointsPerClass: 40, noise: 0.3, validationFraction: 0.5, hiddenCount: 100)
    static let batchSize = 10
    static let schedule = StepDecay(initial: 1.0, factor: 0.5, period: 50)
    static let regularization = 1e-3
    static let patience = 20
    static let maxEpochs = 300
    /// Epochs of the full-batch and minibatch comparison, at the schedule's first rate.
    static let comparisonEpochs = 40
    /// A progress line every this many epochs.
    static let printEvery = 10
  }

  /// What one epoch left behind, measured after its last step on the whole of each set.
  struct EpochRecord {
    var trainingLoss: Double
    var validationLoss: Double
    var trainingAccuracy: Double
    var validationAccuracy: Double
  }

  /// Runs experiment 1, reports it, and returns its two pictures.
  func earlyStopping() -> [Picture] {
    typealias S = EarlyStopping
    let lesson = self.lesson
    var generator = generator(forExperiment: 1)
    let (training, validation, start) = S.setup.draw(
      heading: "1 · Early stopping", using: &generator)
    let objective = Self.objective(regularization: S.regularization)
    say(
      "Network 2 → \(S.setup.hiddenCount) → 3, minibatches of \(S.batchSize), \(S.schedule), "
        + "λ = \(S.regularization); patience \(S.patience), at most \(S.maxEpochs) epochs.")
    say("                        loss                 accuracy")
    say("  epoch       α    training validation   training validation")

    var records: [EpochRecord] = []
    let result = lesson.trainWithEarlyStopping(
      start, maxEpochs: S.maxEpochs, patience: S.patience,
      epoch: { network in
        let rate = S.schedule.rate(atEpoch: records.count)
        return lesson.trainMinibatch(
          network, on: training, batchSize: S.batchSize, epochs: 1, learningRate: { _ in rate },
          lossAndGradient: objective, using: &generator)
      },
      // The contract calls this with the network `epoch` just returned (θ = epoch(θ), then
      // validationAccuracy(θ)): the epoch's whole record is measured on it here.
      validationAccuracy: { network in
        let accuracy = Self.accuracy(of: network, on: validation)
        let record = EpochRecord(
          trainingLoss: objective(network, training).loss,
          validationLoss: objective(network, validation).loss,
          trainingAccuracy: Self.accuracy(of: network, on: training), validationAccuracy: accuracy)
        let epoch = records.count
        records.append(record)
        if epoch % S.printEvery == 0 {
          say(Self.progressLine(epoch: epoch, rate: S.schedule.rate(atEpoch: epoch), record))
        }
        return accuracy
      })

    let last = result.epochsTrained - 1
    let best = result.bestEpoch
    if last % S.printEvery != 0, records.indices.contains(last) {
      say(Self.progressLine(epoch: last, rate: S.schedule.rate(atEpoch: last), records[last]))
    }
    let reason =
      result.epochsTrained < S.maxEpochs
      ? "\(last - best) epochs without a better validation accuracy"
      : "the limit of \(S.maxEpochs) epochs"
    say(
      "Stopped after epoch \(last) (\(reason)); the checkpoint is epoch \(best): "
        + "validation \(percent(result.bestAccuracy, padded: false)), training "
        + "\(percent(Self.accuracy(of: result.best, on: training), padded: false)).")
    say("")
    for line in TrainingTrainer.accuracyChart(
      [
        ("training", records.map(\.trainingAccuracy)),
        ("validation", records.map(\.validationAccuracy)),
      ], notes: [(best, "↑ best, epoch \(best)"), (last, "↑ stop")])
    {
      say(line)
    }

    let comparison = lesson.compareFullBatchAndMinibatch(
      from: start, on: training, batchSize: S.batchSize, epochs: S.comparisonEpochs,
      learningRate: S.schedule.initial, lossAndGradient: objective, using: &generator)
    let batchesPerEpoch = comparison.minibatchUpdates / max(1, S.comparisonEpochs)
    say(
      "\nFull batch against minibatches of \(S.batchSize), from the same start, "
        + "\(S.comparisonEpochs) epochs at α = \(S.schedule.initial):")
    for (name, updates, losses) in [
      ("full batch", comparison.fullBatchUpdates, comparison.fullBatchLosses),
      ("minibatches", comparison.minibatchUpdates, comparison.minibatchLosses),
    ] {
      say(
        "  \(name.padding(toLength: 16, withPad: " ", startingAt: 0))"
          + "\(rightAligned(String(updates), width: 5)) updates   loss "
          + "\(fixed(losses.first ?? .nan)) → \(fixed(losses.last ?? .nan))")
    }

    return [
      Picture(
        name: "training-early-stopping.svg",
        document: curves(records, result: result),
        description: "training and validation per epoch, the checkpoint and the stop"),
      Picture(
        name: "training-batches.svg",
        document: batchCurves(comparison, batchesPerEpoch: batchesPerEpoch),
        description: "loss per epoch, full batch against minibatches"),
    ]
  }

  /// One line of the table: the epoch, its learning rate, both losses and both accuracies.
  private static func progressLine(epoch: Int, rate: Double, _ record: EpochRecord) -> String {
    "  \(rightAligned(String(epoch), width: 5))"
      + "  \(fixed(rate))    \(fixed(record.trainingLoss))     \(fixed(record.validationLoss))"
      + "     \(percent(record.trainingAccuracy))     \(percent(record.validationAccuracy))"
  }

  /// The accuracy and loss panels, with the checkpoint and the stop marked.
  private func curves(_ records: [EpochRecord], result: EarlyStoppingResult) -> SVGDocument {
    let epochs = records.indices.map(Double.init)
    let best = Double(result.bestEpoch)
    let last = Double(result.epochsTrained - 1)
    func markers(bestValue: Double?) -> [CurveMarker] {
      [
        CurveMarker(
          x: best, label: "checkpoint: epoch \(result.bestEpoch)", y: bestValue,
          color: Palette.validationColor),
        CurveMarker(x: last, label: "stopped: epoch \(result.epochsTrained - 1)"),
      ]
    }
    return CurvePlot.svg(
      panels: [
        CurvePanel(
          title: "Accuracy", yLabel: "accuracy",
          curves: [
            Curve(
              label: "training", xValues: epochs, yValues: records.map(\.trainingAccuracy),
              color: Palette.trainingColor),
            Curve(
              label: "validation", xValues: epochs, yValues: records.map(\.validationAccuracy),
              color: Palette.validationColor),
          ], yRange: 0...1, markers: markers(bestValue: result.bestAccuracy)),
        CurvePanel(
          title: "Loss", yLabel: "loss",
          curves: [
            Curve(
              label: "training", xValues: epochs, yValues: records.map(\.trainingLoss),
              color: Palette.trainingColor),
            Curve(
              label: "validation", xValues: epochs, yValues: records.map(\.validationLoss),
              color: Palette.validationColor),
          ], markers: markers(bestValue: nil)),
      ], xLabel: "epoch",
      title:
        "Early stopping, seed \(options.seed): the checkpoint with the best validation accuracy")
  }

  /// The loss on the whole training set after each epoch of both runs.
  private func batchCurves(_ comparison: BatchComparison, batchesPerEpoch: Int) -> SVGDocument {
    func curve(_ label: String, _ losses: [Double], color: String) -> Curve {
      Curve(
        label: label, xValues: losses.indices.map(Double.init), yValues: losses, color: color)
    }
    let batchSize = EarlyStopping.batchSize
    return CurvePlot.svg(
      panels: [
        CurvePanel(
          title: "Loss on the training set", yLabel: "loss",
          curves: [
            curve(
              "full batch: 1 update an epoch", comparison.fullBatchLosses,
              color: Palette.seriesColor(3)),
            curve(
              "minibatches of \(batchSize): \(batchesPerEpoch) updates an epoch",
              comparison.minibatchLosses, color: Palette.seriesColor(2)),
          ])
      ], xLabel: "epoch",
      title: "Full batch against minibatches, seed \(options.seed)")
  }
}
