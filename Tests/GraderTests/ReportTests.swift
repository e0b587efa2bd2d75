import Foundation
import Testing

@testable import Grader

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("Machine-readable reports")
struct ReportTests {
  /// A half-solved module: two passed, one failed, one crashed, one not started.
  static let reports = Reports(
    results: [
      ModuleResult(
        module: "perceptron",
        tests: [
          TestOutcome(id: "a", name: "step", status: .passed),
          TestOutcome(id: "b", name: "predict", status: .passed),
          TestOutcome(id: "c", name: "trick <&>", status: .failed, messages: ["expected 1, got 0"]),
          TestOutcome(id: "d", name: "train", status: .crashed, messages: ["Fatal error"]),
          TestOutcome(
            id: "e", name: "gates", status: .notStarted, messages: ["not implemented yet"]),
        ])
    ], seed: 42, subject: "exercises", duration: 1.25)

  @Test("results.json has Gradescope's fields, one point a passing test")
  func gradescope() throws {
    let object = try JSONSerialization.jsonObject(with: Self.reports.gradescope()) as? [String: Any]
    let json = try #require(object)
    #expect(json["score"] as? Double == 2)
    #expect(json["max_score"] as? Double == 5)
    let tests = try #require(json["tests"] as? [[String: Any]])
    #expect(tests.count == 5)
    #expect(tests.map { $0["score"] as? Double } == [1, 1, 0, 0, 0])
    #expect(tests.allSatisfy { $0["max_score"] as? Double == 1 })
    let statuses = tests.map { $0["status"] as? String }
    #expect(statuses == ["passed", "passed", "failed", "failed", "failed"])
    #expect(tests.map { $0["number"] as? String } == ["1.1", "1.2", "1.3", "1.4", "1.5"])
    #expect(tests[0]["name"] as? String == "01 The perceptron: step")
    #expect((tests[2]["output"] as? String)?.contains("expected 1, got 0") == true)
  }

