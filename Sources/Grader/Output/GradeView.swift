/// The report of `gradkit grade`: each test, and for each one that did not pass, why.
public struct GradeView: Sendable {
  public var results: [ModuleResult]
  /// What was graded, as the heading names it: `exercises`, `solutions`, a submission's path.
  public var subject: String
  public var seed: UInt64
  /// Lines to show first: how a submission was read.
  public var notes: [String]

  public init(results: [ModuleResult], subject: String, seed: UInt64, notes: [String] = []) {
    self.results = results
    self.subject = subject
    self.seed = seed
    self.notes = notes
  }

  /// The report as text.
  public func render(_ style: Style) -> String {
    var lines = [style.dim("Grading \(subject) with seed \(seed)")] + notes.map(style.dim)
    let withheld = results.compactMap(\.module).compactMap(Course.module(named:)).filter(
      Edition.withholds)
    if !withheld.isEmpty {
      lines.append(
        style.dim(
          "(\(withheld.map(\.code).joined(separator: ", ")): seed \(Edition.recordedSeed), the one"
            + " this class edition's recorded reference answers for)"))
    }
    lines.append("")
    for result in results {
      guard let module = Course.module(named: result.module) else { continue }
      let points = Scoring.points(for: result)
      lines.append(
        style.bold("\(module.code) · \(module.title)") + "  "
          + BoardView.paint(result.status, style)
          + "  \(Scoring.format(points.earned))/\(Scoring.format(points.possible))")
      if let problem = result.problem {
        // Said once for the module; every test below counts as failed because of it.
        lines.append("  " + style.red(problem.summary))
        lines += problem.details.map { "  " + $0 }
        lines += result.tests.map { "  \(Self.symbol($0.status, style)) \($0.name)" }
        lines.append("")
        continue
      }
      for test in result.tests {
        lines.append("  \(Self.symbol(test.status, style)) \(test.name)")
        if test.status != .passed {
          lines += explanation(of: test).map { "      " + $0 }
        }
      }
      lines.append("")
    }
    let total = Scoring.total(results)
    lines.append(
      "Score \(Scoring.format(total.earned))/\(Scoring.format(total.possible))"
        + " · replay these inputs with --seed \(seed)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The lines under a test that did not pass.
  func explanation(of test: TestOutcome) -> [String] {
    let heading: String? =
      switch test.status {
      case .passed, .failed, .doesNotCompile, .refused, .notSubmitted, .notRun: nil
      case .notStarted: "not started: the test reached a stub that still calls unimplemented()"
      case .crashed: "crashed: your code stopped its process"
      case .timedOut: "timed out"
      }
    return (heading.map { [$0] } ?? [])
      + test.messages.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
      .map(String.init)
  }

  static func symbol(_ status: TestOutcome.Status, _ style: Style) -> String {
    switch status {
    case .passed: style.green("✔")
    case .failed, .notRun: style.yellow("✘")
    case .notStarted: style.dim("·")
    case .crashed, .timedOut, .doesNotCompile, .refused, .notSubmitted: style.red("✘")
    }
  }
}
