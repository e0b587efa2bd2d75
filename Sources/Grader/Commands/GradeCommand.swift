import Foundation

/// `gradkit grade [MODULE…]`: grades the exercises (or the reference, or a submission) and
/// explains every failure.
public struct GradeCommand: GraderCommand {
  public static let name = "grade"
  public static let abstract = "grade the exercises (or --solutions) and explain each failure"
  public static let flags = ["--solutions", "--no-sandbox"]
  public static let options = [
    "--seed", "--time-limit", "--deadline", "--test", "--format", "--output", "--exercises",
  ]
  public static let help = """
    Usage: gradkit grade [MODULE…] [--solutions | --exercises PATH [--no-sandbox]]
                         [--seed N] [--time-limit SECONDS] [--deadline SECONDS]
                         [--test NAME] [--format FORMAT[=FILE]]… [--output FILE]…

    Grades the modules you name (all of them when you name none) and lists every
    test: for each one that does not pass, its input, the expected value, what your
    code returned and, for gradients, the checker's worst coordinates. Each module
    is compiled on its own: one that does not compile reports its first error and
    costs only its own tests.

    Arguments:
      MODULE               a module by number (02) or name (softmax)

    Options:
      --solutions          grade the reference solutions instead of your exercises
      --exercises PATH     grade a learner's submission: an exercises folder, a
                           folder holding exercises/, or the .swift files uploaded
                           flat, also inside the one folder a zip wraps them in.
                           Only plain .swift files are taken; the code is compiled
                           and run in a sandbox (bubblewrap on Linux), and the
                           checkout is untouched
      --no-sandbox         with --exercises: run the submission without the sandbox
                           (only for code you trust)
      --seed N             draw the random inputs from seed N (default: a fresh
                           seed, printed)
      --time-limit S       stop a test that runs longer than S seconds (default 10)
      --deadline S         stop starting tests after S seconds in all; the rest are
                           reported as not run (default \(Int(defaultDeadline)))
      --test NAME          show only the tests whose name contains NAME
      --format FORMAT      text (default), json (a summary), gradescope
                           (results.json), junit (junit.xml) or exercism
                           (results.json, version 3); repeat it for several
                           reports from one run, and give each its file as
                           FORMAT=FILE or with a matching --output
      --output FILE        where the report of the matching --format goes
      -h, --help           show this help

    Exit codes:
    \(ExitCode.documentation)

    Examples:
      swift run gradkit grade 01
      swift run gradkit grade softmax cross-entropy --seed 7
      swift run gradkit grade --solutions
      swift run gradkit grade --exercises ~/submissions/ada --format gradescope
      swift run gradkit grade --format junit=junit.xml --format json=summary.json
    """

  /// How long a whole grading run may take by default, in seconds.
  public static let defaultDeadline = 600.0

  var modules: [CourseModule]
  var subject: GradingSession.Subject
  var sandboxed: Bool
  var seed: UInt64?
  var timeLimit: Double
  var deadline: Double
  var testName: String?
  var reports: [ReportRequest]