  @Test("the JSON summary carries the score and every module's status")
  func summary() throws {
    let json = try #require(
      try JSONSerialization.jsonObject(with: Self.reports.json()) as? [String: Any])
    #expect(json["seed"] as? Int == 42)
    #expect(json["score"] as? Double == 2)
    let modules = try #require(json["modules"] as? [[String: Any]])
    #expect(modules.first?["status"] as? String == "crashed in 1 test")
  }

  @Test("results.json tags each test with its real status, and says its output is plain text")
  func gradescopeTags() throws {
    let json = try #require(
      try JSONSerialization.jsonObject(with: Self.reports.gradescope()) as? [String: Any])
    #expect(json["output_format"] as? String == "text")
    #expect(json["execution_time"] as? Double == 1.3)
    let tests = try #require(json["tests"] as? [[String: Any]])
    #expect(
      tests.map { $0["tags"] as? [String] }
        == [["passed"], ["passed"], ["failed"], ["crashed"], ["not started"]])
    #expect(tests.allSatisfy { $0["output_format"] as? String == "text" })
  }

  @Test("a learner's control characters, escape sequences and U+FFFE never reach a report")
  func sanitized() throws {
    let hostile = Reports(
      results: [
        ModuleResult(
          module: "perceptron",
          tests: [
            TestOutcome(
              id: "a", name: "step", status: .crashed,
              messages: ["bad \u{FFFE}\u{1B}[31mred\u{1B}[0m \u{07}bell \u{0}nul"])
          ])
      ], seed: 1, subject: "exercises")
    let xml = hostile.junit()
    #expect(!xml.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0x1B || $0.value < 9 })
    #expect(xml.contains("bad red bell nul"))
    let parser = XMLParser(data: Data(xml.utf8))
    #expect(parser.parse())
    let json = String(decoding: hostile.gradescope(), as: UTF8.self)
    #expect(!json.contains("\\u001b") && !json.contains("\u{FFFE}"))
  }

  @Test("Exercism's results.json: version 3, pass/fail/error, a message for each failure")
  func exercism() throws {
    let json = try #require(
      try JSONSerialization.jsonObject(with: Self.reports.exercism()) as? [String: Any])
    #expect(json["version"] as? Int == 3)
    #expect(json["status"] as? String == "fail")
    let tests = try #require(json["tests"] as? [[String: Any]])
    #expect(tests.map { $0["status"] as? String } == ["pass", "pass", "fail", "error", "fail"])
    #expect(tests[0]["message"] == nil)
    #expect((tests[2]["message"] as? String)?.contains("expected 1, got 0") == true)
    #expect(tests.allSatisfy { ($0["test_code"] as? String)?.contains("--test") == true })
    #expect(tests.allSatisfy { $0["task_id"] as? Int == 1 })
  }

  @Test("Exercism's overall status is error only when no test ran at all")
  func exercismError() throws {
    let problem = ModuleProblem(status: .doesNotCompile, summary: "x.swift:1:1: error: y")
    let broken = Reports(
      results: [
        ModuleResult(
          module: "perceptron",
          catalogue: [CatalogueEntry(id: "a", name: "step", line: 1)], problem: problem)
      ], seed: 1, subject: "exercises")
    let json = try #require(
      try JSONSerialization.jsonObject(with: broken.exercism()) as? [String: Any])
    #expect(json["status"] as? String == "error")
    #expect((json["message"] as? String)?.contains("x.swift:1:1: error: y") == true)
  }

  @Test("a report's replay commands grade the same code: the submission's folder, quoted")
  func replayNamesTheSubject() throws {
    var reports = Self.reports
    reports.subject = "/class/ada lovelace's upload"
    #expect(
      reports.replay.hasSuffix(
        "(replay: swift run gradkit grade --exercises '/class/ada lovelace'\\''s upload' --seed 42)."
      ))
    let object = try JSONSerialization.jsonObject(with: reports.exercism()) as? [String: Any]
    let tests = try #require(object?["tests"] as? [[String: Any]])
    #expect(
      tests[2]["test_code"] as? String
        == "swift run gradkit grade 01 --exercises '/class/ada lovelace'\\''s upload' --seed 42 "
        + "--test 'trick <&>'")
    reports.subject = "solutions"
    #expect(reports.replay.hasSuffix("(replay: swift run gradkit grade --solutions --seed 42)."))
    reports.subject = "exercises"
    #expect(reports.replay.hasSuffix("(replay: swift run gradkit grade --seed 42)."))
  }

  @Test("JUnit XML is well formed, escapes names, and tells failures from errors")
  func junit() throws {
    let xml = Self.reports.junit()
    #expect(xml.contains("name=\"trick &lt;&amp;&gt;\""))
    #expect(
      xml.contains(
        "<testsuites name=\"GradKit\" tests=\"5\" failures=\"2\" errors=\"1\" time=\"1.250\">"))
    let parser = XMLParser(data: Data(xml.utf8))
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
  }
}

