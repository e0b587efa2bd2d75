import Foundation
import GradKit
import Solutions

/// `gradkit-lab kernels --points N --seed S`: times each engine operation of the reference
/// network's training step on its own, on that step's own matrices.
///
/// Prints one JSON line per operation: its name, the median processor seconds of one call,
/// and the floating-point operations and bytes one call needs, so that `gradkit bench` can
/// show GFLOP/s, the fraction of peak and GB/s for each, and the next bottleneck stands out.
enum KernelBenchmark {
  /// One operation's figures.
  struct Timing: Codable {
    var name: String
    var seconds: Double
    var flops: Double
    var bytes: Double
  }

  /// Keeps every result alive, so the optimiser cannot drop a call whose result is unused.
  nonisolated(unsafe) static var sink = 0.0

  static func run(_ arguments: [String]) -> Int32 {
    guard let options = try? BenchmarkOptions(parsing: arguments), let points = options.points,
      let seed = options.seed
    else {
      return Lab.fail("usage: gradkit-lab kernels --points N --seed S")
    }
    typealias Reference = Solutions.SpiralMLP
    var generator = SeededGenerator(seed: seed)
    let data = Datasets.spiral(
      pointsPerClass: points, classes: SpiralBenchmark.classCount, noise: 0.2,
      using: &generator)
    let network = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: SpiralBenchmark.hiddenCount,
      classCount: SpiralBenchmark.classCount, using: &generator)
    // The step's matrices, as the reference computes them from the initial network.
    let (x, w1, b1) = (data.inputs, network.hiddenWeights, network.hiddenBias)
    let (w2, b2) = (network.outputWeights, network.outputBias)
    let z = affine(x, w1, b1)
    let h = Reference.relu(z)
    let s = affine(h, w2, b2)
    let dS = Reference.softmaxCrossEntropy(scores: s, labels: data.labels).gradient
    let dH = dS.timesTransposed(w2)
    let dZ = dH .* (z > 0)
    let (m, d, n, k) = (Double(x.rows), Double(x.columns), Double(w1.columns), Double(w2.columns))
    let word = Double(MemoryLayout<Double>.size)

    // Flops as the formulas count them: 2 per multiply-add of a product, 1 per bias
    // addition, comparison or sum, and 6 a score for the softmax (shift, exponential, sum,
    // division, log-sum-exp, gradient); bytes are each operand read once and the result
    // written once.
    let operations: [(String, Double, Double, () -> Matrix)] = [
      (
        "affine(X, W1, b1)", 2 * m * d * n + m * n, word * (m * d + d * n + n + m * n),
        { affine(x, w1, b1) }
      ),
      ("relu(Z)", m * n, word * 2 * m * n, { Reference.relu(z) }),
      (
        "affine(H, W2, b2)", 2 * m * n * k + m * k, word * (m * n + n * k + k + m * k),
        { affine(h, w2, b2) }
      ),
      (
        "softmaxCrossEntropy(S, y)", 6 * m * k, word * 2 * m * k,
        { Reference.softmaxCrossEntropy(scores: s, labels: data.labels).gradient }
      ),
      (
        "H.transposedTimes(dS)", 2 * m * n * k, word * (m * n + m * k + n * k),
        { h.transposedTimes(dS) }
      ),
      ("dS.columnSums()", m * k, word * (m * k + k), { dS.columnSums() }),
      (
        "dS.timesTransposed(W2)", 2 * m * k * n, word * (m * k + n * k + m * n),
        { dS.timesTransposed(w2) }
      ),
      // Timed with the product it masks, which is taken off below.
      ("dH .* (Z > 0), in place", m * n, word * 3 * m * n, { dS.timesTransposed(w2) .* (z > 0) }),
      (
        "X.transposedTimes(dZ)", 2 * m * d * n, word * (m * d + m * n + d * n),
        { x.transposedTimes(dZ) }
      ),
      ("dZ.columnSums()", m * n, word * (m * n + n), { dZ.columnSums() }),
    ]
    let encoder = JSONEncoder()
    var timings: [Timing] = []
    for (name, flops, bytes, operation) in operations {
      timings.append(
        Timing(name: name, seconds: medianSeconds(operation), flops: flops, bytes: bytes))
    }
    // The mask on its own: the masked product, in which `.*` writes over the product as it
    // does in the reference, less the product alone. (Masking a matrix that is still in use
    // elsewhere would time a copy as well.)
    if let product = timings.first(where: { $0.name == "dS.timesTransposed(W2)" }),
      let index = timings.firstIndex(where: { $0.name == "dH .* (Z > 0), in place" })
    {
      timings[index].seconds -= product.seconds
    }
    // The whole step, loss and gradient and the update, as `train` takes it: 11 steps less
    // 1, so that setting up the training is not counted.
    func training(_ iterations: Int) -> Double {
      let settings = TrainingSettings(
        learningRate: 1, regularization: 1e-3, iterations: iterations, momentum: 0)
      return medianSeconds { Reference.train(network, on: data, settings: settings).hiddenWeights }
    }
    let step = (training(11) - training(1)) / 10
    // The products' flops, as `gradkit bench` counts an iteration: 2·M·(2·D·H + 3·H·K).
    let total = 2 * m * (2 * d * n + 3 * n * k)
    timings.append(Timing(name: "one training step", seconds: step, flops: total, bytes: 0))
    for timing in timings {
      guard let line = try? encoder.encode(timing) else { return 1 }
      FileHandle.standardOutput.write(line + Data("\n".utf8))
    }
    return 0
  }

  /// The median processor time of one call of `operation`, over 15 batches of calls each
  /// lasting about two milliseconds, after one such batch to warm the caches.
  static func medianSeconds(_ operation: () -> Matrix) -> Double {
    let start = processorSeconds()
    var calls = 0
    while processorSeconds() - start < 2e-3 || calls < 3 {
      sink += operation().storage[0]
      calls += 1
    }
    var samples: [Double] = []
    for _ in 0..<15 {
      let batchStart = processorSeconds()
      for _ in 0..<calls {
        sink += operation().storage[0]
      }
      samples.append((processorSeconds() - batchStart) / Double(calls))
    }
    return samples.sorted()[samples.count / 2]
  }
}
