/// `gradkit verify`: the maintainer check that every solution passes and every untouched stub fails.
public struct VerifyCommand: GraderCommand {
  public static let name = "verify"
  public static let abstract = "maintainer check: every solution passes, every untouched stub fails"
  public static let flags: [String] = []
  public static let options = ["--seed", "--time-limit"]
  public static let help = """
    Usage: gradkit verify [MODULE…] [--seed N] [--time-limit SECONDS]

    For course maintainers and CI. Grades the reference solutions, which must pass
    every test, and the exercises, which must be the untouched stubs and pass none:
    a graded test that a stub passes does not test the learner's code.

    Options:
      --seed N             draw the random inputs from seed N (default: a fresh
                           seed, printed)
      --time-limit S       stop a test that runs longer than S seconds (default 10)
      -h, --help           show this help

    Both sides are compiled and graded exactly as a learner's code is: each module
    a program of its own, called by the graded tests.

    Exit codes:
      0  both directions hold
      1  a solution fails a test, or a stub passes one
      4  gradkit could not run
    """

  var modules: [CourseModule]
  var seed: UInt64?
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    modules = try Course.modules(named: arguments.positionals, command: Self.name)
    seed = try arguments.seed(command: Self.name)
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    if Edition.isClassEdition {
      throw .cannotRun(
        "verify grades every solution, which this class edition does not hold; it runs in the"
          + " instructor's full kit.")
    }
    let seed = seed ?? UInt64.random(in: 1...999_999)
    let lock = try RunLock(workspace, note: context.note)
    defer { withExtendedLifetime(lock) {} }
    let kit = try Kit.prepare(workspace, progress: context.note)
    var problems: [String] = []
    for subject in [GradingSession.Subject.solutions, .exercises] {
      let report = try GradingSession(
        workspace: workspace, subject: subject, seed: seed, timeLimit: timeLimit,
        deadline: GradeCommand.defaultDeadline
      ).grade(modules, kit: kit)
      let tests = report.results.flatMap { result in result.tests.map { (result.module, $0) } }
      let passed = tests.filter { $0.1.status == .passed }
      let wrong = subject == .solutions ? tests.filter { $0.1.status != .passed } : passed
      context.line(
        "\(padded(subject.description, to: 10)) \(passed.count)/\(tests.count) tests pass"
          + " in \(report.results.count) modules"
          + (subject == .solutions ? " (all must pass)" : " (none may pass)"))
      for result in report.results {
        if result.tests.isEmpty {
          problems.append("\(subject): \(result.module): the catalogue lists no test")
        }
        if let problem = result.problem {
          problems.append("\(subject): \(result.module): \(problem.summary)")
          problems += problem.details.map { "    " + $0 }
        }
      }
      for (module, test) in wrong where subject == .exercises || test.status != .doesNotCompile {
        let verdict = subject == .solutions ? test.status.rawValue : "passes on the stub"
        problems.append("\(subject): \(module): \"\(test.name)\" \(verdict)")
        problems += test.messages.prefix(3).map { "    " + $0 }
      }
    }
    context.line(context.style.dim("seed \(seed)"))
    if problems.isEmpty {
      context.line(context.style.green("OK: every solution passes and every stub fails."))
      return .success
    }
    context.line(context.style.red("Maintainer check failed:"))
    for problem in problems { context.line("  " + problem) }
    return .testsFailed
  }
}
