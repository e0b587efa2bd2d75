/// The numbers behind gradient checking: the step, the thresholds, and how the numeric
/// estimate's own error is allowed for.
///
///     numeric ∂f/∂xᵢ ≈ D(h) = (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h,   h = 1e-5 · max(1, |xᵢ|)
///
/// D(h) is off by about h²·|f‴|/6 from truncation and by about ε·|f|/h from rounding
/// (ε ≈ 2.2e-16, |f| including any constant offset); h = 1e-5 balances the two for values
/// near 1. The step grows with the coordinate, so that x ± h still differs from x where x is
/// large (at x = 1e12 a step of 1e-5 rounds away). Where D(h) does not agree with the analytic
/// derivative at once, the checker estimates the numeric error E from steps h, 2h (and 4h)
/// and judges only the difference E cannot explain (`verdict(analytic:numeric:numericError:)`).
public enum GradientCheck {
  /// The default finite-difference step h, relative to max(1, |x|).
  public static let defaultStep = 1e-5
  /// Relative errors up to this are good: the gradient is right.
  public static let goodThreshold = 1e-7
  /// Relative errors up to this are acceptable only where the function has kinks.
  public static let kinkThreshold = 1e-4
  /// Relative errors above this mean the gradient is wrong; between the kink threshold
  /// and this one it is suspicious.
  public static let wrongThreshold = 1e-2
  /// How far one evaluation of f may be off, in units of ε·|f|.
  ///
  ///     δ = 8 · ε · |f|
  ///
  /// A correctly rounded f is off by ε/2·|f|; a sum of n terms by up to about n·ε times its
  /// terms' size, typically √n·ε. Measured on Σ sin(xᵢ) plus offsets up to 1e12, with 10 to
  /// 1000 terms, centered differences stay within 2.6·ε·|f|/h of the truth (truncation
  /// included); 8 leaves room for longer computations. Too small a factor could call a right
  /// gradient wrong; too large a one only makes more coordinates inconclusive.
  public static let evaluationError = 8.0

  /// The step h·max(1, |x|) for a coordinate of value `x`.
  ///
  /// Relative for |x| > 1, so that x ± h never rounds back to x while h > ε.
  public static func step(_ step: Double, at x: Double) -> Double {
    step * max(1, abs(x))
  }

  /// The relative error between an analytic and a numeric derivative.
  ///
  ///     relative error = |analytic − numeric| / max(|analytic|, |numeric|),   0 when both are 0
  ///
  /// Scale-free, so one threshold serves every parameter. But the numeric estimate carries
  /// its own error; where the true derivative is tiny next to it (Σ x³ near x = 0: 3x² ≈ 1e-4,
  /// error exactly h² = 1e-10) even a right gradient misses the good threshold, which is why
  /// the checker allows for that error (`verdict(analytic:numeric:numericError:)`).
  public static func relativeError(_ analytic: Double, _ numeric: Double) -> Double {
    if analytic == 0 && numeric == 0 { return 0 }
    return abs(analytic - numeric) / max(abs(analytic), abs(numeric))
  }

  /// The verdict for a relative error: good, acceptable with kinks, suspicious or wrong.
  ///
  ///     ≤ 1e-7 good,  ≤ 1e-4 acceptable with kinks,  ≤ 1e-2 suspicious,  otherwise wrong
  ///
  /// NaN (from a NaN or infinite derivative) is wrong. This is the verdict of a numeric
  /// estimate whose error is negligible; see `verdict(analytic:numeric:numericError:)`.
  public static func verdict(forRelativeError error: Double) -> GradientVerdict {
    if error <= goodThreshold { return .good }
    if error <= kinkThreshold { return .acceptableWithKinks }
    if error <= wrongThreshold { return .suspicious }
    return .wrong
  }

