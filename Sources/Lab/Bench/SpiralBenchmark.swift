import Foundation
import GradKit
import Solutions

/// `gradkit-lab bench --points N --iterations I --seed S --export PATH`: the Swift side of `gradkit bench`.
///
/// Trains the reference two-layer network (2 → 100 → 3, ReLU, full batch, α = 1, λ = 1e-3,
/// plain gradient descent) on the seeded spiral, after writing the data and the initial
/// weights to PATH so the numpy peer starts from exactly the same numbers. Prints one JSON
/// line: the processor seconds of the training, iterations, final loss and training accuracy.
enum SpiralBenchmark {
  /// The network's hidden width and the data's classes, as the benchmark's issue fixes them.
  static let hiddenCount = 100
  static let classCount = 3

  /// What both sides run and report.
  struct Job: Codable {
    var inputs: [[Double]]
    var labels: [Int]
    var hiddenWeights: [[Double]]
    var hiddenBias: [[Double]]
    var outputWeights: [[Double]]
    var outputBias: [[Double]]
    var learningRate: Double
    var regularization: Double
    var iterations: Int

    /// The peer's names for the weights, as in its formulas.
    enum CodingKeys: String, CodingKey {
      case inputs, labels, learningRate, regularization, iterations
      case hiddenWeights = "W1"
      case hiddenBias = "b1"
      case outputWeights = "W2"
      case outputBias = "b2"
    }
  }

  struct Outcome: Codable {
    var seconds: Double
    var iterations: Int
    var loss: Double
    var accuracy: Double
  }

  static func run(_ arguments: [String]) -> Int32 {
    guard let options = try? BenchmarkOptions(parsing: arguments), let points = options.points,
      let iterations = options.iterations, let seed = options.seed, let export = options.export
    else {
      return Lab.fail("usage: gradkit-lab bench --points N --iterations I --seed S --export PATH")
    }
    var generator = SeededGenerator(seed: seed)
    let data = Datasets.spiral(
      pointsPerClass: points, classes: classCount, noise: 0.2, using: &generator)
    let network = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: hiddenCount, classCount: classCount, using: &generator)
    let settings = TrainingSettings(
      learningRate: 1, regularization: 1e-3, iterations: iterations, momentum: 0)
    let job = Job(
      inputs: rows(data.inputs), labels: data.labels,
      hiddenWeights: rows(network.hiddenWeights), hiddenBias: rows(network.hiddenBias),
      outputWeights: rows(network.outputWeights), outputBias: rows(network.outputBias),
      learningRate: settings.learningRate,
      regularization: settings.regularization, iterations: iterations)
    do {
      try JSONEncoder().encode(job).write(to: URL(fileURLWithPath: export))
    } catch {
      return Lab.fail("cannot write the benchmark's job to \(export): \(error)")
    }

    let start = processorSeconds()
    let trained = Solutions.SpiralMLP.train(network, on: data, settings: settings)
    let seconds = processorSeconds() - start

    let loss = Solutions.SpiralMLP.lossAndGradient(
      of: trained, on: data, regularization: settings.regularization
    ).loss
    let accuracy = Solutions.SpiralMLP.accuracy(
      of: Solutions.SpiralMLP.scores(of: trained, for: data.inputs), labels: data.labels)
    let outcome = Outcome(seconds: seconds, iterations: iterations, loss: loss, accuracy: accuracy)
    guard let line = try? JSONEncoder().encode(outcome) else { return 1 }
    FileHandle.standardOutput.write(line + Data("\n".utf8))
    return 0
  }

  static func rows(_ matrix: Matrix) -> [[Double]] {
    (0..<matrix.rows).map { matrix.row($0) }
  }
}
