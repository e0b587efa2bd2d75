import Foundation
import Testing

@testable import LessonWire

/// A link to the fixture program, with its own time budget.
func fixtureLink(timeLimit: Double = 5) -> LearnerLink {
  LearnerLink(
    server: LearnerPlan.Server(
      arguments: [Fixture.program.path],
      environment: [
        "SWIFT_BACKTRACE": "enable=yes,interactive=no,color=no,threads=crashed,registers=none"
      ],
      sources: Fixture.sources.path, displayFolder: "Tests/WireFixture"),
    timeLimit: timeLimit)
}

/// Where the fixture program and its sources are.
enum Fixture {
  /// `wire-fixture`, built beside the test product.
  static let program: URL = {
    let products =
      Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?
      .deletingLastPathComponent()
      ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return products.appendingPathComponent("wire-fixture")
  }()

  /// The line of the fixture's source that first contains `text`.
  static func line(of text: String) -> Int {
    let source =
      (try? String(contentsOf: sources.appendingPathComponent("main.swift"), encoding: .utf8)) ?? ""
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.contains(text) } ?? -1) + 1
  }

  /// `Tests/WireFixture`, the folder its frames point into.
  static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("WireFixture")
}

/// The failure `body` throws; records an issue when it throws none.
func failure<Result>(
  _ body: () throws(LearnerFailure) -> Result, sourceLocation: SourceLocation = #_sourceLocation
) -> LearnerFailure? {
  do {
    let result = try body()
    Issue.record("expected a failure, got \(result)", sourceLocation: sourceLocation)
    return nil
  } catch {
    return error
  }
}

@Suite("Wire · calls into a learner program")
struct LearnerLinkTests {
  @Test("arguments go out and results come back exactly")
  func echo() throws {
    let link = fixtureLink()
    let values = [1.5, -0.0, .infinity, .leastNonzeroMagnitude]
    let back: [Double] = try link.attempt("echo", values)
    #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
    let sum: Double = try link.attempt("sum", 2.5, 4.0)
    #expect(sum == 6.5)
  }

  @Test("the learner's code can call a closure the grader passed, as often as it likes")
  func callbacks() throws {
    let link = fixtureLink()
    let result: Double = try link.attempt(
      "twice through the grader", 3.0, Callback<Double, Double>(slot: 0),
      callbacks: [ClientCallback { (x: Double) in x * x + 1 }])
    #expect(result == 101)  // (3² + 1)² + 1
  }

  @Test("a thread is busy while a call is in flight, in the grader's closures on any link too")
  func busyInsideCallbacks() throws {
    let (link, other) = (fixtureLink(), fixtureLink())
    let seen = Locked([Bool]())
    // The other program is started here, so that the closure only calls it.
    let warm: Double = try other.attempt("sum", 0.0, 0.0)
    #expect(warm == 0 && LearnerLink.isIdle)
    let result: Double = try link.attempt(
      "twice through the grader", 3.0, Callback<Double, Double>(slot: 0),
      callbacks: [
        ClientCallback { (x: Double) in
          // A call to another program from inside the call: still busy after it returns.
          do throws(LearnerFailure) {
            let sum: Double = try other.attempt("sum", x, 1.0)
            seen.withValue { $0.append(LearnerLink.isIdle) }
            return sum
          } catch {
            Issue.record("the call to the other program failed: \(error.explanation)")
            return .nan
          }
        }
      ])
    #expect(result == 5)
    #expect(seen.value == [false, false])
    #expect(LearnerLink.isIdle)
  }

