import Foundation
import GradKit
import LessonWire
import Plotting
import References

/// `gradkit-lab train [options]`: module 08's training run, reported as it goes.
///
/// Trains one side's linear classifier and two-layer network on the seeded spiral, prints a
/// progress line every tenth of the run, the final figures and an ensemble's, draws both
/// models' decision regions in the terminal, and writes two SVG pictures.
enum SpiralTrainer {
  static let usage = """
    usage: gradkit-lab train spiral [--side learner|reference] [--seed N] [--output DIR]
                                    [--points N] [--iterations N] [--ensemble N]
                                    [--color | --no-color]
    """

  /// What to train and where to draw it, read from the command line.
  struct Options {
    var common = TrainerOptions()
    var pointsPerClass = 100
    /// Overrides both models' standard budgets when set.
    var iterations: Int?
    /// Networks in the ensemble, the first one included; below 2 skips the ensemble.
    var ensembleSize = 3

    /// The options in `arguments`, or a message saying what to type instead.
    init(parsing arguments: [String]) throws(UsageError) {
      var cursor = OptionCursor(arguments)
      while let flag = cursor.next() {
        if try common.take(flag, from: &cursor) { continue }
        switch flag {
        case "--points": pointsPerClass = try cursor.count(of: flag, atLeast: 2)
        case "--iterations": iterations = try cursor.count(of: flag, atLeast: 1)
        case "--ensemble": ensembleSize = try cursor.count(of: flag, atLeast: 0)
        default: throw UsageError("unknown option '\(flag)'")
        }
      }
    }
  }

  static func run(_ arguments: [String]) -> Int32 {
    let options: Options
    do {
      options = try Options(parsing: arguments)
    } catch {
      return Lab.fail("gradkit-lab train spiral: \(error.message)\n\(usage)")
    }
    if options.common.showsHelp {
      print(usage)
      return 0
    }
    let lesson: any SpiralLesson.Type =
      options.common.usesReference ? Reference.spiral : RemoteSpiral<Learner>.self
    var session = Session(lesson: lesson, options: options)
    return session.run()
  }
}

// MARK: - The run

extension SpiralTrainer {
  /// One training run: data, both models, their figures and pictures.
  struct Session {
    let lesson: any SpiralLesson.Type
    let options: Options
    var generator: SeededGenerator

    /// A model's record: its losses and training accuracies along the way, and its results.
    struct Record {
      var iterations: [Double] = []
      var losses: [Double] = []
      var accuracyIterations: [Double] = []
      var accuracies: [Double] = []
    }

    init(lesson: any SpiralLesson.Type, options: Options) {
      self.lesson = lesson
      self.options = options
      self.generator = SeededGenerator(seed: options.common.seed)
    }

