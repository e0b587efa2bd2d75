import Foundation

/// The runner's record of one module's tests across every process it started.
struct Ledger {
  /// A test function in the plan.
  struct Planned: Equatable {
    var id: String
    var name: String
    var line: Int
  }

  /// The tests in the plan, in source order, from the first process's stream.
  private(set) var planned: [Planned] = []
  /// The test running now, if any.
  private(set) var current: Planned?
  private var messages: [String: [String]] = [:]
  private var finished: [String: TestOutcome] = [:]

  /// Takes in one line of the event stream.
  mutating func apply(_ line: Substring, startedAt: inout Date) {
    guard let event = TestEvent(line: line) else { return }
    switch event {
    case .planned(let id, let name, let line):
      if !planned.contains(where: { $0.id == id }) {
        planned.append(Planned(id: id, name: name, line: line))
        planned.sort { $0.line < $1.line }
      }
    case .started(let id):
      guard let test = planned.first(where: { $0.id == id }) else { return }
      current = test
      startedAt = Date()
    case .issue(let id, let lines):
      messages[id, default: []].append(lines.joined(separator: "\n"))
    case .ended(let id):
      guard let test = planned.first(where: { $0.id == id }) else { return }
      let notes = messages[id] ?? []
      finished[id] = TestOutcome(
        id: id, name: test.name, status: notes.isEmpty ? .passed : .failed, messages: notes)
      if current?.id == id { current = nil }
    }
  }

  /// Records the end of a test that did not end by itself.
  mutating func close(
    _ test: Planned, ending: TestRunner.Ending, diagnosis: (TestOutcome.Status, [String])
  ) {
    let earlier = messages[test.id] ?? []
    finished[test.id] = TestOutcome(
      id: test.id, name: test.name, status: diagnosis.0, messages: earlier + diagnosis.1)
    current = nil
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
  var remaining: [Planned] {
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
