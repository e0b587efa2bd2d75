import Foundation

/// The steps every command that grades the learner's own exercises shares: find what
/// changed, grade only that, remember it, and hand back every module's current result.
struct ExerciseGrading {
  let workspace: Workspace
  let context: Context
  let timeLimit: Double
  let deadline: Double

  /// What a refresh found.
  struct Outcome {
    /// Every module's current result, in course order.
    var results: [ModuleResult]
    /// For each module that cannot be graded now, its last result that could.
    var lastGraded: [String: ModuleResult]
    /// Each module's seed: the one its current result was graded with.
    var seeds: [String: UInt64]
    /// The modules graded now, in course order.
    var graded: [String]

    /// Whether anything was graded now.
    var gradedAny: Bool { !graded.isEmpty }

    /// The seed every module's current result was graded with, or `nil` when they differ
    /// (each module keeps the seed of its own last grade) or there are none.
    var seed: UInt64? {
      let distinct = Set(seeds.values)
      return distinct.count == 1 ? distinct.first : nil
    }
  }

  /// What the learner reads while several modules are graded, which takes a few seconds
  /// (the first board grades all nine): `nil` for one module, whose grade is back in about
  /// a second.
  static func gradingNote(for modules: [CourseModule]) -> String? {
    guard modules.count > 1 else { return nil }
    return "Grading \(modules.count) modules ("
      + modules.map(\.code).joined(separator: ", ") + ")…"
  }

  /// Grades the modules in `forced` and, unless `onlyForced`, every module whose files
  /// changed since its stored result; stores the results, and returns every module's.
  func refresh(
    forced: [CourseModule] = [], onlyForced: Bool = false, seed: UInt64? = nil
  ) throws(GraderError) -> Outcome {
    PhaseClock.mark("started")
    let store = ProgressStore(workspace: workspace)
    var progress = store.load(warn: context.warn)
    let kitPrint = Fingerprint.ofMetadata(sourcesOf: workspace)
    var prints: [String: String] = [:]
    for module in Course.modules {
      prints[module.name] = Fingerprint.ofModule(module, in: workspace, kit: kitPrint)
    }
    let stale = Course.modules.filter { module in
      forced.contains(module)
        || (!onlyForced && progress.modules[module.name]?.fingerprint != prints[module.name])
    }
    let seed = seed ?? UInt64.random(in: 1...999_999)
    PhaseClock.mark("fingerprints taken: \(stale.count) module(s) to grade")
    if !stale.isEmpty {
      let lock = try RunLock(workspace, note: context.note)
      let kit = try Kit.prepare(workspace, fingerprint: kitPrint, progress: context.note)
      PhaseClock.mark("kit ready")
      if let note = Self.gradingNote(for: stale) { context.note(note) }
      let report = try GradingSession(
        workspace: workspace, subject: .exercises, seed: seed, timeLimit: timeLimit,
        deadline: deadline, progress: context.note
      ).grade(stale, kit: kit)
      withExtendedLifetime(lock) {}
      // Reload: another command may have saved hints meanwhile.
      progress = store.load(warn: context.warn)
      for result in report.results {
        progress.record(result, fingerprint: prints[result.module] ?? "", seed: seed)
      }
      try store.save(progress)
    }
    let records = Course.modules.compactMap { progress.modules[$0.name] }
    var lastGraded: [String: ModuleResult] = [:]
    for record in records where record.result.problem != nil {
      lastGraded[record.result.module] = record.lastGraded
    }
    return Outcome(
      results: records.map(\.result), lastGraded: lastGraded,
      seeds: Dictionary(uniqueKeysWithValues: records.map { ($0.result.module, $0.seed) }),
      graded: stale.map(\.name))
  }
}
