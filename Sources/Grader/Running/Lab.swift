import Foundation
import LessonWire

/// The `gradkit-lab` program: the reference beside one module's learner program, for
/// `compare`, `check` and `train`, and the training benchmark.
///
/// Like the graded tests, the lab never links the learner's code: it calls the module's
/// learner program, built from that module's files alone, so another module that does not
/// compile changes nothing here.
struct LabSession {
  /// The lab program.
  let lab: URL
  /// The variables the lab runs with: the learner plan, when there is a learner program.
  let environment: [String: String]
  /// Where the plan is kept; removed with the session.
  let scratch: URL

  /// Builds the lab, and `module`'s learner program when `module` is set.
  ///
  /// - Returns: the session, or the problem that keeps `module`'s files from being run.
  static func prepare(
    _ workspace: Workspace, module: CourseModule?, timeLimit: Double, context: Context
  ) throws(GraderError) -> Result<LabSession, ModuleProblem> {
    let lock = try RunLock(workspace, note: context.note)
    defer { withExtendedLifetime(lock) {} }
    let lab = try build(workspace, configuration: "debug", context: context)
    let scratch = workspace.stateFolder.appendingPathComponent("lab/\(getpid())")
    try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    guard let module else {
      return .success(LabSession(lab: lab, environment: [:], scratch: scratch))
    }
    let kit = try Kit.prepare(workspace, progress: context.note)
    let sources = workspace.exerciseFolder(of: module)
    let display = "exercises/\(module.folder)"
    if let problem = Integrity.refusal(of: module, in: sources, display: display) {
      return .failure(problem)
    }
    let builder = LearnerBuild(
      kit: kit, sandbox: .none,
      outputFolder: workspace.learnersFolder.appendingPathComponent("exercises"))
    switch try builder.server(for: module, from: sources, display: display) {
    case .failure(let problem):
      return .failure(problem)
    case .success(let server):
      let plan = scratch.appendingPathComponent("plan.json")
      try LearnerPlan(servers: [module.folder: server], timeLimit: timeLimit).write(to: plan)
      return .success(
        LabSession(
          lab: lab, environment: [LearnerPlan.environmentKey: plan.path], scratch: scratch))
    }
  }

  /// The session of ``prepare(_:module:timeLimit:context:)``, or `nil` once
  /// the problem that keeps `module`'s files from running is printed.
  static func open(
    _ workspace: Workspace, module: CourseModule?, timeLimit: Double, context: Context
  ) throws(GraderError) -> LabSession? {
    switch try prepare(workspace, module: module, timeLimit: timeLimit, context: context) {
    case .success(let session):
      return session
    case .failure(let problem):
      let code = module.map { "\($0.code) " } ?? ""
      context.line(context.style.red("\(code)\(problem.status.rawValue): ") + problem.summary)
      for line in problem.details { context.line("  " + line) }
      return nil
    }
  }

  /// Builds `gradkit-lab` in `configuration` (`debug` or `release`) and returns where it is.
  ///
  /// - Throws: ``GraderError/kitBroken(_:)`` when it does not build: the lab holds only the
  ///   kit's code, never the learner's.
  static func build(_ workspace: Workspace, configuration: String, context: Context)
    throws(GraderError) -> URL
  {
    try ProductBuild(
      product: "gradkit-lab", configuration: configuration,
      subject: configuration == "release" ? "the lab in release" : "the lab",
      firstTime: "a minute or two"
    ).run(in: workspace, progress: context.note)
    return workspace.buildFolder.appendingPathComponent("\(configuration)/gradkit-lab")
  }

  /// Runs the lab with `arguments` and collects what it printed.
  func run(_ arguments: [String], timeLimit: Double) -> Shell.Result {
    Shell.run(lab, arguments, environment: environment, timeLimit: timeLimit)
  }

  /// How a streamed run ended.
  enum Ending {
    case finished(Int32)
    case failed(LearnerFailure)
    case crashed(String)
    case timedOut
  }

  /// Runs the lab with its output going straight to this terminal; its errors are kept to
  /// explain a failure.
  func stream(_ arguments: [String], timeLimit: Double, context: Context) -> Ending {
    let errors = scratch.appendingPathComponent("stream-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errors) }
    let process = Process()
    process.executableURL = lab
    process.arguments = arguments
    process.standardError = FileHandle(forWritingAtPath: errors.path)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    do {
      try process.run()
    } catch {
      return .crashed("cannot start \(lab.path)")
    }
    ChildProcesses.track(process)
    defer { ChildProcesses.untrack(process) }
    let deadline = Date().addingTimeInterval(timeLimit)
    while process.isRunning {
      if Date() > deadline {
        ChildProcesses.stop(process)
        return .timedOut
      }
      usleep(20_000)
    }
    let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    if let failure = Self.failure(in: text) { return .failed(failure) }
    if process.terminationReason == .uncaughtSignal {
      return .crashed(CrashLog(text).message ?? "the lab stopped without a message")
    }
    if !text.isEmpty { context.writeNote(text) }
    return .finished(process.terminationStatus)
  }

  /// The learner failure the lab reported on standard error, if any.
  static func failure(in errors: String) -> LearnerFailure? {
    errors.split(separator: "\n").lazy.compactMap { LearnerFailure(recorded: String($0)) }.first
  }

  /// Why a run of the lab shows no value of the learner's, as the learner reads it.
  struct Problem {
    /// The explanation, a line each.
    var lines: [String]
    /// Whether the learner's code reached a stub it has not written yet.
    var isNotStarted = false
  }

  /// Why `result`, one evaluation of `compare` or `check`, shows no value of the learner's,
  /// or `nil` when it has one (`hasValue`) and nothing failed: the failure the learner's
  /// program reported (a crash, a stub, its own time limit), else the lab's time limit, said
  /// as `ifTimedOut`, else the lab's crash or the last thing it said before it stopped.
  static func problem(in result: Shell.Result, hasValue: Bool, ifTimedOut: String) -> Problem? {
    if let failure = failure(in: result.errors) {
      return Problem(lines: failure.explanation, isNotStarted: failure.status == .notStarted)
    }
    if result.timedOut { return Problem(lines: [ifTimedOut]) }
    if hasValue { return nil }
    let log = CrashLog(result.errors)
    return Problem(lines: ["the lab stopped: \(log.message ?? log.printed.last ?? "no message")"])
  }

  /// Removes the session's scratch files.
  func finish() {
    try? FileManager.default.removeItem(at: scratch)
  }
}
