import Foundation
import Testing

@testable import Grader

/// The kit of the build these tests run from, staged once in a scratch folder: the real
/// graded tests (this very test product) and the real engine objects, without a nested
/// `swift build` (which would wait for the lock `swift test` holds).
enum TestKit {
  /// The folder with the built products, beside this test product.
  static let products: URL = {
    let bundle = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }
    return (bundle ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
  }()

  /// The checkout these tests were built from.
  static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The kit, or the error that kept it from being staged, in a folder of this process's
  /// (the folders of test processes that have ended are removed first).
  static let kit: Result<Kit, GraderError> = {
    removeFoldersOfEndedRuns()
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(folderPrefix)\(getpid())")
    let launcher = TestLauncher(
      executable: products.appendingPathComponent("GradKitPackageTests.xctest"),
      leadingArguments: ["--testing-library", "swift-testing"], directory: checkout)
    do throws(GraderError) {
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      return .success(
        try Kit.assemble(products: products, launcher: launcher, into: folder, fingerprint: "test"))
    } catch {
      return .failure(error)
    }
  }()

  /// A scratch checkout: the real stubs in `exercises/`, a copy of `solutions/` and of one
  /// test file (for attacks to aim at), and a state folder of its own.
  static func scratchCheckout() throws -> Workspace {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-checkout-\(UUID().uuidString)")
    let manager = FileManager.default
    try manager.createDirectory(at: root, withIntermediateDirectories: true)
    for folder in ["exercises", "solutions"] {
      try manager.copyItem(
        at: checkout.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
    }
    let support = root.appendingPathComponent("Tests/GradedTests/Support")
    try manager.createDirectory(at: support, withIntermediateDirectories: true)
    try manager.copyItem(
      at: checkout.appendingPathComponent("Tests/GradedTests/Support/Graded.swift"),
      to: support.appendingPathComponent("Graded.swift"))
    return Workspace(root: root)
  }

  /// Copies `module`'s solution files over its exercise files in `workspace`.
  static func solve(_ module: CourseModule, in workspace: Workspace) throws {
    let manager = FileManager.default
    let solution = workspace.solutionFolder(of: module)
    for file in try manager.contentsOfDirectory(atPath: solution.path)
    where file.hasSuffix(".swift") {
      let target = workspace.exerciseFolder(of: module).appendingPathComponent(file)
      try? manager.removeItem(at: target)
      try manager.copyItem(at: solution.appendingPathComponent(file), to: target)
    }
  }

  /// Solves `module` in `workspace`, then gives the function `name` of the exercise file
  /// `file`, declared `public static func name(_ x: Double) -> Double`, the body `body`
  /// instead (the solution's body stays below, in an unused function `originalName`).
  static func solve(
    _ module: CourseModule, in workspace: Workspace, file: String, giving name: String,
    body: String
  ) throws {
    try solve(module, in: workspace)
    let url = workspace.exerciseFolder(of: module).appendingPathComponent(file)
    let signature = "static func \(name)(_ x: Double) -> Double {"
    let original = "static func original\(name.prefix(1).uppercased() + name.dropFirst())"
    let text = try String(contentsOf: url, encoding: .utf8)
    try #require(text.contains("public " + signature), "\(file) has no \(signature)")
    try text.replacingOccurrences(
      of: "public " + signature,
      with: "public \(signature)\n    \(body)\n  }\n  \(original)(_ x: Double) -> Double {"
    ).write(to: url, atomically: true, encoding: .utf8)
  }

  /// An upload folder `name` in `workspace` holding `module`'s solution file `file` as
  /// `edit` changes it: a learner's submission with one planted fault.
  static func upload(
    _ module: CourseModule, file: String, as name: String, in workspace: Workspace,
    edit: (String) -> String
  ) throws -> URL {
    let upload = workspace.root.appendingPathComponent(name)
    let folder = upload.appendingPathComponent(module.folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let text = try String(
      contentsOf: workspace.solutionFolder(of: module).appendingPathComponent(file),
      encoding: .utf8)
    try edit(text).write(
      to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
    return upload
  }

  /// Grades `modules` of `subject` in `workspace` with the test kit, on a thread of its own
  /// while the learner's programs compile and run.
  static func grade(
    _ modules: [CourseModule], subject: GradingSession.Subject, in workspace: Workspace,
    sandbox: Sandbox = .none, screensSources: Bool = true, timeLimit: Double = 10
  ) async throws -> GradingSession.Report {
    try await onOwnThread {
      var session = GradingSession(
        workspace: workspace, subject: subject, seed: 1, timeLimit: timeLimit, deadline: 300,
        sandbox: sandbox, screensSources: screensSources)
      session.sharedModuleCaches = moduleCaches
      return try session.grade(modules, kit: kit.get())
    }
  }

  /// The compiler's module caches every scratch checkout's programs share: a scratch
  /// checkout is graded once or twice, and a cold cache costs its first program about a
  /// second.
  static let moduleCaches = FileManager.default.temporaryDirectory
    .appendingPathComponent("\(folderPrefix)\(getpid())/ModuleCaches")

  /// The module cache of the programs that tests build themselves, unsandboxed.
  static var plainModuleCache: URL {
    LearnerBuild.sharedModuleCache(in: moduleCaches, sandbox: .none)
  }

  /// What the name of a test process's kit folder starts with; its process number follows.
  static let folderPrefix = "gradkit-test-kit-"

  /// Removes the kit folders of test processes that are no longer running: each holds a kit
  /// and module caches, about 50 MB.
  static func removeFoldersOfEndedRuns() {
    let temporary = FileManager.default.temporaryDirectory
    for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
    where name.hasPrefix(folderPrefix) {
      guard let pid = pid_t(name.dropFirst(folderPrefix.count)), pid != getpid(),
        kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
    }
  }
}