  /// The verdict for an analytic derivative `a` against a numeric estimate `n` that is
  /// within `numericError` E of the true derivative.
  ///
  ///     d = |a − n|,  s = max(|a|, |n|)
  ///     good           d + E ≤ 1e-7·s     even the worst case E allows is good
  ///     inconclusive   d − E ≤ 1e-7·s     E explains the difference, but could hide a mistake
  ///     otherwise      verdict(forRelativeError: (d − E) / s), what E cannot explain
  ///
  /// A NaN or infinite `a` is wrong; a finite `a` against a NaN or infinite estimate or
  /// error is inconclusive: f itself is not finite there. So with an honest E a right
  /// gradient is never worse than inconclusive, and a wrong one fails once the part of its
  /// error that E cannot explain exceeds 1e-7 of its size (1e-4 where f has kinks).
  public static func verdict(analytic a: Double, numeric n: Double, numericError e: Double)
    -> GradientVerdict
  {
    if !a.isFinite { return .wrong }
    guard n.isFinite, e.isFinite else { return .inconclusive(.numericNotFinite) }
    let difference = abs(a - n)
    let scale = max(abs(a), abs(n))
    if difference + e <= goodThreshold * scale { return .good }
    let unexplained = max(0, difference - e)
    if unexplained <= goodThreshold * scale { return .inconclusive(.withinNumericError) }
    return verdict(forRelativeError: unexplained / scale)
  }
}

/// Which coordinates of each parameter the gradient checker visits.
public enum CoordinateSampling: Sendable {
  /// Every coordinate of every parameter.
  case all
  /// `count` distinct coordinates of every parameter (all of a smaller one), chosen by a
  /// generator seeded with `seed`: every parameter is checked, however small.
  case random(count: Int, seed: UInt64)
}

/// Checks the gradient of a scalar function of one matrix against centered differences.
///
///     numeric[i, j] = (f(x + h·eᵢⱼ) − f(x − h·eᵢⱼ)) / 2h,   h = step · max(1, |x[i, j]|)
///
/// `f` sees `x` with exactly one coordinate moved to `x[i, j] ± h` at a time (and to
/// `x[i, j] ± 2h`, `± 4h` where the numeric error must be estimated); every coordinate is
/// restored before the next. See `GradientCheck` for the error analysis and the verdicts.
public func checkGradient(
  of f: (Matrix) -> Double,
  at x: Matrix,
  analytic: Matrix,
  name: String = "x",
  step: Double = GradientCheck.defaultStep,
  sampling: CoordinateSampling = .all,
  skipping kinkRule: KinkRule? = nil
) -> GradientReport {
  checkGradient(
    of: { f($0[name]!) }, at: [name: x], analytic: [name: analytic], step: step,
    sampling: sampling, skipping: kinkRule)
}

/// Checks the gradient of a scalar function of a vector against centered differences.
///
///     numeric[i] = (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h,   h = step · max(1, |x[i]|)
///
/// Coordinates are reported as `name[i]`.
public func checkGradient(
  of f: ([Double]) -> Double,
  at x: [Double],
  analytic: [Double],
  name: String = "x",
  step: Double = GradientCheck.defaultStep,
  sampling: CoordinateSampling = .all,
  skipping kinkRule: KinkRule? = nil
) -> GradientReport {
  require(
    x.count == analytic.count,
    "the analytic gradient needs one entry per coordinate, got \(analytic.count) for \(x.count)")
  return checkGradient(
    of: { f($0[name]!.storage) }, at: [name: Matrix(row: x)],
    analytic: [name: Matrix(row: analytic)], step: step, sampling: sampling,
    skipping: kinkRule, reportsVectors: true)
}

/// Checks the gradient of a scalar function of several named parameters, e.g. a network's
/// loss as a function of W1, b1, W2 and b2.
///
///     numeric_p[i, j] = (f(…, p + h·eᵢⱼ, …) − f(…, p − h·eᵢⱼ, …)) / 2h,   h = step · max(1, |p[i, j]|)
///
/// `f` receives every parameter's current value; exactly one coordinate of one parameter
/// is moved at a time. Parameters are visited in order of their names, so a `.random`
/// sampling picks the same coordinates on every run.
public func checkGradient(
  of f: ([String: Matrix]) -> Double,
  at parameters: [String: Matrix],
  analytic: [String: Matrix],
  step: Double = GradientCheck.defaultStep,
  sampling: CoordinateSampling = .all,
  skipping kinkRule: KinkRule? = nil
) -> GradientReport {
  checkGradient(
    of: f, at: parameters, analytic: analytic, step: step, sampling: sampling,
    skipping: kinkRule, reportsVectors: false)
}

