import Foundation
import LessonWire

/// The subset of Swift Testing's JSON event stream (version 0) the grader reads.
///
/// `swift test --event-stream-output-path` writes one JSON record a line: first
/// a `test` record for every test in the plan, then `event` records as the run
/// goes (`testStarted`, `issueRecorded`, `testEnded`, …).
struct EventRecord: Decodable {
  struct Message: Decodable {
    var symbol: String
    var text: String
  }

  struct SourceLocation: Decodable {
    var fileID: String
    var line: Int
  }

  struct Payload: Decodable {
    var kind: String
    var id: String?
    var name: String?
    var displayName: String?
    var sourceLocation: SourceLocation?
    var testID: String?
    var messages: [Message]?
    var issue: Issue?
  }

  struct Issue: Decodable {
    var isKnown: Bool?
  }

  var kind: String
  var payload: Payload
}

/// One thing the grader learned from the stream.
enum TestEvent: Equatable {
  /// A test function in the plan, in source order.
  case planned(id: String, name: String, line: Int)
  case started(id: String)
  /// A failed expectation: its summary and details, one string a line.
  case issue(id: String, lines: [String])
  case ended(id: String)
}

extension TestEvent {
  /// The event a line of the stream holds, if the grader cares about it.
  ///
  /// Suites and whole-run events are left out: only test functions count.
  init?(line: Substring) {
    guard let record = try? JSONDecoder().decode(EventRecord.self, from: Data(line.utf8)) else {
      return nil
    }
    let payload = record.payload
    switch (record.kind, payload.kind) {
    case ("test", "function"):
      guard let id = payload.id else { return nil }
      let name = payload.displayName ?? payload.name ?? id
      self = .planned(
        id: TestID.function(of: id), name: name, line: payload.sourceLocation?.line ?? 0)
    case ("event", "testStarted"):
      guard let id = payload.testID, TestID.isFunction(id) else { return nil }
      self = .started(id: TestID.function(of: id))
    case ("event", "testEnded"):
      guard let id = payload.testID, TestID.isFunction(id) else { return nil }
      self = .ended(id: TestID.function(of: id))
    case ("event", "issueRecorded"):
      guard let id = payload.testID else { return nil }
      // `Issue.record` with a message is summarised as "Issue recorded": only the message helps.
      let lines = (payload.messages ?? []).map(\.text).filter { $0 != "Issue recorded" }
      // A known issue is a planted bug caught, not a failure; a failed call into the
      // learner's program ended its test all the same.
      let carriesFailure = lines.first.flatMap { LearnerFailure(recorded: $0) } != nil
      if payload.issue?.isKnown == true, !carriesFailure { return nil }
      self = .issue(id: TestID.function(of: id), lines: lines)
    default:
      return nil
    }
  }
}

/// Test identifiers as Swift Testing writes them: `Target.Suite/function()/File.swift:12:3`.
enum TestID {
  /// Whether `id` names a test function rather than a suite.
  static func isFunction(_ id: String) -> Bool {
    id.contains("/")
  }

  /// The identifier without its source location, e.g. `GradedTests.PerceptronTests/step()`.
  static func function(of id: String) -> String {
    let parts = id.split(separator: "/", omittingEmptySubsequences: false)
    return parts.count > 2 ? parts.prefix(2).joined(separator: "/") : id
  }

  /// A regular expression that selects exactly the test `id`.
  static func filter(for id: String) -> String {
    let special = Set("\\^$.|?*+()[]{}")
    let escaped = id.map { special.contains($0) ? "\\\($0)" : String($0) }.joined()
    return "^" + escaped + "(/|$)"
  }
}
