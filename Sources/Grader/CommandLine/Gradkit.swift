/// The `gradkit` tool: picks the command, validates it, runs it, and turns every error into a message and an exit code.
public enum Gradkit {
  /// A command as the dispatcher sees it: its name, its texts, and how to run it.
  public struct Entry: Sendable {
    public var name: String
    public var abstract: String
    public var help: String
    /// Parses the words after the command's name and runs it.
    public var run: @Sendable ([String], Context) -> ExitCode

    init<Command: GraderCommand>(_ command: Command.Type) {
      name = Command.name
      abstract = Command.abstract
      help = Command.help
      run = { words, context in Gradkit.execute(Command.self, words, context: context) }
    }
  }

  /// Every command, in the order `gradkit --help` lists them.
  public static let commands = [
    Entry(BoardCommand.self),
    Entry(GradeCommand.self),
    Entry(HintCommand.self),
    Entry(CompareCommand.self),
    Entry(TrainCommand.self),
    Entry(CheckCommand.self),
    Entry(ListCommand.self),
    Entry(LessonCommand.self),
    Entry(WatchCommand.self),
    Entry(ResetCommand.self),
    Entry(VerifyCommand.self),
    Entry(ExportCommand.self),
    Entry(BenchCommand.self),
  ]

  /// The overview `gradkit --help` prints.
  public static var overview: String {
    let list = commands.map { "  \(padded($0.name, to: 10)) \($0.abstract)" }
    return """
      GradKit: learn how neural networks work by writing them, graded as you go.

      Usage: gradkit [COMMAND] [ARGUMENTS…]

      With no command, gradkit shows your progress board.

      Commands:
      \(list.joined(separator: "\n"))
        help       show this help, or a command's: gradkit help grade
        version    show gradkit's version (also --version)

      Modules (name one by number or name):
      \(Course.listing)

      Every command takes --help. Exit codes:
      \(ExitCode.documentation)
      """
  }

  /// The kit's version: the course and the grader's behaviour, as `gradkit --version` says.
  public static let version = "0.4.0"

  /// Runs the command line `words` (without the program name) and returns the exit code.
  public static func main(_ words: [String], context: Context) -> ExitCode {
    let name = words.first ?? BoardCommand.name
    let rest = Array(words.dropFirst())
    if ["--help", "-h", "help"].contains(name) {
      guard let topic = rest.first else {
        context.line(overview)
        return .success
      }
      guard let command = commands.first(where: { $0.name == topic }) else {
        context.warn("gradkit: there is no command '\(topic)'. Commands: \(commandNames).")
        return .usage
      }
      context.line(command.help)
      return .success
    }
    if ["--version", "version"].contains(name) {
      context.line("gradkit \(version)")
      return .success
    }
    if name.hasPrefix("-") {
      return commands[0].run(words, context)
    }
    guard let command = commands.first(where: { $0.name == name }) else {
      let guess = Arguments.closest(to: name, among: commands.map(\.name))
      context.warn(
        "gradkit: there is no command '\(name)'."
          + (guess.map { " Did you mean '\($0)'?" } ?? "")
          + " Commands: \(commandNames). See 'gradkit --help'.")
      return .usage
    }
    return command.run(rest, context)
  }

  /// Parses `words` for `command`, then runs it; every error becomes a message and an exit code.
  static func execute<Command: GraderCommand>(
    _ command: Command.Type, _ words: [String], context: Context
  ) -> ExitCode {
    do {
      let parsed = try Arguments(
        words, command: Command.name, flags: Command.flags, options: Command.options)
      if parsed.has("--help") {
        context.line(Command.help)
        return .success
      }
      if Command.self != WatchCommand.self {
        // Watch says goodbye itself; every other command says on standard error what it
        // stopped.
        ChildProcesses.stopAllOnInterrupt(
          farewell: "\nStopped: gradkit ended every build and test it had started.\n",
          write: context.writeNote)
      }
      return try Command(parsed).run(context)
    } catch {
      context.warn("gradkit \(Command.name): \(error)")
      switch error {
      case .usage: return .usage
      case .notInCheckout, .cannotRun, .kitBroken: return .environment
      }
    }
  }

  static var commandNames: String {
    commands.map(\.name).joined(separator: ", ")
  }
}
