import Foundation

/// `gradkit bench`: times the reference spiral network's training against a numpy peer.
public struct BenchCommand: GraderCommand {
  public static let name = "bench"
  public static let abstract = "benchmark the reference spiral training against numpy (release)"
  public static let flags = ["--quick"]
  public static let options = ["--seed"]
  public static let help = """
    Usage: swift run -c release gradkit bench [--quick] [--seed N]

    Trains the reference two-layer spiral network (2 → 100 → 3, ReLU, full batch,
    step 1, L2 1e-3) at N = 100 points per class for 10,000 iterations and at
    N = 1000 for 1,000, and the same work in numpy
    (Sources/Lab/Bench/numpy_peer.py), starting from the same data and weights.
    numpy runs on one thread (OPENBLAS_NUM_THREADS=1), without OPENBLAS_CORETYPE and
    OPENBLAS_L2_SIZE so that OpenBLAS picks its kernels for this processor, once
    with glibc's default malloc and once with its thresholds raised (GLIBC_TUNABLES,
    as the engine does for itself); the ratio uses numpy's faster configuration.
    Three rounds run the three one after another, in turn starting with each, and
    the figures are the medians.

    Reports iterations per second, GFLOP/s counting 2·M·(2·D·H + 3·H·K) operations
    an iteration (M = N·K samples), the fraction of one core's nominal peak, the
    final loss and accuracy of each, Swift / numpy, and numpy's BLAS. Then each
    engine operation of one training step on its own: microseconds, GFLOP/s, the
    fraction of peak and GB/s. The lab is built in release whatever configuration
    gradkit itself was built in.

    Options:
      --quick              a tenth of the iterations, for a quick look
      --seed N             seed of the data and the initial weights (default 1)
      -h, --help           show this help

    Needs python3 with numpy (pip install numpy); threadpoolctl, if installed, names
    numpy's BLAS kernels.
    """

  /// The network's sizes, as the benchmark fixes them.
  static let (inputs, hidden, classes) = (2, 100, 3)

  /// The rounds each figure is the median of.
  static let rounds = 3

  /// The largest relative difference allowed between the two sides' final losses.
  ///
  /// Both compute in float64 but add in different orders (and OpenBLAS fuses its
  /// multiply-adds), so each step's numbers differ in their last bits, and 10,000 steps of
  /// gradient descent carry that into the loss: the peer and the engine, before and after
  /// their tuning, end between 0.2416685 and 0.2416715 at N = 100, 1.2e-5 of the loss
  /// apart. A wrong formula on either side moves the final loss by 1e-3 or more.
  static let lossAgreement = 1e-4

  /// glibc's malloc thresholds raised to the largest values its own adaptive thresholds
  /// reach, as `Sources/GradKit/HeapReuse.swift` sets them for the engine: freed arrays are
  /// kept for the next ones instead of being unmapped and faulted in again.
  static let mallocTunables =
    "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864"

  var quick: Bool
  var seed: UInt64

  public init(_ arguments: Arguments) throws(GraderError) {
    guard arguments.positionals.isEmpty else {
      throw .usage("'gradkit bench' takes no module. See 'gradkit bench --help'.")
    }
    quick = arguments.has("--quick")
    seed =
      try arguments.seed(command: Self.name)
      ?? 1
  }

  /// One timed run of one side.
  struct Run: Decodable {
    var seconds: Double
    var iterations: Int
    var loss: Double
    var accuracy: Double
    /// numpy's version and BLAS; the Swift side leaves them out.
    var numpy: String?
    var blas: String?
  }

  /// One engine operation timed by `gradkit-lab kernels`.
  struct Kernel: Decodable {
    var name: String
    var seconds: Double
    var flops: Double
    var bytes: Double
  }

