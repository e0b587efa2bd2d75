import GradKit
import Plotting
import References

/// Experiment 2: the same network trained with and without dropout on its hidden layer.
extension TrainingTrainer.Session {
  /// The settings: few training points, noisy ones, and a wide network trained for long, so
  /// that without dropout it learns the training points' noise.
  ///
  /// Over seeds 1 to 8 the gap between training and validation accuracy shrank with dropout
  /// in 7 (8.8 points on average without, 5.9 with), and validation accuracy rose in 5 (90.5%
  /// on average without, 91.5% with): a real effect, but a small one on a 2-D problem; the
  /// run says which way it went for its seed. A keep probability of 0.3 narrows the gap
  /// further only by underfitting, lowering validation accuracy too.
  enum Dropout {
    /// Most of the spiral is kept back: a small training set is easy to learn by heart, and a
    /// large validation set measures what was learned with little luck.
    static let setup = SpiralSetup(
      pointsPerClass: 100, noise: 0.3, validationFraction: 0.8, hiddenCount: 500)
    static let keepProbability = 0.5
    static let batchSize = 10
    static let learningRate = 1.0
    static let regularization = 0.0
    static let epochs = 500
    /// A progress line every this many epochs.
    static let printEvery = 100
    /// The titles of the two runs' panels in the pictures.
    static let pictureTitles = ["Without dropout", "With dropout, p = \(keepProbability)"]
  }

  /// Training and validation accuracy after each epoch.
  struct AccuracyRecord {
    var training: [Double] = []
    var validation: [Double] = []
  }

  /// Runs experiment 2, reports it, and returns its two pictures.
  func dropout() -> [Picture] {
    typealias S = Dropout
    let lesson = self.lesson
    var generator = generator(forExperiment: 2)
    let (training, validation, start) = S.setup.draw(heading: "2 · Dropout", using: &generator)
    say(
      "Network 2 → \(S.setup.hiddenCount) → 3, minibatches of \(S.batchSize), "
        + "α = \(S.learningRate), λ = \(S.regularization), \(S.epochs) epochs; both runs from "
        + "the same start, on the same batches.")

    let dropoutNetwork = DropoutNetwork(
      lesson: lesson, keepProbability: S.keepProbability, regularization: S.regularization)
    var masks = self.generator(forExperiment: 3)
    var runs: [(network: TwoLayerNetwork, record: AccuracyRecord)] = []
    for usesDropout in [false, true] {
      say(usesDropout ? "With dropout, p = \(S.keepProbability):" : "Without dropout:")
      // The same batches for both runs: each starts from the same generator state.
      var batches = generator
      var record = AccuracyRecord()
      let observe = { (progress: EpochProgress) in
        record.training.append(Self.accuracy(of: progress.network, on: training))
        record.validation.append(Self.accuracy(of: progress.network, on: validation))
        if (progress.epoch + 1) % S.printEvery == 0 {
          say(
            "  epoch \(String(progress.epoch).padding(toLength: 4, withPad: " ", startingAt: 0))"
              + "  loss \(fixed(progress.loss))   training "
              + "\(percent(record.training.last!))   validation \(percent(record.validation.last!))"
          )
        }
      }
      let trained =
        usesDropout
        ? lesson.trainMinibatch(
          start, on: training, batchSize: S.batchSize, epochs: S.epochs,
          learningRate: { _ in S.learningRate },
          lossAndGradient: { dropoutNetwork.lossAndGradient(of: $0, on: $1, using: &masks) },
          using: &batches, observe: observe)
        : lesson.trainMinibatch(
          start, on: training, batchSize: S.batchSize, epochs: S.epochs,
          learningRate: { _ in S.learningRate },
          lossAndGradient: Self.objective(regularization: S.regularization), using: &batches,
          observe: observe)
      runs.append((trained, record))
    }

    // Evaluation mode: the plain network as it is, and the dropout network through
    // dropoutForward(training: false), which keeps every unit.
    let (plain, dropped) = (runs[0].network, runs[1].network)
    func evaluated(_ set: Dataset) -> Double {
      Reference.spiral.accuracy(
        of: dropoutNetwork.evaluationScores(of: dropped, for: set.inputs, using: &masks),
        labels: set.labels)
    }
    let final = [
      (Self.accuracy(of: plain, on: training), Self.accuracy(of: plain, on: validation)),
      (evaluated(training), evaluated(validation)),
    ]
    let names = ["without dropout", "with dropout, p = \(S.keepProbability)"]
    say("\n                          training   validation   gap")
    for (name, (trainingAccuracy, validationAccuracy)) in zip(names, final) {
      say(
        "  \(name.padding(toLength: 22, withPad: " ", startingAt: 0))  "
          + "\(percent(trainingAccuracy))      \(percent(validationAccuracy))     "
          + points(trainingAccuracy - validationAccuracy))
    }
    say(Self.verdict(plainGap: final[0].0 - final[0].1, dropoutGap: final[1].0 - final[1].1))
    say("")
    for (name, run) in zip(names, runs) {
      say("Accuracy per epoch, \(name):")
      for line in TrainingTrainer.accuracyChart(
        [("training", run.record.training), ("validation", run.record.validation)])
      {
        say(line)
      }
    }

    let titles = ["No dropout", "Dropout p = \(S.keepProbability)"]
    let terminalGrid = RegionGrid.terminal
    say("")
    say(
      TerminalRegionPlot.render(
        panels: zip(titles, [plain, dropped]).map { title, network in
          DecisionRegionPanel(
            title: title,
            classes: Reference.spiral.scores(of: network, for: terminalGrid.points)
              .argmaxPerRow())
        }, grid: terminalGrid, data: training, usesColor: options.colorsTerminal))
    say("(the \(training.count) training points; the regions are the networks' predictions)")

    return [
      Picture(
        name: "training-dropout.svg",
        document: regions(
          plain: plain, dropped: dropped, final: final, training: training,
          validation: validation),
        description: "decision regions without and with dropout"),
      Picture(
        name: "training-dropout-curves.svg",
        document: curves(runs.map(\.record)),
        description: "training and validation accuracy per epoch, without and with dropout"),
    ]
  }

