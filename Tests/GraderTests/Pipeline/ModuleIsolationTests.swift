#if os(Linux)
  import Foundation
  import LessonWire
  import Testing

  @testable import Grader

  /// Each module is compiled into a program of its own, so the state of one never touches
  /// another's grade. These tests grade real learner programs with the real graded tests.
  @Suite("Module isolation")
  struct ModuleIsolationTests {
    @Test("a module that does not compile costs only itself: its tests fail with the first error")
    func brokenBesideGood() async throws {
      let workspace = try TestKit.scratchCheckout()
      defer { try? FileManager.default.removeItem(at: workspace.root) }
      try TestKit.solve(.perceptron, in: workspace)
      try TestKit.solve(.stepVsSigmoid, in: workspace)
      let file = workspace.exerciseFolder(of: .stepVsSigmoid)
        .appendingPathComponent("StepVsSigmoid.swift")
      var lines = try String(contentsOf: file, encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let broken = lines.firstIndex { $0.contains("func step(") }! + 1
      lines.insert("    let typo: Double = \"one\"", at: broken)
      try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

      let report = try await TestKit.grade(
        [.perceptron, .stepVsSigmoid, .softmax], subject: .exercises, in: workspace)
      let kit = try TestKit.kit.get()
      let (good, bad, stub) = (report.results[0], report.results[1], report.results[2])

      #expect(good.allPassed)
      #expect(good.tests.count == kit.catalogue.entries(of: .perceptron).count)
      #expect(bad.tests.count == kit.catalogue.entries(of: .stepVsSigmoid).count)
      #expect(bad.tests.allSatisfy { $0.status == .doesNotCompile })
      let problem = try #require(bad.problem)
      #expect(
        problem.summary.hasPrefix(
          "exercises/02-StepVsSigmoid/StepVsSigmoid.swift:\(broken + 1):24: error: cannot convert"),
        "\(problem.summary)")
      #expect(
        problem.details == ["        let typo: Double = \"one\"", "                           ^"])
      #expect(stub.status == .notStarted)
      #expect(
        stub.tests[0].messages.first?.contains(
          "write it in exercises/03-Softmax/Softmax.swift:") == true,
        "\(stub.tests[0].messages)")
      // The programs were compiled with the module cache the scratch checkouts share.
      let own = workspace.learnersFolder.appendingPathComponent("exercises/ModuleCache")
      #expect(!FileManager.default.fileExists(atPath: own.path))
    }

    @Test("a failure's replay command grades the same submission, its path quoted for the shell")
    func replayNamesTheSubmission() async throws {
      let workspace = try TestKit.scratchCheckout()
      defer { try? FileManager.default.removeItem(at: workspace.root) }
      // e^(s/2) for e^s: a softmax that is wrong on every input, the seeded ones too.
      let upload = try TestKit.upload(
        .softmax, file: "Softmax.swift", as: "ada's upload", in: workspace
      ) { $0.replacingOccurrences(of: "exp(", with: "exp(0.5 * ") }
      let report = try await TestKit.grade([.softmax], subject: .submission(upload), in: workspace)
      let replays = report.results[0].tests.flatMap(\.messages).filter { $0.contains("replay:") }
      try #require(!replays.isEmpty, "no failure printed a replay command")
      let expected =
        "replay: swift run gradkit grade softmax --exercises "
        + "'\(upload.path.replacingOccurrences(of: "'", with: "'\\''"))' --seed 1 --test '"
      #expect(replays.allSatisfy { $0.contains(expected) }, "\(replays[0])")
    }

    @Test("a failed call ends its test alone: stubs, crashes and passes share one test process")
    func failuresShareAProcess() async throws {
      let workspace = try TestKit.scratchCheckout()
      defer { try? FileManager.default.removeItem(at: workspace.root) }
      let (stubs, stubProcesses) = try await Self.runAlone(.softmax, in: workspace)
      #expect(stubs.tests.allSatisfy { $0.status == .notStarted }, "\(stubs.tests.map(\.status))")
      #expect(stubProcesses == 1)

      // A right perceptron whose sign test divides by zero when x is 0.
      try TestKit.solve(
        .perceptron, in: workspace, file: "Perceptron.swift", giving: "step",
        body: "x == 0 ? Double(1 / Int(x)) : x > 0 ? 1 : 0")
      let (mixed, mixedProcesses) = try await Self.runAlone(.perceptron, in: workspace)
      let statuses = Set(mixed.tests.map(\.status))
      #expect(statuses == [.crashed, .passed], "\(mixed.tests.map { ($0.status, $0.messages) })")
      #expect(mixedProcesses == 1)
    }

    @Test(
      "a failure inside a closure the grader passed in ends the process, and the rest still run")
    func nestedFailure() async throws {
      let workspace = try TestKit.scratchCheckout()
      defer { try? FileManager.default.removeItem(at: workspace.root) }
      // Every function of 02 right but sigmoid, a stub: the tests hand the learner's
      // sigmoid to squaredError as its activation, so that stub is reached from inside the
      // call, where the test cannot be abandoned.
      try TestKit.solve(
        .stepVsSigmoid, in: workspace, file: "StepVsSigmoid.swift", giving: "sigmoid",
        body: "unimplemented()")
      let (result, processes) = try await Self.runAlone(.stepVsSigmoid, in: workspace)
      let kit = try TestKit.kit.get()
      #expect(result.tests.count == kit.catalogue.entries(of: .stepVsSigmoid).count)
      #expect(
        Set(result.tests.map(\.status)) == [.notStarted, .passed],
        "\(result.tests.map { ($0.status, $0.messages) })")
      let nested = try #require(
        result.tests.first { $0.name.hasPrefix("gradient descent is stuck") },
        "\(result.tests.map(\.name))")
      #expect(nested.status == .notStarted)
      #expect(nested.messages.first?.hasPrefix("not started: sigmoid(_:)") == true, "\(nested)")
      #expect(processes > 1)
    }

    /// Grades `module` of `workspace`'s exercises with one test runner in one shard, and
    /// counts the test processes it started (each writes its own event stream).
    static func runAlone(
      _ module: CourseModule, in workspace: Workspace
    ) async throws -> (ModuleResult, processes: Int) {
      let kit = try TestKit.kit.get()
      let scratch = workspace.root.appendingPathComponent("runner-\(module.folder)")
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
      let builder = LearnerBuild(
        kit: kit, sandbox: .none, outputFolder: workspace.learnersFolder,
        moduleCache: TestKit.plainModuleCache)
      let built = try builder.server(
        for: module, from: workspace.exerciseFolder(of: module),
        display: "exercises/\(module.folder)"
      ).get()
      let plan = scratch.appendingPathComponent("plan.json")
      try LearnerPlan(servers: [module.folder: built], timeLimit: 10).write(to: plan)
      let runner = TestRunner(
        settings: .init(
          launcher: kit.launcher, seed: 1, timeLimit: 10, deadline: .distantFuture, plan: plan,
          scratchFolder: scratch))
      let result = try await onOwnThread {
        runner.run(module, tests: kit.catalogue.entries(of: module))
      }
      let streams = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        .filter { $0.hasSuffix(".events.jsonl") }
      return (result, streams.count)
    }

    @Test("a crash names the learner's file and line, never the kit's")
    func crashLocation() async throws {
      let workspace = try TestKit.scratchCheckout()
      defer { try? FileManager.default.removeItem(at: workspace.root) }
      try TestKit.solve(
        .perceptron, in: workspace, file: "Perceptron.swift", giving: "step",
        body: "[0.0][Int(x.magnitude) + 3]")
      let report = try await TestKit.grade([.perceptron], subject: .exercises, in: workspace)
      let crashed = try #require(
        report.results[0].tests.first { $0.status == .crashed },
        "\(report.results[0].tests.map { ($0.status, $0.messages) })")
      #expect(crashed.messages.first?.hasPrefix("crashed in step(_:): Fatal error") == true)
      #expect(
        crashed.messages.contains { $0.hasPrefix("at exercises/01-Perceptron/Perceptron.swift:") },
        "\(crashed.messages)")
    }

    @Test("an endless loop in a sandboxed submission is named where it loops, not where called")
    func endlessLoopLocation() async throws {
      let workspace = try TestKit.scratchCheckout()
      defer { try? FileManager.default.removeItem(at: workspace.root) }
      let upload = try TestKit.upload(
        .perceptron, file: "Perceptron.swift", as: "upload", in: workspace
      ) {
        $0.replacingOccurrences(
          of: "    x >= 0 ? 1 : 0\n",
          // A loop for a point on the line only, so that a few tests time out, and one that
          // sleeps, so that they do not hold a core each.
          with: "    let y = x\n    while y == 0 { Thread.sleep(forTimeInterval: 0.01) }\n"
            + "    return y >= 0 ? 1 : 0\n"
        ).replacingOccurrences(of: "import GradKit\n", with: "import Foundation\nimport GradKit\n")
      }
      let text = try String(
        contentsOf: upload.appendingPathComponent("01-Perceptron/Perceptron.swift"),
        encoding: .utf8)
      let report = try await TestKit.grade(
        [.perceptron], subject: .submission(upload), in: workspace,
        sandbox: try Sandbox.forSubmissions(checkout: workspace.root), timeLimit: 0.2)
      // A test that calls predict, which calls the looping step: only the program's own
      // backtrace can name step (its loop's line, or its first line where the instruction
      // has none); without it the grader could name only predict, the function called.
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let firstLine = lines.firstIndex { $0.contains("func step(") }! + 1
      let lastLine = lines.firstIndex { $0.contains("return y >= 0") }! + 1
      let stepLines = firstLine...lastLine
      let stuck = try #require(
        report.results[0].tests.first {
          $0.status == .timedOut && $0.messages.contains { $0.contains("timed out in predict") }
        }, "\(report.results[0].tests.map { ($0.status, $0.messages) })")
      let place = try #require(
        stuck.messages.first { $0.hasPrefix("at exercises/01-Perceptron/Perceptron.swift:") },
        "\(stuck.messages)")
      let line = place.split(separator: ":")[1].prefix { $0.isNumber }
      #expect(Int(line).map { stepLines.contains($0) } == true, "\(place), step is \(stepLines)")
    }
  }
#endif