  /// One side of the comparison and how to run it.
  struct Side {
    var name: String
    var command: [String]
    var environment: [String: String]
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    if Edition.isClassEdition {
      throw .cannotRun("the benchmark trains the reference network; it is in the full kit only.")
    }
    context.note("Building the lab in release…")
    let lab = try LabSession.build(workspace, configuration: "release", context: context)
    let peer = workspace.root.appendingPathComponent("Sources/Lab/Bench/numpy_peer.py")
    let machine = Machine.current()
    try? FileManager.default.createDirectory(
      at: workspace.stateFolder, withIntermediateDirectories: true)
    context.line(context.style.bold("GradKit benchmark: spiral network training, Swift vs. numpy"))
    context.line("machine: \(machine.description)")
    context.line(
      "seed \(seed) · each figure the median of \(Self.rounds) rounds · numpy on one thread,"
        + " OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset")
    context.line()
    var summary: [String] = []
    var blas: String?
    var agreed = true
    for (points, iterations) in [(100, 10_000), (1000, 1000)] {
      let count = quick ? iterations / 10 : iterations
      let job = workspace.stateFolder.appendingPathComponent("bench-\(points).json")
      // numpy without the processor overrides this environment may set for old OpenBLAS
      // builds, so that it runs the kernels it would pick for this processor.
      let numpy = [
        "-u", "OPENBLAS_CORETYPE", "-u", "OPENBLAS_L2_SIZE", "python3", peer.path, job.path,
      ]
      let sides = [
        Side(
          name: "Swift (GradKit)",
          command: [
            lab.path, "bench", "--points", String(points), "--iterations", String(count),
            "--seed", String(seed), "--export", job.path,
          ], environment: [:]),
        Side(name: "numpy, glibc malloc", command: numpy, environment: [:]),
        Side(
          name: "numpy, malloc tunables", command: numpy,
          environment: ["GLIBC_TUNABLES": Self.mallocTunables]),
      ]
      // The first round starts with Swift, which writes the job the peer reads.
      var runs = [[Run]](repeating: [], count: sides.count)
      for round in 0..<Self.rounds {
        for turn in 0..<sides.count {
          let index = (round + turn) % sides.count
          runs[index].append(try Self.measure(sides[index], in: workspace))
        }
      }
      blas = blas ?? runs[1].last?.blas.map { "numpy \(runs[1].last?.numpy ?? "?"), \($0)" }
      let result = report(
        points: points, iterations: count, sides: sides, runs: runs, machine: machine,
        context: context)
      summary.append(result.summary)
      agreed = agreed && result.agreed
      context.line()
    }
    context.line("numpy's BLAS: \(blas ?? "unknown")")
    context.line()
    for points in [100, 1000] {
      try kernelTable(points: points, lab: lab, machine: machine, in: workspace, context: context)
    }
    context.line(summary.joined(separator: " · "))
    return agreed ? .success : .testsFailed
  }

