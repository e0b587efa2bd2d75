import Foundation
import Testing

@testable import Grader

/// Nothing is lost and nothing is blamed on the learner that is not theirs.
@Suite("Robustness")
struct RobustnessTests {
  static func scratch() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-robust-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test("a corrupt state file is kept as a backup, with a warning, and a fresh one started")
  func corruptState() throws {
    let root = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let store = ProgressStore(workspace: Workspace(root: root))
    try FileManager.default.createDirectory(
      at: store.file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("{ \"hintsSeen\": { \"softmax\": 3 ".utf8).write(to: store.file)
    var warnings: [String] = []
    let progress = store.load { warnings.append($0) }
    #expect(progress == Progress())
    #expect(warnings.count == 1 && warnings[0].contains("is kept as state.json.unreadable-"))
    let kept = try FileManager.default.contentsOfDirectory(
      atPath: store.file.deletingLastPathComponent().path
    ).filter { $0.hasPrefix("state.json.unreadable-") }
    #expect(kept.count == 1)
  }

  @Test("a state file from the earlier version keeps its hints")
  func earlierState() throws {
    let root = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let store = ProgressStore(workspace: Workspace(root: root))
    try FileManager.default.createDirectory(
      at: store.file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(#"{"fingerprint":"x","seed":4,"results":{},"hintsSeen":{"softmax":2}}"#.utf8)
      .write(to: store.file)
    var warnings: [String] = []
    #expect(store.load { warnings.append($0) }.hintsSeen == ["softmax": 2])
    #expect(warnings.isEmpty)
  }

  @Test("a compiler failure with no error in the learner's files is gradkit's problem, not a grade")
  func compilerFailureWithoutDiagnostic() {
    let result = Shell.Result(
      status: 1, output: "error: unable to open output file: Permission denied")
    #expect(throws: GraderError.self) {
      try LearnerBuild.explain(
        result.output, result: result, module: .softmax, display: "exercises/03-Softmax")
    }
  }

  @Test("a missing type, a crashed compiler and an unlinkable symbol are the module's problems")
  func moduleProblems() throws {
    let missing = try LearnerBuild.explain(
      "/x/entry/main.swift:3:1: error: cannot find 'Softmax' in scope",
      result: Shell.Result(status: 1, output: ""), module: .softmax,
      display: "exercises/03-Softmax")
    #expect(missing.summary.contains("must define `Softmax`"))
    let crashed = try LearnerBuild.explain(
      "error: compile command failed due to signal 11",
      result: Shell.Result(status: 1, output: ""), module: .softmax,
      display: "exercises/03-Softmax")
    #expect(crashed.summary == "the Swift compiler crashed on exercises/03-Softmax")
    let unlinked = try LearnerBuild.explain(
      "a.o:function main: error: undefined reference to '$s9Solutions1fyyF'",
      result: Shell.Result(status: 1, output: ""), module: .softmax,
      display: "exercises/03-Softmax")
    #expect(unlinked.summary.contains("refers to $s9Solutions1fyyF"))
    let unlinkedByLLD = try LearnerBuild.explain(
      "ld.lld: error: undefined symbol: $s9Solutions1fyyF\n>>> referenced by main.swift",
      result: Shell.Result(status: 1, output: ""), module: .softmax,
      display: "exercises/03-Softmax")
    #expect(unlinkedByLLD.summary.contains("refers to $s9Solutions1fyyF, which no module provides"))
  }

  @Test("a checkout moved or copied elsewhere gets a module cache of its own, the old one removed")
  func movedModuleCache() throws {
    let root = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let kit = Kit(
      launcher: TestLauncher(executable: root, leadingArguments: [], directory: root),
      include: root, library: root, catalogue: Catalogue(tests: [:]), fingerprint: "test")
    let (before, after) = (root.appendingPathComponent("a"), root.appendingPathComponent("b"))
    let old = LearnerBuild(kit: kit, sandbox: .none, outputFolder: before).moduleCache
    let current = LearnerBuild(kit: kit, sandbox: .none, outputFolder: after).moduleCache
    #expect(current.path.hasPrefix(after.path + "/ModuleCache/"))
    #expect(current.lastPathComponent != old.lastPathComponent)
    // The cache the compiler filled at `after` itself, the one it filled when the learners'
    // folder was at `before` (moved along), and a file of the layout without a folder per path.
    let filled = current.appendingPathComponent("Swift.swiftmodule")
    let moved = after.appendingPathComponent("ModuleCache/\(old.lastPathComponent)")
    let earlier = after.appendingPathComponent("ModuleCache/modules.timestamp")
    for folder in [current, moved] {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    for file in [filled, earlier] { try Data().write(to: file) }
    _ = LearnerBuild(kit: kit, sandbox: .none, outputFolder: after)
    #expect(FileManager.default.fileExists(atPath: filled.path), "its own cache is kept")
    #expect(
      !FileManager.default.fileExists(atPath: moved.path),
      "the moved cache, which the compiler refuses, is removed")
    #expect(!FileManager.default.fileExists(atPath: earlier.path))
  }

  @Test("a state folder that cannot be written stops the run before anything is graded")
  func unwritableStateFolder() {
    #expect {
      try RunLock(Workspace(root: URL(fileURLWithPath: "/etc/hostname"))) { _ in }
    } throws: { error in
      guard case .cannotRun(let message) = error as? GraderError else { return false }
      return message.contains("run it as a user who can write the checkout")
    }
  }

  @Test("the first compiler error is read with its file, line and column, the rest ignored")
  func firstError() throws {
    let sources = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: sources) }
    try "let a = 1\nlet b: Int = \"x\"\n".write(
      to: sources.appendingPathComponent("A.swift"), atomically: true, encoding: .utf8)
    let output = """
      \(sources.path)/A.swift:2:14: error: cannot convert value of type 'String' to specified type 'Int'
      \(sources.path)/A.swift:9:1: error: a follow-on error
      /other/B.swift:1:1: error: not the learner's
      """
    let error = try #require(
      CompileError.first(in: output, sources: sources, display: "exercises/01-Perceptron"))
    #expect(error.file == "exercises/01-Perceptron/A.swift")
    #expect(error.line == 2 && error.column == 14)
    #expect(error.sourceLine == "let b: Int = \"x\"")
    #expect(error.problem.details == ["    let b: Int = \"x\"", "                 ^"])
  }

  @Test(
    "the caret counts the compiler's byte columns: it stays under the error after a Greek letter")
  func caretAfterNonASCII() {
    // swiftc reports `let α: Int = "x"` at column 15: α is two bytes.
    let error = CompileError(
      file: "A.swift", line: 1, column: 15, message: "cannot convert",
      sourceLine: "let α: Int = \"x\"")
    #expect(error.problem.details == ["    let α: Int = \"x\"", "                 ^"])
  }

  @Test("a file that is not UTF-8 still shows its line and a caret under the error")
  func notUTF8() throws {
    let sources = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: sources) }
    try Data("let a = 1\nlet b = \"".utf8 + [0xE9] + Data("t\u{E9}\"\n".utf8)).write(
      to: sources.appendingPathComponent("A.swift"))
    let output = "\(sources.path)/A.swift:2:10: error: invalid UTF-8 found in source file"
    let error = try #require(
      CompileError.first(in: output, sources: sources, display: "exercises/01-Perceptron"))
    #expect(error.problem.details == ["    let b = \"\u{FFFD}té\"", "             ^"])
  }

  @Test("stopping a program stops every process of its group, e.g. a compiler's children")
  func stopsGroup() throws {
    let marker = try Self.scratch().appendingPathComponent("child")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "sleep 30 & echo $! > \(marker.path); wait"]
    try process.run()
    ChildProcesses.track(process)
    var child: Int32?
    for _ in 0..<200 where child == nil {
      usleep(10_000)
      child = (try? String(contentsOf: marker, encoding: .utf8))
        .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    let pid = try #require(child)
    defer { kill(pid, SIGKILL) }
    ChildProcesses.stop(process)
    // The child is gone, or a zombie waiting for init, within moments; allow a loaded machine 5 s.
    var stopped: Bool { kill(pid, 0) != 0 || Self.isZombie(pid) }
    let deadline = Date().addingTimeInterval(5)
    while !stopped, Date() < deadline { usleep(10_000) }
    #expect(stopped, "the shell's sleeping child \(pid) was stopped")
  }

  static func isZombie(_ pid: Int32) -> Bool {
    ((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "").contains(") Z ")
  }

  @Test("two resets in the same second keep two backups")
  func backupsOfOneSecond() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = ResetCommand.unusedFolder(in: folder, named: "03-Softmax-20261203-041500")
    #expect(first.lastPathComponent == "03-Softmax-20261203-041500")
    try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
    let second = ResetCommand.unusedFolder(in: folder, named: "03-Softmax-20261203-041500")
    #expect(second.lastPathComponent == "03-Softmax-20261203-041500-2")
    try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
    #expect(
      ResetCommand.unusedFolder(in: folder, named: "03-Softmax-20261203-041500")
        .lastPathComponent == "03-Softmax-20261203-041500-3")
  }
}

