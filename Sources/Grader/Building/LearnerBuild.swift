import Foundation
import LessonWire

/// Compiles one module's files into the learner program the graded tests call: the
/// learner's files, a two-line `main` that serves the lesson, the engine and the pipe.
///
/// Each module is its own program, so a module that does not compile costs only itself.
/// The program holds nothing of the reference or the tests: its compiler sees only the
/// engine's and the pipe's modules (``Kit/include``). A program is rebuilt only when its
/// sources or the kit change.
struct LearnerBuild {
  /// What came of building one module.
  enum Outcome {
    case built(URL)
    case failed(ModuleProblem)
  }

  var kit: Kit
  /// Where the programs are compiled, and where they run.
  var sandbox: Sandbox
  /// Where the programs go, a folder a module.
  let outputFolder: URL
  /// The module cache the compiler shares between the modules: ``moduleCache(in:)`` of the
  /// output folder unless the builder was given one.
  let moduleCache: URL

  /// A builder of programs into `outputFolder`, with the module cache `moduleCache`, or, by
  /// default, one in `outputFolder`; module caches left there by a checkout at another path
  /// (moved or copied since) are then removed: the compiler could not use them.
  ///
  /// Make one under the checkout's ``RunLock``, before any build: it may remove a folder.
  init(kit: Kit, sandbox: Sandbox, outputFolder: URL, moduleCache: URL? = nil) {
    self.kit = kit
    self.sandbox = sandbox
    self.outputFolder = outputFolder
    if let moduleCache {
      self.moduleCache = moduleCache
    } else {
      self.moduleCache = Self.moduleCache(in: outputFolder)
      removeStaleModuleCaches()
    }
  }

  /// Removes the module caches in the output folder that belong to another path of it.
  private func removeStaleModuleCaches() {
    let caches = outputFolder.appendingPathComponent("ModuleCache")
    for stale in (try? FileManager.default.contentsOfDirectory(atPath: caches.path)) ?? []
    where stale != moduleCache.lastPathComponent {
      try? FileManager.default.removeItem(at: caches.appendingPathComponent(stale))
    }
  }

  /// The module cache in `folder` that builds in `sandbox` share with other checkouts: one
  /// for sandboxed builds and one for the others, since the sandbox's unprivileged user
  /// must own what it writes.
  static func sharedModuleCache(in folder: URL, sandbox: Sandbox) -> URL {
    folder.appendingPathComponent(sandbox.kind == .none ? "plain" : "sandboxed")
  }

  /// The module cache of the programs built into `outputFolder`, in a folder named for that
  /// folder's path. The compiler records the cache's absolute path in every module it
  /// caches and refuses the cache once that path changes ("precompiled file … was compiled
  /// with module cache path …"), as it does when a learner moves or copies the checkout: a
  /// cache of its own for each path keeps that from failing the build.
  static func moduleCache(in outputFolder: URL) -> URL {
    var hash = FNV()
    hash.mix(outputFolder.path)
    return outputFolder.appendingPathComponent("ModuleCache/\(hash.text)")
  }

  /// The variables a learner program runs with, and no others: the backtracer on, so a
  /// crash names the learner's line.
  static let environment = [
    "SWIFT_BACKTRACE": CrashLog.backtraceSettings,
    "PATH": "/usr/bin:/bin",
    "LANG": "C.UTF-8",
  ]

  /// How long one module may take to compile, in seconds.
  static let timeLimit = 180.0

  /// The flags every learner program is compiled with: debug, with line tables for crash
  /// locations (all a backtrace needs, and quicker than full debug information), in Swift 6
  /// mode as the package is; all files in one compiler job (`-wmo`, still unoptimised):
  /// each job loads the engine's and Foundation's modules, which takes longer than compiling
  /// a lesson's file, so one job for the learner's file and the two-line `main` builds a
  /// module in 0.27 s instead of 0.40 s.
  static let flags =
    ["-swift-version", "6", "-Onone", "-wmo", "-gline-tables-only", "-diagnostic-style", "llvm"]
    + linkerFlags

  /// LLVM's linker where the toolchain has it (on Linux, about twice as fast as the system's).
  static let linkerFlags: [String] = {
    #if os(Linux)
      guard let swiftc = Executable.find("swiftc") else { return [] }
      let lld = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("ld.lld")
      return FileManager.default.isExecutableFile(atPath: lld.path) ? ["-use-ld=lld"] : []
    #else
      return []
    #endif
  }()

  /// Builds `module` from the Swift files in `sources`, which a learner names `display`, and
  /// says how the graded tests start the program: in ``sandbox``, able to read only its own
  /// folder and the kit's library, with ``environment`` alone.
  ///
  /// - Returns: the program's entry for a ``LearnerPlan``, or why it was not built.
  /// - Throws: as ``build(_:from:display:)``.
  func server(
    for module: CourseModule, from sources: URL, display: String
  ) throws(GraderError) -> Result<LearnerPlan.Server, ModuleProblem> {
    switch try build(module, from: sources, display: display) {
    case .failed(let problem):
      return .failure(problem)
    case .built(let program):
      let arguments = sandbox.command(
        [program.path],
        reading: [program.deletingLastPathComponent(), kit.library.deletingLastPathComponent()],
        writing: [], purpose: .run)
      return .success(
        LearnerPlan.Server(
          arguments: arguments, environment: Self.environment, sources: sources.path,
          displayFolder: display))
    }
  }

