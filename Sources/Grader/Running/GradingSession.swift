import Foundation

/// Builds the package once and grades a set of modules, one test process a core.
public struct GradingSession: Sendable {
  public var workspace: Workspace
  /// `exercises` or `solutions`.
  public var implementation: String
  public var seed: UInt64
  /// How long one test may run, in seconds.
  public var timeLimit: Double

  public init(workspace: Workspace, implementation: String, seed: UInt64, timeLimit: Double) {
    self.workspace = workspace
    self.implementation = implementation
    self.seed = seed
    self.timeLimit = timeLimit
  }

  /// What a grading run found.
  public struct Report: Sendable {
    public var results: [ModuleResult]
    /// Compiler errors, when the package did not build.
    public var buildErrors: [String]
    /// The build's whole output when it failed without an error line.
    public var buildLog: String?
  }

  /// Builds, then grades `modules`; a build failure is reported, not thrown.
  public func grade(_ modules: [CourseModule]) throws(GraderError) -> Report {
    if implementation == "exercises" {
      let borrowed = Integrity.borrowedCode(in: workspace.exercises)
      if !borrowed.isEmpty {
        let refusal =
          "grading refused: the exercises use the reference solutions or the graded tests."
          + " Remove these lines; your code must stand on its own:"
        return Report(
          results: modules.map { ModuleResult(module: $0.name, tests: []) },
          buildErrors: [refusal] + borrowed.map { "  " + $0 }, buildLog: nil)
      }
    }
    let build = try Build.run(workspace)
    if implementation == "exercises", build.succeeded, Integrity.buildUsesSolutions(in: workspace) {
      return Report(
        results: modules.map { ModuleResult(module: $0.name, tests: []) },
        buildErrors: [
          "grading refused: the compiled exercises use the reference solutions (the compiler"
            + " read Solutions.swiftmodule). Remove every import of Solutions from exercises/."
        ], buildLog: nil)
    }
    guard build.succeeded else {
      let results = modules.map { module in
        let own = Build.errors(build.errors, in: "\(implementation)/\(module.folder)")
        return ModuleResult(module: module.name, tests: [], buildErrors: own)
      }
      return Report(
        results: results, buildErrors: build.errors,
        buildLog: build.errors.isEmpty ? build.log : nil)
    }
    let scratch = workspace.stateFolder.appendingPathComponent("runs/\(seed)-\(getpid())")
    try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let runner = TestRunner(
      settings: .init(
        launcher: .forPackage(at: workspace.root, buildFolder: workspace.buildFolder),
        implementation: implementation, seed: seed, timeLimit: timeLimit,
        sourceFolders: ["exercises", "solutions", "Sources", "Tests"], scratchFolder: scratch))
    let results = Locked([ModuleResult?](repeating: nil, count: modules.count))
    DispatchQueue.concurrentPerform(iterations: modules.count) { index in
      let module = modules[index]
      let result = runner.run(filter: module.testFilter, module: module.name)
      results.withValue { $0[index] = result }
    }
    return Report(results: results.value.compactMap { $0 }, buildErrors: [], buildLog: nil)
  }
}

/// A value shared between threads behind a lock.
final class Locked<Value>: @unchecked Sendable {
  private var stored: Value
  private let lock = NSLock()

  init(_ value: Value) {
    stored = value
  }

  var value: Value {
    lock.withLock { stored }
  }

  func withValue(_ body: (inout Value) -> Void) {
    lock.withLock { body(&stored) }
  }
}