@Suite("Reports asked for on the command line")
struct ReportRequestTests {
  /// A new, empty folder in the temporary folder, for a test to remove.
  static func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-reports-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test("several formats in one run, each with its file, or the default file, or an --output")
  func pairs() throws {
    let requests = try ReportRequest.parse(
      formats: ["junit=out/j.xml", "gradescope", "json", "text"], outputs: ["s.json"])
    #expect(
      requests == [
        ReportRequest(format: .junit, file: "out/j.xml"),
        ReportRequest(format: .gradescope, file: "s.json"),
        ReportRequest(format: .json, file: nil),
        ReportRequest(format: .text, file: nil),
      ])
    #expect(try ReportRequest.parse(formats: [], outputs: []) == [ReportRequest(format: .text)])
  }

  @Test("two reports to one file, an --output left over, or an unknown format are refused")
  func refusals() {
    #expect(throws: GraderError.self) {
      try ReportRequest.parse(formats: ["gradescope", "exercism"], outputs: [])
    }
    #expect(throws: GraderError.self) { try ReportRequest.parse(formats: [], outputs: ["x.json"]) }
    #expect {
      try ReportRequest.parse(formats: ["junti"], outputs: [])
    } throws: { error in
      "\(error)".contains("Did you mean 'junit'?")
    }
  }

  @Test("each report goes to its own request's file, the text report too")
  func filesFollowTheirRequests() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-reports-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let command = try GradeCommand(
      Arguments(
        ["--format", "text=report.txt", "--format", "junit=junit.xml", "--format", "json"],
        command: GradeCommand.name, flags: GradeCommand.flags, options: GradeCommand.options))
    let printed = TrainCommandTests.Transcript()
    let context = Context(
      directory: folder, style: Style(usesColor: false), environment: [:],
      write: { printed.append($0) }, writeNote: { _ in })
    try command.write(ReportTests.reports, context: context)
    func contents(_ file: String) throws -> String {
      try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }
    let text = String(decoding: ReportTests.reports.content(.text), as: UTF8.self)
    #expect(text.contains("Grading exercises with seed 42"))
    #expect(try contents("report.txt") == text)
    #expect(try contents("junit.xml") == ReportTests.reports.junit())
    #expect(printed.contents == String(decoding: ReportTests.reports.json(), as: UTF8.self) + "\n")
  }

  @Test("an unwritable report file is refused before anything is graded")
  func unwritable() {
    #expect {
      try ReportRequest.checkWritable([URL(fileURLWithPath: "/etc/hostname/reports/results.json")])
    } throws: { error in
      "\(error)".contains("/etc/hostname is a file, not a folder")
    }
    #expect(throws: Never.self) {
      try ReportRequest.checkWritable([
        FileManager.default.temporaryDirectory.appendingPathComponent("new/folder/r.json")
      ])
    }
  }

  @Test("a report's folder is tried by making a file in it, which is then removed")
  func probedFolder() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(ReportRequest.canCreateFile(in: folder))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    #if os(Linux)
      // For root, permission bits let /proc through, but it makes no files: refused here,
      // not after the whole class has been graded.
      #expect {
        try ReportRequest.checkWritable([URL(fileURLWithPath: "/proc/gradkit-results.json")])
      } throws: { error in
        "\(error)".contains("/proc/gradkit-results.json: /proc is not writable")
      }
    #endif
  }

  @Test("a folder given as a report file is refused before anything is graded")
  func folderAsReport() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let directory = FileManager.default.temporaryDirectory
    for given in [folder.path, folder.path + "/", folder.lastPathComponent, "new-reports/"] {
      #expect {
        try ReportRequest.checkWritable([GradeCommand.destination(of: given, in: directory)])
      } throws: { error in
        "\(error)".contains("is a folder, not a file. Name a file in it")
      }
    }
  }
}

@Suite("Integrity")
struct IntegrityTests {
  @Test(
    "what exercises may not use is found; the word in a comment is not",
    arguments: [
      ("import Solutions", true),
      ("@testable import Solutions", true),
      ("  let s = Solutions.Softmax.softmax(x)", true),
      ("import GradedTests", true),
      ("import struct Solutions.Softmax", true),
      ("import Foundation; import Solutions", true),
      ("@_silgen_name(\"$s9Solutions7SoftmaxO\") func f()", true),
      ("@section(\".init_array\") let hook = f", true),
      ("let t = _typeByName(\"9Solutions7SoftmaxO\")", true),
      ("let h = dlopen(nil, 0)", true),
      ("import GradKit", false),
      ("// compare with the Solutions folder later", false),
      ("let note = 1  // import Solutions", false),
    ])
  func violation(line: String, refused: Bool) {
    #expect((Integrity.violation(in: Substring(line)) != nil) == refused)
  }
}
