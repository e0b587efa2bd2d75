import Foundation

/// `gradkit train spiral`: trains the learner's (or the reference) spiral models, reporting as it goes.
public struct TrainCommand: GraderCommand {
  public static let name = "train"
  public static let abstract = "train the spiral classifiers, watch the loss fall, and draw them"
  public static let flags = ["--solutions"]
  public static let options = ["--seed", "--points", "--iterations", "--output", "--time-limit"]
  public static let help = """
    Usage: gradkit train [spiral] [--solutions] [--seed N] [--points N] [--iterations N]
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

    Only module 08 (spiral) trains a model, so it is the one this command trains;
    naming it is optional.

    Example:
      swift run gradkit train
    """

  /// The module that trains.
  static let module = CourseModule.spiral

  var side: String
  var seed: UInt64
  var points: Int?
  var iterations: Int?
  var output: String?
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    if !arguments.positionals.isEmpty {
      let named = try Course.singleModule(named: arguments.positionals, command: Self.name)
      guard named == Self.module else {
        throw .usage(
          "only module 08 (spiral) trains a model to draw: 'gradkit train'. For module"
            + " \(named.code), try 'gradkit grade \(named.code)' or 'gradkit compare \(named.code)'."
        )
      }
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
    if side == "reference", Edition.withholds(Self.module) {
      context.line(
        "Module 08's reference is released later in this class edition; 'swift run gradkit"
          + " train' trains yours.")
      return .usage
    }
    guard
      let session = try LabSession.open(
        workspace, module: side == "learner" ? Self.module : nil, timeLimit: timeLimit,
        context: context)
    else { return .testsFailed }
    defer { session.finish() }
    let folder =
      output.map { URL(fileURLWithPath: $0, relativeTo: context.directory).standardizedFileURL }
      ?? workspace.stateFolder.appendingPathComponent("train")
    var arguments = [
      "train", "--side", side, "--seed", String(seed), "--output", folder.path,
      context.style.usesColor ? "--color" : "--no-color",
    ]
    if let points { arguments += ["--points", String(points)] }
    if let iterations { arguments += ["--iterations", String(iterations)] }
    switch session.stream(arguments, timeLimit: timeLimit, context: context) {
    case .finished(let status):
      return status == 0 ? .success : .testsFailed
    case .failed(let failure):
      let heading =
        failure.status == .notStarted
        ? "Training needs more of module 08's code:" : "Training stopped:"
      context.line(context.style.red(heading))
      for line in failure.explanation { context.line("  " + line) }
      return .testsFailed
    case .crashed(let message):
      context.line(context.style.red("The lab crashed: \(message)"))
      return .testsFailed
    case .timedOut:
      context.line(
        context.style.red(
          "Training stopped after \(seconds(timeLimit)) s (--time-limit)."))
      return .testsFailed
    }
  }
}
