/// Why none of a module's tests could run: what every one of its tests reports instead.
public struct ModuleProblem: Error, Codable, Sendable, Equatable {
  /// The module's files do not compile (``TestOutcome/Status/doesNotCompile``), were refused
  /// (``TestOutcome/Status/refused``) or were not submitted (``TestOutcome/Status/notSubmitted``).
  public var status: TestOutcome.Status
  /// One line: the first compiler error as `path:line:column: error: message`, or the refusal.
  public var summary: String
  /// The lines under it: the source line and a caret under the column, or what to do.
  public var details: [String]

  public init(status: TestOutcome.Status, summary: String, details: [String] = []) {
    self.status = status
    self.summary = summary
    self.details = details
  }

  /// The summary and the details, as a test's messages.
  public var lines: [String] {
    [summary] + details
  }
}
