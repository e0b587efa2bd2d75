import Foundation
import Testing

@testable import LessonWire

/// Serialized: one test changes which test the links think is running.
@Suite("Wire · recorded reference", .serialized)
struct ReferenceTapeTests {
  /// A fresh tape file.
  static func tapeFile() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("tape-\(UUID().uuidString).tape")
  }

  /// A link that records the fixture program's conversations on `tape`, and one that plays
  /// that tape back.
  static func recordAndPlay(_ tape: URL) -> (recording: LearnerLink, playing: LearnerLink) {
    let server = LearnerPlan.Server(
      arguments: [Fixture.program.path], environment: [:], sources: Fixture.sources.path,
      displayFolder: "Tests/WireFixture")
    return (
      LearnerLink(source: .program(server, tape: tape), timeLimit: 5),
      LearnerLink(source: .tape(tape), timeLimit: 5)
    )
  }

  @Test("a recorded call, its callbacks and its nested calls play back the same answers")
  func playsBack() throws {
    let tape = Self.tapeFile()
    defer { try? FileManager.default.removeItem(at: tape) }
    let (recording, playing) = Self.recordAndPlay(tape)
    // The callback calls the program again from inside the call: a nested conversation.
    func ask(_ link: LearnerLink) throws(LearnerFailure) -> (Double, Double) {
      let sum: Double = try link.attempt("sum", 1.5, 2.0)
      let twice: Double = try link.attempt(
        "twice through the grader", 3.0, Callback<Double, Double>(slot: 0),
        callbacks: [
          ClientCallback { (x: Double) -> Double in
            ((try? link.attempt("sum", x, x) as Double) ?? .nan) + 1
          }
        ])
      return (sum, twice)
    }
    let recorded = try ask(recording)
    #expect(recorded.0 == 3.5 && recorded.1 == 15)  // (3 + 3 + 1) twice: 7, then 7 + 7 + 1
    let played = try ask(playing)
    #expect(played == recorded)
  }

  @Test("a call the recording never saw, or a closure that answers otherwise, is refused")
  func refusesTheUnrecorded() throws {
    let tape = Self.tapeFile()
    defer { try? FileManager.default.removeItem(at: tape) }
    let (recording, playing) = Self.recordAndPlay(tape)
    let _: Double = try recording.attempt(
      "twice through the grader", 2.0, Callback<Double, Double>(slot: 0),
      callbacks: [ClientCallback { (x: Double) in x * 2 }])
    do {
      let _: Double = try playing.attempt("sum", 1.0, 1.0)
      Issue.record("an unrecorded call was answered")
    } catch {
      #expect(error.message.contains("the recorded reference has no answer for this call"))
      #expect(error.message.contains("grade this with the instructor's full kit"))
    }
    let other = LearnerLink(source: .tape(tape), timeLimit: 5)
    do {
      let _: Double = try other.attempt(
        "twice through the grader", 2.0, Callback<Double, Double>(slot: 0),
        callbacks: [ClientCallback { (x: Double) in x * 3 }])
      Issue.record("a different closure answer was accepted")
    } catch {
      #expect(error.message.contains("a closure answered the reference differently"))
    }
  }

  @Test("each test has its own sequence: a test's calls play back whatever ran before it")
  func perTest() throws {
    let tape = Self.tapeFile()
    defer { try? FileManager.default.removeItem(at: tape) }
    let server = LearnerPlan.Server(
      arguments: [Fixture.program.path], environment: [:], sources: Fixture.sources.path,
      displayFolder: "Tests/WireFixture")
    let current = Locked("first")
    let recording = LearnerLink(source: .program(server, tape: tape), timeLimit: 5)
    let key = LearnerLink.budgetKey
    LearnerLink.budgetKey = { current.withValue { $0 } }
    defer { LearnerLink.budgetKey = key }
    let _: Double = try recording.attempt("sum", 1.0, 2.0)
    current.withValue { $0 = "second" }
    let _: Double = try recording.attempt("sum", 5.0, 5.0)
    let playing = LearnerLink(source: .tape(tape), timeLimit: 5)
    let second: Double = try playing.attempt("sum", 5.0, 5.0)
    #expect(second == 10)
    current.withValue { $0 = "first" }
    let first: Double = try playing.attempt("sum", 1.0, 2.0)
    #expect(first == 3)
  }
}
