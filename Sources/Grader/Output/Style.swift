import Foundation

/// Colours for the terminal, or none.
///
/// Colour is decided for each stream on its own: on only when that stream is a terminal,
/// `TERM` is not `dumb` and `NO_COLOR` is not set (https://no-color.org), so logs and
/// pipes get plain text.
public struct Style: Sendable {
  public var usesColor: Bool

  public init(usesColor: Bool) {
    self.usesColor = usesColor
  }

  /// The style for this process's standard output.
  public static func forStandardOutput(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Style {
    forStream(STDOUT_FILENO, environment: environment)
  }

  /// The style for the stream `descriptor` (standard output or standard error).
  public static func forStream(
    _ descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Style {
    let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let dumb = environment["TERM"] == "dumb"
    return Style(usesColor: !noColor && !dumb && isatty(descriptor) == 1)
  }

  public func green(_ text: String) -> String { paint(text, code: "32") }
  public func red(_ text: String) -> String { paint(text, code: "31") }
  public func yellow(_ text: String) -> String { paint(text, code: "33") }
  public func dim(_ text: String) -> String { paint(text, code: "2") }
  public func bold(_ text: String) -> String { paint(text, code: "1") }

  private func paint(_ text: String, code: String) -> String {
    usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

/// Pads `text` with spaces to `width` characters.
func padded(_ text: String, to width: Int) -> String {
  text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
