import Foundation

/// `gradkit watch`: grades again whenever an exercise file is saved.
public struct WatchCommand: GraderCommand {
  public static let name = "watch"
  public static let abstract = "re-grade whenever you save an exercise file (Ctrl-C to stop)"
  public static let flags: [String] = []
  public static let options = ["--interval", "--time-limit"]
  public static let help = """
    Usage: gradkit watch [--interval SECONDS] [--time-limit SECONDS]

    Shows the board and the first failing test of the module you last saved (at
    first, of the first module not yet passed), then watches exercises/ and grades
    again each time you save a file there, moving on to the next module when one
    passes. Press Ctrl-C to stop; your progress is
    saved.

    Options:
      --interval S         how often to look for saved files (default 0.1 seconds)
      --time-limit S       stop a test that runs longer than S seconds (default 10)
      -h, --help           show this help
    """

  var interval: Double
  var timeLimit: Double

  /// 0.1 s between looks at the exercises' files: a save is graded within a tenth of a
  /// second of it, and a look (the modification times of about twenty files) takes about a
  /// millisecond, 1% of a core.
  static let defaultInterval = 0.1

  public init(_ arguments: Arguments) throws(GraderError) {
    guard arguments.positionals.isEmpty else {
      throw .usage(
        "'gradkit watch' watches every module and takes none. See 'gradkit watch --help'.")
    }
    interval =
      try arguments.seconds(of: "--interval", default: Self.defaultInterval, command: Self.name)
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    ChildProcesses.stopAllOnInterrupt(
      farewell: "\nStopped watching. Your progress is saved; 'swift run gradkit' shows it.\n",
      write: context.write)
    let grading = ExerciseGrading(
      workspace: workspace, context: context, timeLimit: timeLimit,
      deadline: GradeCommand.defaultDeadline)
    var snapshot = Self.modificationTimes(in: workspace.exercises)
    var focus: String?
    while true {
      // Only the modules whose files changed are graded again; a module that does not
      // compile shows its first error and leaves every other module's result as it was.
      let outcome: ExerciseGrading.Outcome
      do {
        outcome = try grading.refresh()
      } catch .kitBroken(let errors) {
        // Never the learner's code: say so, and keep watching the kit's sources (the very
        // files its fingerprint covers) for the fix.
        if context.style.usesColor { context.write("\u{1B}[2J\u{1B}[H") }
        context.line(context.style.red(GraderError.kitBroken(errors).description))
        let broken = Fingerprint.ofMetadata(sourcesOf: workspace)
        while Fingerprint.ofMetadata(sourcesOf: workspace) == broken {
          Thread.sleep(forTimeInterval: interval)
        }
        continue
      }
      let results = outcome.results
      let next = Self.focus(results: results, graded: outcome.graded)
      if context.style.usesColor { context.write("\u{1B}[2J\u{1B}[H") }
      if let focus, focus != next?.name, let done = Course.module(named: focus),
        results.first(where: { $0.module == focus })?.status == .passed
      {
        context.line(
          context.style.green("✔ \(done.code) \(done.title) passes. On to the next module!\n"))
      }
      focus = next?.name
      context.write(
        BoardView(
          results: results, lastGraded: outcome.lastGraded, seed: outcome.seed,
          isCached: !outcome.gradedAny
        ).render(context.style))
      if let next, let result = results.first(where: { $0.module == next.name }),
        result.problem == nil, let failing = result.tests.first(where: { $0.status != .passed }),
        let seed = outcome.seeds[next.name]
      {
        context.line()
        context.line(context.style.bold("\(next.code) · first failing test: \(failing.name)"))
        let lines = GradeView(results: [], subject: "exercises", seed: seed)
          .explanation(of: failing)
        for line in lines.prefix(14) { context.line("    " + line) }
      }
      context.line()
      context.line(
        context.style.dim("Watching exercises/ — save a file to grade again, Ctrl-C to stop."))
      snapshot = Self.waitForChange(in: workspace.exercises, after: snapshot, interval: interval)
    }
  }

  /// The module whose first failing test `watch` shows: the first one just graded (the one
  /// the learner saved) that does not pass, else the first in course order that does not.
  static func focus(results: [ModuleResult], graded: [String]) -> CourseModule? {
    let unfinished = Course.modules.filter { module in
      results.first { $0.module == module.name }?.status != .passed
    }
    return unfinished.first { graded.contains($0.name) } ?? unfinished.first
  }

  /// Every Swift file's modification time under `folder`.
  static func modificationTimes(in folder: URL) -> [String: Date] {
    let keys: [URLResourceKey] = [.contentModificationDateKey]
    let files =
      FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys)?
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
    var times: [String: Date] = [:]
    for file in files {
      times[file.path] = (try? file.resourceValues(forKeys: Set(keys)))?.contentModificationDate
    }
    return times
  }

  /// Polls until a Swift file under `folder` is saved, added or removed; returns the new times.
  static func waitForChange(in folder: URL, after snapshot: [String: Date], interval: Double)
    -> [String: Date]
  {
    while true {
      Thread.sleep(forTimeInterval: interval)
      let now = modificationTimes(in: folder)
      if now != snapshot { return now }
    }
  }

}
