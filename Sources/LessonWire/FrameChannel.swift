#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One message on the pipe: what it is, and its bytes.
///
///     kind (1 byte) · length (4 bytes, little-endian) · payload (length bytes)
public struct Frame: Equatable, Sendable {
  /// What a message is.
  public enum Kind: UInt8, Sendable {
    /// The grader asks for a function: the function's name, then its arguments.
    case call = 1
    /// The learner's process answers a call with the function's result.
    case result = 2
    /// The learner's code invokes a closure the grader passed: its slot, then its argument.
    case callback = 3
    /// The grader answers a callback with the closure's result.
    case callbackResult = 4
    /// The grader no longer needs these objects (autodiff nodes, optimizers).
    case release = 5
    /// The learner's process could not read a call: the reason, as text.
    case refusal = 6
  }

  public var kind: Kind
  public var payload: [UInt8]

  public init(_ kind: Kind, _ payload: [UInt8] = []) {
    self.kind = kind
    self.payload = payload
  }

  /// The largest payload either side accepts: far above any lesson's data (a 3000×100
  /// matrix is 2.4 MB), far below what could exhaust memory.
  public static let maximumPayload = 256 << 20
}

/// Something frames are exchanged with: a learner program's pipes, or a recorded reference.
public protocol FrameExchange: AnyObject {
  /// Sends `frame` whole.
  func send(_ frame: Frame) throws(ChannelError)
  /// The next frame; waits at most until `deadline` (for ever when it is `nil`).
  func receive(deadline: ContinuousClock.Instant?) throws(ChannelError) -> Frame
}

/// Why a frame could not be sent or received.
public enum ChannelError: Error, Equatable, Sendable {
  /// The other side closed the pipe: the process ended.
  case closed
  /// No frame came before the deadline.
  case timedOut
  /// The bytes do not form a frame.
  case malformed(String)
  /// A recorded reference has no answer for this call: the test asked it something else
  /// than when it was recorded.
  case unrecorded(String)
}

/// Frames over a pair of file descriptors, one to read and one to write.
///
/// Reads wait with `poll`, so a deadline can stop a wait on a process that never answers.
public final class FrameChannel: FrameExchange, @unchecked Sendable {
  private let input: Int32
  private let output: Int32
  private var buffer: [UInt8] = []
  /// Where each `read` lands before its bytes join `buffer`: allocated once per channel,
  /// not once per frame.
  private var chunk = [UInt8](repeating: 0, count: 1 << 16)

  public init(input: Int32, output: Int32) {
    self.input = input
    self.output = output
  }

  /// Closes both descriptors.
  public func close() {
    _ = Self.closeDescriptor(input)
    _ = Self.closeDescriptor(output)
  }

  private static func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
      Glibc.close(descriptor)
    #else
      Darwin.close(descriptor)
    #endif
  }

  /// Writes `frame` whole.
  public func send(_ frame: Frame) throws(ChannelError) {
    var bytes: [UInt8] = [frame.kind.rawValue]
    withUnsafeBytes(of: UInt32(frame.payload.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: frame.payload)
    var sent = 0
    while sent < bytes.count {
      let written = bytes.withUnsafeBytes { raw in
        write(output, raw.baseAddress! + sent, raw.count - sent)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw .closed
      }
      sent += written
    }
  }

  /// The next frame; waits at most until `deadline` (for ever when it is `nil`).
  public func receive(deadline: ContinuousClock.Instant? = nil) throws(ChannelError) -> Frame {
    try fill(count: 5, deadline: deadline)
    guard let kind = Frame.Kind(rawValue: buffer[0]) else {
      throw .malformed("a message of unknown kind \(buffer[0])")
    }
    var length = 0
    for index in 0..<4 {
      length |= Int(buffer[1 + index]) << (8 * index)
    }
    guard length <= Frame.maximumPayload else {
      throw .malformed("a message of \(length) bytes, more than any lesson needs")
    }
    try fill(count: 5 + length, deadline: deadline)
    let payload = Array(buffer[5..<5 + length])
    buffer.removeFirst(5 + length)
    return Frame(kind, payload)
  }

  /// Reads until the buffer holds at least `count` bytes.
  private func fill(count: Int, deadline: ContinuousClock.Instant?) throws(ChannelError) {
    while buffer.count < count {
      if let deadline {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { throw .timedOut }
        let (seconds, attoseconds) = left.components
        let milliseconds = min(
          Int64(Int32.max), seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(milliseconds))
        if ready < 0 {
          if errno == EINTR { continue }
          throw .closed
        }
        if ready == 0 { continue }
      }
      let got = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
      if got < 0 {
        if errno == EINTR { continue }
        throw .closed
      }
      if got == 0 { throw .closed }
      buffer.append(contentsOf: chunk[0..<got])
    }
  }
}
