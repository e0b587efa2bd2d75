import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs one module's graded tests so that no crash or endless loop loses a result.
///
/// The tests run one at a time in a child process that streams its events to
/// a file. The runner watches that file: a test that outlives the time limit is
/// stopped from outside, a process that dies takes only the test it was in,
/// and a new process resumes with the tests that have not run yet.
public struct TestRunner: Sendable {
  /// What the graded tests are run with.
  public struct Settings: Sendable {
    /// How to start the test process.
    public var launcher: TestLauncher
    /// `exercises` or `solutions`.
    public var implementation: String
    /// The seed of the random inputs.
    public var seed: UInt64
    /// How long one test may run, in seconds.
    public var timeLimit: Double
    /// Folders whose backtrace frames point at code the learner can fix.
    public var sourceFolders: [String]
    /// Where the runner keeps its event and error files.
    public var scratchFolder: URL

    public init(
      launcher: TestLauncher, implementation: String, seed: UInt64, timeLimit: Double,
      sourceFolders: [String], scratchFolder: URL
    ) {
      self.launcher = launcher
      self.implementation = implementation
      self.seed = seed
      self.timeLimit = timeLimit
      self.sourceFolders = sourceFolders
      self.scratchFolder = scratchFolder
    }
  }

  public var settings: Settings

  public init(settings: Settings) {
    self.settings = settings
  }

  /// Grades the tests `filter` selects and returns every one of them, in source order.
  public func run(filter: String, module: String) -> ModuleResult {
    var ledger = Ledger()
    var lastProblem: String?
    var filters = [filter]
    var attempt = 0
    while true {
      attempt += 1
      let ending = runProcess(filters: filters, ledger: &ledger, tag: "\(module)-\(attempt)")
      if case .crashed(let report) = ending { lastProblem = report.message }
      if case .finished = ending, ledger.remaining.isEmpty { break }
      if case .crashed(let report) = ending, ledger.current == nil {
        // The process died outside any test: nothing more can run.
        ledger.finishRemaining(as: .crashed, message: report.message)
        break
      }
      if let current = ledger.current {
        ledger.close(current, ending: ending, diagnosis: diagnose(current, ending: ending))
      }
      if ledger.remaining.isEmpty { break }
      if case .finished = ending {
        ledger.finishRemaining(as: .failed, message: "the test did not run")
        break
      }
      filters = ledger.remaining.map { TestID.filter(for: $0.id) }
    }
    if ledger.planned.isEmpty {
      return ModuleResult(
        module: module, tests: [],
        runError:
          "the test process stopped before it listed its tests: \(lastProblem ?? "no message")")
    }
    return ModuleResult(module: module, tests: ledger.outcomes)
  }

  /// How a test process ended.
  enum Ending {
    case finished
    case crashed(CrashReport)
    case timedOut(seconds: Double)
  }

