import Foundation
import LessonWire

/// `gradkit train spiral|training`: trains the learner's (or the reference) models of
/// module 08 or 09, reporting as it goes and drawing what they learned.
public struct TrainCommand: GraderCommand {
  public static let name = "train"
  public static let abstract =
    "train module 08's or 09's networks, watch them learn, and draw them"
  public static let flags = ["--solutions"]
  public static let options = ["--seed", "--points", "--iterations", "--output", "--time-limit"]
  public static let help = """
    Usage: gradkit train spiral|training [--solutions] [--seed N] [--output DIR]
                                         [--time-limit SECONDS]
           gradkit train spiral [--points N] [--iterations N]

    Trains a module's networks on seeded data, printing its progress as it goes,
    then the final figures, pictures in the terminal, and SVG pictures that open
    in any browser. Two modules train a model:

      08 spiral     your linear classifier and two-layer network on the 3-class
                    spiral: the decision regions of both models side by side,
                    and the loss and accuracy per iteration.
      09 training   your minibatch SGD inside your early stopping (training and
                    validation per epoch, the checkpoint and the stop), full batch
                    against minibatches, a network with your dropout beside one
                    without (decision regions and accuracy per epoch), and your
                    gradient norms layer by layer in a deep tanh and ReLU stack.
                    Module 08's loss and gradient are the reference's.

    Arguments:
      MODULE               spiral (08) or training (09)

    Options:
      --solutions          train the reference implementation instead of yours
      --seed N             seed of the data and the initial weights (default 1)
      --points N           08 only: points per class (default 100)
      --iterations N       08 only: gradient-descent iterations (default: the
                           module's budget)
      --output DIR         where the SVGs go (default .gradkit/train)
      --time-limit S       stop training after S seconds (default 300)
      -h, --help           show this help

    Examples:
      swift run gradkit train spiral
      swift run gradkit train 09 --seed 7
    """

  /// The modules that train a model, in course order.
  static let modules = [CourseModule.spiral, .training]

  /// What to type instead of a module that does not train, or of none.
  static var choice: String {
    "Name the module to train: 'gradkit train spiral' (08) or 'gradkit train training' (09)."
  }

  var module: CourseModule
  var side: String
  var seed: UInt64
  var points: Int?
  var iterations: Int?
  var output: String?
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    guard !arguments.positionals.isEmpty else {
      throw .usage("only modules 08 (spiral) and 09 (training) train a model. \(Self.choice)")
    }
    let named = try Course.singleModule(named: arguments.positionals, command: Self.name)
    guard Self.modules.contains(named) else {
      throw .usage(
        "only modules 08 (spiral) and 09 (training) train a model; module \(named.code)"
          + " (\(named.name)) does not. For it, try 'gradkit grade \(named.code)' or"
          + " 'gradkit compare \(named.code)'. \(Self.choice)")
    }
    module = named
    side = arguments.has("--solutions") ? "reference" : "learner"
    seed =
      try arguments.seed(command: Self.name)
      ?? 1
    points = try arguments.value(
      of: "--points", as: Int.self, meaning: "a whole number", command: Self.name)
    iterations = try arguments.value(
      of: "--iterations", as: Int.self, meaning: "a whole number", command: Self.name)
    if module != .spiral, points != nil || iterations != nil {
      throw .usage(
        "--points and --iterations are module 08's; 'gradkit train \(module.name)' takes"
          + " --seed, --output and --time-limit.")
    }
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
    if side == "reference", Edition.withholds(module) {
      context.line(
        "Module \(module.code)'s reference is released later in this class edition;"
          + " 'swift run gradkit train \(module.name)' trains yours.")
      return .usage
    }
    if module == .training, Edition.withholds(.spiral) {
      context.line(
        "Module 09's training runs on module 08's reference, which is released later in this"
          + " class edition.")
      return .usage
    }
    guard
      let session = try LabSession.open(
        workspace, module: side == "learner" ? module : nil, timeLimit: timeLimit,
        context: context)
    else { return .testsFailed }
    defer { session.finish() }
    let folder =
      output.map { URL(fileURLWithPath: $0, relativeTo: context.directory).standardizedFileURL }
      ?? workspace.stateFolder.appendingPathComponent("train")
    var arguments = [
      "train", module.name, "--side", side, "--seed", String(seed), "--output", folder.path,
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
        ? "Training needs more of module \(module.code)'s code:" : "Training stopped:"
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
