#if os(Linux)
  import Foundation
  import LessonWire
  import Testing

  @testable import Grader

  /// Hostile submissions, graded as an instructor grades a class: in the sandbox, with the
  /// source screening (the second layer) turned off, so that only the process boundary
  /// stands between them and the reference. Every one is an all-stub submission whose one
  /// change tries to earn points it did not earn; each must score 0 and leave the checkout
  /// as it was.
  @Suite("Hostile submissions")
  struct SubmissionAttackTests {
    /// A scratch checkout and a submission of module 01's stub, `step` rewritten to `body`
    /// and `declarations` added at the end of the file.
    struct Attack {
      let workspace: Workspace
      let submission: URL

      init(step body: String? = nil, declarations: String = "") throws {
        workspace = try TestKit.scratchCheckout()
        submission = workspace.root.appendingPathComponent("submission")
        let module = submission.appendingPathComponent(CourseModule.perceptron.folder)
        try FileManager.default.createDirectory(at: module, withIntermediateDirectories: true)
        let stub = workspace.exerciseFolder(of: .perceptron).appendingPathComponent(
          "Perceptron.swift")
        var text = try String(contentsOf: stub, encoding: .utf8)
        if let body {
          text = text.replacingOccurrences(
            of:
              "    // TODO: Return 1 when x is zero or more, 0 when it is negative.\n    unimplemented()",
            with: body)
        }
        try (text + "\n" + declarations).write(
          to: module.appendingPathComponent("Perceptron.swift"), atomically: true,
          encoding: .utf8)
      }

      /// Grades the submission's module 01 in the sandbox and checks it earned nothing
      /// and changed nothing; returns every message of the report.
      ///
      /// - Parameter compiles: whether the attack must have compiled and run: one that does
      ///   not compile earns nothing without attacking anything.
      /// - Parameter sandbox: the sandbox to grade in, by default the one gradkit picks.
      func gradeExpectingNothing(
        compiles: Bool = false, sandbox: Sandbox? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
      ) async throws -> [String] {
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let guarded = ["solutions", "Tests"].map { workspace.root.appendingPathComponent($0) }
        let before = Fingerprint.of(guarded)
        let report = try await TestKit.grade(
          [.perceptron], subject: .submission(submission), in: workspace,
          sandbox: try sandbox ?? Sandbox.forSubmissions(checkout: workspace.root),
          screensSources: false)
        let result = try #require(report.results.first, sourceLocation: sourceLocation)
        if compiles {
          #expect(
            result.problem == nil,
            "the attack never ran: \(result.problem?.lines.joined(separator: "\n") ?? "")",
            sourceLocation: sourceLocation)
        }
        let planned = try TestKit.kit.get().catalogue.entries(of: .perceptron).count
        #expect(result.tests.count == planned, sourceLocation: sourceLocation)
        #expect(
          Scoring.points(for: result).earned == 0, "\(result.tests.map(\.status))",
          sourceLocation: sourceLocation)
        #expect(
          Fingerprint.of(guarded) == before, "the checkout changed", sourceLocation: sourceLocation)
        let messages = result.tests.flatMap(\.messages) + (result.problem?.lines ?? [])
        #expect(
          !messages.contains { $0.contains("a point exactly on the boundary belongs to class 1") },
          "the reference's text reached the report", sourceLocation: sourceLocation)
        return messages
      }
    }

    @Test("a module folder linked to the reference is refused")
    func linkedFolder() async throws {
      let attack = try Attack()
      let folder = attack.submission.appendingPathComponent(CourseModule.perceptron.folder)
      try FileManager.default.removeItem(at: folder)
      try FileManager.default.createSymbolicLink(
        at: folder, withDestinationURL: attack.workspace.solutionFolder(of: .perceptron))
      let messages = try await attack.gradeExpectingNothing()
      #expect(messages.contains { $0.contains("is a symbolic link, not a folder") })
    }

    @Test("a file linked to the reference, or to any file of the machine, is refused")
    func linkedFiles() async throws {
      for target in ["solutions/01-Perceptron/Perceptron.swift", "/etc/hostname"] {
        let attack = try Attack()
        let file = attack.submission.appendingPathComponent("01-Perceptron/Perceptron.swift")
        try FileManager.default.removeItem(at: file)
        let destination =
          target.hasPrefix("/")
          ? URL(fileURLWithPath: target) : attack.workspace.root.appendingPathComponent(target)
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: destination)
        let messages = try await attack.gradeExpectingNothing()
        #expect(messages.contains { $0.contains("Perceptron.swift is a symbolic link") })
      }
    }

    @Test("load-time code cannot switch the grader to the reference")
    func loadTimeCode() async throws {
      // `step` reports what the load-time code left in the environment, as proof it ran.
      let attack = try Attack(
        step: """
              let implementation = getenv("GRADKIT_IMPLEMENTATION").map { String(cString: $0) }
              fatalError("after load time, GRADKIT_IMPLEMENTATION=\\(implementation ?? "unset")")
          """,
        declarations: """
          import Foundation
          @_used @_section(".init_array")
          let switchToReference: @convention(c) () -> Void = {
            setenv("GRADKIT_LEARNERS", "/dev/null", 1)
            setenv("GRADKIT_IMPLEMENTATION", "solutions", 1)
          }
          """)
      let messages = try await attack.gradeExpectingNothing(compiles: true)
      #expect(
        messages.contains { $0.contains("after load time, GRADKIT_IMPLEMENTATION=solutions") },
        "the load-time code did not run: \(messages.prefix(3))")
    }

    @Test("the reference cannot be reached by its symbol names")
    func symbolNames() async throws {
      let attack = try Attack(
        step: "    referenceStep(x)",
        declarations: """
          @_silgen_name("$s9Solutions10PerceptronO4stepyS2dFZ")
          func referenceStep(_ x: Double) -> Double
          """)
      let messages = try await attack.gradeExpectingNothing()
      #expect(
        messages.contains { $0.contains("could not be linked: it refers to $s9Solutions") },
        "\(messages.prefix(2))")
    }

    @Test("the reference cannot be reached by a runtime type lookup")
    func runtimeTypeLookup() async throws {
      let attack = try Attack(
        step: """
              guard let reference = _typeByName("9Solutions10PerceptronO") as? any PerceptronLesson.Type
              else { fatalError("the runtime type lookup found no reference") }
              return reference.step(x)
          """)
      let messages = try await attack.gradeExpectingNothing(compiles: true)
      #expect(
        messages.contains { $0.contains("the runtime type lookup found no reference") },
        "the lookup never ran: \(messages.prefix(3))")
    }

    @Test("the grader's event stream cannot be forged")
    func forgedEvents() async throws {
      let attack = try Attack(
        step: """
              forgeEveryTestPassed()
              return .nan
          """,
        declarations: """
          import Foundation
          /// Looks for the test process's event file and appends a pass for every test.
          func forgeEveryTestPassed() {
            let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for pid in processes where Int(pid) != nil {
              guard let line = try? String(contentsOfFile: "/proc/\\(pid)/cmdline", encoding: .utf8)
              else { continue }
              let words = line.split(separator: "\\0").map(String.init)
              guard let flag = words.firstIndex(of: "--event-stream-output-path") else { continue }
              let ended = "{\\"kind\\":\\"event\\",\\"payload\\":{\\"kind\\":\\"testEnded\\"}}\\n"
              if let handle = FileHandle(forWritingAtPath: words[flag + 1]) {
                handle.seekToEndOfFile()
                handle.write(Data(ended.utf8))
              }
            }
            exit(0)
          }
          """)
      // The forgery ends with exit(0), in the middle of a call: proof it ran to its end.
      let messages = try await attack.gradeExpectingNothing(compiles: true)
      #expect(
        messages.contains { $0.contains("the process ended with exit status 0") },
        "the forgery never ran: \(messages.prefix(3))")
    }

    @Test("the checkout cannot be read into a report, nor written")
    func readAndWriteTheCheckout() async throws {
      let placeholder = "CHECKOUT"
      let attack = try Attack(
        step: """
              let root = "\(placeholder)"
              try? "// changed".write(
                toFile: root + "/Tests/GradedTests/Support/Graded.swift", atomically: true, encoding: .utf8)
              try? "// changed".write(
                toFile: root + "/solutions/01-Perceptron/Perceptron.swift", atomically: true, encoding: .utf8)
              let reference = (try? String(contentsOfFile: root + "/solutions/01-Perceptron/Perceptron.swift", encoding: .utf8)) ?? "nothing read"
              fatalError(reference)
          """,
        declarations: "import Foundation")
      let file = attack.submission.appendingPathComponent("01-Perceptron/Perceptron.swift")
      let text = try String(contentsOf: file, encoding: .utf8)
        .replacingOccurrences(of: placeholder, with: attack.workspace.root.path)
      try text.write(to: file, atomically: true, encoding: .utf8)
      let messages = try await attack.gradeExpectingNothing()
      #expect(messages.contains { $0.contains("nothing read") }, "\(messages.prefix(3))")
    }

    @Test("a program cannot rewrite its stamp for a later run, with namespaces or without")
    func rewriteTheStamp() async throws {
      let step = """
            let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let forged = FileManager.default.createFile(
              atPath: folder.path + "/stamp", contents: Data("forged".utf8))
            fatalError(forged ? "rewrote the stamp" : "the stamp stayed")
        """
      let namespaces = try Attack(step: step, declarations: "import Foundation")
      let messages = try await namespaces.gradeExpectingNothing(compiles: true)
      #expect(messages.contains { $0.contains("the stamp stayed") }, "\(messages.prefix(3))")
      // Without namespaces (a container that forbids them), as root: users apart.
      guard getuid() == 0, let setpriv = Executable.find("setpriv"),
        let prlimit = Executable.find("prlimit")
      else { return }
      let users = try Attack(step: step, declarations: "import Foundation")
      try Sandbox.lockDown(users.workspace.root)
      let fallback = Sandbox(kind: .unprivilegedUser(setpriv: setpriv, prlimit: prlimit))
      let withoutNamespaces = try await users.gradeExpectingNothing(
        compiles: true, sandbox: fallback)
      #expect(
        withoutNamespaces.contains { $0.contains("the stamp stayed") },
        "\(withoutNamespaces.prefix(3))")
    }

    @Test("a second run waits for the first instead of sharing its programs")
    func oneRunAtATime() async throws {
      let workspace = try TestKit.scratchCheckout()
      defer { try? FileManager.default.removeItem(at: workspace.root) }
      let first = try RunLock(workspace) { _ in }
      let waited = Locked(false)
      let acquired = Locked(false)
      Thread.detachNewThread {
        let second = try? RunLock(workspace) { _ in waited.withValue { $0 = true } }
        acquired.withValue { $0 = true }
        withExtendedLifetime(second) {}
      }
      try await Task.sleep(for: .milliseconds(300))
      #expect(waited.value, "the second run said it waits")
      #expect(!acquired.value, "the second run waits while the first holds the lock")
      withExtendedLifetime(first) {}
      _ = consume first
      // Up to 5 s for the second run to take the lock, polled without holding a test thread.
      for _ in 0..<500 where !acquired.value {
        try await Task.sleep(for: .milliseconds(10))
      }
      #expect(acquired.value, "the second run goes on once the first ends")
    }
  }
#endif
