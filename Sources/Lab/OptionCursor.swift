/// The words of a command line, read flag by flag: how the trainers and the benchmarks read
/// their options.
struct OptionCursor {
  private var remaining: ArraySlice<String>

  init(_ arguments: [String]) {
    remaining = arguments[...]
  }

  /// The next flag, or nil at the end.
  mutating func next() -> String? {
    remaining.popFirst()
  }

  /// The value that follows `flag`.
  mutating func value(of flag: String) throws(UsageError) -> String {
    guard let value = remaining.popFirst() else { throw UsageError("\(flag) needs a value") }
    return value
  }

  /// The whole number that follows `flag`, at least `minimum`.
  mutating func count(of flag: String, atLeast minimum: Int) throws(UsageError) -> Int {
    let text = try value(of: flag)
    guard let number = Int(text), number >= minimum else {
      throw UsageError("\(flag) takes a whole number of at least \(minimum), not '\(text)'")
    }
    return number
  }

  /// The seed that follows `flag`: any whole number that fits in 64 bits unsigned.
  mutating func seed(of flag: String) throws(UsageError) -> UInt64 {
    let text = try value(of: flag)
    guard let seed = UInt64(text) else {
      throw UsageError("\(flag) takes a whole number, not '\(text)'")
    }
    return seed
  }
}

/// A command line that cannot be run, and why.
struct UsageError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
