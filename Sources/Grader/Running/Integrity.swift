import Foundation
import LessonWire

/// A second line of defence behind the learner program's separation from the reference:
/// constructs an exercise has no use for, and which could only serve to reach code or
/// symbols that are not the learner's, refuse the module with the line that uses them.
enum Integrity {
  /// What exercises may not use, and why a learner would read it was refused.
  static let forbidden: [(token: String, reason: String)] = [
    ("Solutions", "the reference solutions"),
    ("GradedTests", "the graded tests"),
    ("@_silgen_name", "a symbol by its raw name"),
    ("@_cdecl", "a symbol by its raw name"),
    ("@section", "code that runs before main"),
    ("@_section", "code that runs before main"),
    ("@_used", "code that runs before main"),
    ("_typeByName", "a type by its runtime name"),
    ("dlopen", "loading a library at run time"),
    ("dlsym", "a symbol by its name at run time"),
  ]

  /// Why `module`'s files in `folder` (shown as `display`) are refused, or `nil`.
  static func refusal(of module: CourseModule, in folder: URL, display: String) -> ModuleProblem? {
    var findings: [String] = []
    for file in swiftFileNames(in: folder) {
      guard
        let text = try? String(
          contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      else { continue }
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      {
        if let reason = violation(in: line) {
          findings.append(
            "\(display)/\(file):\(number + 1): uses \(reason): "
              + line.trimmingCharacters(in: .whitespaces).prefix(120))
        }
      }
    }
    guard !findings.isEmpty else { return nil }
    return ModuleProblem(
      status: .refused,
      summary: "refused: \(module.code) \(module.title) uses what exercises may not use",
      details: findings.prefix(5).map { $0 }
        + ["Your code must stand on its own; remove these lines and grade again."])
  }

  /// What a line reaches for that exercises may not, or `nil`. Comments do not count.
  static func violation(in line: Substring) -> String? {
    let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false)[0]
    let words = code.split(whereSeparator: {
      !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "." && $0 != "@"
    })
    for (token, reason) in forbidden {
      if words.contains(where: { $0 == token || $0.hasPrefix(token + ".") }) { return reason }
    }
    return nil
  }
}