@Suite("Submissions")
struct SubmissionTests {
  static func folder(_ files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-submission-\(UUID().uuidString)")
    for (path, text) in files {
      let file = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
    }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    return root
  }

  static let expected: [CourseModule: [String]] = [
    .perceptron: ["Perceptron.swift"], .softmax: ["Softmax.swift"],
    .backpropagation: ["Backpropagation.swift", "Value.swift"],
  ]

  @Test("files uploaded flat are matched to their module by name; the rest are not submitted")
  func flat() throws {
    let upload = try Self.folder(["Perceptron.swift": "// 01", "Value.swift": "// 06"])
    let copy = upload.appendingPathComponent("copy")
    let prepared = try Submission.prepare(upload, into: copy, expected: Self.expected)
    #expect(prepared.layout.contains("flat"))
    #expect(
      FileManager.default.fileExists(
        atPath: copy.appendingPathComponent("01-Perceptron/Perceptron.swift").path))
    #expect(
      FileManager.default.fileExists(
        atPath: copy.appendingPathComponent("06-Backpropagation/Value.swift").path))
    #expect(prepared.refusals["perceptron"] == nil)
    #expect(prepared.refusals["softmax"]?.status == .notSubmitted)
    #expect(prepared.refusals["softmax"]?.summary.hasPrefix("not submitted") == true)
    #expect(
      prepared.refusals["softmax"]?.details == ["Expected exercises/03-Softmax/Softmax.swift."])
  }

  @Test("a module folder without a .swift file names the files it holds instead")
  func wrongExtension() throws {
    let upload = try Self.folder([
      "exercises/03-Softmax/Softmax.swift.txt": "// 03",
      "exercises/01-Perceptron/Perceptron.swift": "// 01",
    ])
    let prepared = try Submission.prepare(
      upload, into: upload.appendingPathComponent("copy"), expected: Self.expected)
    let refusal = try #require(prepared.refusals["softmax"])
    #expect(refusal.summary == "not submitted: 03 Softmax has no .swift file")
    #expect(
      refusal.details == [
        "Expected exercises/03-Softmax/Softmax.swift.",
        "Found Softmax.swift.txt: a Swift file's name ends in .swift.",
      ])
  }

  @Test("an empty upload is read: every module not submitted, none an error")
  func empty() throws {
    let upload = try Self.folder([:])
    let prepared = try Submission.prepare(
      upload, into: upload.appendingPathComponent("copy"), expected: Self.expected)
    #expect(prepared.refusals.count == Course.modules.count)
    #expect(prepared.refusals.values.allSatisfy { $0.status == .notSubmitted })
    #expect(prepared.layout.contains("nothing to grade. Upload your module folders"))
  }

  @Test("a folder holding exercises/ is read like an exercises folder")
  func nested() throws {
    let upload = try Self.folder(["exercises/03-Softmax/Softmax.swift": "// 03"])
    let prepared = try Submission.prepare(
      upload, into: upload.appendingPathComponent("copy"), expected: Self.expected)
    #expect(prepared.refusals["softmax"] == nil)
    #expect(prepared.layout.contains("exercises/"))
  }

  @Test(
    "a zip's one wrapping folder is read through, beside __MACOSX/; a link is not followed",
    arguments: [
      "ada-gradkit-main/exercises/03-Softmax/Softmax.swift", "ada-gradkit-main/Softmax.swift",
    ])
  func wrapped(path: String) throws {
    let upload = try Self.folder([path: "// 03", "__MACOSX/ada-gradkit-main/._Softmax.swift": ""])
    // The copy goes beside the upload: a folder of its own inside would be a second folder.
    let copy = try Self.folder([:])
    let prepared = try Submission.prepare(upload, into: copy, expected: Self.expected)
    #expect(prepared.refusals["softmax"] == nil)
    #expect(prepared.layout.hasSuffix(", inside ada-gradkit-main/"))

    let linked = try Self.folder([:])
    try FileManager.default.createSymbolicLink(
      at: linked.appendingPathComponent("ada-gradkit-main"),
      withDestinationURL: upload.appendingPathComponent("ada-gradkit-main"))
    let throughLink = try Submission.prepare(linked, into: copy, expected: Self.expected)
    #expect(throughLink.refusals["softmax"]?.status == .notSubmitted)
  }

  @Test(
    "a file with an odd name, a special file or an oversized file refuses its module",
    arguments: ["Soft\"max.swift", "-rf.swift", "Soft max.swift", "$(id).swift"])
  func oddNames(name: String) throws {
    let upload = try Self.folder(["03-Softmax/Softmax.swift": "// ok", "03-Softmax/\(name)": "//"])
    let prepared = try Submission.prepare(
      upload, into: upload.appendingPathComponent("copy"), expected: Self.expected)
    let refusal = try #require(prepared.refusals["softmax"])
    #expect(refusal.status == .refused)
    #expect(refusal.details.contains { $0.contains("characters a file name may not have") })
    #expect(!refusal.details.joined().contains("\""), "the name is shown without its quote")
  }

  @Test("an oversized file refuses its module, and the advice says how large a file may be")
  func oversized() throws {
    let upload = try Self.folder([
      "03-Softmax/Softmax.swift": String(repeating: "x", count: Submission.maximumFileSize + 1)
    ])
    let prepared = try Submission.prepare(
      upload, into: upload.appendingPathComponent("copy"), expected: Self.expected)
    #expect(prepared.refusals["softmax"]?.details.first?.contains("bytes, more than") == true)
    #expect(prepared.refusals["softmax"]?.details.last?.contains("at most 1024 KB each") == true)
  }
}
