import Foundation

/// `gradkit` with no arguments: the progress board.
public struct BoardCommand: GraderCommand {
  public static let name = "board"
  public static let abstract =
    "show your progress: every module's status, points and what to do next"
  public static let flags = ["--refresh"]
  public static let options = ["--time-limit"]
  public static let help = """
    Usage: gradkit [board] [--refresh] [--time-limit SECONDS]

    Grades your exercises and shows every module with its status (passed,
    failing k of n, not started, crashed, timed out, does not compile), its points,
    your score and what to do next. When nothing has changed since the last run,
    the board is shown from memory at once.

    Options:
      --refresh            grade again even if nothing changed
      --time-limit S       stop a test that runs longer than S seconds (default 10)
      -h, --help           show this help

    Exit codes:
    \(ExitCode.documentation)
    """

  var refresh: Bool
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    guard arguments.positionals.isEmpty else {
      throw .usage(
        "the board takes no module. To grade one module: 'gradkit grade \(arguments.positionals[0])'."
      )
    }
    refresh = arguments.has("--refresh")
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    let store = ProgressStore(workspace: workspace)
    var progress = store.load()
    let fingerprint = Self.fingerprint(of: workspace)
    if !refresh, progress.fingerprint == fingerprint,
      Course.modules.allSatisfy({ progress.results[$0.name] != nil })
    {
      context.write(
        BoardView(
          results: Course.modules.compactMap { progress.results[$0.name] }, seed: progress.seed,
          isCached: true
        ).render(context.style))
      return .success
    }
    let seed = UInt64.random(in: 1...999_999)
    let firstBuild = !FileManager.default.fileExists(
      atPath: workspace.buildFolder.appendingPathComponent("debug/GradKitPackageTests.xctest").path)
    context.note(
      "Building and grading your exercises…"
        + (firstBuild ? " (the first build takes a minute or two)" : ""))
    let report = try GradingSession(
      workspace: workspace, implementation: "exercises", seed: seed, timeLimit: timeLimit
    ).grade(Course.modules)
    var results = report.results
    if report.buildErrors.isEmpty, report.buildLog == nil {
      for result in results { progress.results[result.module] = result }
      progress.fingerprint = fingerprint
      progress.seed = seed
      try store.save(progress)
    } else {
      // Keep the last known results of the modules that are not the ones failing to compile.
      results = results.map { result in
        result.buildErrors.isEmpty ? progress.results[result.module] ?? result : result
      }
    }
    context.write(
      BoardView(
        results: results, seed: seed, isCached: false,
        buildErrors: report.buildErrors + (report.buildLog.map { [$0] } ?? [])
      ).render(context.style))
    return report.buildErrors.isEmpty && report.buildLog == nil ? .success : .buildFailed
  }

  /// The fingerprint of everything a grade depends on.
  static func fingerprint(of workspace: Workspace) -> String {
    Fingerprint.of(
      [
        workspace.exercises, workspace.solutions,
        workspace.root.appendingPathComponent("Sources/GradKit"),
        workspace.root.appendingPathComponent("Tests/GradedTests"),
        workspace.root.appendingPathComponent("Package.swift"),
      ])
  }
}
