import Testing

@testable import Grader

/// What `gradkit check` and `compare` say when a run of the lab shows no value.
@Suite("Lab runs without a value")
struct LabProblemTests {
  static func problem(errors: String, crashed: Bool = false) -> [String]? {
    LabSession.problem(
      in: Shell.Result(status: crashed ? 134 : 2, output: "", errors: errors, crashed: crashed),
      hasValue: false, ifTimedOut: "stopped"
    )?.lines
  }

  @Test("a lab that stops with a message of its own says it, not \"no message\"")
  func ownMessage() {
    #expect(
      Self.problem(errors: "your deepStackForward returned 3×5, expected 5×3\n")
        == ["the lab stopped: your deepStackForward returned 3×5, expected 5×3"])
  }

  @Test("a crash of the lab names the runtime's message")
  func crash() {
    #expect(
      Self.problem(errors: "Lab/main.swift:9: Fatal error: out of range\n", crashed: true)
        == ["the lab stopped: Fatal error: out of range"])
  }

  @Test("a lab that stops silently says so")
  func silent() {
    #expect(Self.problem(errors: "") == ["the lab stopped: no message"])
  }
}