  /// Prints one size's table and returns its summary, and whether the losses agreed.
  func report(
    points: Int, iterations: Int, sides: [Side], runs: [[Run]], machine: Machine,
    context: Context
  ) -> (summary: String, agreed: Bool) {
    let samples = points * Self.classes
    let flops =
      2.0 * Double(samples) * Double(2 * Self.inputs * Self.hidden + 3 * Self.hidden * Self.classes)
    context.line(
      context.style.bold("N = \(points) per class (M = \(samples)), \(iterations) iterations"))
    context.line(
      "  " + padded("", to: 24) + padded("it/s", to: 9) + padded("GFLOP/s", to: 9)
        + padded("of peak", to: 9) + padded("final loss", to: 13) + "accuracy")
    let medians = runs.map { median($0.map(\.seconds)) }
    for (index, side) in sides.enumerated() {
      let run = runs[index][0]
      let rate = Double(run.iterations) / medians[index]
      context.line(
        "  " + padded(side.name, to: 24) + padded(String(format: "%.0f", rate), to: 9)
          + padded(String(format: "%.2f", rate * flops / 1e9), to: 9)
          + padded(machine.percentOfPeak(rate * flops / 1e9), to: 9)
          + padded(String(format: "%.8f", run.loss), to: 13)
          + String(format: "%.1f%%", 100 * run.accuracy))
    }
    // The faster of numpy's two configurations, by its median.
    let numpy = medians[1] <= medians[2] ? 1 : 2
    let ratio = medians[numpy] / medians[0]
    let rounds = (0..<Self.rounds).map { round in
      let numpy = min(runs[1][round].seconds, runs[2][round].seconds)
      return String(format: "%.2f×", numpy / runs[0][round].seconds)
    }
    context.line(
      "  Swift / numpy: " + String(format: "%.2f×", ratio)
        + " the iterations per second, against \(sides[numpy].name) (each round: "
        + rounds.joined(separator: ", ") + ")")
    let swiftLoss: Double = runs[0][0].loss
    let difference =
      runs.dropFirst().joined().map { abs($0.loss - swiftLoss) / abs(swiftLoss) }.max() ?? 0
    let agreed = difference <= Self.lossAgreement
    let agreement = String(
      format: "  final losses differ by %.1e of the loss (at most %.0e allowed)", difference,
      Self.lossAgreement)
    context.line(agreed ? agreement : context.style.red(agreement + ": they disagree"))
    return ("N = \(points): Swift / numpy = " + String(format: "%.2f×", ratio), agreed)
  }

  /// Runs `gradkit-lab kernels` at `points` per class and prints its table.
  func kernelTable(
    points: Int, lab: URL, machine: Machine, in workspace: Workspace, context: Context
  ) throws(GraderError) {
    let command = [lab.path, "kernels", "--points", String(points), "--seed", String(seed)]
    let result = try Shell.run(command, in: workspace.root)
    let decoder = JSONDecoder()
    let kernels = result.output.split(separator: "\n").compactMap { line in
      try? decoder.decode(Kernel.self, from: Data(line.utf8))
    }
    guard result.status == 0, !kernels.isEmpty else {
      throw .cannotRun("'\(command.joined(separator: " "))' failed:\n\(result.output)")
    }
    context.line(
      context.style.bold(
        "Kernels at N = \(points) (M = \(points * Self.classes)): each engine operation of a"
          + " training step on its own, median of 15 batches"))
    context.line(
      "  " + padded("operation", to: 28) + padded("µs", to: 9) + padded("GFLOP/s", to: 9)
        + padded("of peak", to: 9) + "GB/s")
    for kernel in kernels {
      let gigaflops = kernel.flops / kernel.seconds / 1e9
      context.line(
        "  " + padded(kernel.name, to: 28)
          + padded(String(format: "%.2f", kernel.seconds * 1e6), to: 9)
          + padded(String(format: "%.2f", gigaflops), to: 9)
          + padded(machine.percentOfPeak(gigaflops), to: 9)
          + (kernel.bytes > 0 ? String(format: "%.1f", kernel.bytes / kernel.seconds / 1e9) : ""))
    }
    context.line()
  }

  /// Runs one side and reads its JSON line.
  static func measure(_ side: Side, in workspace: Workspace) throws(GraderError) -> Run {
    var environment = side.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    let result = try Shell.run(side.command, in: workspace.root, environment: environment)
    guard result.status == 0,
      let line = result.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
      let run = try? JSONDecoder().decode(Run.self, from: Data(line.utf8))
    else {
      let hint =
        side.command.contains("python3")
        ? " The peer needs python3 with numpy: 'pip install numpy'." : ""
      throw .cannotRun(
        "'\(side.command.joined(separator: " "))' failed:\n\(result.output)\(hint)")
    }
    return run
  }

  /// The middle value; the mean of the two middle ones for an even count.
  func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}

extension Machine {
  /// `gigaflops` as a percentage of one core's nominal peak, or "?" when it is unknown.
  func percentOfPeak(_ gigaflops: Double) -> String {
    peakGigaflops.map { String(format: "%.1f%%", 100 * gigaflops / $0) } ?? "?"
  }
}
