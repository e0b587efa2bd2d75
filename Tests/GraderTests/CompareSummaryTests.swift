import Foundation
import LessonWire
import Testing

@testable import Grader

/// The last line of `gradkit compare`: what went wrong, each kind counted on its own.
@Suite("Compare summary")
struct CompareSummaryTests {
  /// A probe's comparison, as the lab's run of it reads: the reference's value, and the
  /// learner's value or the failure the learner's program reported.
  static func comparison(learner: Double? = nil, failure: LearnerFailure.Status? = nil)
    -> ProbeComparison
  {
    func line(_ side: ProbeOutput.Side, _ value: Double) -> String {
      let output = ProbeOutput(probe: 0, name: "p", input: "x", side: side, value: .number(value))
      return String(decoding: try! ProbeOutput.encoder.encode(output), as: UTF8.self)
    }
    let output = [line(.reference, 1)] + (learner.map { [line(.learner, $0)] } ?? [])
    let errors =
      failure.map { LearnerFailure(status: $0, call: "softmax(_:)", message: "stopped").recorded }
      ?? ""
    return ProbeComparison(
      result: Shell.Result(status: 0, output: output.joined(separator: "\n"), errors: errors),
      index: 0, timeLimit: 10)
  }

  @Test("crashes and stubs are counted apart from values that differ")
  func kindsApart() {
    let comparisons = [
      Self.comparison(learner: 1), Self.comparison(learner: 2),
      Self.comparison(failure: .crashed), Self.comparison(failure: .timedOut),
      Self.comparison(failure: .notStarted),
    ]
    #expect(
      CompareCommand.summary(of: comparisons)
        == "1 of 5 differ from the reference; 2 of 5 gave no value (a crash or the time limit); "
        + "1 of 5 reach a stub you have not written yet.")
  }

  @Test("two crashes are not called differences")
  func crashesOnly() {
    let comparisons = [
      Self.comparison(learner: 1), Self.comparison(failure: .crashed),
      Self.comparison(failure: .crashed),
    ]
    #expect(
      CompareCommand.summary(of: comparisons)
        == "2 of 3 gave no value (a crash or the time limit).")
  }

  @Test("values that all agree need no summary")
  func allAgree() {
    #expect(CompareCommand.summary(of: [Self.comparison(learner: 1)]) == nil)
  }
}
