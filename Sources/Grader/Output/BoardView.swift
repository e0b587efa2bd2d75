/// The progress board: every module's status and points, the score, and what to do next.
public struct BoardView: Sendable {
  public var results: [ModuleResult]
  public var seed: UInt64
  /// Whether the results were read from the last run because nothing changed.
  public var isCached: Bool
  public var buildErrors: [String]

  public init(results: [ModuleResult], seed: UInt64, isCached: Bool, buildErrors: [String] = []) {
    self.results = results
    self.seed = seed
    self.isCached = isCached
    self.buildErrors = buildErrors
  }

  /// The board as text.
  public func render(_ style: Style) -> String {
    var lines = [
      style.bold("GradKit · your progress"),
      style.dim(
        "exercises graded with seed \(seed)" + (isCached ? " (nothing changed since)" : "")),
      "",
    ]
    for module in Course.modules {
      guard let result = results.first(where: { $0.module == module.name }) else { continue }
      let points = Scoring.points(for: result)
      let status = Self.paint(result.status, style)
      lines.append(
        "  \(module.code)  \(padded(module.title, to: 26)) \(status)"
          + "\(String(repeating: " ", count: max(1, 24 - result.status.description.count - 2)))"
          + "\(Scoring.format(points.earned))/\(Scoring.format(points.possible))")
    }
    let total = Scoring.total(results)
    let percent = total.possible > 0 ? Int((100 * total.earned / total.possible).rounded()) : 0
    lines += [
      "",
      "  Score \(Scoring.format(total.earned))/\(Scoring.format(total.possible)) points (\(percent)%)",
      "",
    ]
    lines += nextSteps(style)
    return lines.joined(separator: "\n") + "\n"
  }

  /// A symbol and the status, coloured.
  static func paint(_ status: ModuleStatus, _ style: Style) -> String {
    switch status {
    case .passed: style.green("✔ \(status)")
    case .notStarted: style.dim("· \(status)")
    case .failing: style.yellow("✘ \(status)")
    case .crashed, .timedOut, .doesNotCompile, .couldNotRun: style.red("✘ \(status)")
    }
  }

  /// What the learner should do now.
  func nextSteps(_ style: Style) -> [String] {
    if let refusal = buildErrors.first, refusal.hasPrefix("grading refused") {
      return [style.red(refusal)] + buildErrors.dropFirst()
    }
    if !buildErrors.isEmpty {
      let yours = buildErrors.contains { $0.hasPrefix("exercises/") }
      let heading =
        yours
        ? "Your exercises do not compile:"
        : "GradKit itself does not compile (this is not your code; update or re-clone the kit):"
      return [style.red(heading)] + buildErrors.prefix(5).map { "  \($0)" }
        + ["Fix the first error, then run 'swift run gradkit' again."]
    }
    guard
      let module = Course.modules.first(where: { module in
        results.first { $0.module == module.name }?.status != .passed
      }), let result = results.first(where: { $0.module == module.name })
    else {
      return [
        style.green("Every module passes. Well done!"),
        "Compare your code with the reference: swift run gradkit compare MODULE",
      ]
    }
    let folder = "exercises/\(module.folder)"
    var lines: [String]
    if result.status == .notStarted {
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
