/// How one graded test went.
public struct TestOutcome: Codable, Sendable, Equatable {
  /// The verdict on one test.
  public enum Status: String, Codable, Sendable {
    case passed
    case failed
    /// The learner's code stopped the process: a fatalError, an index out of range, a nil unwrapped.
    case crashed
    /// The test ran past the time limit and was stopped from outside.
    case timedOut = "timed out"
    /// The test reached a stub that still calls `unimplemented()`.
    case notStarted = "not started"
  }

  /// Swift Testing's identifier without the source location, e.g. `GradedTests.PerceptronTests/step()`.
  public var id: String
  /// The requirement as the learner reads it.
  public var name: String
  public var status: Status
  /// What went wrong, a line a message: failed expectations, or the crash.
  public var messages: [String]

  public init(id: String, name: String, status: Status, messages: [String] = []) {
    self.id = id
    self.name = name
    self.status = status
    self.messages = messages
  }
}
