import Foundation

/// `gradkit lesson MODULE`: the module's lesson in the terminal.
public struct LessonCommand: GraderCommand {
  public static let name = "lesson"
  public static let abstract = "print a module's lesson: what, why, the formulas, your tasks"
  public static let flags: [String] = []
  public static let options: [String] = []
  public static let help = """
    Usage: gradkit lesson MODULE

    Prints the lesson of MODULE (exercises/NN-Name/README.md): what you build, why,
    the formulas with their conventions, and your tasks.

    Arguments:
      MODULE               a module by number (02) or name (softmax)

    Example:
      swift run gradkit lesson 03
    """

  var module: CourseModule

  public init(_ arguments: Arguments) throws(GraderError) {
    module = try Course.singleModule(named: arguments.positionals, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    let file = workspace.exerciseFolder(of: module).appendingPathComponent("README.md")
    guard let text = try? String(contentsOf: file, encoding: .utf8) else {
      throw .cannotRun(
        "cannot read the lesson at \(file.path). Restore it with 'git checkout -- \(file.path)'.")
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      context.line(line.hasPrefix("#") ? context.style.bold(String(line)) : String(line))
    }
    return .success
  }
}
