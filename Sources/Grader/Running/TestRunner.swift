import Foundation
import LessonWire

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs one module's graded tests so that no crash, hang or failed call loses a result.
///
/// The tests run one at a time in a test process that streams its events to a file the
/// learner's program cannot reach. A call into the learner's program that fails is recorded
/// in that stream as a ``LearnerFailure``, and ends its test; the process goes on with the
/// next test. When a test process itself crashes, outlives the time limit, or ends at a
/// failure it could not end the test alone for, the runner charges the test that was
/// running and starts a fresh process for the tests that have not run yet.
public struct TestRunner: Sendable {
  /// What the graded tests are run with.
  public struct Settings: Sendable {
    /// How to start the test process.
    public var launcher: TestLauncher
    /// The seed of the random inputs.
    public var seed: UInt64
    /// How long one test may run, in seconds.
    public var timeLimit: Double
    /// When the whole run stops starting tests.
    public var deadline: Date
    /// The learner plan the test process reads, or `nil` to grade the reference in process.
    public var plan: URL?
    /// Where the runner keeps its event and error files.
    public var scratchFolder: URL
    /// Seconds the test process itself may take beyond the learner's time limit: its own
    /// start, the reference's share of the work, the report.
    public var processMargin: Double
    /// Variables the test process runs with besides the plan and the seed.
    public var environment: [String: String]
    /// How many test processes share a module's tests at a time, each with its own learner
    /// program: 2 when the module is graded alone on a machine of 2 cores or more, so that a
    /// long test (a training run, a hang until the time limit) does not hold the other half
    /// of the tests back.
    public var shards: Int
    /// Told the name of a test that has run `longTestNotice` seconds without ending, once
    /// a test, so that no one waits out a hang's time limit in silence.
    public var onLongTest: (@Sendable (String) -> Void)?
    /// Seconds after which a running test counts as long.
    public var longTestNotice: Double
    /// 3 s: about ten times what the slowest graded test takes on a laptop, so that only a
    /// hang or a very slow loop is named.
    public static let defaultLongTestNotice = 3.0

    public init(
      launcher: TestLauncher, seed: UInt64, timeLimit: Double, deadline: Date, plan: URL?,
      scratchFolder: URL, processMargin: Double = 20, environment: [String: String] = [:],
      shards: Int = 1, onLongTest: (@Sendable (String) -> Void)? = nil,
      longTestNotice: Double = defaultLongTestNotice
    ) {
      self.launcher = launcher
      self.seed = seed
      self.timeLimit = timeLimit
      self.deadline = deadline
      self.plan = plan
      self.scratchFolder = scratchFolder
      self.processMargin = processMargin
      self.environment = environment
      self.shards = shards
      self.onLongTest = onLongTest
      self.longTestNotice = longTestNotice
    }
  }

  public var settings: Settings

  public init(settings: Settings) {
    self.settings = settings
  }

  /// Grades `tests`, the catalogue of `module`, and returns a verdict for every one of them,
  /// in the catalogue's order.
  ///
  /// With ``Settings/shards`` above 1 the tests are dealt out in turn (the first to shard 0,
  /// the second to shard 1, …), and each shard runs in processes of its own, beside the
  /// others. The graded tests are independent of one another (`swift test` runs them in
  /// parallel too), so the verdicts are the same whichever shard runs a test.
  public func run(_ module: CourseModule, tests: [CatalogueEntry]) -> ModuleResult {
    let count = max(1, min(settings.shards, tests.count))
    guard count > 1 else {
      return ModuleResult(
        module: module.name,
        tests: run(tests, filters: [module.testFilter], tag: module.name))
    }
    let shards = (0..<count).map { shard in
      stride(from: shard, to: tests.count, by: count).map { tests[$0] }
    }
    let outcomes = Locked([String: TestOutcome]())
    let group = DispatchGroup()
    for (index, shard) in shards.enumerated() {
      DispatchQueue.global().async(group: group) {
        let graded = run(
          shard, filters: shard.map { TestID.filter(for: $0.id) }, tag: "\(module.name)-\(index)")
        outcomes.withValue { found in
          for outcome in graded { found[outcome.id] = outcome }
        }
      }
    }
    group.wait()
    let found = outcomes.value
    return ModuleResult(module: module.name, tests: tests.compactMap { found[$0.id] })
  }

