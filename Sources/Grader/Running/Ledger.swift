import Foundation
import LessonWire

/// The runner's record of one module's tests across every process it started.
struct Ledger {
  /// The tests to grade, in source order: the module's catalogue.
  let planned: [CatalogueEntry]
  /// The test running now, if any.
  private(set) var current: CatalogueEntry?
  private var startedAt = Date()
  private var messages: [String: [String]] = [:]
  private var failures: [String: LearnerFailure] = [:]
  private var finished: [String: TestOutcome] = [:]

  init(planned: [CatalogueEntry]) {
    self.planned = planned
  }

  /// When the running test started.
  var currentStart: Date { startedAt }

  /// Takes in one line of the event stream.
  mutating func apply(_ line: Substring) {
    guard let event = TestEvent(line: line) else { return }
    switch event {
    case .planned:
      break
    case .started(let id):
      guard let test = planned.first(where: { $0.id == id }) else { return }
      current = test
      startedAt = Date()
    case .issue(let id, let lines):
      if let first = lines.first, let failure = LearnerFailure(recorded: first) {
        failures[id] = failure
      } else {
        messages[id, default: []].append(lines.map(sanitized).joined(separator: "\n"))
      }
    case .ended(let id):
      guard let test = planned.first(where: { $0.id == id }) else { return }
      if let failure = failures[id] {
        // The test was abandoned at a failed call, and its process went on to the next.
        close(test, status: TestOutcome.Status(failure.status), messages: failure.explanation)
        return
      }
      let notes = Self.collapsingRepeatedDiagnoses(messages[id] ?? [])
      finished[id] = TestOutcome(
        id: id, name: test.name, status: notes.isEmpty ? .passed : .failed, messages: notes,
        duration: Date().timeIntervalSince(startedAt))
      if current?.id == id { current = nil }
    }
  }

  /// `notes` with each repeated diagnosis's pointer line ("Likely mistake: as above (X) … and
  /// N more inputs show the same mistake") kept only in the last note that has it, so a
  /// diagnosis reads once in full and once with its count.
  static func collapsingRepeatedDiagnoses(_ notes: [String]) -> [String] {
    let prefix = "Likely mistake: as above ("
    func pointer(in line: Substring) -> Substring? {
      let trimmed = line.drop { $0 == " " }
      guard trimmed.hasPrefix(prefix) else { return nil }
      return trimmed.dropFirst(prefix.count).prefix { $0 != ")" }
    }
    var last: [Substring: Int] = [:]
    for (index, note) in notes.enumerated() {
      for line in note.split(separator: "\n") {
        if let key = pointer(in: line) { last[key] = index }
      }
    }
    return notes.enumerated().map { index, note in
      note.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
        guard let key = pointer(in: line) else { return true }
        return last[key] == index
      }.joined(separator: "\n")
    }
  }

  /// The failure the test process recorded for `test` before it ended, if any.
  func failure(of test: CatalogueEntry) -> LearnerFailure? {
    failures[test.id]
  }

  /// Records the end of a test that a failure ended: what it recorded before, then `extra`.
  mutating func close(_ test: CatalogueEntry, status: TestOutcome.Status, messages extra: [String])
  {
    let notes = Self.collapsingRepeatedDiagnoses(messages[test.id] ?? [])
    finished[test.id] = TestOutcome(
      id: test.id, name: test.name, status: status, messages: notes + extra,
      duration: Date().timeIntervalSince(startedAt))
    if current?.id == test.id { current = nil }
  }

  /// Gives every test that has not run the same verdict.
  mutating func finishRemaining(as status: TestOutcome.Status, message: String) {
    for test in remaining {
      finished[test.id] = TestOutcome(
        id: test.id, name: test.name, status: status, messages: [message])
    }
    current = nil
  }

  /// The planned tests with no verdict yet.
  var remaining: [CatalogueEntry] {
    planned.filter { finished[$0.id] == nil }
  }

  /// Every verdict, in source order.
  var outcomes: [TestOutcome] {
    planned.compactMap { finished[$0.id] }
  }
}

/// Reads the lines a growing file gains, a whole line at a time.
struct LineReader {
  let url: URL
  private var offset = 0

  init(url: URL) {
    self.url = url
  }

  /// The complete lines written since the last call.
  mutating func readNewLines() -> [Substring] {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
    defer { try? handle.close() }
    guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
      let data = try? handle.readToEnd(), let end = data.lastIndex(of: UInt8(ascii: "\n"))
    else { return [] }
    let complete = data[data.startIndex...end]
    offset += complete.count
    return String(decoding: complete, as: UTF8.self).split(separator: "\n")
  }
}
