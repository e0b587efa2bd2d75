/// The graded result of one module: every test of its suite, and why none ran when none could.
public struct ModuleResult: Codable, Sendable, Equatable {
  /// The module's short name, as in ``CourseModule/name``.
  public var module: String
  /// Every test of the module's suite, in source order, whatever state the code is in.
  public var tests: [TestOutcome]
  /// Why the tests could not run: the module does not compile, or its files were refused.
  public var problem: ModuleProblem?

  public init(module: String, tests: [TestOutcome], problem: ModuleProblem? = nil) {
    self.module = module
    self.tests = tests
    self.problem = problem
  }

  /// The result of a module none of whose tests could run: each reports `problem`.
  public init(module: String, catalogue: [CatalogueEntry], problem: ModuleProblem) {
    self.init(
      module: module,
      tests: catalogue.map {
        TestOutcome(id: $0.id, name: $0.name, status: problem.status, messages: problem.lines)
      },
      problem: problem)
  }

  /// Whether every test ran and passed.
  public var allPassed: Bool {
    problem == nil && !tests.isEmpty && passedCount == tests.count
  }

  /// How many tests passed.
  public var passedCount: Int {
    tests.count { $0.status == .passed }
  }

  /// The module's status in one phrase, for the board.
  public var status: ModuleStatus {
    if let problem {
      switch problem.status {
      case .doesNotCompile: return .doesNotCompile
      case .notSubmitted: return .notSubmitted
      default: return .refused
      }
    }
    if tests.isEmpty { return .notStarted }
    if passedCount == tests.count { return .passed }
    if tests.allSatisfy({ $0.status == .notStarted }) { return .notStarted }
    if tests.contains(where: { $0.status == .timedOut }) {
      return .timedOut(count: tests.count { $0.status == .timedOut })
    }
    if tests.contains(where: { $0.status == .crashed }) {
      return .crashed(count: tests.count { $0.status == .crashed })
    }
    if tests.contains(where: { $0.status == .notRun }) {
      return .notRun(count: tests.count { $0.status == .notRun })
    }
    let stubs = tests.count { $0.status == .notStarted }
    return .failing(count: tests.count - passedCount - stubs, of: tests.count, stubs: stubs)
  }
}

/// A module's status on the board.
public enum ModuleStatus: Equatable, Sendable, CustomStringConvertible {
  case passed
  /// `count` tests fail and `stubs` more reach a stub not written yet, of `of`.
  case failing(count: Int, of: Int, stubs: Int)
  case notStarted
  case crashed(count: Int)
  case timedOut(count: Int)
  case notRun(count: Int)
  case doesNotCompile
  case refused
  case notSubmitted

  public var description: String {
    switch self {
    case .passed: "passed"
    case .failing(let count, let total, let stubs):
      switch (count, stubs) {
      case (_, 0): "failing \(count) of \(total)"
      case (0, 1): "1 stub to write"
      case (0, _): "\(stubs) stubs to write"
      default: "failing \(count), \(stubs) \(stubs == 1 ? "stub" : "stubs")"
      }
    case .notStarted: "not started"
    case .crashed(let count): count == 1 ? "crashed in 1 test" : "crashed in \(count) tests"
    case .timedOut(let count): count == 1 ? "timed out in 1 test" : "timed out in \(count) tests"
    case .notRun(let count): count == 1 ? "1 test not run" : "\(count) tests not run"
    case .doesNotCompile: "does not compile"
    case .refused: "refused"
    case .notSubmitted: "not submitted"
    }
  }
}