    mutating func run() -> Int32 {
      let lesson = self.lesson
      let data = Datasets.spiral(
        pointsPerClass: options.pointsPerClass, classes: 3, noise: 0.2, using: &generator)
      let (training, validation) = Datasets.split(data, validationFraction: 0.2, using: &generator)
      let side = options.common.usesReference ? "the reference implementation" : "your code"
      say(
        "Spiral: 3 classes × \(options.pointsPerClass) points, noise 0.2, seed \(options.common.seed); "
          + "\(side).")
      say("Training on \(training.count) points, validating on \(validation.count).\n")

      var linearSettings = TrainingSettings.linear
      var networkSettings = TrainingSettings.network
      if let iterations = options.iterations {
        linearSettings.iterations = iterations
        networkSettings.iterations = iterations
      }

      say("Linear classifier 2 → 3 (\(linearSettings))")
      let linearStart = LinearClassifier.random(inputCount: 2, classCount: 3, using: &generator)
      var linearRecord = Record()
      let linear = lesson.train(linearStart, on: training, settings: linearSettings) { step in
        Self.record(step, into: &linearRecord, total: linearSettings.iterations) {
          lesson.accuracy(of: lesson.scores(of: $0, for: training.inputs), labels: training.labels)
        }
      }

      say("\nTwo-layer network 2 → 100 → 3 (\(networkSettings))")
      let networkStart = TwoLayerNetwork.random(
        inputCount: 2, hiddenCount: 100, classCount: 3, using: &generator)
      var networkRecord = Record()
      let network = lesson.train(networkStart, on: training, settings: networkSettings) { step in
        Self.record(step, into: &networkRecord, total: networkSettings.iterations) {
          lesson.accuracy(of: lesson.scores(of: $0, for: training.inputs), labels: training.labels)
        }
      }

      let linearLoss = lesson.lossAndGradient(
        of: linear, on: training, regularization: linearSettings.regularization
      ).loss
      let networkLoss = lesson.lossAndGradient(
        of: network, on: training, regularization: networkSettings.regularization
      ).loss
      func accuracy(_ scores: (Matrix) -> Matrix, on set: Dataset) -> Double {
        lesson.accuracy(of: scores(set.inputs), labels: set.labels)
      }
      let linearScores = { (x: Matrix) in lesson.scores(of: linear, for: x) }
      let networkScores = { (x: Matrix) in lesson.scores(of: network, for: x) }
      let linearTraining = accuracy(linearScores, on: training)
      let linearValidation = accuracy(linearScores, on: validation)
      let networkTraining = accuracy(networkScores, on: training)
      let networkValidation = accuracy(networkScores, on: validation)
      say("\nAfter training          loss   training   validation")
      say(
        "  linear classifier   \(fixed(linearLoss))     \(percent(linearTraining))       "
          + percent(linearValidation))
      say(
        "  two-layer network   \(fixed(networkLoss))     \(percent(networkTraining))       "
          + percent(networkValidation))

      if options.ensembleSize >= 2 {
        trainEnsemble(
          first: network, firstAccuracy: networkValidation, settings: networkSettings,
          training: training, validation: validation)
      }

      let usesColor = options.common.colorsTerminal
      let terminalGrid = RegionGrid.terminal
      let linearTitle = "Linear · \(percent(linearTraining, padded: false)) training"
      let networkTitle = "Network · \(percent(networkTraining, padded: false)) training"
      say("")
      say(
        TerminalRegionPlot.render(
          panels: [
            DecisionRegionPanel(
              title: linearTitle,
              classes: linearScores(terminalGrid.points).argmaxPerRow()),
            DecisionRegionPanel(
              title: networkTitle,
              classes: networkScores(terminalGrid.points).argmaxPerRow()),
          ], grid: terminalGrid, data: data, usesColor: usesColor))

      let pictureGrid = RegionGrid.picture
      let (linearColor, networkColor) = (Palette.seriesColor(0), Palette.seriesColor(1))
      let regions = DecisionRegionPlot.svg(
        panels: [
          DecisionRegionPanel(
            title: "Linear classifier",
            subtitle: accuracySubtitle(training: linearTraining, validation: linearValidation),
            seriesColor: linearColor, scores: linearScores(pictureGrid.points)),
          DecisionRegionPanel(
            title: "Two-layer network",
            subtitle: accuracySubtitle(training: networkTraining, validation: networkValidation),
            seriesColor: networkColor, scores: networkScores(pictureGrid.points)),
        ], grid: pictureGrid, training: training, validation: validation,
        title: "Spiral, seed \(options.common.seed): decision regions")
      let curves = CurvePlot.svg(
        panels: [
          CurvePanel(
            title: "Training loss", yLabel: "loss",
            curves: [
              Curve(
                label: "linear classifier", xValues: linearRecord.iterations,
                yValues: linearRecord.losses, color: linearColor),
              Curve(
                label: "two-layer network", xValues: networkRecord.iterations,
                yValues: networkRecord.losses, color: networkColor),
            ]),
          CurvePanel(
            title: "Training accuracy", yLabel: "accuracy",
            curves: [
              Curve(
                label: "linear classifier", xValues: linearRecord.accuracyIterations,
                yValues: linearRecord.accuracies, color: linearColor),
              Curve(
                label: "two-layer network", xValues: networkRecord.accuracyIterations,
                yValues: networkRecord.accuracies, color: networkColor),
            ], yRange: 0...1),
        ], xLabel: "iteration", title: "Spiral, seed \(options.common.seed): training curves")
      return write(
        [
          Picture(
            name: "spiral-regions.svg", document: regions,
            description: "decision regions, linear classifier and network"),
          Picture(
            name: "spiral-curves.svg", document: curves,
            description: "loss and training accuracy per iteration"),
        ], into: options.common.output)
    }

    /// Notes one iteration; prints a line every tenth of the run and at its last iteration.
    ///
    /// The training accuracy costs a forward pass, so it is measured about 100 times a run.
    private static func record<Model>(
      _ step: TrainingProgress<Model>, into record: inout Record, total: Int,
      accuracy: (Model) -> Double
    ) {
      record.iterations.append(Double(step.iteration))
      record.losses.append(step.loss)
      let printEvery = max(1, total / 10)
      let sampleEvery = max(1, total / 100)
      let prints = step.iteration % printEvery == 0 || step.iteration == total - 1
      guard prints || step.iteration % sampleEvery == 0 else { return }
      let fraction = accuracy(step.model)
      record.accuracyIterations.append(Double(step.iteration))
      record.accuracies.append(fraction)
      if prints {
        let width = String(total - 1).count
        say(
          "  iteration \(rightAligned(String(step.iteration), width: width))   "
            + "loss \(fixed(step.loss))   training accuracy \(percent(fraction))")
      }
    }

    /// Trains `ensembleSize − 1` more networks from other initial weights and compares the
    /// average of all their probabilities with the first network alone.
    private mutating func trainEnsemble(
      first: TwoLayerNetwork, firstAccuracy: Double, settings: TrainingSettings,
      training: Dataset, validation: Dataset
    ) {
      say(
        "\nEnsemble of \(options.ensembleSize) networks from different initial weights, "
          + "averaging their probabilities")
      var members = [first]
      for _ in 1..<options.ensembleSize {
        let start = TwoLayerNetwork.random(
          inputCount: 2, hiddenCount: 100, classCount: 3, using: &generator)
        members.append(lesson.train(start, on: training, settings: settings))
      }
      let memberAccuracies = members.map {
        lesson.accuracy(
          of: lesson.scores(of: $0, for: validation.inputs), labels: validation.labels)
      }
      let ensemble = lesson.accuracy(
        of: lesson.ensembleProbabilities(of: members, for: validation.inputs),
        labels: validation.labels)
      say("  single network      validation \(percent(firstAccuracy))")
      say(
        "  ensemble of \(options.ensembleSize)       validation \(percent(ensemble))   (members "
          + memberAccuracies.map { percent($0, padded: false) }.joined(separator: ", ") + ")")
    }
  }
}