  public init(_ arguments: Arguments) throws(GraderError) {
    modules = try Course.modules(named: arguments.positionals, command: Self.name)
    let submission = arguments.value(of: "--exercises")
    if submission != nil, arguments.has("--solutions") {
      throw .usage("--exercises and --solutions grade different things: give one of them.")
    }
    if arguments.has("--no-sandbox"), submission == nil {
      throw .usage("--no-sandbox goes with --exercises PATH, which grades a submission.")
    }
    subject =
      arguments.has("--solutions")
      ? .solutions
      : submission.map { .submission(URL(fileURLWithPath: $0)) } ?? .exercises
    sandboxed = submission != nil && !arguments.has("--no-sandbox")
    seed = try arguments.seed(command: Self.name)
    timeLimit = try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
    deadline = try arguments.seconds(
      of: "--deadline", default: Self.defaultDeadline, command: Self.name)
    testName = arguments.value(of: "--test")
    reports = try ReportRequest.parse(
      formats: arguments.values(of: "--format"), outputs: arguments.values(of: "--output"))
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let checkout = try Workspace.locate(from: context.directory)
    try ReportRequest.checkWritable(
      reports.compactMap(\.file).map { Self.destination(of: $0, in: context.directory) })
    let subject = resolved(self.subject, in: context.directory)
    let seed = seed ?? UInt64.random(in: 1...999_999)
    let start = Date()
    var results: [ModuleResult]
    var notes: [String] = []
    if subject == .exercises, testName == nil {
      results = try ExerciseGrading(
        workspace: checkout, context: context, timeLimit: timeLimit, deadline: deadline
      ).refresh(forced: modules, onlyForced: true, seed: seed).results.filter { result in
        modules.contains { $0.name == result.module }
      }
    } else {
      let lock = try RunLock(checkout, note: context.note)
      let sandbox = sandboxed ? try Sandbox.forSubmissions(checkout: checkout.root) : .none
      let before = sandboxed ? Fingerprint.of(Self.guardedFolders(of: checkout)) : ""
      let kit = try Kit.prepare(checkout, progress: context.note)
      let report = try GradingSession(
        workspace: checkout, subject: subject, seed: seed, timeLimit: timeLimit,
        deadline: deadline, sandbox: sandbox, progress: context.note
      ).grade(modules, kit: kit)
      if sandboxed, Fingerprint.of(Self.guardedFolders(of: checkout)) != before {
        throw .cannotRun(
          "the checkout's sources changed while the submission was graded; no report was"
            + " written. Restore them ('git status', 'git checkout -- .') before grading again.")
      }
      withExtendedLifetime(lock) {}
      results = report.results
      notes = report.notes
    }
    if let testName {
      for index in results.indices {
        results[index].tests = results[index].tests.filter {
          $0.name.localizedCaseInsensitiveContains(testName)
        }
      }
      results = results.filter { !$0.tests.isEmpty }
      guard !results.isEmpty else {
        throw .usage(
          "no graded test's name contains '\(testName)'. 'gradkit grade MODULE' lists them.")
      }
    }
    let output = Reports(
      results: results, seed: seed, subject: subject.description, notes: notes,
      duration: Date().timeIntervalSince(start))
    try write(output, context: context)
    if results.allSatisfy(\.allPassed) { return .success }
    return results.allSatisfy({ $0.problem != nil }) ? .nothingGraded : .testsFailed
  }

  /// The folders a submission must never change: everything of the checkout but the exercises.
  static func guardedFolders(of workspace: Workspace) -> [URL] {
    ["Package.swift", "Sources", "Tests", "solutions"].map {
      workspace.root.appendingPathComponent($0)
    }
  }

  /// `subject` with a submission's path made absolute from `directory`.
  func resolved(_ subject: GradingSession.Subject, in directory: URL) -> GradingSession.Subject {
    guard case .submission(let folder) = subject else { return subject }
    return .submission(
      URL(fileURLWithPath: folder.relativePath, relativeTo: directory).standardizedFileURL)
  }

  /// Where a report file named on the command line goes: `file`, from `directory` unless
  /// it is absolute.
  static func destination(of file: String, in directory: URL) -> URL {
    URL(fileURLWithPath: file, relativeTo: directory).standardizedFileURL
  }

  /// Writes every requested report: each to its own request's file, or to standard output
  /// (the text report in the terminal's colours) when it has none.
  func write(_ output: Reports, context: Context) throws(GraderError) {
    for request in reports {
      guard let file = request.file else {
        context.write(
          request.format == .text
            ? GradeView(
              results: output.results, subject: output.subject, seed: output.seed,
              notes: output.notes
            ).render(context.style)
            : String(decoding: output.content(request.format), as: UTF8.self) + "\n")
        continue
      }
      let url = Self.destination(of: file, in: context.directory)
      do {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try output.content(request.format).write(to: url)
      } catch {
        throw .cannotRun("cannot write \(url.path): \(error.localizedDescription)")
      }
      let total = Scoring.total(output.results)
      context.note(
        "Wrote \(file) (\(request.format.rawValue)):"
          + " \(Scoring.format(total.earned))/\(Scoring.format(total.possible)) points,"
          + " seed \(output.seed).")
    }
  }
}

extension GradingSession.Subject: CustomStringConvertible {
  public var description: String {
    switch self {
    case .exercises: "exercises"
    case .solutions: "solutions"
    case .submission(let folder): folder.path
    }
  }
}
