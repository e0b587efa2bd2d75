/// The words after a command's name, sorted into flags, options with values, and positional arguments.
///
/// Options take their value as the next word or after `=` (`--seed 7`, `--seed=7`), and
/// may be repeated (`--format junit --format gradescope`). `--help` and `-h` are flags of
/// every command; `--` ends the options, so every word after it is positional.
public struct Arguments: Sendable, Equatable {
  public private(set) var positionals: [String] = []
  private var flags: Set<String> = []
  private var values: [String: [String]] = [:]

  /// Sorts `words` for `command`, which accepts `flags` and `options`.
  ///
  /// - Throws: ``GraderError/usage(_:)`` naming the unknown option and the closest known one.
  public init(
    _ words: [String], command: String, flags known: [String], options: [String]
  ) throws(GraderError) {
    let allFlags = Set(known + ["--help", "-h"])
    var index = 0
    while index < words.count {
      let word = words[index]
      index += 1
      if word == "--" {
        positionals += words[index...]
        break
      }
      guard word.hasPrefix("-"), word != "-" else {
        positionals.append(word)
        continue
      }
      let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
      let name = parts[0]
      if allFlags.contains(name), parts.count == 1 {
        flags.insert(name == "-h" ? "--help" : name)
      } else if options.contains(name) {
        if parts.count == 2 {
          values[name, default: []].append(parts[1])
        } else if index < words.count, !words[index].hasPrefix("--") {
          values[name, default: []].append(words[index])
          index += 1
        } else {
          throw .usage(
            "option \(name) needs a value, e.g. '\(name) 42'. See 'gradkit \(command) --help'.")
        }
      } else {
        let suggestion = Self.closest(to: name, among: known + options).map {
          " Did you mean '\($0)'?"
        }
        throw .usage(
          "unknown option '\(word)' for 'gradkit \(command)'.\(suggestion ?? "")"
            + " See 'gradkit \(command) --help'.")
      }
    }
  }

  /// Whether `flag` was given.
  public func has(_ flag: String) -> Bool {
    flags.contains(flag)
  }

  /// The value given for `option`, if any; the last one when it was given more than once.
  public func value(of option: String) -> String? {
    values[option]?.last
  }

  /// Every value given for `option`, in order.
  public func values(of option: String) -> [String] {
    values[option] ?? []
  }

  /// The value of `option` read as a `T`, or `nil` when it was not given.
  ///
  /// - Throws: ``GraderError/usage(_:)`` when the value does not read as a `T`.
  public func value<T: LosslessStringConvertible>(
    of option: String, as type: T.Type, meaning: String, command: String
  ) throws(GraderError) -> T? {
    guard let text = values[option]?.last else { return nil }
    guard let value = T(text) else {
      throw .usage("\(option) takes \(meaning), not '\(text)'. See 'gradkit \(command) --help'.")
    }
    return value
  }

  /// The `--seed` given, read as a whole number.
  public func seed(command: String) throws(GraderError) -> UInt64? {
    try value(of: "--seed", as: UInt64.self, meaning: "a whole number", command: command)
  }

  /// The positive number of seconds given for `option`, or `fallback`.
  public func seconds(of option: String, default fallback: Double, command: String)
    throws(GraderError) -> Double
  {
    let seconds =
      try value(of: option, as: Double.self, meaning: "a number of seconds", command: command)
      ?? fallback
    guard seconds.isFinite, seconds > 0 else {
      throw .usage(
        "\(option) takes a positive, finite number of seconds, e.g. '\(option) 5', not '\(seconds)'."
      )
    }
    return seconds
  }

  /// The known name nearest to `word` in edit distance, if it is near enough to be a typo.
  static func closest(to word: String, among names: [String]) -> String? {
    let scored = names.map { ($0, editDistance(word, $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else {
      return nil
    }
    return best.0
  }

  /// The Levenshtein distance between `a` and `b`.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var row = [i] + Array(repeating: 0, count: b.count)
      for j in 1...max(b.count, 1) where !b.isEmpty {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        row[j] = min(previous[j] + 1, row[j - 1] + 1, substitution)
      }
      previous = row
    }
    return a.isEmpty ? b.count : previous[b.count]
  }
}
