/// What a crashed test process left on its standard error.
struct CrashReport: Equatable {
  /// The runtime's own line, e.g. `Exercises/Perceptron.swift:12: Fatal error: Index out of range`.
  var message: String
  /// The first frame of the backtrace in the learner's or the reference code, as `path:line:column`.
  var location: String?

  /// Whether the crash is a stub that still calls `unimplemented()`.
  var isUnimplemented: Bool {
    message.contains(unimplementedMarker)
  }

  /// Reads the crash out of `standardError`; `sourceFolders` are the folders whose frames count as "yours".
  init(standardError: String, sourceFolders: [String]) {
    let lines = standardError.split(separator: "\n").map(String.init)
    let fatal = lines.first { $0.contains("Fatal error") }
    message =
      fatal?.trimmingCharacters(in: .whitespaces)
      ?? lines.first { $0.contains("Program crashed") }.map {
        $0.replacingOccurrences(of: "*", with: "")
      }?
      .trimmingCharacters(in: .whitespaces)
      ?? "the test process stopped without a message"
    location =
      lines.lazy.compactMap { line in
        Self.frameLocation(in: line, sourceFolders: sourceFolders)
      }.first
  }

  /// The `path:line:column` a backtrace frame points at, when it is in one of `sourceFolders`.
  static func frameLocation(in line: String, sourceFolders: [String]) -> String? {
    guard let range = line.range(of: " at /", options: .backwards) else { return nil }
    let path = String(line[line.index(after: range.lowerBound)...])
      .trimmingCharacters(in: .whitespaces)
    for folder in sourceFolders {
      if let start = path.range(of: "/\(folder)/") {
        return String(path[path.index(after: start.lowerBound)...])
      }
    }
    return nil
  }
}

/// Kept equal to GradKit's `unimplementedMarker`; the grader does not link the engine.
let unimplementedMarker = "not implemented yet:"
