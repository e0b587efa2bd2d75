import Foundation

/// How the grader's test process reaches each module's learner process: written by
/// `gradkit` before it starts the tests, named by ``environmentKey``.
///
/// Without a plan the graded suites grade the reference solutions in process, as plain
/// `swift test` does; with one, each module's calls go to the program built from the
/// learner's files. The learner's code runs only in that program, so it cannot change
/// the plan, the environment or anything else of the test process.
public struct LearnerPlan: Codable, Equatable, Sendable {
  /// One module's learner program.
  public struct Server: Codable, Equatable, Sendable {
    /// The command that starts it, the program first: the server itself, or the sandbox
    /// that runs it.
    public var arguments: [String]
    /// The variables it runs with, and no others.
    public var environment: [String: String]
    /// The folder its sources were compiled from, as the compiler saw it.
    public var sources: String
    /// How a learner names that folder: `exercises/03-Softmax`.
    public var displayFolder: String

    public init(
      arguments: [String], environment: [String: String], sources: String, displayFolder: String
    ) {
      self.arguments = arguments
      self.environment = environment
      self.sources = sources
      self.displayFolder = displayFolder
    }
  }

  /// The learner programs, by module folder (`03-Softmax`).
  public var servers: [String: Server]
  /// How long one test may spend in the learner's code, in seconds.
  public var timeLimit: Double

  public init(servers: [String: Server], timeLimit: Double) {
    self.servers = servers
    self.timeLimit = timeLimit
  }

  /// The environment variable that holds the plan file's path.
  public static let environmentKey = "GRADKIT_LEARNERS"

  /// The plan this process was started with, if any.
  ///
  /// A plan that is named but cannot be read stops the process: grading the reference in
  /// its place would give the learner every point.
  public static let current: LearnerPlan? = {
    guard let path = ProcessInfo.processInfo.environment[environmentKey] else { return nil }
    guard let data = FileManager.default.contents(atPath: path),
      let plan = try? JSONDecoder().decode(LearnerPlan.self, from: data)
    else { fatalError("cannot read the learner plan \(path) that \(environmentKey) names") }
    return plan
  }()
}
