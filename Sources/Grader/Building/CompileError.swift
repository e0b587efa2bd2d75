import Foundation
import LessonWire

/// The first error the compiler reported for a module, as a learner reads it.
struct CompileError: Equatable {
  /// The file, relative to the checkout: `exercises/02-StepVsSigmoid/StepVsSigmoid.swift`.
  var file: String
  var line: Int
  var column: Int
  var message: String
  /// The source line the error is on, when the file can be read (invalid UTF-8 as U+FFFD).
  var sourceLine: String?

  /// The error as a module problem: `file:line:column: error: message`, the line, a caret.
  var problem: ModuleProblem {
    var details: [String] = []
    if let sourceLine {
      details.append("    " + sourceLine)
      // The compiler counts columns in UTF-8 bytes: `let α` puts what follows α one byte
      // further right than one character. The caret goes under the character that holds
      // byte `column`.
      let bytes = max(0, column - 1)
      var before = 0
      var characters = 0
      for character in sourceLine {
        before += character.utf8.count
        guard before <= bytes else { break }
        characters += 1
      }
      let prefix = sourceLine.prefix(characters).map { $0 == "\t" ? "\t" : " " }
      details.append("    " + prefix.joined() + "^")
    }
    return ModuleProblem(
      status: .doesNotCompile, summary: "\(file):\(line):\(column): error: \(message)",
      details: details)
  }

  /// The first error in `output` (the compiler's, `-diagnostic-style llvm`) in a file under
  /// `sources`, named as `display` + the file's name; `nil` when there is none.
  static func first(in output: String, sources: URL, display: String) -> CompileError? {
    let prefix = sources.path + "/"
    for line in output.split(separator: "\n").map(String.init) {
      guard line.hasPrefix(prefix), let range = line.range(of: ": error: ") else { continue }
      let location = line[..<range.lowerBound].dropFirst(prefix.count)
      let parts = location.split(separator: ":")
      guard parts.count >= 3, let number = Int(parts[parts.count - 2]),
        let column = Int(parts[parts.count - 1])
      else { continue }
      let name = parts.dropLast(2).joined(separator: ":")
      // Decoded leniently: the error may be the file's invalid UTF-8 itself, and its line
      // is still shown, the bad bytes as U+FFFD.
      let text = (try? Data(contentsOf: sources.appendingPathComponent(name)))
        .map { String(decoding: $0, as: UTF8.self) }
      let source = text?.split(separator: "\n", omittingEmptySubsequences: false)
        .dropFirst(number - 1).first.map { sanitized(String($0)) }
      return CompileError(
        file: display + "/" + name, line: number, column: column,
        message: sanitized(String(line[range.upperBound...])), sourceLine: source)
    }
    return nil
  }
}
