/// How well an analytic derivative agrees with its numeric estimate, from best to worst.
///
///     good                 agrees to 1e-7 of its size, even in the worst case the numeric error allows
///     inconclusive         agrees within the numeric estimate's error, which is too large to confirm it
///     acceptableWithKinks  off by up to 1e-4 of its size (fine only if the function has kinks)
///     suspicious           off by up to 1e-2 of its size
///     wrong                off by more, or NaN or infinite
///
/// "Off by" is what the numeric estimate's own error cannot explain (see `GradientCheck`).
/// An inconclusive coordinate is shown but never fails a check: the checker cannot tell the
/// right gradient from one off by less than that error.
public enum GradientVerdict: Comparable, Sendable, CustomStringConvertible {
  case good
  case inconclusive(InconclusiveReason)
  case acceptableWithKinks
  case suspicious
  case wrong

  /// Whether a check accepts this verdict: good and inconclusive always, acceptable with
  /// kinks only where the function has kinks.
  public func isAccepted(hasKinks: Bool) -> Bool {
    switch self {
    case .good, .inconclusive: true
    case .acceptableWithKinks: hasKinks
    case .suspicious, .wrong: false
    }
  }

  /// The verdict in words, e.g. "acceptable with kinks" or "inconclusive (f is NaN or ∞ near x)".
  public var description: String {
    switch self {
    case .good: "good"
    case .inconclusive(let reason): "inconclusive (\(reason))"
    case .acceptableWithKinks: "acceptable with kinks"
    case .suspicious: "suspicious"
    case .wrong: "wrong"
    }
  }
}

/// Why the checker cannot judge a coordinate.
public enum InconclusiveReason: Comparable, Sendable, CustomStringConvertible {
  /// The analytic derivative is within the numeric estimate's error, but that error is more
  /// than 1e-7 of the derivative: a true slope of 0 where f is curved, a slope tiny next to
  /// f's curvature, or rounding in an f of large magnitude.
  case withinNumericError
  /// f is NaN or infinite at a point the estimate needs (x ± h, x ± 2h), or x itself is.
  case numericNotFinite

  /// The reason in words.
  public var description: String {
    switch self {
    case .withinNumericError: "within the numeric error"
    case .numericNotFinite: "f is NaN or ∞ near x"
    }
  }
}
