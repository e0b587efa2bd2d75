/// How far apart two numbers may be and still count as equal.
///
///     |a − b| ≤ max(absolute, relative · max(|a|, |b|))
///
/// The absolute part covers results near zero, where a relative tolerance alone would
/// demand impossible precision; the relative part covers large results.
public struct Tolerance: Sendable, Equatable {
  /// The largest accepted difference, whatever the size of the numbers.
  public var absolute: Double
  /// The largest accepted difference as a fraction of the larger magnitude.
  public var relative: Double

  /// A tolerance from its absolute and relative parts.
  public init(absolute: Double = 0, relative: Double = 0) {
    require(
      absolute >= 0 && relative >= 0, "tolerances are ≥ 0, got abs \(absolute), rel \(relative)")
    self.absolute = absolute
    self.relative = relative
  }

  /// Only bit-for-bit equal numbers (and equal infinities) match.
  public static let exact = Tolerance()

  /// A few units in the last place of a `Double` (ε ≈ 2.2e-16): the same formula computed
  /// in a different but equivalent order.
  public static let tight = Tolerance(absolute: 1e-12, relative: 1e-12)

  /// The default for comparing a formula with a reference computed differently, where
  /// rounding errors of a few hundred operations may add up.
  public static let standard = Tolerance(absolute: 1e-9, relative: 1e-9)
}

/// Whether `a` and `b` are equal within `tolerance`.
///
///     |a − b| ≤ max(absolute, relative · max(|a|, |b|))
///
/// NaN equals nothing, not even NaN; an infinity equals only the same infinity.
public func isApproximatelyEqual(_ a: Double, _ b: Double, tolerance: Tolerance) -> Bool {
  if a.isNaN || b.isNaN { return false }
  if a == b { return true }
  if a.isInfinite || b.isInfinite { return false }
  let allowed = max(tolerance.absolute, tolerance.relative * max(abs(a), abs(b)))
  return abs(a - b) <= allowed
}

/// The first place where a result differs from what was expected, for failure messages.
///
/// Its description reads, for example:
///
///     at [1, 0]: expected 0.7310585786, got 0.5, error 0.231 (tolerance abs 1e-9, rel 1e-9)
///     shape: expected 3×2, got 2×3
///     count: expected 3, got 2
public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
  /// What disagreed.
  public enum Kind: Sendable, Equatable {
    /// One number differs by more than the tolerance.
    case value
    /// The arrays have different lengths; `expected` and `got` hold the two lengths.
    case count
    /// The matrices have different shapes, written as "rows×columns";
    /// `expected` and `got` hold the two element counts.
    case shape(expected: String, got: String)
  }

  /// What disagreed.
  public var kind: Kind
  /// Where: `[i]` in an array, `[row, column]` in a matrix; `nil` for a count or shape mismatch.
  public var index: [Int]?
  /// The expected number.
  public var expected: Double
  /// The number that was computed instead.
  public var got: Double
  /// How far apart they are, `|expected − got|` (NaN when either is NaN).
  public var error: Double
  /// The tolerance that was exceeded.
  public var tolerance: Tolerance

  /// A mismatch from all its parts.
  public init(
    kind: Kind = .value,
    index: [Int]?,
    expected: Double,
    got: Double,
    error: Double,
    tolerance: Tolerance
  ) {
    self.kind = kind
    self.index = index
    self.expected = expected
    self.got = got
    self.error = error
    self.tolerance = tolerance
  }

  /// One line: where, expected, got, the error and the tolerance.
  public var description: String {
    switch kind {
    case .count:
      return "count: expected \(Int(expected)), got \(Int(got))"
    case .shape(let expectedShape, let gotShape):
      return "shape: expected \(expectedShape), got \(gotShape)"
    case .value:
      let place = index.map { "at \($0)" } ?? "value"
      return "\(place): expected \(formatted(expected, significantDigits: 10)), "
        + "got \(formatted(got, significantDigits: 10)), "
        + "error \(formatted(error, significantDigits: 3)) "
        + "(tolerance abs \(formatted(tolerance.absolute, significantDigits: 3)), "
        + "rel \(formatted(tolerance.relative, significantDigits: 3)))"
    }
  }
}

/// The first element where `got` differs from `expected` beyond `tolerance`, or `nil`.
///
/// Different lengths are a mismatch of kind `.count` before any value is compared.
public func firstMismatch(expected: [Double], got: [Double], tolerance: Tolerance) -> Mismatch? {
  guard expected.count == got.count else {
    return Mismatch(
      kind: .count, index: nil, expected: Double(expected.count), got: Double(got.count),
      error: Double(abs(expected.count - got.count)), tolerance: tolerance)
  }
  for (i, (e, g)) in zip(expected, got).enumerated()
  where !isApproximatelyEqual(e, g, tolerance: tolerance) {
    return Mismatch(index: [i], expected: e, got: g, error: abs(e - g), tolerance: tolerance)
  }
  return nil
}

/// The first element where `got` differs from `expected` beyond `tolerance`, or `nil`.
///
/// Different shapes are a mismatch of kind `.shape` before any value is compared;
/// values are visited row by row and reported as `[row, column]`.
public func firstMismatch(expected: Matrix, got: Matrix, tolerance: Tolerance) -> Mismatch? {
  guard expected.shape == got.shape else {
    return Mismatch(
      kind: .shape(expected: expected.shapeDescription, got: got.shapeDescription), index: nil,
      expected: Double(expected.count), got: Double(got.count),
      error: Double(abs(expected.count - got.count)), tolerance: tolerance)
  }
  guard
    var mismatch = firstMismatch(
      expected: expected.storage, got: got.storage, tolerance: tolerance),
    let flat = mismatch.index?.first
  else { return nil }
  mismatch.index = [flat / expected.columns, flat % expected.columns]
  return mismatch
}
