/// Points: the one place that says what a test and a module are worth.
public enum Scoring {
  /// What one passing test earns. Every test is worth the same, so a module is
  /// worth as many points as its suite has tests, and no test's weight can drift
  /// from the list of requirements the learner reads.
  public static let pointsPerTest = 1.0

  /// The points `test` earned.
  public static func points(for test: TestOutcome) -> Double {
    test.status == .passed ? pointsPerTest : 0
  }

  /// The points a module earned and could earn.
  public static func points(for result: ModuleResult) -> (earned: Double, possible: Double) {
    (
      result.tests.map(points(for:)).reduce(0, +),
      Double(result.tests.count) * pointsPerTest
    )
  }

  /// The points of all `results` together.
  public static func total(_ results: [ModuleResult]) -> (earned: Double, possible: Double) {
    results.map(points(for:)).reduce((0, 0)) { ($0.0 + $1.earned, $0.1 + $1.possible) }
  }

  /// Points as the board prints them: `7` or `7.5`.
  public static func format(_ points: Double) -> String {
    points == points.rounded() ? String(Int(points)) : String(points)
  }
}
