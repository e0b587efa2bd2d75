import Foundation
import Testing

@testable import LessonWire

@Suite("Wire · frames over a pipe")
struct FrameChannelTests {
  @Test("frames come back whole and in order: small ones read at once, one longer than a read")
  func framesComeBackWhole() throws {
    var descriptors: [Int32] = [0, 0]
    try #require(pipe(&descriptors) == 0)
    // A channel that talks to itself: what it sends, it receives.
    let channel = FrameChannel(input: descriptors[0], output: descriptors[1])
    defer { channel.close() }
    let frames = [
      Frame(.call, [1, 2, 3]),
      Frame(.result, (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
      Frame(.release),
      Frame(.refusal, [9]),
      Frame(.callback, [UInt8](repeating: 7, count: 1 << 16)),
    ]
    let sent = DispatchSemaphore(value: 0)
    // The pipe holds less than the long frame: the sending side must not wait for the reads.
    Thread.detachNewThread {
      for frame in frames { try? channel.send(frame) }
      sent.signal()
    }
    for frame in frames {
      #expect(try channel.receive(deadline: .now + .seconds(10)) == frame)
    }
    #expect(sent.wait(timeout: .now() + 10) == .success)
  }
}
