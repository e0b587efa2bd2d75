import Foundation

/// `gradkit train spiral`: trains the learner's (or the reference) spiral models, reporting as it goes.
public struct TrainCommand: GraderCommand {
  public static let name = "train"
  public static let abstract = "train the spiral classifiers, watch the loss fall, and draw them"
  public static let flags = ["--solutions"]
  public static let options = ["--seed", "--points", "--iterations", "--output", "--time-limit"]
  public static let help = """
    Usage: gradkit train spiral [--solutions] [--seed N] [--points N] [--iterations N]
                                [--output DIR] [--time-limit SECONDS]

    Trains your linear classifier and your two-layer network (module 08) on the
    seeded 3-class spiral, printing the iteration, loss and accuracy as it goes,
    then the final figures, the decision regions in the terminal, and two SVG
    pictures (the regions of both models side by side, and the training curves)
    that open in any browser.

    Options:
      --solutions          train the reference implementation instead of yours
      --seed N             seed of the data and the initial weights (default 1)
      --points N           points per class (default 100)
      --iterations N       gradient-descent iterations (default: the module's budget)
      --output DIR         where the SVGs go (default .gradkit/train)
      --time-limit S       stop training after S seconds (default 300)
      -h, --help           show this help

    Example:
      swift run gradkit train spiral
    """

  var side: String
  var seed: UInt64
  var points: Int?
  var iterations: Int?
  var output: String?
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    let module = try Course.singleModule(named: arguments.positionals, command: Self.name)
    guard module.name == "spiral" else {
      throw .usage(
        "only module 08 (spiral) trains a model to draw; try 'gradkit train spiral'."
          + " For module \(module.code), 'gradkit grade \(module.code)' and 'gradkit compare \(module.code)'."
      )
    }
    side = arguments.has("--solutions") ? "reference" : "learner"
    seed =
      try arguments.seed(command: Self.name)
      ?? 1
    points = try arguments.value(
      of: "--points", as: Int.self, meaning: "a whole number", command: Self.name)
    iterations = try arguments.value(
      of: "--iterations", as: Int.self, meaning: "a whole number", command: Self.name)
    if let points, points < 2 { throw .usage("--points takes a whole number of at least 2.") }
    if let iterations, iterations < 1 {
      throw .usage("--iterations takes a positive whole number.")
    }
    output = arguments.value(of: "--output")
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 300, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    context.note("Building…")
    let lab = try Lab.build(workspace)
    let folder =
      output.map { URL(fileURLWithPath: $0, relativeTo: context.directory).standardizedFileURL }
      ?? workspace.stateFolder.appendingPathComponent("train")
    var arguments = [
      "train", "--side", side, "--seed", String(seed), "--output", folder.path,
      context.style.usesColor ? "--color" : "--no-color",
    ]
    if let points { arguments += ["--points", String(points)] }
    if let iterations { arguments += ["--iterations", String(iterations)] }
    let ending = Lab.stream(lab, arguments, timeLimit: timeLimit, context: context)
    switch ending {
    case .finished(let status):
      return status == 0 ? .success : .testsFailed
    case .crashed(let report):
      context.line(
        context.style.red(
          report.isUnimplemented
            ? "Training needs module 08's code: \(report.message)"
            : "Training crashed: \(report.message)"))
      return .testsFailed
    case .timedOut:
      context.line(
        context.style.red(
          "Training stopped after \(TestRunner.format(timeLimit)) s (--time-limit)."))
      return .testsFailed
    }
  }
}
