import Foundation

/// Checks that the exercises are the learner's own work before they are graded.
enum Integrity {
  /// Lines of the exercises that reach for the reference solutions or the graded tests,
  /// as `path:line: text`.
  static func borrowedCode(in exercises: URL) -> [String] {
    let files =
      FileManager.default.enumerator(at: exercises, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }
      .filter { $0.pathExtension == "swift" }
      .sorted { $0.path < $1.path } ?? []
    var findings: [String] = []
    for file in files {
      guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      where borrows(line) {
        let path = "exercises/" + file.path.dropFirst(exercises.path.count + 1)
        findings.append("\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    return findings
  }

  /// Whether a line imports or names the modules a learner must not use.
  static func borrows(_ line: Substring) -> Bool {
    let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false)[0]
    let words = code.split(whereSeparator: {
      !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "."
    })
    if let index = words.firstIndex(of: "import"), index + 1 < words.count {
      return ["Solutions", "GradedTests"].contains(words[index + 1])
    }
    return words.contains { $0.hasPrefix("Solutions.") }
  }
}
