import Foundation
import Testing

/// Every CONTRACT.md table of `Tests/GradedTests` names only tests that exist and traces every
/// planted bug of its module, so renaming a test or adding a planted bug without a row fails here.
@Suite("Contract tables")
struct ContractTablesTests {
  /// A module's table and the names its cells may use.
  struct Table {
    /// The module folder's name, "04-CrossEntropy".
    let module: String
    /// The table rows of CONTRACT.md, headers and separator lines left out.
    let rows: [Row]
    /// The module's `@Test("…")` display names.
    let tests: Set<String>
    /// The module's `PlantedCheck("…")` names, in the order of its files.
    let checks: [String]

    /// The same names, as a set.
    var checkSet: Set<String> { Set(checks) }
  }

  /// One row of a table: its line in CONTRACT.md and its cells, `\|` read as `|`.
  struct Row: CustomStringConvertible {
    let line: Int
    let cells: [String]

    var description: String { "CONTRACT.md line \(line) (\(cells.first?.prefix(50) ?? "")…)" }
  }

  /// What the escapes other than `\"` and `\\` stand for in a name.
  static let escapes: [Character: Character] = ["n": "\n", "t": "\t"]

  /// `Tests/`, two folders up from this file.
  static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Every module folder of `Tests/GradedTests` with its CONTRACT.md, read once.
  static let tables: [Table] = {
    let graded = testsFolder.appendingPathComponent("GradedTests")
    let folders = (try? FileManager.default.contentsOfDirectory(atPath: graded.path)) ?? []
    // Module folders are named "NN-Name"; a module without CONTRACT.md reads as a table
    // without rows, which the first test reports.
    return folders.sorted().filter { $0.prefix(3).allSatisfy { $0.isNumber || $0 == "-" } }
      .map { name in
        let folder = graded.appendingPathComponent(name)
        let text =
          (try? String(contentsOf: folder.appendingPathComponent("CONTRACT.md"), encoding: .utf8))
          ?? ""
        return Table(
          module: name, rows: rows(of: text), tests: Set(literals(after: "@Test(", in: folder)),
          checks: literals(after: "PlantedCheck(", in: folder))
      }
  }()

