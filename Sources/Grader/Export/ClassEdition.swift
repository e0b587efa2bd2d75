import Foundation
import LessonWire

/// A copy of the kit for a class's learners that withholds the solutions of the modules not
/// yet released (`gradkit export --class DIR --release MODULE…`).
///
/// It grades with the same tests and messages: for each withheld module, the reference's
/// answers to those tests are recorded from the full kit, with one seed, and the edition's
/// tests ask the recording instead (``ReferenceTape``). The edition holds no planted bugs
/// and none of the grader's own tests (they need every solution), and no benchmark.
enum ClassEdition {
  /// The seed the withheld modules' reference is recorded with, and graded with.
  static let recordedSeed: UInt64 = 2024

  /// The checkout's paths an edition leaves out, besides the withheld solutions and the
  /// planted bugs: the maintainers' tools and the tests that need every solution.
  static let maintainersOnly = [
    ".ci", "AUTOGRADING.md", "BENCHMARKS.md", "CONTRIBUTING.md", "Tests/GraderTests",
    "Tests/LessonWireTests", "Tests/WireFixture",
  ]

  /// The modules whose lab (`compare`, `train`) runs another module's reference, and that
  /// module: 09's probes and pictures train module 08's network with the reference gradient,
  /// which a recording cannot answer.
  static let referencesNeeded: [(CourseModule, needs: CourseModule)] = [(.training, .spiral)]

  /// Writes the edition of `workspace` into `folder`.
  static func write(
    from workspace: Workspace, to folder: URL, released: [CourseModule], context: Context
  ) throws(GraderError) {
    let withheld = Course.modules.filter { !released.contains($0) }
    let tapes = try record(withheld, of: workspace, context: context)
    let plantedBugs = try KitCopy.trackedFiles(of: workspace).filter {
      $0.hasPrefix("Tests/GradedTests/") && $0.hasSuffix("PlantedBugs.swift")
    }
    try KitCopy.copy(
      workspace, to: folder,
      leavingOut: withheld.map { "solutions/\($0.folder)" } + plantedBugs + maintainersOnly)
    try rewrite(folder, released: released, withheld: withheld)
    do {
      let tapeFolder = folder.appendingPathComponent("Sources/References/Tapes")
      try FileManager.default.createDirectory(at: tapeFolder, withIntermediateDirectories: true)
      // A module whose tests never ask the reference (their expected values are worked out
      // in the tests) has no tape.
      for module in withheld
      where FileManager.default.fileExists(
        atPath: ReferenceTape.file(of: module.folder, in: tapes).path)
      {
        try FileManager.default.copyItem(
          at: ReferenceTape.file(of: module.folder, in: tapes),
          to: ReferenceTape.file(of: module.folder, in: tapeFolder))
      }
      try write(ClassroomWorkflow.text, to: folder.appendingPathComponent(ClassroomWorkflow.path))
      try write(
        solutionsNote(released: released, withheld: withheld),
        to: folder.appendingPathComponent("solutions/README.md"))
    } catch let error as GraderError {
      throw error
    } catch {
      throw .cannotRun("cannot write the edition in \(folder.path): \(error.localizedDescription)")
    }
  }

  /// Records, for each module of `withheld`, the reference's answers to its graded tests.
  ///
  /// The solutions are compiled into programs as a learner's code is; the tests grade them
  /// (so every test must pass) while their questions to the reference go to the same
  /// programs, recorded test by test. Returns the folder of the tapes.
  static func record(
    _ withheld: [CourseModule], of workspace: Workspace, context: Context
  ) throws(GraderError) -> URL {
    let lock = try RunLock(workspace, note: context.note)
    defer { withExtendedLifetime(lock) {} }
    let kit = try Kit.prepare(workspace, progress: context.note)
    let scratch = workspace.stateFolder.appendingPathComponent("recording")
    let tapes = scratch.appendingPathComponent("tapes")
    try? FileManager.default.removeItem(at: scratch)
    try? FileManager.default.createDirectory(at: tapes, withIntermediateDirectories: true)
    let builder = LearnerBuild(
      kit: kit, sandbox: .none,
      outputFolder: workspace.learnersFolder.appendingPathComponent("solutions"))
    var servers: [String: LearnerPlan.Server] = [:]
    for module in withheld {
      guard
        case .success(let server) = try builder.server(
          for: module, from: workspace.solutionFolder(of: module),
          display: "solutions/\(module.folder)")
      else {
        throw .cannotRun("the solution of module \(module.code) does not compile")
      }
      servers[module.folder] = server
    }
    // The same programs answer as the learner's code and, recorded, as the reference.
    let learners = scratch.appendingPathComponent("learners.json")
    let reference = scratch.appendingPathComponent("reference.json")
    try LearnerPlan(servers: servers, timeLimit: 60).write(to: learners)
    try ReferencePlan(folder: tapes.path, servers: servers).write(to: reference)
    for module in withheld {
      context.note("Recording the reference of \(module.code) \(module.title)…")
      let result = TestRunner(
        settings: .init(
          launcher: kit.launcher, seed: recordedSeed, timeLimit: 60, deadline: .distantFuture,
          plan: learners, scratchFolder: scratch,
          environment: [ReferencePlan.environmentKey: reference.path])
      ).run(module, tests: kit.catalogue.entries(of: module))
      if let failing = result.tests.first(where: { $0.status != .passed }) {
        throw .cannotRun(
          "recording module \(module.code)'s reference failed: \"\(failing.name)\""
            + " \(failing.status.rawValue) on the solutions (\(failing.messages.first ?? ""))")
      }
    }
    return tapes
  }

