import Foundation

/// `gradkit grade [MODULE…]`: grades the exercises (or the reference) and explains every failure.
public struct GradeCommand: GraderCommand {
  public static let name = "grade"
  public static let abstract = "grade the exercises (or --solutions) and explain each failure"
  public static let flags = ["--solutions"]
  public static let options = [
    "--seed", "--time-limit", "--test", "--format", "--output", "--exercises",
  ]
  public static let help = """
    Usage: gradkit grade [MODULE…] [--solutions | --exercises PATH] [--seed N]
                         [--time-limit SECONDS] [--test NAME] [--format FORMAT] [--output FILE]

    Grades the modules you name (all of them when you name none) and lists every
    test: for each one that does not pass, its input, the expected value, what your
    code returned and, for gradients, the checker's worst coordinates.

    Arguments:
      MODULE               a module by number (02) or name (softmax)

    Options:
      --solutions          grade the reference solutions instead of your exercises
      --exercises PATH     grade another copy of the exercises folder (a learner's
                           submission) in a private copy; the working tree is not touched
      --seed N             draw the random inputs from seed N (default: a fresh seed, printed)
      --time-limit S       stop a test that runs longer than S seconds (default 10)
      --test NAME          show only the tests whose name contains NAME
      --format FORMAT      text (default), json (a summary for scripts),
                           gradescope (results.json) or junit (junit.xml)
      --output FILE        where json, gradescope or junit output goes
      -h, --help           show this help

    Exit codes:
    \(ExitCode.documentation)

    Examples:
      swift run gradkit grade 01
      swift run gradkit grade softmax cross-entropy --seed 7
      swift run gradkit grade --solutions
      swift run gradkit grade --exercises ~/submissions/ada/exercises --format gradescope
    """

  var modules: [CourseModule]
  var implementation: String
  var seed: UInt64?
  var timeLimit: Double
  var testName: String?
  var format: ReportFormat
  var output: String?
  var submission: String?

  public init(_ arguments: Arguments) throws(GraderError) {
    modules = try Course.modules(named: arguments.positionals, command: Self.name)
    implementation = arguments.has("--solutions") ? "solutions" : "exercises"
    seed = try arguments.seed(command: Self.name)
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
    testName = arguments.value(of: "--test")
    let formatName = arguments.value(of: "--format") ?? "text"
    guard let format = ReportFormat(rawValue: formatName) else {
      throw .usage(
        "--format takes one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")),"
          + " not '\(formatName)'.")
    }
    self.format = format
    output = arguments.value(of: "--output")
    submission = arguments.value(of: "--exercises")
    if submission != nil, implementation == "solutions" {
      throw .usage("--exercises and --solutions grade different things: give one of them.")
    }
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let checkout = try Workspace.locate(from: context.directory)
    let workspace =
      try submission.map { path throws(GraderError) in
        let folder = URL(fileURLWithPath: path, relativeTo: context.directory).standardizedFileURL
        return try Submission.prepare(folder, from: checkout)
      } ?? checkout
    let seed = seed ?? UInt64.random(in: 1...999_999)
    let session = GradingSession(
      workspace: workspace, implementation: implementation, seed: seed, timeLimit: timeLimit)
    context.note("Building and grading \(submission ?? implementation)…")
    let report = try session.grade(modules)
    var results = report.results
    if let testName {
      for index in results.indices {
        results[index].tests = results[index].tests.filter {
          $0.name.localizedCaseInsensitiveContains(testName)
        }
      }
    }
    try write(results, report: report, seed: seed, context: context)
    if implementation == "exercises", submission == nil, report.buildErrors.isEmpty, testName == nil
    {
      try remember(report.results, seed: seed, in: checkout)
    }
    if !report.buildErrors.isEmpty || report.buildLog != nil { return .buildFailed }
    if testName != nil {
      // Only the modules that hold a matching test count; a name that matches none is a typo.
      let matched = results.filter { !$0.tests.isEmpty }
      guard !matched.isEmpty else {
        throw .usage(
          "no graded test's name contains '\(testName ?? "")'. 'gradkit grade MODULE' lists them.")
      }
      return matched.allSatisfy(\.allPassed) ? .success : .testsFailed
    }
    return results.allSatisfy(\.allPassed) ? .success : .testsFailed
  }

  /// Prints the report, or writes it in the chosen format.
  func write(
    _ results: [ModuleResult], report: GradingSession.Report, seed: UInt64, context: Context
  ) throws(GraderError) {
    let reports = Reports(
      results: results, seed: seed, implementation: submission ?? implementation,
      problems: report.buildErrors + (report.buildLog.map { [$0] } ?? []))
    let content: Data
    switch format {
    case .text:
      context.write(
        GradeView(
          results: results, implementation: implementation, seed: seed,
          buildErrors: report.buildErrors, buildLog: report.buildLog
        ).render(context.style))
      return
    case .json: content = reports.json()
    case .gradescope: content = reports.gradescope()
    case .junit: content = Data(reports.junit().utf8)
    }
    guard let file = output ?? format.defaultFile else {
      context.write(String(decoding: content, as: UTF8.self) + "\n")
      return
    }
    let url = URL(fileURLWithPath: file, relativeTo: context.directory)
    do {
      try content.write(to: url)
    } catch {
      throw .cannotRun("cannot write \(url.path): \(error.localizedDescription)")
    }
    let total = Scoring.total(results)
    context.line(
      "Wrote \(file): \(Scoring.format(total.earned))/\(Scoring.format(total.possible)) points,"
        + " seed \(seed).")
    if !report.buildErrors.isEmpty {
      context.line(report.buildErrors.joined(separator: "\n"))
    }
  }

  /// Stores fresh results for the board.
  func remember(_ results: [ModuleResult], seed: UInt64, in workspace: Workspace)
    throws(GraderError)
  {
    let store = ProgressStore(workspace: workspace)
    var progress = store.load()
    for result in results { progress.results[result.module] = result }
    if results.count == Course.modules.count {
      progress.fingerprint = BoardCommand.fingerprint(of: workspace)
      progress.seed = seed
    } else {
      progress.fingerprint = ""
    }
    try store.save(progress)
  }
}
