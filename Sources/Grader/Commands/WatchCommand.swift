import Foundation

/// `gradkit watch`: grades again whenever an exercise file is saved.
public struct WatchCommand: GraderCommand {
  public static let name = "watch"
  public static let abstract = "re-grade whenever you save an exercise file (Ctrl-C to stop)"
  public static let flags: [String] = []
  public static let options = ["--interval", "--time-limit"]
  public static let help = """
    Usage: gradkit watch [--interval SECONDS] [--time-limit SECONDS]

    Shows the board and the first failing test of the module you are on, then
    watches exercises/ and grades again each time you save a file there, moving
    on to the next module when one passes. Press Ctrl-C to stop; your progress is
    saved.

    Options:
      --interval S         how often to look for saved files (default 0.5 seconds)
      --time-limit S       stop a test that runs longer than S seconds (default 10)
      -h, --help           show this help
    """

  var interval: Double
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    guard arguments.positionals.isEmpty else {
      throw .usage(
        "'gradkit watch' watches every module and takes none. See 'gradkit watch --help'.")
    }
    interval =
      try arguments.seconds(of: "--interval", default: 0.5, command: Self.name)
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    let store = ProgressStore(workspace: workspace)
    ChildProcesses.stopAllOnInterrupt(
      farewell: "\nStopped watching. Your progress is saved; 'swift run gradkit' shows it.\n",
      write: context.write)
    var snapshot = Self.modificationTimes(in: workspace.exercises)
    var focus: String?
    // The first round grades every module the stored results do not cover; later rounds
    // only the modules whose files were saved, so a re-grade costs one module's tests.
    let current = Self.isCurrent(store, workspace)
    let stored = store.load().results
    var stale = Course.modules.filter { !current || stored[$0.name] == nil }
    while true {
      let seed = UInt64.random(in: 1...999_999)
      let report = try GradingSession(
        workspace: workspace, implementation: "exercises", seed: seed, timeLimit: timeLimit
      ).grade(stale)
      var progress = store.load()
      if report.buildErrors.isEmpty, report.buildLog == nil {
        for result in report.results { progress.results[result.module] = result }
        progress.fingerprint = BoardCommand.fingerprint(of: workspace)
        progress.seed = seed
        try store.save(progress)
      }
      let results = Course.modules.compactMap { module in
        report.results.first { $0.module == module.name && !$0.buildErrors.isEmpty }
          ?? progress.results[module.name]
      }
      let next = Course.modules.first { module in
        results.first { $0.module == module.name }?.status != .passed
      }
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
          results: results, seed: seed, isCached: false,
          buildErrors: report.buildErrors + (report.buildLog.map { [$0] } ?? [])
        ).render(context.style))
      if let next, let result = results.first(where: { $0.module == next.name }),
        let failing = result.tests.first(where: { $0.status != .passed })
      {
        context.line()
        context.line(context.style.bold("\(next.code) · first failing test: \(failing.name)"))
        let lines = GradeView(results: [], implementation: "exercises", seed: seed)
          .explanation(of: failing)
        for line in lines.prefix(14) { context.line("    " + line) }
      }
      context.line()
      context.line(
        context.style.dim("Watching exercises/ — save a file to grade again, Ctrl-C to stop."))
      let saved = Self.waitForChange(in: workspace.exercises, after: snapshot, interval: interval)
      stale = Self.modules(changedBetween: snapshot, and: saved, in: workspace)
      snapshot = saved
    }
  }

  /// Whether the stored results were graded from the sources as they are now.
  static func isCurrent(_ store: ProgressStore, _ workspace: Workspace) -> Bool {
    store.load().fingerprint == BoardCommand.fingerprint(of: workspace)
  }

  /// The modules whose exercise files differ between two snapshots; every module when a
  /// file outside the module folders changed.
  static func modules(
    changedBetween old: [String: Date], and new: [String: Date], in workspace: Workspace
  ) -> [CourseModule] {
    let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
    var modules: [CourseModule] = []
    for path in changed {
      guard
        let module = Course.modules.first(where: {
          path.hasPrefix(workspace.exerciseFolder(of: $0).path + "/")
        })
      else { return Course.modules }
      if !modules.contains(module) { modules.append(module) }
    }
    return modules.sorted { $0.number < $1.number }
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