  /// Rewrites the edition's manifest, reference and edition files for `released`.
  static func rewrite(
    _ folder: URL, released: [CourseModule], withheld: [CourseModule]
  ) throws(GraderError) {
    let manifest = folder.appendingPathComponent("Package.swift")
    let list = released.map { "\"\($0.folder)\"" }.joined(separator: ", ")
    try replace(
      ["let released: [String]? = nil": "let released: [String]? = [\(list)]"], in: manifest)

    let references = folder.appendingPathComponent("Sources/References/References.swift")
    var text = (try? String(contentsOf: references, encoding: .utf8)) ?? ""
    for module in Course.modules {
      let pattern =
        "isRecording \\? (Remote\\w+)<RecordedReference>\\.self : Solutions\\.\(module.lessonType)\\.self"
      guard let recordedOrCompiled = try? Regex(pattern),
        let match = text.firstMatch(of: recordedOrCompiled),
        let remote = match.output[1].substring
      else {
        throw .cannotRun(
          "Sources/References/References.swift names no reference for \(module.code)")
      }
      text.replaceSubrange(
        match.range,
        with: withheld.contains(module)
          ? "playing(\(remote)<RecordedReference>.self)" : "Solutions.\(module.lessonType).self")
    }
    let edition = """
        /// Whether this run records the reference for a class edition: never, in one.
        static let isRecording = false

        /// Where this edition keeps the recorded answers of the reference it withholds.
        static let tapes: Void = {
          RecordedReference.defaultFolder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().appendingPathComponent("Tapes")
        }()

        /// `remote`, once the recorded answers it plays are found.
        static func playing<Lesson>(_ remote: Lesson) -> Lesson {
          _ = tapes
          return remote
        }
      """
    guard
      let flag = text.range(of: "  static let isRecording = ReferencePlan.current?.servers != nil")
    else { throw .cannotRun("Sources/References/References.swift changed shape") }
    text.replaceSubrange(flag, with: edition)
    text = text.replacingOccurrences(
      of: "  public static func isReleased(_ folder: String) -> Bool {\n    true\n  }",
      with: "  public static func isReleased(_ folder: String) -> Bool {\n    ["
        + released.map { "\"\($0.folder)\"" }.joined(separator: ", ") + "].contains(folder)\n  }")
    if released.isEmpty {
      text = text.replacingOccurrences(of: "import Solutions\n", with: "")
    }
    text = "import Foundation\n" + text
    try write(text, to: references)

    let withheldList = withheld.map { "\"\($0.folder)\"" }.joined(separator: ", ")
    try replace(
      [
        "public static let withheld: Set<String> = []":
          "public static let withheld: Set<String> = [\(withheldList)]",
        "public static let recordedSeed: UInt64 = 0":
          "public static let recordedSeed: UInt64 = \(recordedSeed)",
      ], in: folder.appendingPathComponent("Sources/Grader/Curriculum/Edition.swift"))
  }

  /// The edition's `solutions/README.md`.
  static func solutionsNote(released: [CourseModule], withheld: [CourseModule]) -> String {
    func names(_ modules: [CourseModule]) -> String {
      modules.isEmpty
        ? "none yet" : modules.map { "\($0.code) \($0.title)" }.joined(separator: ", ")
    }
    return """
      # Solutions

      This is a class edition of GradKit: your instructor releases the reference solutions
      module by module.

      - Released: \(names(released)).
      - Released later: \(names(withheld)).

      Until a module's solution is released, its graded tests compare your code with the
      reference's recorded answers (for the seed \(recordedSeed)), and `swift run gradkit
      compare` says the reference comes later. Grading, hints and `check` work as usual.

      """
  }

  /// Rewrites `file`, each line of `replacements`' keys replaced by its value.
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` naming a line the file does not have: the kit
  ///   changed shape, and the edition would silently keep the full kit's line.
  static func replace(
    _ replacements: KeyValuePairs<String, String>, in file: URL
  ) throws(GraderError) {
    guard var text = try? String(contentsOf: file, encoding: .utf8) else {
      throw .cannotRun("cannot read \(file.path) to rewrite it")
    }
    for (old, new) in replacements {
      guard text.contains(old) else {
        throw .cannotRun("\(file.path) has no line '\(old)' to rewrite")
      }
      text = text.replacingOccurrences(of: old, with: new)
    }
    try write(text, to: file)
  }

  static func write(_ text: String, to file: URL) throws(GraderError) {
    do {
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
    } catch {
      throw .cannotRun("cannot write \(file.path): \(error.localizedDescription)")
    }
  }
}
