/// How well an analytic gradient agrees with its numeric estimate, from best to worst.
///
///     good                 relative error ≤ 1e-7
///     acceptableWithKinks  relative error ≤ 1e-4 (fine only if the function has kinks)
///     suspicious           relative error ≤ 1e-2
///     wrong                relative error > 1e-2, or NaN
public enum GradientVerdict: Comparable, Sendable, CustomStringConvertible {
  case good
  case acceptableWithKinks
  case suspicious
  case wrong

  /// The verdict in words, e.g. "acceptable with kinks".
  public var description: String {
    switch self {
    case .good: "good"
    case .acceptableWithKinks: "acceptable with kinks"
    case .suspicious: "suspicious"
    case .wrong: "wrong"
    }
  }
}

/// One checked coordinate of one parameter: its analytic and numeric derivative side by side.
public struct CheckedCoordinate: Sendable, Equatable {
  /// The parameter's name, e.g. "W1".
  public var parameter: String
  /// The position: `[row, column]` in a matrix, `[i]` in a vector.
  public var index: [Int]
  /// The parameter's value at this coordinate.
  public var value: Double
  /// The derivative the code under test computed.
  public var analytic: Double
  /// The centered-difference estimate.
  public var numeric: Double
  /// `|analytic − numeric| / max(|analytic|, |numeric|)`.
  public var relativeError: Double
  /// The verdict for `relativeError`.
  public var verdict: GradientVerdict

  /// A checked coordinate; the relative error and verdict follow from the two derivatives.
  public init(parameter: String, index: [Int], value: Double, analytic: Double, numeric: Double) {
    self.parameter = parameter
    self.index = index
    self.value = value
    self.analytic = analytic
    self.numeric = numeric
    self.relativeError = GradientCheck.relativeError(analytic, numeric)
    self.verdict = GradientCheck.verdict(forRelativeError: relativeError)
  }

  /// The coordinate as `name[row, column]` (or `name[i]` for a vector).
  public var label: String {
    "\(parameter)[\(index.map(String.init).joined(separator: ", "))]"
  }
}

/// The result of a gradient check: every checked coordinate, worst first.
///
/// Its description is a table a learner can read:
///
///     gradient check: wrong — 6 coordinates checked, 0 skipped near kinks (step h = 1e-5)
///     coordinate   analytic        numeric         rel. error   verdict
///     x[2]         -0.2572051301   0.2572051301    2            wrong
///     x[1]         0.02001026523   0.02001026533   4.96e-9      good
///     …
///     … 1 more not shown, none worse than good
///     relative error = |analytic − numeric| / max(|analytic|, |numeric|); good ≤ 1e-7, …
public struct GradientReport: Sendable, CustomStringConvertible {
  /// Every checked coordinate, the largest relative error first (NaN counts as largest).
  public let coordinates: [CheckedCoordinate]
  /// How many coordinates were skipped because of a kink.
  public let skipped: Int
  /// The finite-difference step h that was used.
  public let step: Double

  /// A report over `coordinates`, which it sorts worst first.
  public init(coordinates: [CheckedCoordinate], skipped: Int, step: Double) {
    self.coordinates = coordinates.sorted(by: GradientReport.isWorse)
    self.skipped = skipped
    self.step = step
  }

  /// Orders by relative error, largest (or NaN) first, then by name and index, so the
  /// order never depends on how the coordinates were visited.
  private static func isWorse(_ a: CheckedCoordinate, than b: CheckedCoordinate) -> Bool {
    let (x, y) = (a.relativeError, b.relativeError)
    if x.isNaN != y.isNaN { return x.isNaN }
    if x != y, !x.isNaN { return x > y }
    if a.parameter != b.parameter { return a.parameter < b.parameter }
    return a.index.lexicographicallyPrecedes(b.index)
  }

  /// The coordinate with the largest relative error, if any was checked.
  public var worst: CheckedCoordinate? { coordinates.first }

  /// The verdict of the worst coordinate; `.good` when nothing was checked.
  public var verdict: GradientVerdict { worst?.verdict ?? .good }

  /// Whether the gradient should be accepted.
  ///
  ///     passes = verdict is good, or (hasKinks and verdict is at worst acceptableWithKinks)
  ///
  /// A check that skipped every coordinate proves nothing, so it does not pass.
  public func passes(hasKinks: Bool = false) -> Bool {
    if coordinates.isEmpty && skipped > 0 { return false }
    return verdict == .good || (hasKinks && verdict <= .acceptableWithKinks)
  }

  /// A summary line, the worst coordinates as a table, and the thresholds.
  public var description: String {
    let shown = 5
    var lines = [
      "gradient check: \(verdict) — \(coordinates.count) coordinate"
        + "\(coordinates.count == 1 ? "" : "s") checked, \(skipped) skipped near kinks "
        + "(step h = \(formatted(step, significantDigits: 3)))"
    ]
    var table = [["coordinate", "analytic", "numeric", "rel. error", "verdict"]]
    for coordinate in coordinates.prefix(shown) {
      table.append([
        coordinate.label,
        formatted(coordinate.analytic, significantDigits: 10),
        formatted(coordinate.numeric, significantDigits: 10),
        formatted(coordinate.relativeError, significantDigits: 3),
        coordinate.verdict.description,
      ])
    }
    if !coordinates.isEmpty {
      // Pad every column but the last (the verdict) to its widest cell.
      let widths = (0..<4).map { column in table.map { $0[column].count }.max() ?? 0 }
      for row in table {
        let padded = zip(row, widths).map { cell, width in
          cell + String(repeating: " ", count: width - cell.count)
        }
        lines.append((padded + [row[4]]).joined(separator: "   "))
      }
    }
    if let firstHidden = coordinates.dropFirst(shown).first {
      lines.append(
        "… \(coordinates.count - shown) more not shown, none worse than \(firstHidden.verdict)")
    }
    let (good, kink, wrong) = (
      GradientCheck.goodThreshold, GradientCheck.kinkThreshold, GradientCheck.wrongThreshold
    )
    lines.append(
      "relative error = |analytic − numeric| / max(|analytic|, |numeric|); "
        + "good ≤ \(formatted(good, significantDigits: 3)), "
        + "acceptable with kinks ≤ \(formatted(kink, significantDigits: 3)), "
        + "wrong > \(formatted(wrong, significantDigits: 3))")
    return lines.joined(separator: "\n")
  }
}
