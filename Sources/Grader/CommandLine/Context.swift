import Foundation

/// What a command runs with: where it is, how to print, and the environment.
public struct Context: Sendable {
  /// The folder the command was started in.
  public var directory: URL
  /// Colours for standard output.
  public var style: Style
  /// Colours for standard error, decided on its own.
  public var noteStyle: Style
  public var environment: [String: String]
  /// Where the command's output goes; standard output unless a test captures it.
  public var write: @Sendable (String) -> Void
  /// Where progress notes go; standard error, so machine-readable output stays clean.
  public var writeNote: @Sendable (String) -> Void

  public init(
    directory: URL, style: Style, noteStyle: Style? = nil, environment: [String: String],
    write: @escaping @Sendable (String) -> Void,
    writeNote: @escaping @Sendable (String) -> Void
  ) {
    self.directory = directory
    self.style = style
    self.noteStyle = noteStyle ?? style
    self.environment = environment
    self.write = write
    self.writeNote = writeNote
  }

  /// The context of this process: its folder, its terminal and its environment.
  public static func current() -> Context {
    Context(
      directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
      style: .forStandardOutput(),
      noteStyle: .forStream(STDERR_FILENO),
      environment: ProcessInfo.processInfo.environment,
      write: { text in
        FileHandle.standardOutput.write(Data(text.utf8))
      },
      writeNote: { text in
        FileHandle.standardError.write(Data(text.utf8))
      })
  }

  /// Prints `text` and a line break.
  public func line(_ text: String = "") {
    write(text + "\n")
  }

  /// Prints a progress note and a line break on standard error.
  public func note(_ text: String) {
    writeNote(noteStyle.dim(text) + "\n")
  }

  /// Prints a warning or an error and a line break on standard error.
  public func warn(_ text: String) {
    writeNote(text + "\n")
  }
}
