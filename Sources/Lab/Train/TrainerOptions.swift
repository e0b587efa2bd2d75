import Foundation

/// The options every trainer of `gradkit-lab train MODULE` takes: which side to train, the
/// seed, where the pictures go and whether the terminal gets colour.
struct TrainerOptions {
  var usesReference = false
  var seed: UInt64 = 1
  var output = ".gradkit/train"
  /// nil: colour when standard output is a terminal and NO_COLOR is not set.
  var usesColor: Bool?
  var showsHelp = false

  /// Takes `flag` when it is one of these options, reading its value from `cursor`;
  /// returns false for a flag that is not.
  mutating func take(_ flag: String, from cursor: inout OptionCursor) throws(UsageError) -> Bool {
    switch flag {
    case "--side":
      switch try cursor.value(of: flag) {
      case "learner": usesReference = false
      case "reference": usesReference = true
      case let other: throw UsageError("--side is 'learner' or 'reference', not '\(other)'")
      }
    case "--seed":
      let text = try cursor.value(of: flag)
      guard let seed = UInt64(text) else {
        throw UsageError("--seed takes a whole number, not '\(text)'")
      }
      self.seed = seed
    case "--output": output = try cursor.value(of: flag)
    case "--color": usesColor = true
    case "--no-color": usesColor = false
    case "-h", "--help": showsHelp = true
    default: return false
    }
    return true
  }

  /// Whether the terminal pictures are coloured: as asked, or only on a terminal when NO_COLOR
  /// is not set to something (https://no-color.org).
  var colorsTerminal: Bool {
    if let usesColor { return usesColor }
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"] ?? ""
    return noColor.isEmpty && isatty(STDOUT_FILENO) == 1
  }
}

/// The words of a command line, read flag by flag.
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
}

/// A command line that cannot be run, and why.
struct UsageError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
