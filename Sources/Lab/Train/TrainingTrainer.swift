import Foundation
import GradKit
import LessonWire
import Plotting
import References

/// `gradkit-lab train training [options]`: module 09's training in practice, on one side's
/// code, reported as it runs.
///
/// Three experiments, each a terminal report and pictures:
///
/// 1. early stopping around minibatch SGD with a step-decay schedule, and full-batch
///    against minibatch training;
/// 2. the same network trained with and without dropout on a small noisy training set;
/// 3. the gradient's size layer by layer in a deep tanh or ReLU stack at three scales of
///    the initial weights.
///
/// Module 08's loss and gradient are the reference's: the lab runs one learner module.
enum TrainingTrainer {
  static let usage = """
    usage: gradkit-lab train training [--side learner|reference] [--seed N] [--output DIR]
                                      [--color | --no-color]
    """

  static func run(_ arguments: [String]) -> Int32 {
    var options = TrainerOptions()
    do throws(UsageError) {
      var cursor = OptionCursor(arguments)
      while let flag = cursor.next() {
        guard try options.take(flag, from: &cursor) else {
          throw UsageError("unknown option '\(flag)'")
        }
      }
    } catch {
      return Lab.fail("gradkit-lab train training: \(error.message)\n\(usage)")
    }
    if options.showsHelp {
      print(usage)
      return 0
    }
    let lesson: any TrainingLesson.Type =
      options.usesReference ? Reference.training : RemoteTraining<Learner>.self
    var session = Session(lesson: lesson, options: options)
    return session.run()
  }
}

// MARK: - The run

extension TrainingTrainer {
  /// One run of the three experiments, each from its own seeded generator, so that one
  /// experiment's draws never change another's.
  struct Session {
    let lesson: any TrainingLesson.Type
    let options: TrainerOptions

    /// Module 08's loss and gradient with the penalty λ: the reference's.
    static func objective(regularization: Double) -> LossAndGradient {
      { network, batch in
        Reference.spiral.lossAndGradient(of: network, on: batch, regularization: regularization)
      }
    }

    /// The fraction of `data` that `network` classifies right, from module 08's forward pass.
    static func accuracy(of network: TwoLayerNetwork, on data: Dataset) -> Double {
      Reference.spiral.accuracy(
        of: Reference.spiral.scores(of: network, for: data.inputs), labels: data.labels)
    }

    /// A generator for one experiment: the seed, moved on by the experiment's number.
    func generator(forExperiment number: UInt64) -> SeededGenerator {
      SeededGenerator(seed: options.seed &+ 1000 &* number)
    }

    /// The data and the first network of experiments 1 and 2: a noisy 3-class spiral, part of
    /// it kept back for validation, and a 2 → `hiddenCount` → 3 network.
    struct SpiralSetup {
      let pointsPerClass: Int
      let noise: Double
      /// The share of the points kept back for validation.
      let validationFraction: Double
      let hiddenCount: Int

      /// The training and validation sets and the starting network, drawn from `generator`
      /// in that order; says what they are, after the experiment's `heading`.
      func draw(heading: String, using generator: inout SeededGenerator) -> (
        training: Dataset, validation: Dataset, start: TwoLayerNetwork
      ) {
        let data = Datasets.spiral(
          pointsPerClass: pointsPerClass, classes: 3, noise: noise, using: &generator)
        let (training, validation) = Datasets.split(
          data, validationFraction: validationFraction, using: &generator)
        let start = TwoLayerNetwork.random(
          inputCount: 2, hiddenCount: hiddenCount, classCount: 3, using: &generator)
        say(
          "\n\(heading). Spiral: 3 classes × \(pointsPerClass) points, noise \(noise); "
            + "\(training.count) to train on, \(validation.count) to validate.")
        return (training, validation, start)
      }
    }

    mutating func run() -> Int32 {
      let side = options.usesReference ? "the reference implementation" : "your code"
      say("Module 09, training in practice: seed \(options.seed); \(side).")
      say("(Module 08's loss, gradient and accuracy are the reference's.)")
      var pictures = earlyStopping()
      pictures += dropout()
      pictures += gradientNorms()
      return write(pictures, into: options.output)
    }
  }
}

// MARK: - Terminal charts

extension TrainingTrainer {
  /// Columns of the terminal's accuracy charts.
  static let chartWidth = 60

  /// Two or more accuracy series as sparklines on one scale, each after its name, and a line
  /// of `notes` under them, each at the column of its epoch, e.g. `↑ best`.
  static func accuracyChart(
    _ series: [(name: String, accuracies: [Double])], notes: [(epoch: Int, text: String)] = []
  ) -> [String] {
    let all = series.flatMap(\.accuracies)
    let low = ((all.min() ?? 0) * 10).rounded(.down) / 10
    let range = low...1.0
    let count = series.map(\.accuracies.count).max() ?? 0
    let nameWidth = series.map(\.name.count).max() ?? 0
    let indent = String(repeating: " ", count: nameWidth + 4)
    var lines = [
      "\(indent)\(count) epochs, ▁ = \(percent(low, padded: false)) … █ = 100%"
    ]
    for (name, accuracies) in series {
      lines.append(
        "  \(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  "
          + Sparkline.render(accuracies, range: range, width: chartWidth))
    }
    var noteLine = ""
    for (epoch, text) in notes.sorted(by: { $0.epoch < $1.epoch }) {
      let column = Sparkline.column(ofIndex: epoch, count: count, width: chartWidth)
      let start = max(column, noteLine.count + (noteLine.isEmpty ? 0 : 2))
      noteLine += String(repeating: " ", count: start - noteLine.count) + text
    }
    if !noteLine.isEmpty { lines.append(indent + noteLine) }
    return lines
  }
}