  @Test("every module folder has a contract table with rows of three cells, and unique check names")
  func tablesHaveRows() {
    #expect(!Self.tables.isEmpty, "no CONTRACT.md found under \(Self.testsFolder.path)/GradedTests")
    for table in Self.tables {
      #expect(!table.rows.isEmpty, "\(table.module): no CONTRACT.md, or one without table rows")
      let repeated = Dictionary(grouping: table.checks, by: { $0 }).filter { $0.value.count > 1 }
      #expect(
        repeated.isEmpty,
        "\(table.module): planted checks share a name (their cases and counts key on it): \(repeated.keys.sorted())"
      )
      for row in table.rows where row.cells.count != 3 {
        Issue.record(
          "\(table.module), \(row): \(row.cells.count) cells, not 3 (a `|` not written `\\|`?)")
      }
    }
  }

  @Test("every graded-test cell names @Test display names of its module")
  func gradedTestsExist() {
    Self.checkCells(column: 1, known: \.tests, kind: "graded test")
  }

  @Test("every planted-bug cell names PlantedCheck names of its module")
  func plantedChecksExist() {
    Self.checkCells(column: 2, known: \.checkSet, kind: "planted check")
  }

  @Test("every planted check of a module is traced by a row of its table")
  func everyPlantedCheckIsTraced() {
    for table in Self.tables {
      let traced = table.rows.filter { $0.cells.count == 3 }.flatMap {
        Self.names(in: $0.cells[2], known: table.checkSet)
      }
      for check in table.checks where !traced.contains(check) {
        Issue.record("\(table.module): no row of CONTRACT.md traces the planted check \"\(check)\"")
      }
    }
  }

  /// Records an issue for every name in cell `column` of a row that is not among the table's
  /// `known` names (of that `kind`), and for every malformed cell.
  static func checkCells(column: Int, known: KeyPath<Table, Set<String>>, kind: String) {
    for table in tables {
      for row in table.rows where row.cells.count == 3 {
        for problem in problems(in: row.cells[column], known: table[keyPath: known], kind: kind) {
          Issue.record("\(table.module), \(row): \(problem)")
        }
      }
    }
  }

  /// What is wrong with a cell. A cell holds exact names separated by "; ", each of which must
  /// be among `known` (the module's names of that `kind`); or "—" and the reason in parentheses;
  /// or `kit code: Folder "name"; "name"`, whose names must be `@Test` names in `Tests/Folder`.
  static func problems(in cell: String, known: Set<String>, kind: String) -> [String] {
    if cell.hasPrefix("—") {
      return cell.hasPrefix("— (") && cell.hasSuffix(")") ? [] : ["\"\(cell)\" gives no (reason)"]
    }
    guard cell.hasPrefix("kit code: ") else {
      return names(in: cell, known: known).filter { !known.contains($0) }.map {
        "no \(kind) of the module is named \"\($0)\""
      }
    }
    let words = cell.dropFirst("kit code: ".count)
    let folder = String(words.prefix { $0 != " " })
    let quoted = words.dropFirst(folder.count + 1)
    guard quoted.count > 1, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else {
      return ["kit code names no quoted test after \(folder)"]
    }
    let tests = Set(literals(after: "@Test(", in: testsFolder.appendingPathComponent(folder)))
    return quoted.dropFirst().dropLast().components(separatedBy: "\"; \"")
      .filter { !tests.contains($0) }.map { "no @Test in Tests/\(folder) is named \"\($0)\"" }
  }

  /// The names in a cell: its parts between "; ", with neighbouring parts joined back where
  /// together they spell a known name. Parts that spell none come back on their own.
  static func names(in cell: String, known: Set<String>) -> [String] {
    let parts = cell.components(separatedBy: "; ")
    var names: [String] = []
    var start = 0
    while start < parts.count {
      let end =
        (start + 1...parts.count).last { known.contains(parts[start..<$0].joined(separator: "; ")) }
        ?? start + 1
      names.append(parts[start..<end].joined(separator: "; "))
      start = end
    }
    return names
  }

  /// The table rows of a CONTRACT.md: every line that starts with `|`, but separator lines
  /// (`|---|---|`) and the header line above each.
  static func rows(of text: String) -> [Row] {
    let lines = text.components(separatedBy: "\n")
    let isSeparator = { (line: String) in
      line.hasPrefix("|") && line.allSatisfy { "|-: ".contains($0) }
    }
    return lines.indices.compactMap { index in
      let line = lines[index]
      guard line.hasPrefix("|"), !isSeparator(line),
        index + 1 == lines.count || !isSeparator(lines[index + 1])
      else { return nil }
      let cells = line.trimmingCharacters(in: .whitespaces)
        .replacingOccurrences(of: "\\|", with: "\u{0}")
        .split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
        .map {
          $0.replacingOccurrences(of: "\u{0}", with: "|").trimmingCharacters(in: .whitespaces)
        }
      return Row(line: index + 1, cells: cells)
    }
  }

  /// The string literal that opens each `marker` call (`@Test(`, `PlantedCheck(`) in the Swift
  /// files under `folder`, the line break swift-format may put after `(` and an argument label
  /// (`asWritten:`) skipped. Escapes are read (`\"`, `\\`, `\n`, `\t`); a call that does not
  /// open with a literal is left out.
  static func literals(after marker: String, in folder: URL) -> [String] {
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
      .sorted { $0.path < $1.path }
    var names: [String] = []
    for file in files ?? [] {
      guard let source = try? String(contentsOf: file, encoding: .utf8) else { continue }
      var rest = source[...]
      while let call = rest.range(of: marker) {
        rest = rest[call.upperBound...].drop { $0.isWhitespace }
        let label = rest.prefix { $0.isLetter }
        if !label.isEmpty, rest.dropFirst(label.count).first == ":" {
          rest = rest.dropFirst(label.count + 1).drop { $0.isWhitespace }
        }
        guard rest.first == "\"", !rest.hasPrefix("\"\"\"") else { continue }
        rest = rest.dropFirst()
        var name = ""
        var escaped = false
        while let character = rest.popFirst() {
          if escaped {
            name.append(Self.escapes[character] ?? character)
            escaped = false
          } else if character == "\\" {
            escaped = true
          } else if character == "\"" {
            names.append(name)
            break
          } else {
            name.append(character)
          }
        }
      }
    }
    return names
  }
}