  @Test("a crash is reported with the runtime's message and the learner's line")
  func crash() throws {
    let link = fixtureLink()
    let report = try #require(
      failure { () throws(LearnerFailure) -> Double in try link.attempt("crash", 5) })
    #expect(report.status == .crashed)
    #expect(report.call == "crash")
    #expect(report.message.contains("Index out of range"), "\(report.message)")
    #expect(report.location?.hasPrefix("Tests/WireFixture/main.swift:") == true, "\(report)")
  }

  @Test("the next call after a crash starts a fresh program")
  func restartsAfterCrash() throws {
    let link = fixtureLink()
    _ = failure { () throws(LearnerFailure) -> Double in try link.attempt("crash", 9) }
    let sum: Double = try link.attempt("sum", 1.0, 2.0)
    #expect(sum == 3)
  }

  @Test("a handle of a program that has stopped is never released in the next one")
  func staleHandles() throws {
    let link = fixtureLink()
    let old: Int = try link.attempt("keep", 1.0)
    let generation = link.generation
    _ = failure { () throws(LearnerFailure) -> Double in try link.attempt("crash", 9) }
    // The fresh program numbers its objects from the start again.
    let kept: Int = try link.attempt("keep", 2.0)
    #expect(kept == old)
    link.release(old, from: generation)
    let value: Double = try link.attempt("kept", kept)
    #expect(value == 2)
  }

  @Test("an endless loop is stopped at the time limit, at the line of the loop")
  func hang() throws {
    let link = fixtureLink(timeLimit: 0.5)
    let start = ContinuousClock.now
    let report = try #require(
      failure { () throws(LearnerFailure) -> Double in try link.attempt("hang", 1.0) })
    #expect(report.status == .timedOut)
    #expect(report.message.contains("0.5 s"))
    // In `spin(while:)`, the loop's line or, where the instruction it stopped at has none,
    // the function's: not the line that registers "hang", nor the kit's code.
    let spin = Fixture.line(of: "func spin(")
    let location = try #require(report.location, "\(report)")
    // "main.swift:35:12", or "main.swift:33 (in spin(while:))".
    let line = location.split(separator: ":").dropFirst().first.flatMap {
      Int($0.prefix { $0.isNumber })
    }
    #expect(location.hasPrefix("Tests/WireFixture/main.swift:"), "\(report)")
    #expect(line.map { (spin...spin + 3).contains($0) } == true, "\(report)")
    #expect(ContinuousClock.now - start < .seconds(4))
  }

  @Test("exit() in the middle of a call is a crash that says so")
  func exitMidCall() throws {
    let link = fixtureLink()
    let report = try #require(
      failure { () throws(LearnerFailure) -> Double in try link.attempt("exit", 3) })
    #expect(report.status == .crashed)
    #expect(report.message.contains("exit status 3"), "\(report.message)")
  }

  @Test("an untouched stub is 'not started' and names its file and line in the checkout")
  func stub() throws {
    let link = fixtureLink()
    let report = try #require(
      failure { () throws(LearnerFailure) -> Double in try link.attempt("stub", 1.0) })
    #expect(report.status == .notStarted)
    #expect(
      report.message.contains("write it in Tests/WireFixture/main.swift:"), "\(report.message)")
  }

  @Test("endless recursion is named as a stack overflow at the learner's function")
  func stackOverflow() throws {
    let link = fixtureLink()
    let report = try #require(
      failure { () throws(LearnerFailure) -> Int in try link.attempt("recurse", 0) })
    #expect(report.status == .crashed)
    #expect(report.message.contains("stack overflowed"), "\(report.message)")
    #expect(report.location?.hasPrefix("Tests/WireFixture/main.swift:") == true, "\(report)")
  }

  @Test("abort() is a crash named after the signal, placed at the function that was running")
  func abortCall() throws {
    let link = fixtureLink()
    let report = try #require(
      failure { () throws(LearnerFailure) -> Double in try link.attempt("abortHere", 0) })
    #expect(report.status == .crashed)
    #expect(report.message.contains("Aborted"), "\(report.message)")
    #expect(report.location?.hasPrefix("Tests/WireFixture/main.swift:") == true, "\(report)")
  }

  @Test("a SIGKILL from outside is named, with the function that was running")
  func killedFromOutside() throws {
    let link = fixtureLink()
    let report = try #require(
      failure { () throws(LearnerFailure) -> Double in try link.attempt("killSelf", Int(SIGKILL)) })
    #expect(report.status == .crashed)
    #expect(report.message.contains("SIGKILL"), "\(report.message)")
    #expect(
      report.location
        == "Tests/WireFixture/main.swift:\(Fixture.line(of: "func killSelf("))"
        + " (in killSelf)", "\(report)")
  }

  @Test("what the code printed before it crashed is kept, and the reply pipe stays clean")
  func printedLines() throws {
    let link = fixtureLink()
    let report = try #require(
      failure { () throws(LearnerFailure) -> Double in
        try link.attempt("print then crash", "loss is \u{1B}[31mNaN\u{1B}[0m at step 3")
      })
    #expect(report.message.contains("crashed after printing"))
    #expect(report.printed == ["loss is NaN at step 3"], "escape sequences are removed")
  }

  @Test("a child process the learner's code started does not outlive the program")
  func lingeringChild() throws {
    let link = fixtureLink()
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("orphan-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    _ = failure { () throws(LearnerFailure) -> Double in try link.attempt("orphan", file.path) }
    let pid = try #require(Int32(try String(contentsOf: file, encoding: .utf8)))
    #expect(!isRunning(pid), "the sleeping child \(pid) was stopped")
  }

  /// Whether `pid` is a live process: neither gone nor a zombie waiting to be reaped.
  func isRunning(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    #if os(Linux)
      let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
      return !stat.contains(") Z ")
    #else
      return true
    #endif
  }

  @Test(
    "a failure survives a round trip through a recorded issue, and ordinary issues are not failures"
  )
  func recorded() {
    let report = LearnerFailure(
      status: .timedOut, call: "f(_:)", message: "stopped\nafter 1 s", location: "a.swift:1",
      printed: ["x"])
    #expect(LearnerFailure(recorded: report.recorded) == report)
    #expect(LearnerFailure(recorded: "Expectation failed: 1 == 2") == nil)
  }
}
