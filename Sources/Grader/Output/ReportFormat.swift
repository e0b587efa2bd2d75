import Foundation

/// The machine-readable reports `gradkit grade --format` writes.
public enum ReportFormat: String, CaseIterable, Sendable {
  /// The human report, on standard output.
  case text
  /// A plain JSON summary for scripts, on standard output unless `--output` is given.
  case json
  /// Gradescope's autograder `results.json`.
  case gradescope
  /// JUnit XML, which most CI systems display.
  case junit

  /// The file written when `--output` is not given, or `nil` for standard output.
  public var defaultFile: String? {
    switch self {
    case .text, .json: nil
    case .gradescope: "results.json"
    case .junit: "junit.xml"
    }
  }
}

/// Builds the reports from graded results.
public struct Reports: Sendable {
  public var results: [ModuleResult]
  public var seed: UInt64
  public var implementation: String
  /// What kept the submission from being graded: compiler errors, a refusal, a run error.
  public var problems: [String]

  public init(
    results: [ModuleResult], seed: UInt64, implementation: String, problems: [String] = []
  ) {
    self.results = results
    self.seed = seed
    self.implementation = implementation
    self.problems =
      problems + results.compactMap { result in result.runError.map { "\(result.module): \($0)" } }
  }

  /// The module and test, numbered as Gradescope shows them (`3.2` is module 03's second test).
  func numbered() -> [(module: CourseModule, number: String, test: TestOutcome)] {
    results.flatMap { result -> [(CourseModule, String, TestOutcome)] in
      guard let module = Course.module(named: result.module) else { return [] }
      return result.tests.enumerated().map { index, test in
        (module, "\(module.number).\(index + 1)", test)
      }
    }
  }

  /// What a test's `output` says: its status and messages.
  static func output(of test: TestOutcome) -> String {
    ([test.status.rawValue] + test.messages).joined(separator: "\n")
  }

  /// Gradescope's `results.json`: the score, and each test with its points, status and output.
  public func gradescope() -> Data {
    struct Test: Encodable {
      var name: String
      var number: String
      var score: Double
      var maxScore: Double
      var status: String
      var output: String
      var visibility = "visible"

      enum CodingKeys: String, CodingKey {
        case name, number, score, status, output, visibility
        case maxScore = "max_score"
      }
    }
    struct Results: Encodable {
      var score: Double
      var maxScore: Double
      var output: String
      var visibility = "visible"
      var tests: [Test]

      enum CodingKeys: String, CodingKey {
        case score, output, visibility, tests
        case maxScore = "max_score"
      }
    }
    let total = Scoring.total(results)
    let tests = numbered().map { module, number, test in
      Test(
        name: "\(module.code) \(module.title): \(test.name)", number: number,
        score: Scoring.points(for: test), maxScore: Scoring.pointsPerTest,
        status: test.status == .passed ? "passed" : "failed", output: Self.output(of: test))
    }
    let summary = Results(
      score: total.earned, maxScore: total.possible,
      output: ([
        "GradKit graded \(implementation) with seed \(seed)"
          + " (replay: swift run gradkit grade --seed \(seed))."
      ] + problems).joined(separator: "\n"),
      tests: tests)
    return Self.encode(summary)
  }

  /// A plain JSON summary: the score, and every module with its status, points and tests.
  public func json() -> Data {
    struct Test: Encodable {
      var name: String
      var status: String
      var points: Double
      var messages: [String]
    }
    struct Module: Encodable {
      var number: Int
      var name: String
      var title: String
      var status: String
      var points: Double
      var maxPoints: Double
      var buildErrors: [String]
      var tests: [Test]

      enum CodingKeys: String, CodingKey {
        case number, name, title, status, points, tests
        case maxPoints = "max_points"
        case buildErrors = "build_errors"
      }
    }
    struct Summary: Encodable {
      var implementation: String
      var seed: UInt64
      var score: Double
      var maxScore: Double
      var problems: [String]
      var modules: [Module]

      enum CodingKeys: String, CodingKey {
        case implementation, seed, score, modules, problems
        case maxScore = "max_score"
      }
    }
    let total = Scoring.total(results)
    let modules = results.compactMap { result -> Module? in
      guard let module = Course.module(named: result.module) else { return nil }
      let points = Scoring.points(for: result)
      return Module(
        number: module.number, name: module.name, title: module.title,
        status: result.status.description, points: points.earned, maxPoints: points.possible,
        buildErrors: result.buildErrors,
        tests: result.tests.map {
          Test(
            name: $0.name, status: $0.status.rawValue, points: Scoring.points(for: $0),
            messages: $0.messages)
        })
    }
    return Self.encode(
      Summary(
        implementation: implementation, seed: seed, score: total.earned,
        maxScore: total.possible, problems: problems, modules: modules))
  }

  /// JUnit XML: a test suite a module, a test case a test; a crash or time-out is an `error`.
  public func junit() -> String {
    var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
    let all = results.flatMap(\.tests)
    lines.append(
      "<testsuites name=\"GradKit\" tests=\"\(all.count)\""
        + " failures=\"\(all.count { $0.status == .failed || $0.status == .notStarted })\""
        + " errors=\"\(all.count { $0.status == .crashed || $0.status == .timedOut })\">")
    for problem in problems {
      lines.append("  <system-err>\(Self.escape(problem))</system-err>")
    }
    for result in results {
      guard let module = Course.module(named: result.module) else { continue }
      let suite = Self.escape("\(module.code) \(module.title)")
      let failures = result.tests.count { $0.status == .failed || $0.status == .notStarted }
      let errors = result.tests.count { $0.status == .crashed || $0.status == .timedOut }
      lines.append(
        "  <testsuite name=\"\(suite)\" tests=\"\(result.tests.count)\" failures=\"\(failures)\""
          + " errors=\"\(errors)\">")
      for message in result.buildErrors {
        lines.append("    <system-err>\(Self.escape(message))</system-err>")
      }
      for test in result.tests {
        let name = Self.escape(test.name)
        let body = Self.escape(Self.output(of: test))
        switch test.status {
        case .passed:
          lines.append("    <testcase classname=\"\(suite)\" name=\"\(name)\"/>")
        case .failed, .notStarted:
          lines.append("    <testcase classname=\"\(suite)\" name=\"\(name)\">")
          lines.append("      <failure message=\"\(test.status.rawValue)\">\(body)</failure>")
          lines.append("    </testcase>")
        case .crashed, .timedOut:
          lines.append("    <testcase classname=\"\(suite)\" name=\"\(name)\">")
          lines.append("      <error message=\"\(test.status.rawValue)\">\(body)</error>")
          lines.append("    </testcase>")
        }
      }
      lines.append("  </testsuite>")
    }
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` with XML's five special characters escaped, and control characters dropped.
  static func escape(_ text: String) -> String {
    var escaped = ""
    for character in text.unicodeScalars {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&apos;"
      case "\n", "\t": escaped.unicodeScalars.append(character)
      default:
        if character.value >= 0x20 { escaped.unicodeScalars.append(character) }
      }
    }
    return escaped
  }

  static func encode(_ value: some Encodable) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)) ?? Data("{}".utf8)
  }
}
