/// The progress board: every module's status and points, the score, and what to do next.
public struct BoardView: Sendable {
  public var results: [ModuleResult]
  /// For a module that does not compile now, its last result that did.
  public var lastGraded: [String: ModuleResult]
  /// The seed the results were graded with, or `nil` when they come from earlier runs with
  /// different seeds.
  public var seed: UInt64?
  /// Whether every result was read from the last run because nothing changed.
  public var isCached: Bool

  public init(
    results: [ModuleResult], lastGraded: [String: ModuleResult] = [:], seed: UInt64?,
    isCached: Bool
  ) {
    self.results = results
    self.lastGraded = lastGraded
    self.seed = seed
    self.isCached = isCached
  }

  /// The board as text.
  public func render(_ style: Style) -> String {
    var lines = [
      style.bold("GradKit · your progress"),
      style.dim(
        (seed.map { "exercises graded with seed \($0)" }
          ?? "exercises graded earlier, each module with the seed of its last grade")
          + (isCached ? " (nothing changed since)" : "")),
      "",
    ]
    for module in Course.modules {
      guard let result = results.first(where: { $0.module == module.name }) else { continue }
      let points = Scoring.points(for: result)
      let status = Self.paint(result.status, style)
      var row =
        "  \(module.code)  \(padded(module.title, to: 26)) \(status)"
        + "\(String(repeating: " ", count: max(1, 24 - result.status.description.count - 2)))"
        + "\(Scoring.format(points.earned))/\(Scoring.format(points.possible))"
      if result.problem != nil, let last = lastGraded[module.name] {
        let earlier = Scoring.points(for: last)
        row += style.dim(
          "   (last graded \(Scoring.format(earlier.earned))/\(Scoring.format(earlier.possible)))")
      }
      lines.append(row)
    }
    let total = Scoring.total(results)
    let percent = total.possible > 0 ? Int((100 * total.earned / total.possible).rounded()) : 0
    lines += [
      "",
      "  Score \(Scoring.format(total.earned))/\(Scoring.format(total.possible)) points (\(percent)%)",
      "",
    ]
    lines += problems(style)
    lines += nextSteps(style)
    return lines.joined(separator: "\n") + "\n"
  }

  /// A symbol and the status, coloured.
  static func paint(_ status: ModuleStatus, _ style: Style) -> String {
    switch status {
    case .passed: style.green("✔ \(status)")
    case .notStarted: style.dim("· \(status)")
    case .failing, .notRun: style.yellow("✘ \(status)")
    case .crashed, .timedOut, .doesNotCompile, .refused, .notSubmitted: style.red("✘ \(status)")
    }
  }

  /// Each module that cannot be graded now, with its first error or its refusal.
  func problems(_ style: Style) -> [String] {
    var lines: [String] = []
    for module in Course.modules {
      guard let problem = results.first(where: { $0.module == module.name })?.problem else {
        continue
      }
      lines.append(style.red("\(module.code) \(problem.status.rawValue): ") + problem.summary)
      lines += problem.details.map { "  " + $0 }
      lines.append("")
    }
    return lines
  }

  /// What the learner should do now.
  func nextSteps(_ style: Style) -> [String] {
    let pending = Course.modules.lazy.compactMap { module in
      self.results.first { $0.module == module.name && $0.status != .passed }.map { (module, $0) }
    }
    guard let (module, result) = pending.first else {
      return [
        style.green("Every module passes. Well done!"),
        "Compare your code with the reference: swift run gradkit compare MODULE",
      ]
    }
    let folder = "exercises/\(module.folder)"
    var lines: [String]
    if result.problem != nil {
      lines = [
        "Next: make \(module.code) \(module.title) compile again (the first error is above)."
      ]
    } else if result.status == .notStarted {
      lines = [
        "Next: \(module.code) \(module.title). Read the lesson in \(folder)/README.md,",
        "then fill in the stubs in \(folder)/ and grade them.",
      ]
    } else {
      let first = result.tests.first { $0.status != .passed }
      lines = ["Next: \(module.code) \(module.title)."]
      if let first { lines.append("  First to fix: \"\(first.name)\" (\(first.status.rawValue))") }
    }
    return lines + [
      "  swift run gradkit grade \(module.code)      what fails, with the input, expected and got",
      "  swift run gradkit hint \(module.code)       a hint, one level at a time",
      "  swift run gradkit compare \(module.code)    your values beside the reference's",
    ]
  }
}