  /// What the two gaps say, in one sentence that holds whichever way they came out.
  private static func verdict(plainGap: Double, dropoutGap: Double) -> String {
    let change = "from \(points(plainGap)) to \(points(dropoutGap))"
    if dropoutGap < plainGap - 0.02 {
      return "Dropout narrowed the gap between training and validation accuracy \(change)."
    }
    if dropoutGap > plainGap + 0.02 {
      return "Here dropout widened the gap between training and validation accuracy \(change)."
    }
    return "Here dropout left the gap between training and validation accuracy about the same, "
      + change + "."
  }

  /// Both networks' regions side by side, with the final accuracies in the titles. The
  /// dropout network is drawn from its plain forward pass: evaluation mode keeps every unit.
  private func regions(
    plain: TwoLayerNetwork, dropped: TwoLayerNetwork, final: [(Double, Double)],
    training: Dataset, validation: Dataset
  ) -> SVGDocument {
    let grid = RegionGrid.picture
    let panels = zip(Dropout.pictureTitles, zip([plain, dropped], final)).map { title, trained in
      let (network, (trainingAccuracy, validationAccuracy)) = trained
      return DecisionRegionPanel(
        title: title,
        subtitle: accuracySubtitle(training: trainingAccuracy, validation: validationAccuracy),
        scores: Reference.spiral.scores(of: network, for: grid.points))
    }
    return DecisionRegionPlot.svg(
      panels: panels, grid: grid, training: training, validation: validation,
      title: "Dropout, seed \(options.seed): decision regions")
  }

  /// Training and validation accuracy per epoch, one panel a network.
  private func curves(_ records: [AccuracyRecord]) -> SVGDocument {
    CurvePlot.svg(
      panels: zip(Dropout.pictureTitles, records).map { title, record in
        let epochs = record.training.indices.map(Double.init)
        return CurvePanel(
          title: title, yLabel: "accuracy",
          curves: [
            Curve(
              label: "training", xValues: epochs, yValues: record.training,
              color: Palette.trainingColor),
            Curve(
              label: "validation", xValues: epochs, yValues: record.validation,
              color: Palette.validationColor),
          ], yRange: 0...1)
      }, xLabel: "epoch", title: "Dropout, seed \(options.seed): accuracy per epoch")
  }
}

/// A difference of accuracies in percentage points, e.g. `21.7 points`.
private func points(_ difference: Double) -> String {
  String(format: "%.1f points", 100 * difference)
}
