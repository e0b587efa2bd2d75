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
