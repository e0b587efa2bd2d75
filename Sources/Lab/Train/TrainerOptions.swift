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
    case "--seed": seed = try cursor.seed(of: flag)
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
