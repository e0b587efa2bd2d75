import Foundation
import LessonWire
import Testing

@testable import Grader

@Suite("Event stream")
struct EventStreamTests {
  @Test("a planned test function is read with its display name and line")
  func plannedFunction() {
    let line = """
      {"kind":"test","payload":{"displayName":"four","id":"LibTests.S\\/four()\\/T.swift:7:3",\
      "isParameterized":false,"kind":"function","name":"four()","sourceLocation":{"_filePath":"\\/t\\/T.swift",\
      "column":3,"fileID":"LibTests\\/T.swift","line":7}},"version":0}
      """
    #expect(
      TestEvent(line: Substring(line)) == .planned(id: "LibTests.S/four()", name: "four", line: 7))
  }

  @Test("suites and run events are left out")
  func suitesIgnored() {
    let suite = """
      {"kind":"test","payload":{"displayName":"My suite","id":"LibTests.S","kind":"suite","name":"S"},"version":0}
      """
    let started = """
      {"kind":"event","payload":{"kind":"testStarted","testID":"LibTests.S"},"version":0}
      """
    #expect(TestEvent(line: Substring(suite)) == nil)
    #expect(TestEvent(line: Substring(started)) == nil)
  }

  @Test("an issue keeps its summary and its comment, a known issue is dropped")
  func issues() {
    let issue = """
      {"kind":"event","payload":{"_comments":["f(2) should be 5"],"issue":{"isKnown":false},\
      "kind":"issueRecorded","messages":[{"symbol":"fail","text":"Expectation failed: (f(2) → 4) == 5"},\
      {"symbol":"details","text":"f(2) should be 5"}],"testID":"LibTests.S\\/two()\\/T.swift:5:3"},"version":0}
      """
    #expect(
      TestEvent(line: Substring(issue))
        == .issue(
          id: "LibTests.S/two()",
          lines: ["Expectation failed: (f(2) → 4) == 5", "f(2) should be 5"]))
    let known = issue.replacingOccurrences(of: "\"isKnown\":false", with: "\"isKnown\":true")
    #expect(TestEvent(line: Substring(known)) == nil)
  }

  @Test("a failed call into the learner's program is read as an issue, even a known one")
  func knownLearnerFailure() throws {
    let failure = LearnerFailure(status: .crashed, call: "f(_:)", message: "Fatal error")
    let text = try #require(
      String(data: JSONEncoder().encode(failure.recorded), encoding: .utf8))
    let issue = """
      {"kind":"event","payload":{"issue":{"isKnown":true},"kind":"issueRecorded",\
      "messages":[{"symbol":"fail","text":"Issue recorded"},{"symbol":"details","text":\(text)}],\
      "testID":"LibTests.S\\/two()\\/T.swift:5:3"},"version":0}
      """
    #expect(
      TestEvent(line: Substring(issue)) == .issue(id: "LibTests.S/two()", lines: [failure.recorded])
    )
  }

  @Test("a filter selects exactly one test, escaping the regular expression's special characters")
  func filterEscapes() throws {
    let filter = try Regex(TestID.filter(for: "GradedTests.S/step(_:)"))
    #expect("GradedTests.S/step(_:)/S.swift:3:4".contains(filter))
    #expect(!"GradedTests.S/step(_:)Twice()/S.swift:9:4".contains(filter))
    #expect(!"GradedTestsXS/step(_:)/S.swift:3:4".contains(filter))
  }
}

@Suite("Repeated diagnoses")
struct RepeatedDiagnosisTests {
  @Test("a test that a failed call ended keeps its notes, collapsed, then the failure")
  func closedByFailure() throws {
    func event(_ kind: String, _ extra: String = "") -> Substring {
      Substring(
        "{\"kind\":\"event\",\"payload\":{\"kind\":\"\(kind)\",\"testID\":"
          + "\"LibTests.S\\/two()\\/T.swift:5:3\"\(extra)},\"version\":0}")
    }
    func issue(_ text: String, known: Bool = false) throws -> Substring {
      let json = try #require(String(data: JSONEncoder().encode(text), encoding: .utf8))
      return event(
        "issueRecorded",
        ",\"issue\":{\"isKnown\":\(known)},\"messages\":[{\"symbol\":\"details\",\"text\":\(json)}]"
      )
    }
    let failure = LearnerFailure(status: .crashed, call: "f(_:)", message: "Fatal error")
    var ledger = Ledger(planned: [CatalogueEntry(id: "LibTests.S/two()", name: "two", line: 5)])
    for line in [
      event("testStarted"),
      try issue("input 1\n  Likely mistake: no shift."),
      try issue("input 2\n  Likely mistake: as above (no shift) … and 1 more input shows it."),
      try issue("input 3\n  Likely mistake: as above (no shift) … and 2 more inputs show it."),
      try issue(failure.recorded, known: true),
      event("testEnded"),
    ] {
      ledger.apply(line)
    }
    let outcome = try #require(ledger.outcomes.first)
    #expect(outcome.status == .crashed)
    #expect(
      outcome.messages == [
        "input 1\n  Likely mistake: no shift.", "input 2",
        "input 3\n  Likely mistake: as above (no shift) … and 2 more inputs show it.",
      ] + failure.explanation)
    #expect(ledger.remaining.isEmpty && ledger.current == nil)
  }

  @Test("a repeated diagnosis's pointer line is kept only where its count is final")
  func collapsed() {
    let notes = [
      "input 1\n  Likely mistake: no max shift: subtract the maximum.",
      "input 2\n  Likely mistake: as above (no max shift) … and 1 more input shows the same mistake.",
      "input 3\n  Likely mistake: as above (no max shift) … and 2 more inputs show the same mistake.",
      "input 4\n  expected 1, got 2",
    ]
    #expect(
      Ledger.collapsingRepeatedDiagnoses(notes) == [
        "input 1\n  Likely mistake: no max shift: subtract the maximum.",
        "input 2",
        "input 3\n  Likely mistake: as above (no max shift) … and 2 more inputs show the same mistake.",
        "input 4\n  expected 1, got 2",
      ])
  }
}
