import Foundation
import GradKit

/// How a call into the learner's code went wrong, as the grader reports it.
///
/// The grader's test process records this in its own event stream (behind ``marker``) as
/// an issue of the test that was running, which ends there; `gradkit` charges the failure
/// to that test. The learner's process cannot write that stream.
public struct LearnerFailure: Error, Codable, Equatable, Sendable {
  /// What happened to the learner's process.
  public enum Status: String, Codable, Sendable {
    /// The code stopped the process: a fatalError, an index out of range, a signal.
    case crashed
    /// The call ran past the time limit and the process was stopped.
    case timedOut = "timed out"
    /// The code reached a stub that still calls `unimplemented()`.
    case notStarted = "not started"
  }

  public var status: Status
  /// The function that was running, e.g. `softmax(_:)`.
  public var call: String
  /// What went wrong, in one or a few lines: the runtime's message or the time limit.
  public var message: String
  /// Where, as `exercises/03-Softmax/Softmax.swift:12:5`, when it can be told.
  public var location: String?
  /// The last lines the learner's code printed before it stopped.
  public var printed: [String]

  public init(
    status: Status, call: String, message: String, location: String? = nil, printed: [String] = []
  ) {
    self.status = status
    self.call = call
    self.message = message
    self.location = location
    self.printed = printed
  }

  /// What a recorded issue starts with when it carries a failure; the JSON follows on the same line.
  public static let marker = "gradkit-learner-failure: "

  /// The exit status of a test process that stops after recording a failure, when it cannot
  /// go on to the next test.
  public static let exitStatus: Int32 = 86

  /// This failure as one issue line: ``marker`` and the JSON of the failure.
  public var recorded: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let json = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    return Self.marker + json
  }

  /// The failure an issue line carries, or `nil` when it is an ordinary issue.
  public init?(recorded line: String) {
    guard line.hasPrefix(Self.marker),
      let failure = try? JSONDecoder().decode(
        LearnerFailure.self, from: Data(line.dropFirst(Self.marker.count).utf8))
    else { return nil }
    self = failure
  }

  /// The line before what the learner's code printed, in ``explanation``.
  public static let printedHeading = "your code printed (last lines):"

  /// The failure as a learner reads it: the message, where, and what the code printed.
  public var explanation: [String] {
    // A stub's message names its function already: "not implemented yet: f(_:) — write it in …".
    let stub = message.range(of: unimplementedMarker + " ").map { message[$0.upperBound...] }
    var lines = [stub.map { "not started: \($0)" } ?? "\(status.rawValue) in \(call): \(message)"]
    if let location { lines.append("at \(location)") }
    if !printed.isEmpty {
      lines.append(Self.printedHeading)
      lines += printed.map { "  " + $0 }
    }
    return lines
  }
}
