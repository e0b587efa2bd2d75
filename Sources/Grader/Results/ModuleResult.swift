/// The graded result of one module: every test in its suite, or why none could run.
public struct ModuleResult: Codable, Sendable, Equatable {
  /// The module's short name, as in ``CourseModule/name``.
  public var module: String
  public var tests: [TestOutcome]
  /// Compiler errors that kept the module from being graded.
  public var buildErrors: [String]
  /// Why no test could run, when the test process failed before listing its tests.
  public var runError: String?

  public init(
    module: String, tests: [TestOutcome], buildErrors: [String] = [], runError: String? = nil
  ) {
    self.module = module
    self.tests = tests
    self.buildErrors = buildErrors
    self.runError = runError
  }

  /// Whether every test ran and passed; a module whose tests could not run has not passed.
  public var allPassed: Bool {
    runError == nil && buildErrors.isEmpty && !tests.isEmpty && passedCount == tests.count
  }

  /// How many tests passed.
  public var passedCount: Int {
    tests.count { $0.status == .passed }
  }

  /// The module's status in one phrase, for the board.
  public var status: ModuleStatus {
    if !buildErrors.isEmpty { return .doesNotCompile }
    if runError != nil { return .couldNotRun }
    if tests.isEmpty { return .notStarted }
    if passedCount == tests.count { return .passed }
    if tests.allSatisfy({ $0.status == .notStarted }) { return .notStarted }
    if tests.contains(where: { $0.status == .timedOut }) {
      return .timedOut(count: tests.count { $0.status == .timedOut })
    }
    if tests.contains(where: { $0.status == .crashed }) {
      return .crashed(count: tests.count { $0.status == .crashed })
    }
    return .failing(count: tests.count - passedCount, of: tests.count)
  }
}

/// A module's status on the board.
public enum ModuleStatus: Equatable, Sendable, CustomStringConvertible {
  case passed
  case failing(count: Int, of: Int)
  case notStarted
  case crashed(count: Int)
  case timedOut(count: Int)
  case doesNotCompile
  case couldNotRun

  public var description: String {
    switch self {
    case .passed: "passed"
    case .failing(let count, let total): "failing \(count) of \(total)"
    case .notStarted: "not started"
    case .crashed(let count): count == 1 ? "crashed in 1 test" : "crashed in \(count) tests"
    case .timedOut(let count): count == 1 ? "timed out in 1 test" : "timed out in \(count) tests"
    case .doesNotCompile: "does not compile"
    case .couldNotRun: "could not run"
    }
  }
}
