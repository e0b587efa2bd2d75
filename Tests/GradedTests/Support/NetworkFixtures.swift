import Foundation
import GradKit
import Testing

/// What the graded suites of the networks, modules 08 and 09, share: a tolerance, a seeded
/// spiral, the gradient checker's verdict, and how a matrix is shown in a message.
protocol NetworkFixtures {}

extension SpiralTests: NetworkFixtures {}
extension TrainingTests: NetworkFixtures {}

extension NetworkFixtures {
  /// The same arithmetic in another order: a few roundings of numbers below 10³ stay far
  /// below 1e-12 relative, and no mistake graded here comes anywhere near it.
  static var reordered: Tolerance { Tolerance(absolute: 1e-13, relative: 1e-12) }

  /// The centered difference's own error for values of order 1, ε·|f|/h + h²·|f‴|/6 ≈ 5e-11,
  /// with a factor 20 to spare: a right derivative that is itself tiny (1e-6) can miss the
  /// relative thresholds by that noise alone; every mistake graded here is off by far more.
  static var numericNoise: Double { 1e-9 }

  /// A seeded spiral of `pointsPerClass` points in each of 3 classes, noise 0.2.
  static func spiral(pointsPerClass: Int, salt: UInt64) -> Dataset {
    var generator = Graded.generator(salt: salt)
    return Datasets.spiral(pointsPerClass: pointsPerClass, classes: 3, using: &generator)
  }

  /// Fails with the checker's table unless every checked coordinate is good (or acceptable
  /// with kinks when `hasKinks`) or within ``numericNoise`` of its estimate, followed by the
  /// mistakes that explain the gradient (found by comparing it with the formula's).
  static func expectCheckedGradient(
    _ report: GradientReport, hasKinks: Bool, _ what: String, likely: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let allowed: GradientVerdict = hasKinks ? .acceptableWithKinks : .good
    let disagreeing = report.coordinates.filter {
      $0.verdict > allowed && !(abs($0.analytic - $0.numeric) <= numericNoise)
    }
    let provesNothing = report.coordinates.isEmpty && report.skipped > 0
    guard !disagreeing.isEmpty || provesNothing else { return }
    fail(
      "\(what): the analytic gradient disagrees with the numeric one\n\(report)"
        + likely.map { "\n\($0)" }.joined() + "\n\(Graded.replay)",
      sourceLocation: sourceLocation)
  }

  /// The first rows of a matrix, for messages: `3×2 [[0.1, 0.2], …]`.
  static func describe(_ m: Matrix, rows: Int = 2) -> String {
    let shown = (0..<min(rows, m.rows)).map { i in
      "[" + m.row(i).map { String(format: "%.4g", $0) }.joined(separator: ", ") + "]"
    }
    return "\(m.shapeDescription) [\(shown.joined(separator: ", "))\(m.rows > rows ? ", …" : "")]"
  }
}
