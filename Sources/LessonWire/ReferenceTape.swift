import Foundation

/// What a reference program answered in each graded test, recorded once from the full kit
/// and replayed by a class edition, which ships no solutions but must grade with the same
/// tests and messages.
///
/// A test's calls on the reference are recorded as conversations: the call's bytes, then
/// every frame that came back (callbacks, the result) and every callback result the test
/// sent, in order. Replaying a test hands back the same frames for the same calls in the
/// same order, and checks that the test sends what it sent then. The graded tests only ever
/// ask the reference about inputs that do not depend on the learner's answers, so a test
/// asks the same questions in the same order for the same seed.
public enum ReferenceTape {
  /// One call and what followed it.
  struct Conversation: Equatable {
    /// Its place among the test's calls, counted when it started (a call made inside a
    /// callback starts after the call that made the callback, and ends before it).
    var sequence: Int
    var call: [UInt8]
    /// The frames after the call: `true` for a frame the test sent (a callback result),
    /// `false` for one the reference sent.
    var events: [(sent: Bool, frame: Frame)]

    static func == (a: Conversation, b: Conversation) -> Bool {
      a.sequence == b.sequence && a.call == b.call
        && a.events.map(\.sent) == b.events.map(\.sent)
        && a.events.map(\.frame) == b.events.map(\.frame)
    }
  }

  /// The file of `module`'s recording in `folder`.
  public static func file(of module: String, in folder: URL) -> URL {
    folder.appendingPathComponent("\(module).tape")
  }

  /// One conversation as a record of the file: its test, its place, its call and events.
  static func record(_ conversation: Conversation, test: String) -> [UInt8] {
    var writer = WireWriter()
    test.write(to: &writer)
    conversation.sequence.write(to: &writer)
    writer.write(bytes: conversation.call)
    writer.write(UInt64(conversation.events.count))
    for event in conversation.events {
      event.sent.write(to: &writer)
      writer.write(byte: event.frame.kind.rawValue)
      writer.write(bytes: event.frame.payload)
    }
    var framed = WireWriter()
    framed.write(bytes: writer.bytes)
    return framed.bytes
  }

  /// Every test's conversations in the file, each test's in the order they started.
  static func read(_ file: URL) throws(WireError) -> [String: [Conversation]] {
    guard let data = FileManager.default.contents(atPath: file.path) else {
      throw .malformed("no recording at \(file.path)")
    }
    var reader = WireReader(Array(data))
    var tests: [String: [Conversation]] = [:]
    while !reader.isAtEnd {
      var record = WireReader(try reader.readBytes())
      let test = try String(from: &record)
      let sequence = try Int(from: &record)
      let call = try record.readBytes()
      var events: [(sent: Bool, frame: Frame)] = []
      for _ in 0..<(try record.readCount(itemSize: 2)) {
        let sent = try Bool(from: &record)
        guard let kind = Frame.Kind(rawValue: try record.readByte()) else {
          throw .malformed("a recorded frame of unknown kind")
        }
        events.append((sent, Frame(kind, try record.readBytes())))
      }
      tests[test, default: []].append(
        Conversation(sequence: sequence, call: call, events: events))
    }
    for test in tests.keys { tests[test]?.sort { $0.sequence < $1.sequence } }
    return tests
  }
}

/// Records the conversations a reference program has, test by test, into a tape file.
final class TapeRecorder: FrameExchange, @unchecked Sendable {
  private let inner: any FrameExchange
  private let file: FileHandle
  private let test: () -> String
  private var started: [String: Int] = [:]
  private var open: [ReferenceTape.Conversation] = []

  /// Records what goes through `inner` into `file` (created anew), keyed by `test`.
  init(_ inner: any FrameExchange, into file: URL, test: @escaping () -> String) throws {
    self.inner = inner
    self.test = test
    if !FileManager.default.fileExists(atPath: file.path) {
      _ = FileManager.default.createFile(atPath: file.path, contents: nil)
    }
    self.file = try FileHandle(forWritingTo: file)
    try self.file.seekToEnd()
  }

  func send(_ frame: Frame) throws(ChannelError) {
    switch frame.kind {
    case .call:
      let key = test()
      let sequence = started[key, default: 0]
      started[key] = sequence + 1
      open.append(ReferenceTape.Conversation(sequence: sequence, call: frame.payload, events: []))
    case .callbackResult:
      open[open.count - 1].events.append((true, frame))
    default:
      break
    }
    try inner.send(frame)
  }

  func receive(deadline: ContinuousClock.Instant?) throws(ChannelError) -> Frame {
    let frame = try inner.receive(deadline: deadline)
    if !open.isEmpty {
      open[open.count - 1].events.append((false, frame))
      if frame.kind == .result, let done = open.popLast() {
        file.write(Data(ReferenceTape.record(done, test: test())))
      }
    }
    return frame
  }
}

/// Plays a tape back: the recorded frames for the recorded calls, test by test.
final class TapePlayer: FrameExchange, @unchecked Sendable {
  private let tests: [String: [ReferenceTape.Conversation]]
  private let test: () -> String
  private var cursor: (test: String, next: Int) = ("", 0)
  /// The conversations under way, innermost last, each with its next event.
  private var open: [(conversation: ReferenceTape.Conversation, next: Int)] = []

  init(_ file: URL, test: @escaping () -> String) throws(WireError) {
    tests = try ReferenceTape.read(file)
    self.test = test
  }

  func send(_ frame: Frame) throws(ChannelError) {
    switch frame.kind {
    case .call:
      let key = test()
      if cursor.test != key { cursor = (key, 0) }
      let recorded = tests[key] ?? []
      guard cursor.next < recorded.count, recorded[cursor.next].call == frame.payload else {
        throw .unrecorded(
          "the recorded reference has no answer for this call (call \(cursor.next + 1) of this test)"
        )
      }
      open.append((recorded[cursor.next], 0))
      cursor.next += 1
    case .callbackResult:
      guard var top = open.popLast(), top.next < top.conversation.events.count,
        top.conversation.events[top.next].sent,
        top.conversation.events[top.next].frame.payload == frame.payload
      else {
        throw .unrecorded("a closure answered the reference differently than when it was recorded")
      }
      top.next += 1
      open.append(top)
    default:
      break
    }
  }

  func receive(deadline: ContinuousClock.Instant?) throws(ChannelError) -> Frame {
    guard var top = open.popLast(), top.next < top.conversation.events.count,
      !top.conversation.events[top.next].sent
    else {
      throw .unrecorded("the recorded reference has nothing more to say here")
    }
    let frame = top.conversation.events[top.next].frame
    top.next += 1
    if frame.kind != .result { open.append(top) }
    return frame
  }
}
