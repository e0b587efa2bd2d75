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
  /// The numeric estimate: the centered difference, or where that did not agree at once,
  /// its Richardson extrapolation from steps h and 2h (and 4h).
  public var numeric: Double
  /// The estimated error of `numeric`, or `nil` where it was not needed: the centered
  /// difference agreed with `analytic` to 1e-7 at once (or `analytic` is not finite).
  public var numericError: Double?
  /// `|analytic − numeric| / max(|analytic|, |numeric|)`.
  public var relativeError: Double
  /// The verdict: from `relativeError` alone without a `numericError`, otherwise from the
  /// part of the difference that the numeric error cannot explain.
  public var verdict: GradientVerdict

  /// A checked coordinate; the relative error and verdict follow from the two derivatives
  /// and the numeric estimate's error (see `GradientCheck.verdict(analytic:numeric:numericError:)`).
  public init(
    parameter: String, index: [Int], value: Double, analytic: Double, numeric: Double,
    numericError: Double? = nil
  ) {
    self.parameter = parameter
    self.index = index
    self.value = value
    self.analytic = analytic
    self.numeric = numeric
    self.numericError = numericError
    self.relativeError = GradientCheck.relativeError(analytic, numeric)
    self.verdict =
      numericError.map {
        GradientCheck.verdict(analytic: analytic, numeric: numeric, numericError: $0)
      } ?? GradientCheck.verdict(forRelativeError: relativeError)
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
///     gradient check: wrong — 6 coordinates checked, 0 skipped near kinks (step h = 1e-5 · max(1, |x|))
///     coordinate   analytic        numeric         ± error   rel. error   verdict
///     x[2]         -0.2572051301   0.2572051301    3.1e-11   2            wrong
///     x[0]         0               1.6e-26         1e-10     1            inconclusive (within the numeric error)
///     x[1]         0.02001026523   0.02001026533   —         4.96e-9      good
///     …
///     … 1 more not shown, none worse than good
///     (Likely mistake: the gradient of W is transposed: … when it is, see `parametersWithTransposedGradient`)
///     relative error = |analytic − numeric| / max(|analytic|, |numeric|); good ≤ 1e-7, …
public struct GradientReport: Sendable, CustomStringConvertible {
  /// Every checked coordinate, worst verdict first, then the largest relative error (NaN
  /// counts as largest).
  public let coordinates: [CheckedCoordinate]
  /// How many coordinates were skipped because of a kink.
  public let skipped: Int
  /// The finite-difference step h that was used, relative to max(1, |x|).
  public let step: Double
  /// Each matrix parameter's shape, by name, where the checker knew it: what tells a
  /// complete check of a parameter from a sample of it.
  public let shapes: [String: (rows: Int, columns: Int)]

  /// A report over `coordinates`, which it sorts worst first.
  public init(
    coordinates: [CheckedCoordinate], skipped: Int, step: Double,
    shapes: [String: (rows: Int, columns: Int)] = [:]
  ) {
    self.coordinates = coordinates.sorted(by: GradientReport.isWorse)
    self.skipped = skipped
    self.step = step
    self.shapes = shapes
  }

  /// Orders by verdict, worst first, then by relative error, largest (or NaN) first, then
  /// by name and index, so the order never depends on how the coordinates were visited.
  private static func isWorse(_ a: CheckedCoordinate, than b: CheckedCoordinate) -> Bool {
    if a.verdict != b.verdict { return a.verdict > b.verdict }
    let (x, y) = (a.relativeError, b.relativeError)
    if x.isNaN != y.isNaN { return x.isNaN }
    if x != y, !x.isNaN { return x > y }
    if a.parameter != b.parameter { return a.parameter < b.parameter }
    return a.index.lexicographicallyPrecedes(b.index)
  }

  /// The coordinate with the worst verdict (and within it the largest relative error), if
  /// any was checked.
  public var worst: CheckedCoordinate? { coordinates.first }

  /// The verdict of the worst coordinate; `.good` when nothing was checked.
  public var verdict: GradientVerdict { worst?.verdict ?? .good }

  /// Whether the gradient should be accepted.
  ///
  ///     passes = every verdict is good or inconclusive,
  ///              or hasKinks and every verdict is at worst acceptableWithKinks
  ///
  /// A check that skipped every coordinate proves nothing, so it does not pass.
  public func passes(hasKinks: Bool = false) -> Bool {
    if coordinates.isEmpty && skipped > 0 { return false }
    return verdict.isAccepted(hasKinks: hasKinks)
  }

  /// A summary line, the worst coordinates as a table, and how to read it.
  public var description: String {
    let shown = 5
    var lines = [
      "gradient check: \(verdict) — \(coordinates.count) coordinate"
        + "\(coordinates.count == 1 ? "" : "s") checked, \(skipped) skipped near kinks "
        + "(step h = \(formatted(step, significantDigits: 3)) · max(1, |x|))"
    ]
    var table = [["coordinate", "analytic", "numeric", "± error", "rel. error", "verdict"]]
    for coordinate in coordinates.prefix(shown) {
      table.append([
        coordinate.label,
        formatted(coordinate.analytic, significantDigits: 10),
        formatted(coordinate.numeric, significantDigits: 10),
        coordinate.numericError.map { formatted($0, significantDigits: 2) } ?? "—",
        formatted(coordinate.relativeError, significantDigits: 3),
        coordinate.verdict.description,
      ])
    }
    if !coordinates.isEmpty {
      // Pad every column but the last (the verdict) to its widest cell.
      let widths = (0..<5).map { column in table.map { $0[column].count }.max() ?? 0 }
      for row in table {
        let padded = zip(row, widths).map { cell, width in
          cell + String(repeating: " ", count: width - cell.count)
        }
        lines.append((padded + [row[5]]).joined(separator: "   "))
      }
    }
    if let firstHidden = coordinates.dropFirst(shown).first {
      lines.append(
        "… \(coordinates.count - shown) more not shown, none worse than \(firstHidden.verdict)")
    }
    if let transposedNote { lines.append(transposedNote) }
    let (good, kink, wrong) = (
      GradientCheck.goodThreshold, GradientCheck.kinkThreshold, GradientCheck.wrongThreshold
    )
    lines.append(
      "relative error = |analytic − numeric| / max(|analytic|, |numeric|), judged beyond the "
        + "numeric estimate's ± error (— : it agreed at once); "
        + "good ≤ \(formatted(good, significantDigits: 3)), "
        + "acceptable with kinks ≤ \(formatted(kink, significantDigits: 3)), "
        + "wrong > \(formatted(wrong, significantDigits: 3))")
    if coordinates.contains(where: { if case .inconclusive = $0.verdict { true } else { false } }) {
      lines.append(
        "inconclusive: the numeric estimate cannot tell your value from one off by its ± error, "
          + "so the coordinate does not count against you")
    }
    return lines.joined(separator: "\n")
  }
}
