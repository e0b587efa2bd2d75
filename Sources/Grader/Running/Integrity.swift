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

  /// Whether the built Exercises module depends on the reference solutions, by the compiler's own
  /// record of the modules it read (a check no spelling of the import can get round).
  static func buildUsesSolutions(in workspace: Workspace) -> Bool {
    let record = workspace.buildFolder.appendingPathComponent(
      "debug/Exercises.build/Exercises.emit-module.d")
    guard let text = try? String(contentsOf: record, encoding: .utf8) else { return false }
    return text.contains("Solutions.swiftmodule") || text.contains("GradedTests.swiftmodule")
  }

  /// Whether a line imports or names the modules a learner must not use.
  static func borrows(_ line: Substring) -> Bool {
    let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false)[0]
    let words = code.split(whereSeparator: {
      !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "."
    })
    let forbidden = ["Solutions", "GradedTests"]
    if words.contains("import") {
      // `import Solutions`, `import struct Solutions.X`, `import A; import Solutions`.
      return words.contains { word in
        forbidden.contains { word == $0 || word.hasPrefix($0 + ".") }
      }
    }
    return words.contains { $0.hasPrefix("Solutions.") }
  }
}
