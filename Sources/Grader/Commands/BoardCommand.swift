import Foundation

/// `gradkit` with no arguments: the progress board.
public struct BoardCommand: GraderCommand {
  public static let name = "board"
  public static let abstract =
    "show your progress: every module's status, points, what to do next"
  public static let flags = ["--refresh"]
  public static let options = ["--time-limit"]
  public static let help = """
    Usage: gradkit [board] [--refresh] [--time-limit SECONDS]

    Shows every module with its status (passed, failing k of n, failing k, m stubs,
    m stubs to write, not started, crashed, timed out, does not compile), its
    points, your score and what to do next. Only the modules whose files changed
    since they were last graded are graded again; the others are shown from memory
    at once. A module that does not compile shows its first error and costs only
    its own points.

    Options:
      --refresh            grade every module again, changed or not
      --time-limit S       stop a test that runs longer than S seconds (default 10)
      -h, --help           show this help

    Exit codes:
    \(ExitCode.documentation)
    """

  var refresh: Bool
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    guard arguments.positionals.isEmpty else {
      throw .usage(
        "the board takes no module. To grade one module: 'gradkit grade \(arguments.positionals[0])'."
      )
    }
    refresh = arguments.has("--refresh")
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    let outcome = try ExerciseGrading(
      workspace: workspace, context: context, timeLimit: timeLimit,
      deadline: GradeCommand.defaultDeadline
    ).refresh(forced: refresh ? Course.modules : [])
    context.write(
      BoardView(
        results: outcome.results, lastGraded: outcome.lastGraded, seed: outcome.seed,
        isCached: !outcome.gradedAny
      ).render(context.style))
    return .success
  }
}
