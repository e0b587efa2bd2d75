import LessonWire

/// How one graded test went.
public struct TestOutcome: Codable, Sendable, Equatable {
  /// The verdict on one test.
  public enum Status: String, Codable, Sendable, CaseIterable {
    case passed
    case failed
    /// The learner's code stopped its process: a fatalError, an index out of range, a signal.
    case crashed
    /// The test ran past the time limit and was stopped from outside.
    case timedOut = "timed out"
    /// The test reached a stub that still calls `unimplemented()`.
    case notStarted = "not started"
    /// The module's files do not compile, so none of its tests could run.
    case doesNotCompile = "does not compile"
    /// The module's files were refused before grading (a link, an odd name, a forbidden
    /// construct).
    case refused
    /// The submission holds no file of the module.
    case notSubmitted = "not submitted"
    /// The run's overall deadline passed before the test's turn came.
    case notRun = "not run"

    /// The verdict on a test that a failed call into the learner's program ended.
    init(_ failure: LearnerFailure.Status) {
      self =
        switch failure {
        case .crashed: .crashed
        case .timedOut: .timedOut
        case .notStarted: .notStarted
        }
    }
  }

  /// Swift Testing's identifier without the source location, e.g. `GradedTests.PerceptronTests/step()`.
  public var id: String
  /// The requirement as the learner reads it.
  public var name: String
  public var status: Status
  /// What went wrong, a line a message: failed expectations, or the crash.
  public var messages: [String]
  /// How long the test ran, in seconds; 0 for a test that did not run.
  public var duration: Double

  public init(
    id: String, name: String, status: Status, messages: [String] = [], duration: Double = 0
  ) {
    self.id = id
    self.name = name
    self.status = status
    self.messages = messages
    self.duration = duration
  }

  /// Whether the learner's code ran and answered, right or wrong.
  public var ran: Bool {
    switch status {
    case .passed, .failed, .crashed, .timedOut, .notStarted: true
    case .doesNotCompile, .refused, .notSubmitted, .notRun: false
    }
  }

  enum CodingKeys: String, CodingKey {
    case id, name, status, messages, duration
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    name = try container.decode(String.self, forKey: .name)
    status = try container.decode(Status.self, forKey: .status)
    messages = try container.decode([String].self, forKey: .messages)
    // Results stored before durations were recorded have none.
    duration = try container.decodeIfPresent(Double.self, forKey: .duration) ?? 0
  }
}
