import Testing

@testable import Grader

@Suite("Board and grade report")
struct ViewTests {
  static let plain = Style(usesColor: false)

  static func outcome(_ name: String, _ status: TestOutcome.Status, _ messages: [String] = [])
    -> TestOutcome
  {
    TestOutcome(
      id: "GradedTests.PerceptronTests/\(name)()", name: name, status: status, messages: messages)
  }

  @Test("module status follows its tests")
  func moduleStatus() {
    func status(_ statuses: [TestOutcome.Status]) -> ModuleStatus {
      ModuleResult(
        module: "perceptron", tests: statuses.map { Self.outcome("t", $0) }
      ).status
    }
    #expect(status([.passed, .passed]) == .passed)
    #expect(status([.notStarted, .notStarted]) == .notStarted)
    #expect(status([.passed, .failed, .notStarted]) == .failing(count: 2, of: 3))
    #expect(status([.passed, .crashed]) == .crashed(count: 1))
    #expect(status([.crashed, .timedOut]) == .timedOut(count: 1))
    #expect(
      ModuleResult(module: "perceptron", tests: [], buildErrors: ["x: error: y"]).status
        == .doesNotCompile)
  }

  @Test("the board shows each module's status and points, the score, and the next step")
  func board() {
    let result = ModuleResult(
      module: "perceptron",
      tests: [Self.outcome("step", .passed), Self.outcome("trick", .failed, ["expected 1, got 0"])])
    let text = BoardView(results: [result], seed: 7, isCached: false).render(Self.plain)
    #expect(text.contains("01  The perceptron"))
    #expect(text.contains("✘ failing 1 of 2"))
    #expect(text.contains("1/2"))
    #expect(text.contains("Score 1/2 points (50%)"))
    #expect(text.contains("First to fix: \"trick\" (failed)"))
    #expect(text.contains("swift run gradkit hint 01"))
    #expect(!text.contains("\u{1B}["), "plain style must not colour")
  }

  @Test("a grade report explains each test that did not pass")
  func gradeReport() {
    let result = ModuleResult(
      module: "perceptron",
      tests: [
        Self.outcome(
          "step", .notStarted, ["Exercises/P.swift:3: Fatal error: not implemented yet: step(_:)"]),
        Self.outcome(
          "trick", .crashed,
          ["Fatal error: Index out of range", "at exercises/01-Perceptron/P.swift:9:5"]),
      ])
    let text = GradeView(results: [result], implementation: "exercises", seed: 7).render(Self.plain)
    #expect(text.contains("· step\n      not started"))
    #expect(text.contains("✘ trick\n      crashed: your code stopped the test process"))
    #expect(text.contains("at exercises/01-Perceptron/P.swift:9:5"))
    #expect(text.contains("replay these inputs with --seed 7"))
  }
}
