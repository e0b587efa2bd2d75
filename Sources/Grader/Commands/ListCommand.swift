import Foundation

/// `gradkit list`: every module with its last known status, without grading anything.
public struct ListCommand: GraderCommand {
  public static let name = "list"
  public static let abstract = "list every module with its last known status (no grading)"
  public static let flags: [String] = []
  public static let options: [String] = []
  public static let help = """
    Usage: gradkit list

    Lists every module with its number, name and the status gradkit remembers from
    your last grade (kept in .gradkit/state.json, which git ignores), and marks the
    modules whose files changed since. It grades nothing, so it answers at once;
    'gradkit' grades what changed and shows the board.
    """

  public init(_ arguments: Arguments) throws(GraderError) {
    guard arguments.positionals.isEmpty else {
      throw .usage("'gradkit list' takes no arguments. See 'gradkit list --help'.")
    }
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    let progress = ProgressStore(workspace: workspace).load(warn: context.warn)
    let kit = Fingerprint.ofMetadata(sourcesOf: workspace)
    for module in Course.modules {
      let record = progress.modules[module.name]
      var status =
        record.map { BoardView.paint($0.result.status, context.style) }
        ?? context.style.dim("· not graded yet")
      if let record, record.fingerprint != Fingerprint.ofModule(module, in: workspace, kit: kit) {
        status += context.style.dim(" (changed since; 'gradkit' grades it)")
      }
      context.line(
        "  \(module.code)  \(padded(module.name, to: 16)) \(padded(module.title, to: 28)) \(status)"
      )
    }
    return .success
  }
}
