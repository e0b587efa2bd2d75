/// One subcommand of `gradkit`: its help, its validation, and its run.
///
/// Parsing and validation happen in `init`, so a wrong command line is
/// refused before anything is built or run.
public protocol GraderCommand: Sendable {
  /// The word that selects the command: `grade`.
  static var name: String { get }
  /// One line for the command list.
  static var abstract: String { get }
  /// The full `--help` text: usage, arguments, options, examples.
  static var help: String { get }
  /// The flags the command accepts, besides `--help`.
  static var flags: [String] { get }
  /// The options that take a value.
  static var options: [String] { get }

  init(_ arguments: Arguments) throws(GraderError)

  func run(_ context: Context) throws(GraderError) -> ExitCode
}