  /// Runs one process over `filters`, feeding its events into `ledger` as they come.
  private func runProcess(filters: [String], ledger: inout Ledger, tag: String) -> Ending {
    let events = settings.scratchFolder.appendingPathComponent("\(tag).events.jsonl")
    let errors = settings.scratchFolder.appendingPathComponent("\(tag).stderr.txt")
    let process = makeProcess(
      filters: filters, events: events, errors: errors, backtrace: false)
    guard (try? process.run()) != nil else {
      return .crashed(
        CrashReport(
          standardError: "Fatal error: cannot start \(settings.launcher.executable.path)",
          sourceFolders: []))
    }
    ChildProcesses.track(process)
    defer { ChildProcesses.untrack(process) }
    var reader = LineReader(url: events)
    var startedAt = Date()
    var lastEvent = Date()
    func readEvents() {
      let lines = reader.readNewLines()
      if !lines.isEmpty { lastEvent = Date() }
      for line in lines { ledger.apply(line, startedAt: &startedAt) }
    }
    while process.isRunning {
      usleep(10_000)
      readEvents()
      let busy = ledger.current != nil
      if busy, Date().timeIntervalSince(startedAt) > settings.timeLimit {
        ChildProcesses.stop(process)
        readEvents()
        return .timedOut(seconds: settings.timeLimit)
      }
      // Between tests only start-up and teardown run; they get the limit and a margin.
      if !busy, Date().timeIntervalSince(lastEvent) > settings.timeLimit + Self.startUpMargin {
        ChildProcesses.stop(process)
        readEvents()
        if ledger.current != nil { return .timedOut(seconds: settings.timeLimit) }
        return .crashed(
          CrashReport(
            standardError: "Fatal error: the test process stopped responding between tests",
            sourceFolders: []))
      }
    }
    readEvents()
    let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    if process.terminationReason == .uncaughtSignal || ledger.current != nil {
      // A process that ends in the middle of a test, by a signal or by exit(), crashed there.
      let exitNote =
        process.terminationReason == .exit && !text.contains("Fatal error")
        ? "\nFatal error: the test process exited with status \(process.terminationStatus)"
          + " in the middle of this test (does the code call exit()?)"
        : ""
      return .crashed(
        CrashReport(standardError: text + exitNote, sourceFolders: settings.sourceFolders))
    }
    return .finished
  }

  /// Seconds a test process may take to start or to wind down, on top of the time limit.
  static let startUpMargin = 20.0

  /// The messages for a test that did not end by itself.
  private func diagnose(_ test: Ledger.Planned, ending: Ending) -> (TestOutcome.Status, [String]) {
    switch ending {
    case .finished:
      return (.failed, ["the test did not finish"])
    case .timedOut(let seconds):
      return (
        .timedOut,
        [
          "stopped after \(Self.format(seconds)) s: look for a loop that never ends"
            + " (a counter not advanced, a condition never met)"
        ]
      )
    case .crashed(let report):
      if report.isUnimplemented { return (.notStarted, [report.message]) }
      let located = report.location != nil ? report : locateCrash(of: test) ?? report
      let place = located.location.map { ["at \($0)"] } ?? []
      return (.crashed, [report.message] + place)
    }
  }

  /// Runs `test` alone again with the runtime's backtracer on, to find the learner's line.
  private func locateCrash(of test: Ledger.Planned) -> CrashReport? {
    let tag = "locate-\(abs(test.id.hashValue))"
    let events = settings.scratchFolder.appendingPathComponent("\(tag).events.jsonl")
    let errors = settings.scratchFolder.appendingPathComponent("\(tag).stderr.txt")
    let process = makeProcess(
      filters: [TestID.filter(for: test.id)], events: events, errors: errors, backtrace: true)
    guard (try? process.run()) != nil else { return nil }
    let deadline = Date().addingTimeInterval(settings.timeLimit + 10)
    while process.isRunning {
      if Date() > deadline {
        ChildProcesses.stop(process)
        break
      }
      usleep(10_000)
    }
    process.waitUntilExit()
    let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    let report = CrashReport(standardError: text, sourceFolders: settings.sourceFolders)
    return report.location == nil ? nil : report
  }

  private func makeProcess(filters: [String], events: URL, errors: URL, backtrace: Bool) -> Process
  {
    _ = FileManager.default.createFile(atPath: events.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    let process = Process()
    process.executableURL = settings.launcher.executable
    process.arguments = settings.launcher.arguments(filters: filters, eventsPath: events.path)
    process.currentDirectoryURL = settings.launcher.directory
    var environment = ProcessInfo.processInfo.environment
    environment["GRADKIT_IMPLEMENTATION"] = settings.implementation
    environment["GRADKIT_SEED"] = String(settings.seed)
    environment["SWIFT_BACKTRACE"] =
      backtrace
      ? "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none"
      : "enable=no"
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: errors.path)
    return process
  }

  static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
  }
}