  /// Builds `module` from the Swift files in `sources`, which a learner names `display`.
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` when the compiler fails for a reason that is
  ///   not in the learner's files (it cannot run, or cannot write its output).
  private func build(_ module: CourseModule, from sources: URL, display: String) throws(GraderError)
    -> Outcome
  {
    let files = swiftFileNames(in: sources).map { sources.appendingPathComponent($0) }
    guard !files.isEmpty else {
      return .failed(
        ModuleProblem(
          status: .doesNotCompile, summary: "\(display) holds no Swift file",
          details: ["Put the module's files back: 'swift run gradkit reset \(module.code)'."]))
    }
    let folder = outputFolder.appendingPathComponent(module.folder)
    let program = folder.appendingPathComponent("learner")
    let entry = folder.appendingPathComponent("entry/main.swift")
    let main = "import LessonWire\n\n\(module.lessonType).serveLesson()\n"
    let library = kit.library.deletingLastPathComponent()
    let stamp = Self.stamp(files: files, main: main, kit: kit)
    let stampFile = folder.appendingPathComponent("stamp")
    if FileManager.default.fileExists(atPath: program.path),
      (try? String(contentsOf: stampFile, encoding: .utf8)) == stamp
    {
      return .built(program)
    }
    do {
      try? FileManager.default.removeItem(at: program)
      try FileManager.default.createDirectory(
        at: entry.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.createDirectory(at: moduleCache, withIntermediateDirectories: true)
      try main.write(to: entry, atomically: true, encoding: .utf8)
    } catch {
      throw .cannotRun("cannot write \(folder.path): \(error.localizedDescription)")
    }
    let arguments =
      ["swiftc", "-module-name", LearnerLink.moduleName] + Self.flags
      + ["-I", kit.include.path, "-module-cache-path", moduleCache.path]
      + files.map(\.path) + [entry.path]
      + [
        "-L", library.path, "-l\(Kit.libraryName)", "-Xlinker", "-rpath", "-Xlinker", library.path,
      ]
      + ["-o", program.path]
    let command = sandbox.command(
      arguments,
      reading: [sources, kit.include, library, entry.deletingLastPathComponent()],
      writing: [folder, moduleCache], purpose: .compile)
    let result = Shell.run(
      URL(fileURLWithPath: command[0]), Array(command.dropFirst()),
      in: folder, timeLimit: Self.timeLimit)
    let output = result.output + "\n" + result.errors
    if result.status == 0, !result.timedOut, FileManager.default.fileExists(atPath: program.path) {
      try? stamp.write(to: stampFile, atomically: true, encoding: .utf8)
      return .built(program)
    }
    if let error = CompileError.first(in: output, sources: sources, display: display) {
      return .failed(error.problem)
    }
    return try .failed(Self.explain(output, result: result, module: module, display: display))
  }

  /// The problem a failed compile without an error in the learner's files reports.
  static func explain(
    _ output: String, result: Shell.Result, module: CourseModule, display: String
  ) throws(GraderError) -> ModuleProblem {
    if result.timedOut {
      return ModuleProblem(
        status: .doesNotCompile,
        summary: "\(display) took the compiler more than \(Int(timeLimit)) s",
        details: ["Look for a long expression the type checker struggles with; split it up."])
    }
    if output.contains("/entry/main.swift:"), output.contains(module.lessonType) {
      return ModuleProblem(
        status: .doesNotCompile,
        summary: "\(display) must define `\(module.lessonType)`, the type the stub declares",
        details: [
          "The grader calls \(module.lessonType)'s functions; keep the stub's declaration.",
          "'swift run gradkit reset \(module.code)' shows the stub again (your file is backed up).",
        ])
    }
    let unresolved = ["undefined reference to", "undefined symbol:", "Undefined symbols"]
    if let line = output.split(separator: "\n").first(where: { line in
      unresolved.contains { line.contains($0) }
    }) {
      // GNU ld quotes the symbol ('$s…'); lld names it after "undefined symbol: ".
      let quoted = line.split(separator: "'").dropFirst().first.map(String.init)
      let named = line.components(separatedBy: "undefined symbol: ").dropFirst().first
      let symbol = quoted ?? named ?? "a symbol"
      return ModuleProblem(
        status: .doesNotCompile,
        summary: "\(display) could not be linked: it refers to \(sanitized(symbol)), which no"
          + " module provides",
        details: [
          "A learner program holds only your files and the engine: declare everything you call."
        ])
    }
    if result.crashed || output.contains("compile command failed due to signal") {
      return ModuleProblem(
        status: .doesNotCompile,
        summary: "the Swift compiler crashed on \(display)",
        details: ["This is a compiler bug; rewriting the code you changed last usually avoids it."])
    }
    throw .cannotRun(
      "the Swift compiler failed on \(display) without an error in it:\n"
        + output.split(separator: "\n").suffix(12).joined(separator: "\n"))
  }

  /// What decides a program: the kit, the compiler flags, the main and every file's name and bytes.
  static func stamp(files: [URL], main: String, kit: Kit) -> String {
    var hash = FNV()
    hash.mix(kit.fingerprint)
    hash.mix(flags.joined(separator: " "))
    hash.mix(main)
    for file in files {
      hash.mix(file.path)
      hash.mix((try? Data(contentsOf: file)) ?? Data())
    }
    return hash.text
  }
}