  /// Grades `tests` one process after another, starting with `filters`, and returns a
  /// verdict for every one of them.
  private func run(_ tests: [CatalogueEntry], filters first: [String], tag: String)
    -> [TestOutcome]
  {
    var ledger = Ledger(planned: tests)
    var filters = first
    var attempt = 0
    while !ledger.remaining.isEmpty {
      if Date() > settings.deadline {
        ledger.finishRemaining(
          as: .notRun, message: "not run: the run's overall deadline passed before this test")
        break
      }
      attempt += 1
      let before = ledger.remaining.count
      let ending = runProcess(filters: filters, ledger: &ledger, tag: "\(tag)-\(attempt)")
      if let current = ledger.current {
        let (status, messages) = verdict(for: current, ending: ending, ledger: ledger)
        ledger.close(current, status: status, messages: messages)
      } else if case .crashed(let log) = ending, ledger.remaining.count == before {
        // The process died outside any test, before any ran: nothing more can run.
        ledger.finishRemaining(
          as: .crashed,
          message: "the test process stopped before this test: \(log.message ?? "no message")")
      } else if case .finished = ending, ledger.remaining.count == before {
        ledger.finishRemaining(as: .failed, message: "the test did not run")
      }
      filters = ledger.remaining.map { TestID.filter(for: $0.id) }
    }
    return ledger.outcomes
  }

  /// How a test process ended.
  enum Ending {
    case finished
    case crashed(CrashLog)
    case timedOut
  }

  /// The verdict on `test`, which was running when its process ended.
  private func verdict(
    for test: CatalogueEntry, ending: Ending, ledger: Ledger
  ) -> (TestOutcome.Status, [String]) {
    if let failure = ledger.failure(of: test) {
      return (TestOutcome.Status(failure.status), failure.explanation)
    }
    switch ending {
    case .timedOut:
      return (
        .timedOut,
        [
          "stopped after \(seconds(settings.timeLimit + settings.processMargin)) s:"
            + " the test itself ran too long"
        ]
      )
    case .crashed(let log):
      return (
        .crashed,
        ["the test process crashed: \(log.message ?? "no message")"]
          + (log.frames.first?.location.map { ["at \($0)"] } ?? [])
      )
    case .finished:
      return (.failed, ["the test did not finish"])
    }
  }

  /// Runs one process over `filters`, feeding its events into `ledger` as they come.
  private func runProcess(filters: [String], ledger: inout Ledger, tag: String) -> Ending {
    let events = settings.scratchFolder.appendingPathComponent("\(tag).events.jsonl")
    let errors = settings.scratchFolder.appendingPathComponent("\(tag).stderr.txt")
    _ = FileManager.default.createFile(atPath: events.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    let process = Process()
    process.executableURL = settings.launcher.executable
    process.arguments = settings.launcher.arguments(filters: filters, eventsPath: events.path)
    process.currentDirectoryURL = settings.launcher.directory
    var environment = ProcessInfo.processInfo.environment.merging(settings.environment) { $1 }
    environment["GRADKIT_SEED"] = String(settings.seed)
    environment[LearnerPlan.environmentKey] = settings.plan?.path
    environment["SWIFT_BACKTRACE"] = CrashLog.backtraceSettings
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: errors.path)
    guard (try? process.run()) != nil else {
      return .crashed(CrashLog("Fatal error: cannot start \(settings.launcher.executable.path)"))
    }
    ChildProcesses.track(process)
    defer { ChildProcesses.untrack(process) }
    var reader = LineReader(url: events)
    var lastEvent = Date()
    func readEvents() {
      let lines = reader.readNewLines()
      if !lines.isEmpty { lastEvent = Date() }
      for line in lines { ledger.apply(line) }
    }
    let limit = settings.timeLimit + settings.processMargin
    var announced: String?
    while process.isRunning {
      usleep(5_000)
      readEvents()
      let busy = ledger.current != nil
      let since = busy ? ledger.currentStart : lastEvent
      if let current = ledger.current, let onLongTest = settings.onLongTest,
        announced != current.id,
        Date().timeIntervalSince(since) > settings.longTestNotice
      {
        announced = current.id
        onLongTest(current.name)
      }
      if Date().timeIntervalSince(since) > limit {
        ChildProcesses.stop(process)
        readEvents()
        return ledger.current != nil
          ? .timedOut
          : .crashed(CrashLog("Fatal error: the test process stopped responding between tests"))
      }
    }
    readEvents()
    let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    if process.terminationReason == .uncaughtSignal || ledger.current != nil {
      return .crashed(CrashLog(text))
    }
    return .finished
  }
}
