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
    ], seed: 42, implementation: "exercises")

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

  @Test("JUnit XML is well formed, escapes names, and tells failures from errors")
  func junit() throws {
    let xml = Self.reports.junit()
    #expect(xml.contains("name=\"trick &lt;&amp;&gt;\""))
    #expect(xml.contains("<testsuites name=\"GradKit\" tests=\"5\" failures=\"2\" errors=\"1\">"))
    let parser = XMLParser(data: Data(xml.utf8))
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
  }
}

@Suite("Submissions and integrity")
struct SubmissionTests {
  @Test("a mirror copies what changed, keeps what did not, and removes what is gone")
  func mirror() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    defer { try? FileManager.default.removeItem(at: root) }
    let source = root.appendingPathComponent("source")
    let copy = root.appendingPathComponent("copy")
    try FileManager.default.createDirectory(
      at: source.appendingPathComponent("01-A"), withIntermediateDirectories: true)
    try Data("one".utf8).write(to: source.appendingPathComponent("01-A/A.swift"))
    try Submission.mirror(source, to: copy)
    let copied = copy.appendingPathComponent("01-A/A.swift")
    #expect(try String(contentsOf: copied, encoding: .utf8) == "one")
    let firstTime = try copied.resourceValues(forKeys: [.contentModificationDateKey])
      .contentModificationDate
    try Data("stale".utf8).write(to: copy.appendingPathComponent("gone.swift"))
    try Submission.mirror(source, to: copy)
    #expect(
      try copied.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
        == firstTime)
    #expect(!FileManager.default.fileExists(atPath: copy.appendingPathComponent("gone.swift").path))
  }

  @Test(
    "importing or naming the solutions is found; the word in a comment or a string is not",
    arguments: [
      ("import Solutions", true),
      ("@testable import Solutions", true),
      ("  let s = Solutions.Softmax.softmax(x)", true),
      ("import GradedTests", true),
      ("import struct Solutions.Softmax", true),
      ("import Foundation; import Solutions", true),
      ("import GradKit", false),
      ("// compare with the Solutions folder later", false),
      ("let note = 1  // import Solutions", false),
    ])
  func borrowing(line: String, borrows: Bool) {
    #expect(Integrity.borrows(Substring(line)) == borrows)
  }
}
