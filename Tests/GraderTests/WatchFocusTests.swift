import Testing

@testable import Grader

/// What `watch` and the board say after a save: which module they follow, and which seed
/// they name, and what they say while they grade.
@Suite("Watch focus and the board's seed")
struct WatchFocusTests {
  /// Every module's result: failing where `failing` names it, passed elsewhere.
  static func results(failing: Set<String>) -> [ModuleResult] {
    Course.modules.map { module in
      ModuleResult(
        module: module.name,
        tests: [
          TestOutcome(
            id: "GradedTests.T/t()", name: "t",
            status: failing.contains(module.name) ? .failed : .passed,
            messages: [])
        ])
    }
  }

  @Test("watch follows the module just saved when it does not pass, not the first unfinished one")
  func followsTheSave() {
    let results = Self.results(failing: ["perceptron", "backprop", "momentum"])
    #expect(WatchCommand.focus(results: results, graded: ["backprop"])?.name == "backprop")
    #expect(
      WatchCommand.focus(results: results, graded: ["momentum", "backprop"])?.name == "backprop",
      "of several saved, the first in course order")
  }

  @Test("when the saved module passes, watch moves to the first unfinished module")
  func movesOn() {
    let results = Self.results(failing: ["softmax", "momentum"])
    #expect(WatchCommand.focus(results: results, graded: ["backprop"])?.name == "softmax")
    #expect(WatchCommand.focus(results: results, graded: [])?.name == "softmax")
    #expect(WatchCommand.focus(results: Self.results(failing: []), graded: ["backprop"]) == nil)
  }

  @Test("stored results name their seed only when they share one")
  func sharedSeed() {
    func outcome(_ seeds: [String: UInt64]) -> ExerciseGrading.Outcome {
      ExerciseGrading.Outcome(results: [], lastGraded: [:], seeds: seeds, graded: [])
    }
    #expect(outcome(["perceptron": 4, "softmax": 4]).seed == 4)
    #expect(outcome(["perceptron": 4, "softmax": 9]).seed == nil)
    #expect(outcome([:]).seed == nil)
  }

  @Test("a board of results with different seeds names none of them")
  func boardWithoutSeed() {
    let text = BoardView(results: Self.results(failing: []), seed: nil, isCached: true)
      .render(Style(usesColor: false))
    #expect(text.contains("each module with the seed of its last grade (nothing changed since)"))
    #expect(!text.contains("graded with seed"))
  }

  @Test("grading several modules is announced; one module is not")
  func gradingNote() {
    #expect(
      ExerciseGrading.gradingNote(for: [.perceptron, .softmax])
        == "Grading 2 modules (01, 03)…")
    #expect(ExerciseGrading.gradingNote(for: [.softmax]) == nil)
  }
}
