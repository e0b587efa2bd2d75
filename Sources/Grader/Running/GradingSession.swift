import Foundation
import LessonWire

/// Grades a set of modules: each module's files become a program of their own, and the
/// kit's graded tests call that program, so one module's state never touches another's.
public struct GradingSession: Sendable {
  /// Whose code is graded.
  public enum Subject: Sendable, Equatable {
    /// The learner's exercises in the checkout.
    case exercises
    /// The reference solutions, compiled and called exactly as a learner's code is.
    case solutions
    /// A learner's submission, checked, copied and run in the sandbox.
    case submission(URL)
  }

  public var workspace: Workspace
  public var subject: Subject
  public var seed: UInt64
  /// How long one test may run, in seconds.
  public var timeLimit: Double
  /// How long the whole run may take, in seconds; tests not started by then are not run.
  public var deadline: Double
  public var sandbox: Sandbox
  /// Whether modules that use what exercises may not use are refused before they are
  /// compiled (``Integrity``): a second layer behind the process boundary, which the
  /// grader's own tests turn off to show the boundary holds by itself.
  public var screensSources: Bool
  /// Told, as a line to show, of each test that runs three seconds or more: a learner
  /// watching the grader wait out a hang learns which test it is.
  public var progress: (@Sendable (String) -> Void)?
  /// For the grader's own tests only: a folder of compiler module caches that sessions of
  /// other checkouts share (``LearnerBuild/sharedModuleCache(in:sandbox:)``), or `nil` for
  /// the checkout's own. The tests grade many scratch checkouts once each, and share one so
  /// that only their first program fills a cache (about 1.2 s, where a program built with a
  /// warm cache takes 0.25 s).
  var sharedModuleCaches: URL?

  public init(
    workspace: Workspace, subject: Subject, seed: UInt64, timeLimit: Double, deadline: Double,
    sandbox: Sandbox = .none, screensSources: Bool = true,
    progress: (@Sendable (String) -> Void)? = nil
  ) {
    self.workspace = workspace
    self.subject = subject
    self.seed = seed
    self.timeLimit = timeLimit
    self.deadline = deadline
    self.sandbox = sandbox
    self.screensSources = screensSources
    self.progress = progress
  }

  /// What a grading run found.
  public struct Report: Sendable {
    /// Every requested module, each with every one of its tests.
    public var results: [ModuleResult]
    /// How a submission was read (its layout), when one was graded.
    public var notes: [String]
  }

  /// Grades `modules` with `kit`; a module that does not compile or is refused is reported,
  /// not thrown. Call it under the checkout's ``RunLock``: it builds into, and clears,
  /// folders of the checkout's state folder.
  ///
  /// - Throws: ``GraderError`` only for what is not the learner's: a folder that cannot be
  ///   written, a compiler that cannot run.
  public func grade(_ modules: [CourseModule], kit: Kit) throws(GraderError) -> Report {
    let start = Date()
    var refusals: [String: ModuleProblem] = [:]
    var notes: [String] = []
    let sources: URL
    let display: String
    switch subject {
    case .exercises:
      (sources, display) = (workspace.exercises, "exercises")
    case .solutions:
      (sources, display) = (workspace.solutions, "solutions")
    case .submission(let folder):
      let prepared = try Submission.prepare(
        folder, into: workspace.stateFolder.appendingPathComponent("submission/exercises"),
        expected: expectedFiles())
      (sources, display) = (prepared.exercises, "exercises")
      refusals = prepared.refusals
      notes.append("Read the submission as \(prepared.layout).")
    }
    let output = workspace.learnersFolder.appendingPathComponent(subject.folderName)
    let builder = LearnerBuild(
      kit: kit, sandbox: sandbox, outputFolder: output,
      moduleCache: sharedModuleCaches.map {
        LearnerBuild.sharedModuleCache(in: $0, sandbox: sandbox)
      })
    let scratch = workspace.stateFolder.appendingPathComponent("runs/\(getpid())-\(seed)")
    do {
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
      try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    } catch {
      throw .cannotRun("cannot write \(workspace.stateFolder.path): \(error.localizedDescription)")
    }
    defer { try? FileManager.default.removeItem(at: scratch) }
    let refused = refusals
    let results = Locked([ModuleResult?](repeating: nil, count: modules.count))
    let failures = Locked([GraderError]())
    let finish = start.addingTimeInterval(deadline)
    // The modules are graded as many at a time as there are cores; the cores left over
    // split each module's tests (a module graded alone on 2 cores runs in 2 shards).
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let shards = min(4, max(1, cores / max(1, min(cores, modules.count))))
    DispatchQueue.concurrentPerform(iterations: modules.count) { index in
      let module = modules[index]
      do throws(GraderError) {
        let result = try grade(
          module, from: sources.appendingPathComponent(module.folder),
          display: "\(display)/\(module.folder)", refusal: refused[module.name],
          builder: builder, kit: kit, scratch: scratch, deadline: finish, shards: shards)
        results.withValue { $0[index] = result }
      } catch {
        failures.withValue { $0.append(error) }
      }
    }
    if let failure = failures.value.first { throw failure }
    return Report(results: results.value.compactMap { $0 }, notes: notes)
  }

