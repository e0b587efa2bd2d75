/// The numbers behind gradient checking: the step, the thresholds and the relative error.
///
///     numeric ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h
///
/// The centered difference is off by about h²·|f‴|/6 from truncation and by about
/// ε·|f| / h from rounding (ε ≈ 2.2e-16); h = 1e-5 balances the two for values near 1.
public enum GradientCheck {
  /// The default finite-difference step h.
  public static let defaultStep = 1e-5
  /// Relative errors up to this are good: the gradient is right.
  public static let goodThreshold = 1e-7
  /// Relative errors up to this are acceptable only where the function has kinks.
  public static let kinkThreshold = 1e-4
  /// Relative errors above this mean the gradient is wrong; between the kink threshold
  /// and this one it is suspicious.
  public static let wrongThreshold = 1e-2

  /// The relative error between an analytic and a numeric derivative.
  ///
  ///     relative error = |analytic − numeric| / max(|analytic|, |numeric|),   0 when both are 0
  ///
  /// Scale-free, so one threshold serves every parameter. But the numeric estimate carries
  /// its own error, about h²·|f‴|/6 + ε·|f|/h; where the true derivative is tiny next to
  /// that (Σ x³ near x = 0: 3x² ≈ 1e-4, error exactly h² = 1e-10) even a right gradient
  /// misses the good threshold.
  public static func relativeError(_ analytic: Double, _ numeric: Double) -> Double {
    if analytic == 0 && numeric == 0 { return 0 }
    return abs(analytic - numeric) / max(abs(analytic), abs(numeric))
  }

  /// The verdict for a relative error: good, acceptable with kinks, suspicious or wrong.
  ///
  ///     ≤ 1e-7 good,  ≤ 1e-4 acceptable with kinks,  ≤ 1e-2 suspicious,  otherwise wrong
  ///
  /// NaN (from a NaN or infinite derivative) is wrong.
  public static func verdict(forRelativeError error: Double) -> GradientVerdict {
    if error <= goodThreshold { return .good }
    if error <= kinkThreshold { return .acceptableWithKinks }
    if error <= wrongThreshold { return .suspicious }
    return .wrong
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
///     numeric[i, j] = (f(x + h·eᵢⱼ) − f(x − h·eᵢⱼ)) / 2h
///
/// `f` sees `x` with exactly one coordinate moved to `x[i, j] ± h` at a time; every
/// coordinate is restored before the next. See `GradientCheck` for the error analysis.
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
///     numeric[i] = (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h
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
///     numeric_p[i, j] = (f(…, p + h·eᵢⱼ, …) − f(…, p − h·eᵢⱼ, …)) / 2h
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
  require(step > 0, "the step h must be > 0, got \(step)")
  require(
    Set(parameters.keys) == Set(analytic.keys),
    "the analytic gradient needs the same parameters, got \(analytic.keys.sorted()) "
      + "for \(parameters.keys.sorted())")
  let names = parameters.keys.sorted()
  let plan = sampling.indices(counts: names.map { parameters[$0]!.count })
  var values = parameters
  var coordinates: [CheckedCoordinate] = []
  var skipped = 0
  for (name, flatIndices) in zip(names, plan) {
    let x = parameters[name]!
    let gradient = analytic[name]!
    require(
      x.shape == gradient.shape,
      "the analytic gradient of \(name) needs its shape, got \(gradient.shapeDescription) "
        + "for \(x.shapeDescription)")
    for flat in flatIndices {
      let original = x.storage[flat]
      if kinkRule?.isNearKink(original, step: step) == true {
        skipped += 1
        continue
      }
      // Divide by the step actually taken: x ± h is rounded, and (x + h) − (x − h) is exact.
      let up = original + step
      let down = original - step
      values[name]!.storage[flat] = up
      let fUp = f(values)
      values[name]!.storage[flat] = down
      let fDown = f(values)
      values[name]!.storage[flat] = original
      if let kinkRule, kinkRule.needsCenterValue {
        let fCenter = f(values)
        let forward = (fUp - fCenter) / (up - original)
        let backward = (fCenter - fDown) / (original - down)
        if kinkRule.oneSidedDifferencesDisagree(forward: forward, backward: backward) {
          skipped += 1
          continue
        }
      }
      let index = reportsVectors ? [flat] : [flat / x.columns, flat % x.columns]
      coordinates.append(
        CheckedCoordinate(
          parameter: name, index: index, value: original, analytic: gradient.storage[flat],
          numeric: (fUp - fDown) / (up - down)))
    }
  }
  return GradientReport(coordinates: coordinates, skipped: skipped, step: step)
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
