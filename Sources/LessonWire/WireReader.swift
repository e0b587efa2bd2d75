/// Reads the values of one message back, checking every count against the bytes left.
///
/// A message may come from a learner's process that crashed half-way or from hostile
/// code, so nothing here trusts it: a count larger than the rest of the message, a
/// malformed string or a shape that does not fit is an error, never a crash or a huge
/// allocation.
public struct WireReader: Sendable {
  private let bytes: [UInt8]
  private var offset = 0

  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Whether every byte has been read.
  public var isAtEnd: Bool { offset == bytes.count }

  /// The next 64 bits.
  public mutating func readUInt64() throws(WireError) -> UInt64 {
    guard bytes.count - offset >= 8 else { throw .truncated }
    var value: UInt64 = 0
    for index in 0..<8 {
      value |= UInt64(bytes[offset + index]) << (8 * UInt64(index))
    }
    offset += 8
    return value
  }

  /// The next byte.
  public mutating func readByte() throws(WireError) -> UInt8 {
    guard offset < bytes.count else { throw .truncated }
    defer { offset += 1 }
    return bytes[offset]
  }

  /// A count of items that each take at least `itemSize` bytes: never more than the message holds.
  public mutating func readCount(itemSize: Int) throws(WireError) -> Int {
    let count = try readUInt64()
    guard count <= UInt64((bytes.count - offset) / max(itemSize, 1)) else {
      throw .malformed("a count of \(count) does not fit in the rest of the message")
    }
    return Int(count)
  }

  /// A block of doubles written by ``WireWriter/write(doubles:)``.
  public mutating func readDoubles() throws(WireError) -> [Double] {
    let count = try readCount(itemSize: 8)
    var values: [Double] = []
    values.reserveCapacity(count)
    for _ in 0..<count {
      values.append(Double(bitPattern: try readUInt64()))
    }
    return values
  }

  /// Bytes written by ``WireWriter/write(bytes:)``.
  public mutating func readBytes() throws(WireError) -> [UInt8] {
    let count = try readCount(itemSize: 1)
    defer { offset += count }
    return Array(bytes[offset..<offset + count])
  }

  /// A string written by ``WireWriter/write(text:)``; invalid UTF-8 is repaired, not trusted.
  public mutating func readText() throws(WireError) -> String {
    let count = try readCount(itemSize: 1)
    defer { offset += count }
    return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
  }
}

/// Why a message could not be read.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The message ended before the value did.
  case truncated
  /// The bytes do not describe a value of the expected type.
  case malformed(String)

  public var description: String {
    switch self {
    case .truncated: "the message ended before the value did"
    case .malformed(let reason): reason
    }
  }
}