/// Checks the backward pass of a matrix-valued function, given the upstream gradient G.
///
///     numeric[i, j] = Σₖₗ G[k, l] · (f(x + h·eᵢⱼ)[k, l] − f(x − h·eᵢⱼ)[k, l]) / 2h
///
/// This is the gradient of the scalar L = Σ G .* f(x), which is what `backward(G)` must
/// return: `analytic` is the code under test's dL/dx for that G. Use a random G, so a
/// backward pass that is right only for G = ones cannot pass.
public func checkBackward(
  of f: (Matrix) -> Matrix,
  at x: Matrix,
  upstream: Matrix,
  analytic: Matrix,
  name: String = "x",
  step: Double = GradientCheck.defaultStep,
  sampling: CoordinateSampling = .all,
  skipping kinkRule: KinkRule? = nil
) -> GradientReport {
  checkGradient(
    of: { x in
      let y = f(x)
      require(
        y.shape == upstream.shape,
        "the upstream gradient needs the output's shape, got \(upstream.shapeDescription) "
          + "for an output of \(y.shapeDescription)")
      return (y .* upstream).sum()
    },
    at: x, analytic: analytic, name: name, step: step, sampling: sampling, skipping: kinkRule)
}

/// The one loop behind every form of the checker.
private func checkGradient(
  of f: ([String: Matrix]) -> Double,
  at parameters: [String: Matrix],
  analytic: [String: Matrix],
  step: Double,
  sampling: CoordinateSampling,
  skipping kinkRule: KinkRule?,
  reportsVectors: Bool
) -> GradientReport {
  // Above ε, x + h·max(1, |x|) differs from x for every finite x.
  require(
    step > Double.ulpOfOne, "the step h must be > ε = 2.2e-16, or x ± h rounds to x; got \(step)")
  require(
    Set(parameters.keys) == Set(analytic.keys),
    "the analytic gradient needs the same parameters, got \(analytic.keys.sorted()) "
      + "for \(parameters.keys.sorted())")
  let names = parameters.keys.sorted()
  let plan = sampling.indices(counts: names.map { parameters[$0]!.count })
  var values = parameters
  // f at the unmoved point, the same for every coordinate: evaluated once, when the kink
  // rule needs it.
  let center = kinkRule?.needsCenterValue == true ? f(parameters) : nil
  var coordinates: [CheckedCoordinate] = []
  var skipped = 0
  for (name, flatIndices) in zip(names, plan) {
    let x = parameters[name]!
    let gradient = analytic[name]!
    require(
      x.shape == gradient.shape,
      "the analytic gradient of \(name) is \(gradient.shapeDescription), but \(name) is "
        + "\(x.shapeDescription): a gradient has the shape of what it is the gradient of"
        + (gradient.rows == x.columns && gradient.columns == x.rows ? " (transposed?)" : ""))
    for flat in flatIndices {
      let original = x.storage[flat]
      let h = GradientCheck.step(step, at: original)
      if kinkRule?.isNearKink(original, step: h) == true {
        skipped += 1
        continue
      }
      /// f with this coordinate set to `value`, restored afterwards.
      func along(_ value: Double) -> Double {
        values[name]!.storage[flat] = value
        defer { values[name]!.storage[flat] = original }
        return f(values)
      }
      let first = CenteredDifference(of: along, at: original, step: h)
      if let kinkRule, let center, kinkRule.indicatesKink(first, center: center, at: original) {
        skipped += 1
        continue
      }
      let (numeric, error) = refinedDerivative(
        of: along, at: original, from: first, step: h, analytic: gradient.storage[flat])
      let index = reportsVectors ? [flat] : [flat / x.columns, flat % x.columns]
      coordinates.append(
        CheckedCoordinate(
          parameter: name, index: index, value: original, analytic: gradient.storage[flat],
          numeric: numeric, numericError: error))
    }
  }
  return GradientReport(
    coordinates: coordinates, skipped: skipped, step: step,
    shapes: reportsVectors ? [:] : parameters.mapValues { ($0.rows, $0.columns) })
}

extension CoordinateSampling {
  /// The flat indices to check in each parameter, given their element counts in the order
  /// the parameters are visited; each list is in increasing order.
  fileprivate func indices(counts: [Int]) -> [[Int]] {
    switch self {
    case .all:
      return counts.map { Array(0..<$0) }
    case .random(let wanted, let seed):
      require(wanted > 0, "sample at least one coordinate per parameter, got \(wanted)")
      var generator = SeededGenerator(seed: seed)
      return counts.map { generator.shuffled(Array(0..<$0)).prefix(wanted).sorted() }
    }
  }
}
