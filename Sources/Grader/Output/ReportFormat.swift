import Foundation
import LessonWire

/// The reports `gradkit grade --format` writes.
public enum ReportFormat: String, CaseIterable, Sendable {
  /// The human report, on standard output unless a file is given (without colours there).
  case text
  /// A plain JSON summary for scripts, on standard output unless a file is given.
  case json
  /// Gradescope's autograder `results.json`.
  case gradescope
  /// JUnit XML, which most CI systems display.
  case junit
  /// Exercism's test-runner `results.json` (interface version 3).
  case exercism

  /// The file written when none is given, or `nil` for standard output.
  public var defaultFile: String? {
    switch self {
    case .text, .json: nil
    case .gradescope, .exercism: "results.json"
    case .junit: "junit.xml"
    }
  }
}

/// One report asked for on the command line: its format and where it goes.
struct ReportRequest: Equatable {
  var format: ReportFormat
  /// The file, or `nil` for standard output.
  var file: String?

  /// The reports `--format` and `--output` ask for: `--format NAME` or `--format NAME=FILE`,
  /// with the `--output`s given to the file formats without a file of their own, in order.
  ///
  /// - Throws: ``GraderError/usage(_:)`` for an unknown format, an `--output` left over, or
  ///   two reports to one file.
  static func parse(formats: [String], outputs: [String]) throws(GraderError) -> [ReportRequest] {
    var requests: [ReportRequest] = []
    var outputs = outputs[...]
    for word in formats.isEmpty ? ["text"] : formats {
      let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
      guard let format = ReportFormat(rawValue: parts[0]) else {
        let names = ReportFormat.allCases.map(\.rawValue)
        let guess = Arguments.closest(to: parts[0], among: names).map { " Did you mean '\($0)'?" }
        throw .usage(
          "--format takes one of \(names.joined(separator: ", ")), not '\(parts[0])'.\(guess ?? "")"
        )
      }
      if parts.count == 2 {
        requests.append(ReportRequest(format: format, file: parts[1]))
      } else if format != .text, let output = outputs.popFirst() {
        requests.append(ReportRequest(format: format, file: output))
      } else {
        requests.append(ReportRequest(format: format, file: format.defaultFile))
      }
    }
    guard outputs.isEmpty else {
      throw .usage(
        "--output \(outputs.first ?? "") has no report to hold: give a --format for each --output"
          + " (text goes to the terminal).")
    }
    let files = requests.compactMap(\.file)
    if let repeated = files.first(where: { file in files.count { $0 == file } > 1 }) {
      throw .usage(
        "two reports would go to \(repeated): give one of them its own file, e.g."
          + " '--format exercism=exercism.json'.")
    }
    return requests
  }

