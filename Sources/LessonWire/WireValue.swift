/// A value that crosses the pipe between the grader and a learner's process.
///
/// `write(to:)` and `init(from:)` are exact inverses: reading back what was written gives
/// an equal value, bit for bit.
public protocol WireValue {
  /// Appends this value to a message.
  func write(to writer: inout WireWriter)
  /// Reads a value of this type from a message, checking everything it reads.
  init(from reader: inout WireReader) throws(WireError)
}

extension Double: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(bitPattern)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(bitPattern: try reader.readUInt64())
  }
}

extension Int: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(UInt64(bitPattern: Int64(self)))
  }

  public init(from reader: inout WireReader) throws(WireError) {
    let value = Int64(bitPattern: try reader.readUInt64())
    guard let exact = Int(exactly: value) else {
      throw .malformed("\(value) does not fit in an Int here")
    }
    self = exact
  }
}

extension UInt64: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(self)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self = try reader.readUInt64()
  }
}

extension Bool: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(byte: self ? 1 : 0)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    switch try reader.readByte() {
    case 0: self = false
    case 1: self = true
    case let byte: throw .malformed("\(byte) is not a Bool")
    }
  }
}

extension String: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(text: self)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self = try reader.readText()
  }
}

extension Array: WireValue where Element: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(UInt64(count))
    for element in self {
      element.write(to: &writer)
    }
  }

  public init(from reader: inout WireReader) throws(WireError) {
    // Every element takes at least one byte, so the count cannot outrun the message.
    let count = try reader.readCount(itemSize: 1)
    self = []
    reserveCapacity(count)
    for _ in 0..<count {
      append(try Element(from: &reader))
    }
  }
}

extension Optional: WireValue where Wrapped: WireValue {
  public func write(to writer: inout WireWriter) {
    switch self {
    case .none:
      writer.write(byte: 0)
    case .some(let value):
      writer.write(byte: 1)
      value.write(to: &writer)
    }
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self = try Bool(from: &reader) ? .some(try Wrapped(from: &reader)) : .none
  }
}

/// The result of a call that returns nothing.
public struct Nothing: WireValue, Equatable, Sendable {
  public init() {}

  public func write(to writer: inout WireWriter) {}

  public init(from reader: inout WireReader) throws(WireError) {}
}

/// Two values, for a function that returns a pair (tuples cannot conform to protocols).
public struct Pair<First: WireValue, Second: WireValue>: WireValue {
  public var first: First
  public var second: Second

  public init(_ first: First, _ second: Second) {
    self.first = first
    self.second = second
  }

  public func write(to writer: inout WireWriter) {
    first.write(to: &writer)
    second.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    first = try First(from: &reader)
    second = try Second(from: &reader)
  }
}

/// Three values, for a function that returns a triple.
public struct Triple<First: WireValue, Second: WireValue, Third: WireValue>: WireValue {
  public var first: First
  public var second: Second
  public var third: Third

  public init(_ first: First, _ second: Second, _ third: Third) {
    self.first = first
    self.second = second
    self.third = third
  }

  public func write(to writer: inout WireWriter) {
    first.write(to: &writer)
    second.write(to: &writer)
    third.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    first = try First(from: &reader)
    second = try Second(from: &reader)
    third = try Third(from: &reader)
  }
}
