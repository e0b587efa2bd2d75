/// Builds the bytes of one message between the grader and a learner's process.
///
/// Every number is written little-endian in 8 bytes: an `Int` as its 64-bit two's
/// complement, a `Double` as its IEEE-754 bit pattern, so a value crosses the pipe exactly,
/// NaN payloads and signed zeros included.
public struct WireWriter: Sendable {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8] = []

  public init() {}

  /// Appends 64 bits.
  public mutating func write(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// Appends one byte.
  public mutating func write(byte: UInt8) {
    bytes.append(byte)
  }

  /// Appends a count, then that many doubles as one block.
  public mutating func write(doubles: [Double]) {
    write(UInt64(doubles.count))
    for value in doubles {
      write(value.bitPattern)
    }
  }

  /// Appends a count, then the UTF-8 bytes of `text`.
  public mutating func write(text: String) {
    let utf8 = Array(text.utf8)
    write(UInt64(utf8.count))
    bytes.append(contentsOf: utf8)
  }

  /// Appends a count, then `data` as it is.
  public mutating func write(bytes data: [UInt8]) {
    write(UInt64(data.count))
    bytes.append(contentsOf: data)
  }
}