  /// Checks, before anything is graded, that every report file can be written.
  ///
  /// A folder (an existing one, or a name ending in `/`) is not a report file: writing to it
  /// would fail only after the whole submission had been graded.
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` naming the first that cannot.
  static func checkWritable(_ files: [URL]) throws(GraderError) {
    let manager = FileManager.default
    for file in files {
      var isExistingFolder: ObjCBool = false
      if file.hasDirectoryPath
        || manager.fileExists(atPath: file.path, isDirectory: &isExistingFolder)
          && isExistingFolder.boolValue
      {
        throw .cannotRun(
          "cannot write the report \(file.path): it is a folder, not a file. Name a file in it,"
            + " e.g. --format junit=\(file.path)/junit.xml; nothing was graded.")
      }
      var folder = file.deletingLastPathComponent()
      // A folder still to be made is writable when its nearest existing parent is.
      while !manager.fileExists(atPath: folder.path), folder.path != "/" {
        folder.deleteLastPathComponent()
      }
      var isFolder: ObjCBool = false
      let writable =
        manager.fileExists(atPath: file.path)
        ? manager.isWritableFile(atPath: file.path)
        : manager.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue
          && canCreateFile(in: folder)
      guard writable else {
        let reason =
          if manager.fileExists(atPath: file.path) {
            "the file is not writable"
          } else if isFolder.boolValue {
            "\(folder.path) is not writable"
          } else {
            "\(folder.path) is a file, not a folder"
          }
        throw .cannotRun(
          "cannot write the report \(file.path): \(reason). Choose another place with"
            + " --output or --format FORMAT=FILE; nothing was graded.")
      }
    }
  }
}

extension ReportRequest {
  /// Whether a file can be made in `folder`, found by making one and removing it.
  ///
  /// Not `isWritableFile(atPath:)`: for root, permission bits let everything through, yet
  /// a file system such as `/proc` makes no files, and the report would fail only once the
  /// whole class had been graded.
  static func canCreateFile(in folder: URL) -> Bool {
    let probe = folder.appendingPathComponent(".gradkit-probe-\(UUID().uuidString)")
    guard FileManager.default.createFile(atPath: probe.path, contents: nil) else { return false }
    try? FileManager.default.removeItem(at: probe)
    return true
  }
}

/// Builds the reports from graded results.
public struct Reports: Sendable {
  public var results: [ModuleResult]
  public var seed: UInt64
  /// What was graded: `exercises`, `solutions`, or a submission's path.
  public var subject: String
  /// How a submission was read, and anything else the reader should know first.
  public var notes: [String]
  /// How long the run took, in seconds.
  public var duration: Double

  public init(
    results: [ModuleResult], seed: UInt64, subject: String, notes: [String] = [],
    duration: Double = 0
  ) {
    self.results = results
    self.seed = seed
    self.subject = subject
    self.notes = notes
    self.duration = duration
  }

  /// The report in `format`.
  func content(_ format: ReportFormat) -> Data {
    switch format {
    case .text:
      Data(
        GradeView(results: results, subject: subject, seed: seed, notes: notes)
          .render(Style(usesColor: false)).utf8)
    case .json: json()
    case .gradescope: gradescope()
    case .junit: Data(junit().utf8)
    case .exercism: exercism()
    }
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

  /// What a test's report says: its status and messages, safe for any reader.
  static func output(of test: TestOutcome) -> String {
    sanitized(([test.status.rawValue] + test.messages).joined(separator: "\n"))
  }

  /// The first line of what went wrong, for a one-line field.
  static func summary(of test: TestOutcome) -> String {
    let first = test.messages.first?.split(separator: "\n").first.map(String.init)
    return sanitized(first.map { "\(test.status.rawValue): \($0)" } ?? test.status.rawValue)
  }

  /// The replay line of the run, for the reports' headers.
  var replay: String {
    "GradKit graded \(subject) with seed \(seed) "
      + "(replay: swift run gradkit grade\(subjectOptions) --seed \(seed))."
  }

  /// The options that grade the same code again: none for the exercises, `--solutions`,
  /// or `--exercises PATH` for a submission, the path quoted for the shell where it must be.
  var subjectOptions: String { Self.replayOptions(subject: subject) }

  /// The options that grade `subject` (`exercises`, `solutions` or a submission's path) again.
  static func replayOptions(subject: String) -> String {
    switch subject {
    case "exercises": ""
    case "solutions": " --solutions"
    default: " --exercises " + shellWord(subject)
    }
  }

  /// Gradescope's `results.json`: the score, the run's time and output, and each test with
  /// its points, status, output and a tag for the real status.
  public func gradescope() -> Data {
    struct Test: Encodable {
      var name: String
      var number: String
      var score: Double
      var maxScore: Double
      var status: String
      var output: String
      var outputFormat = "text"
      var tags: [String]
      var visibility = "visible"

      enum CodingKeys: String, CodingKey {
        case name, number, score, status, output, tags, visibility
        case maxScore = "max_score"
        case outputFormat = "output_format"
      }
    }
    struct Results: Encodable {
      var score: Double
      var maxScore: Double
      var executionTime: Double
      var output: String
      var outputFormat = "text"
      var testOutputFormat = "text"
      var visibility = "visible"
      var tests: [Test]

      enum CodingKeys: String, CodingKey {
        case score, output, visibility, tests
        case maxScore = "max_score"
        case executionTime = "execution_time"
        case outputFormat = "output_format"
        case testOutputFormat = "test_output_format"
      }
    }
    let total = Scoring.total(results)
    let tests = numbered().map { module, number, test in
      Test(
        name: "\(module.code) \(module.title): \(test.name)", number: number,
        score: Scoring.points(for: test), maxScore: Scoring.pointsPerTest,
        status: test.status == .passed ? "passed" : "failed", output: Self.output(of: test),
        tags: [test.status.rawValue])
    }
    let problems = results.compactMap { result in
      result.problem.map { "\(result.module): \($0.summary)" }
    }
    let summary = Results(
      score: total.earned, maxScore: total.possible, executionTime: (duration * 10).rounded() / 10,
      output: sanitized(([replay] + notes + problems).joined(separator: "\n")), tests: tests)
    return Self.encode(summary)
  }

  /// A plain JSON summary: the score, and every module with its status, points and tests.
  public func json() -> Data {
    struct Test: Encodable {
      var name: String
      var status: String
      var points: Double
      var seconds: Double
      var messages: [String]
    }
    struct Module: Encodable {
      var number: Int
      var name: String
      var title: String
      var status: String
      var points: Double
      var maxPoints: Double
      var problem: ModuleProblem?
      var tests: [Test]

      enum CodingKeys: String, CodingKey {
        case number, name, title, status, points, tests, problem
        case maxPoints = "max_points"
      }
    }
    struct Summary: Encodable {
      var subject: String
      var seed: UInt64
      var score: Double
      var maxScore: Double
      var seconds: Double
      var notes: [String]
      var modules: [Module]

      enum CodingKeys: String, CodingKey {
        case subject, seed, score, modules, notes, seconds
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
        problem: result.problem,
        tests: result.tests.map {
          Test(
            name: $0.name, status: $0.status.rawValue, points: Scoring.points(for: $0),
            seconds: $0.duration, messages: $0.messages.map(sanitized))
        })
    }
    return Self.encode(
      Summary(
        subject: subject, seed: seed, score: total.earned, maxScore: total.possible,
        seconds: duration, notes: notes, modules: modules))
  }

  /// JUnit XML: a test suite a module, a test case a test. A failed or not-started test is a
  /// `failure`; a crash, a time-out, a module that does not compile or was refused, and a
  /// test not run are `error`s. `message` is the first line, `type` the status, `time` the
  /// test's seconds. Valid against Jenkins' `junit-10.xsd`.
  public func junit() -> String {
    var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
    let all = results.flatMap(\.tests)
    func isFailure(_ test: TestOutcome) -> Bool { [.failed, .notStarted].contains(test.status) }
    func isError(_ test: TestOutcome) -> Bool { test.status != .passed && !isFailure(test) }
    lines.append(
      "<testsuites name=\"GradKit\" tests=\"\(all.count)\" failures=\"\(all.count(where: isFailure))\""
        + " errors=\"\(all.count(where: isError))\" time=\"\(Self.time(duration))\">")
    for (index, result) in results.enumerated() {
      guard let module = Course.module(named: result.module) else { continue }
      let suite = Self.escape("\(module.code) \(module.title)")
      let time = result.tests.map(\.duration).reduce(0, +)
      lines.append(
        "  <testsuite name=\"\(suite)\" id=\"\(index)\" package=\"GradKit\""
          + " tests=\"\(result.tests.count)\" failures=\"\(result.tests.count(where: isFailure))\""
          + " errors=\"\(result.tests.count(where: isError))\" time=\"\(Self.time(time))\">")
      if index == 0 {
        lines.append(
          "    <system-out>\(Self.escape(([replay] + notes).joined(separator: "\n")))</system-out>")
      }
      for test in result.tests {
        let name = Self.escape(test.name)
        let head =
          "    <testcase classname=\"\(suite)\" name=\"\(name)\" time=\"\(Self.time(test.duration))\""
        guard test.status != .passed else {
          lines.append(head + "/>")
          continue
        }
        let element = isFailure(test) ? "failure" : "error"
        lines.append(head + ">")
        lines.append(
          "      <\(element) message=\"\(Self.escape(Self.summary(of: test)))\""
            + " type=\"\(Self.escape(test.status.rawValue))\">\(Self.escape(Self.output(of: test)))</\(element)>"
        )
        lines.append("    </testcase>")
      }
      if let problem = result.problem {
        lines.append(
          "    <system-err>\(Self.escape(problem.lines.joined(separator: "\n")))</system-err>")
      }
      lines.append("  </testsuite>")
    }
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Exercism's test-runner `results.json`, interface version 3: the overall status (`error`
  /// only when no test ran), and each test with its status, message, output and code, its
  /// `task_id` the module's number.
  public func exercism() -> Data {
    struct Test: Encodable {
      var name: String
      var status: String
      var message: String?
      var output: String?
      var testCode: String
      var taskID: Int

      enum CodingKeys: String, CodingKey {
        case name, status, message, output
        case testCode = "test_code"
        case taskID = "task_id"
      }
    }
    struct Results: Encodable {
      var version = 3
      var status: String
      var message: String?
      var tests: [Test]
    }
    let tests = numbered().map { module, _, test -> Test in
      let status: String =
        switch test.status {
        case .passed: "pass"
        case .failed, .notStarted: "fail"
        case .crashed, .timedOut, .doesNotCompile, .refused, .notSubmitted, .notRun: "error"
        }
      // What the learner's code printed, as a crash report carries it.
      let lines = test.messages.flatMap { $0.split(separator: "\n").map(String.init) }
      let printed =
        lines.firstIndex(of: LearnerFailure.printedHeading).map {
          lines[($0 + 1)...].map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
        } ?? ""
      return Test(
        name: "\(module.code) \(module.title): \(test.name)", status: status,
        message: status == "pass" ? nil : Self.output(of: test),
        output: printed.isEmpty ? nil : String(sanitized(printed).prefix(500)),
        testCode:
          "swift run gradkit grade \(module.code)\(subjectOptions) --seed \(seed) --test "
          + shellWord(test.name),
        taskID: module.number)
    }
    let overall: String
    if results.allSatisfy(\.allPassed) {
      overall = "pass"
    } else if results.flatMap(\.tests).allSatisfy({ !$0.ran }) {
      overall = "error"
    } else {
      overall = "fail"
    }
    let message =
      overall == "error"
      ? sanitized(
        results.compactMap { $0.problem?.lines.joined(separator: "\n") }.joined(separator: "\n\n"))
      : nil
    return Self.encode(Results(status: overall, message: message, tests: tests))
  }

  /// Seconds as JUnit writes them: digits, a point, three decimals.
  static func time(_ seconds: Double) -> String {
    String(format: "%.3f", max(0, seconds))
  }

  /// `text` with XML's five special characters escaped, and every character XML 1.0 does
  /// not allow (control characters, U+FFFE, U+FFFF, escape sequences) removed.
  static func escape(_ text: String) -> String {
    var escaped = ""
    for character in sanitized(text).unicodeScalars {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&apos;"
      default: escaped.unicodeScalars.append(character)
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