  /// Grades one module: checks, builds, runs its tests against the program built.
  private func grade(
    _ module: CourseModule, from sources: URL, display: String, refusal: ModuleProblem?,
    builder: LearnerBuild, kit: Kit, scratch: URL, deadline: Date, shards: Int
  ) throws(GraderError) -> ModuleResult {
    let catalogue = kit.catalogue.entries(of: module)
    let screened =
      screensSources ? Integrity.refusal(of: module, in: sources, display: display) : nil
    if let problem = refusal ?? screened {
      return ModuleResult(module: module.name, catalogue: catalogue, problem: problem)
    }
    PhaseClock.mark("\(module.code): checked")
    defer { PhaseClock.mark("\(module.code): tests run") }
    let outcome = try builder.server(for: module, from: sources, display: display)
    PhaseClock.mark("\(module.code): program built")
    let server: LearnerPlan.Server
    switch outcome {
    case .failure(let problem):
      return ModuleResult(module: module.name, catalogue: catalogue, problem: problem)
    case .success(let built):
      server = built
    }
    let plan = scratch.appendingPathComponent("plan-\(module.folder).json")
    try LearnerPlan(servers: [module.folder: server], timeLimit: timeLimit).write(to: plan)
    // A class edition asks its recorded reference what it was asked when recorded.
    let runner = TestRunner(
      settings: .init(
        launcher: kit.launcher, seed: Edition.withholds(module) ? Edition.recordedSeed : seed,
        timeLimit: timeLimit, deadline: deadline, plan: plan, scratchFolder: scratch,
        environment: [replayOptionsVariable: Reports.replayOptions(subject: subject.description)],
        shards: shards, onLongTest: longTestNotice(for: module)))
    return runner.run(module, tests: catalogue)
  }

  /// What ``progress`` is told of a long test of `module`, or `nil` when no one listens.
  func longTestNotice(for module: CourseModule) -> (@Sendable (String) -> Void)? {
    guard let progress else { return nil }
    let (code, after, limit) =
      (module.code, seconds(TestRunner.Settings.defaultLongTestNotice), seconds(timeLimit))
    return { name in
      progress("\(code) · \"\(name)\" is still running after \(after) s; stopped at \(limit) s")
    }
  }

  /// Each module's file names, from the checkout's stubs: how flat uploads are matched.
  func expectedFiles() -> [CourseModule: [String]] {
    var files: [CourseModule: [String]] = [:]
    for module in Course.modules {
      files[module] = swiftFileNames(
        in: workspace.root.appendingPathComponent("exercises/\(module.folder)"))
    }
    return files
  }
}

extension GradingSession.Subject {
  /// The folder of `.gradkit/learners/` its programs are built in.
  var folderName: String {
    switch self {
    case .exercises: "exercises"
    case .solutions: "solutions"
    case .submission: "submission"
    }
  }
}
