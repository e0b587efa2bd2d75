/// `gradkit list`: every module with its last known status, without grading anything.
public struct ListCommand: GraderCommand {
  public static let name = "list"
  public static let abstract = "list every module with its last known status (no grading)"
  public static let flags: [String] = []
  public static let options: [String] = []
  public static let help = """
    Usage: gradkit list

    Lists every module with its number, name and the status gradkit remembers from
    your last grade (kept in .gradkit/state.json, which git ignores). It grades
    nothing, so it answers at once; 'gradkit' grades and shows the board.
    """

  public init(_ arguments: Arguments) throws(GraderError) {
    guard arguments.positionals.isEmpty else {
      throw .usage("'gradkit list' takes no arguments. See 'gradkit list --help'.")
    }
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let progress = ProgressStore(workspace: try Workspace.locate(from: context.directory)).load()
    for module in Course.modules {
      let status =
        progress.results[module.name].map { BoardView.paint($0.status, context.style) }
        ?? context.style.dim("· not graded yet")
      context.line(
        "  \(module.code)  \(padded(module.name, to: 16)) \(padded(module.title, to: 28)) \(status)"
      )
    }
    return .success
  }
}
