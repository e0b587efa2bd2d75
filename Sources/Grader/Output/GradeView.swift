/// The report of `gradkit grade`: each test, and for each one that did not pass, why.
public struct GradeView: Sendable {
  public var results: [ModuleResult]
  public var implementation: String
  public var seed: UInt64
  public var buildErrors: [String]
  public var buildLog: String?

  public init(
    results: [ModuleResult], implementation: String, seed: UInt64, buildErrors: [String] = [],
    buildLog: String? = nil
  ) {
    self.results = results
    self.implementation = implementation
    self.seed = seed
    self.buildErrors = buildErrors
    self.buildLog = buildLog
  }

  /// The report as text.
  public func render(_ style: Style) -> String {
    var lines = [style.dim("Grading \(implementation) with seed \(seed)"), ""]
    if !buildErrors.isEmpty || buildLog != nil {
      lines.append(style.red("The package does not compile:"))
      lines += buildErrors.map { "  \($0)" }
      if let buildLog { lines.append(buildLog) }
      lines += ["", "Fix the first error and grade again; nothing was graded.", ""]
      return lines.joined(separator: "\n")
    }
    for result in results {
      guard let module = Course.module(named: result.module) else { continue }
      let points = Scoring.points(for: result)
      lines.append(
        style.bold("\(module.code) · \(module.title)") + "  "
          + BoardView.paint(result.status, style)
          + "  \(Scoring.format(points.earned))/\(Scoring.format(points.possible))")
      if let runError = result.runError {
        lines.append("  " + style.red("could not run: \(runError)"))
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
      case .passed, .failed: nil
      case .notStarted: "not started: the test reached a stub that still calls unimplemented()"
      case .crashed: "crashed: your code stopped the test process"
      case .timedOut: "timed out"
      }
    return (heading.map { [$0] } ?? [])
      + test.messages.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
      .map(String.init)
  }

  static func symbol(_ status: TestOutcome.Status, _ style: Style) -> String {
    switch status {
    case .passed: style.green("✔")
    case .failed: style.yellow("✘")
    case .notStarted: style.dim("·")
    case .crashed, .timedOut: style.red("✘")
    }
  }
}
