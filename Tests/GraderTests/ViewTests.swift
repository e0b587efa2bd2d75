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
    #expect(status([.passed, .failed, .failed]) == .failing(count: 2, of: 3, stubs: 0))
    #expect(status([.passed, .failed, .failed]).description == "failing 2 of 3")
    // Two failures among thirteen stubs are not "failing 15 of 15".
    let mixed = status([.failed, .failed] + Array(repeating: .notStarted, count: 13))
    #expect(mixed == .failing(count: 2, of: 15, stubs: 13))
    #expect(mixed.description == "failing 2, 13 stubs")
    #expect(status([.failed, .notStarted]).description == "failing 1, 1 stub")
    // Half done, the rest still stubs: nothing fails yet.
    #expect(status([.passed, .notStarted, .notStarted]).description == "2 stubs to write")
    #expect(status([.passed, .passed, .notStarted]).description == "1 stub to write")
    #expect(status([.passed, .crashed]) == .crashed(count: 1))
    #expect(status([.crashed, .timedOut]) == .timedOut(count: 1))
    let problem = ModuleProblem(status: .doesNotCompile, summary: "x.swift:1:2: error: y")
    #expect(
      ModuleResult(module: "perceptron", catalogue: [], problem: problem).status == .doesNotCompile)
    #expect(status([.passed, .notRun]) == .notRun(count: 1))
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
    let text = GradeView(results: [result], subject: "exercises", seed: 7).render(Self.plain)
    #expect(text.contains("· step\n      not started"))
    #expect(text.contains("✘ trick\n      crashed: your code stopped its process"))
    #expect(text.contains("at exercises/01-Perceptron/P.swift:9:5"))
    #expect(text.contains("replay these inputs with --seed 7"))
  }
}

@Suite("A module that does not compile")
struct BrokenModuleViewTests {
  static let plain = Style(usesColor: false)
  static let catalogue = [
    CatalogueEntry(id: "GradedTests.StepVsSigmoidTests/a()", name: "step is 1 at 0", line: 3),
    CatalogueEntry(id: "GradedTests.StepVsSigmoidTests/b()", name: "sigmoid", line: 9),
  ]
  static let error = CompileError(
    file: "exercises/02-StepVsSigmoid/StepVsSigmoid.swift", line: 12, column: 21,
    message: "cannot convert value of type 'String' to specified type 'Double'",
    sourceLine: "    let x: Double = \"one\"")

  @Test("the first error is shown with its file, line, column, source line and a caret")
  func caret() {
    let problem = Self.error.problem
    #expect(
      problem.summary
        == "exercises/02-StepVsSigmoid/StepVsSigmoid.swift:12:21: error: cannot convert value"
        + " of type 'String' to specified type 'Double'")
    #expect(problem.details == ["        let x: Double = \"one\"", "                        ^"])
  }

  @Test("its tests count as failed with the error, so the total never shrinks")
  func totalStays() {
    let broken = ModuleResult(
      module: "sigmoid", catalogue: Self.catalogue, problem: Self.error.problem)
    #expect(broken.tests.count == 2)
    #expect(broken.tests.allSatisfy { $0.status == .doesNotCompile })
    #expect(broken.tests[0].messages.first?.hasPrefix("exercises/02-StepVsSigmoid/") == true)
    let points = Scoring.points(for: broken)
    #expect(points.earned == 0 && points.possible == 2)
  }

  @Test("the board says the module does not compile now, its error, and its last graded points")
  func board() {
    let broken = ModuleResult(
      module: "sigmoid", catalogue: Self.catalogue, problem: Self.error.problem)
    let earlier = ModuleResult(
      module: "sigmoid",
      tests: Self.catalogue.map { TestOutcome(id: $0.id, name: $0.name, status: .passed) })
    let text = BoardView(
      results: [broken], lastGraded: ["sigmoid": earlier], seed: 3, isCached: false
    ).render(Self.plain)
    #expect(text.contains("✘ does not compile"))
    #expect(text.contains("0/2   (last graded 2/2)"))
    #expect(
      text.contains("02 does not compile: exercises/02-StepVsSigmoid/StepVsSigmoid.swift:12:21"))
    #expect(text.contains("                          ^"))
    #expect(text.contains("Next: make 02 Step vs. sigmoid compile again"))
    #expect(!text.contains("re-clone"))
  }

  @Test("a stored result keeps the last graded one while the module does not compile")
  func lastGradedKept() {
    var progress = Progress()
    let earlier = ModuleResult(
      module: "sigmoid",
      tests: Self.catalogue.map { TestOutcome(id: $0.id, name: $0.name, status: .passed) })
    progress.record(earlier, fingerprint: "a", seed: 1)
    let broken = ModuleResult(
      module: "sigmoid", catalogue: Self.catalogue, problem: Self.error.problem)
    progress.record(broken, fingerprint: "b", seed: 2)
    #expect(progress.modules["sigmoid"]?.result == broken)
    #expect(progress.modules["sigmoid"]?.lastGraded == earlier)
    progress.record(earlier, fingerprint: "c", seed: 3)
    #expect(progress.modules["sigmoid"]?.result == earlier)
  }
}

@Suite("Hints by topic")
struct HintTopicTests {
  @Test(
    "the first failing test's name picks the hint about its topic",
    arguments: [
      (CourseModule.softmax, "softmaxBackward matches the numeric gradient of your softmax", 3),
      (CourseModule.softmax, "logSoftmaxBackward is G − s·ΣG", 4),
      (CourseModule.regularization, "l1Subgradient is λ·sign(w), 0 at 0", 2),
      (CourseModule.perceptron, "train reaches 100% accuracy on linearly separable data", 3),
    ])
  func topic(module: CourseModule, test: String, hint: Int) {
    #expect(module.hintIndex(forTest: test) == hint, "\(module.name): \(test)")
  }

  @Test("a test whose name names no topic picks no hint")
  func noTopic() {
    #expect(CourseModule.softmax.hintIndex(forTest: "it works") == nil)
  }
}
