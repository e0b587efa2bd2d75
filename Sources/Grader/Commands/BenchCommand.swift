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
    N = 1000 for 1,000, and in the same run the same work in numpy
    (Sources/Lab/Bench/numpy_peer.py, OPENBLAS_NUM_THREADS=1), starting from the same
    data and weights. Reports iterations per second, GFLOP/s counting
    2·M·(2·D·H + 3·H·K) operations an iteration (M = N·K samples), the fraction of
    one core's nominal peak, the final loss and accuracy of both, and Swift / numpy.
    The lab is built in release whatever configuration gradkit itself was built in.

    Options:
      --quick              a tenth of the iterations, for a quick look
      --seed N             seed of the data and the initial weights (default 1)
      -h, --help           show this help

    Needs python3 with numpy (pip install numpy).
    """

  /// The network's sizes, as the benchmark fixes them.
  static let (inputs, hidden, classes) = (2, 100, 3)

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
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    context.note("Building the lab in release…")
    let lab = try LabSession.build(workspace, configuration: "release", context: context)
    let peer = workspace.root.appendingPathComponent("Sources/Lab/Bench/numpy_peer.py")
    let machine = Machine.current()
    context.line(context.style.bold("GradKit benchmark: spiral network training, Swift vs. numpy"))
    context.line("machine: \(machine.description)")
    context.line("peer: numpy, OPENBLAS_NUM_THREADS=1 · seed \(seed)")
    context.line()
    let header =
      padded("", to: 22) + padded("it/s", to: 11) + padded("GFLOP/s", to: 9)
      + padded("of peak", to: 9) + padded("final loss", to: 12) + "accuracy"
    var ratios: [String] = []
    for (points, iterations) in [(100, 10_000), (1000, 1000)] {
      let count = quick ? iterations / 10 : iterations
      let samples = points * Self.classes
      let flops =
        2.0 * Double(samples)
        * Double(2 * Self.inputs * Self.hidden + 3 * Self.hidden * Self.classes)
      let job = workspace.stateFolder.appendingPathComponent("bench-\(points).json")
      try? FileManager.default.createDirectory(
        at: workspace.stateFolder, withIntermediateDirectories: true)
      let swift = try Self.measure(
        [
          lab.path, "bench", "--points", String(points), "--iterations", String(count),
          "--seed", String(seed), "--export", job.path,
        ], in: workspace)
      let numpy = try Self.measure(["python3", peer.path, job.path], in: workspace)
      context.line(
        context.style.bold("N = \(points) per class (M = \(samples)), \(count) iterations"))
      context.line("  " + header)
      for (name, run) in [("Swift (GradKit)", swift), ("numpy", numpy)] {
        let rate = Double(run.iterations) / run.seconds
        let gigaflops = rate * flops / 1e9
        let peak =
          machine.peakGigaflops.map { String(format: "%.1f%%", 100 * gigaflops / $0) } ?? "?"
        context.line(
          "  " + padded(name, to: 22) + padded(String(format: "%.0f", rate), to: 11)
            + padded(String(format: "%.2f", gigaflops), to: 9) + padded(peak, to: 9)
            + padded(String(format: "%.6f", run.loss), to: 12)
            + String(format: "%.1f%%", 100 * run.accuracy))
      }
      let ratio = numpy.seconds / swift.seconds
      ratios.append("N = \(points): Swift / numpy = \(String(format: "%.2f", ratio))×")
      context.line(
        "  Swift / numpy: " + String(format: "%.2f×", ratio) + " the iterations per second")
      context.line()
    }
    context.line(ratios.joined(separator: " · "))
    return .success
  }

  /// Runs one side and reads its JSON line.
  static func measure(_ command: [String], in workspace: Workspace) throws(GraderError) -> Run {
    let result = try Shell.run(
      command, in: workspace.root, environment: ["OPENBLAS_NUM_THREADS": "1"])
    guard result.status == 0,
      let line = result.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
      let run = try? JSONDecoder().decode(Run.self, from: Data(line.utf8))
    else {
      let hint =
        command.first == "python3"
        ? " The peer needs python3 with numpy: 'pip install numpy'." : ""
      throw .cannotRun(
        "'\(command.joined(separator: " "))' failed:\n\(result.output)\(hint)")
    }
    return run
  }
}
