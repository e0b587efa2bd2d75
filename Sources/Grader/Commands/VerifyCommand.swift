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
      --seed N             draw the random inputs from seed N (default: a fresh seed, printed)
      --time-limit S       stop a test that runs longer than S seconds (default 10)
      -h, --help           show this help

    Exit codes:
      0  both directions hold
      1  a solution fails a test, or a stub passes one
      3  the package does not compile
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
    let seed = seed ?? UInt64.random(in: 1...999_999)
    var problems: [String] = []
    for implementation in ["solutions", "exercises"] {
      let report = try GradingSession(
        workspace: workspace, implementation: implementation, seed: seed, timeLimit: timeLimit
      ).grade(modules)
      guard report.buildErrors.isEmpty, report.buildLog == nil else {
        context.write(
          GradeView(
            results: [], implementation: implementation, seed: seed,
            buildErrors: report.buildErrors, buildLog: report.buildLog
          ).render(context.style))
        return .buildFailed
      }
      let tests = report.results.flatMap { result in result.tests.map { (result.module, $0) } }
      let passed = tests.filter { $0.1.status == .passed }
      let wrong = implementation == "solutions" ? tests.filter { $0.1.status != .passed } : passed
      context.line(
        "\(padded(implementation, to: 10)) \(passed.count)/\(tests.count) tests pass"
          + " in \(report.results.count) modules"
          + (implementation == "solutions" ? " (all must pass)" : " (none may pass)"))
      for result in report.results where result.tests.isEmpty {
        problems.append(
          "\(implementation): \(result.module): no test ran (\(result.runError ?? "none listed"))")
      }
      for (module, test) in wrong {
        let verdict = implementation == "solutions" ? test.status.rawValue : "passes on the stub"
        problems.append("\(implementation): \(module): \"\(test.name)\" \(verdict)")
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
