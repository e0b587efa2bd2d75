/// A centered difference of f along one coordinate, with what its error estimate needs.
///
///     D(h) = (f(x + h) − f(x − h)) / ((x + h) − (x − h))
///
/// It divides by the step actually taken: x ± h is rounded to the nearest `Double`.
struct CenteredDifference {
  /// x + h and x − h as stored.
  let up: Double
  let down: Double
  /// f at `up` and at `down`.
  let valueUp: Double
  let valueDown: Double

  /// The centered difference of `f` (f of the coordinate's value) at `x` with step `step`.
  /// Evaluates f at x + h, then at x − h.
  init(of f: (Double) -> Double, at x: Double, step: Double) {
    up = x + step
    down = x - step
    valueUp = f(up)
    valueDown = f(down)
  }

  /// The estimate of the derivative.
  var slope: Double { (valueUp - valueDown) / (up - down) }

  /// Half the step actually taken, ((x + h) − (x − h)) / 2.
  var halfWidth: Double { (up - down) / 2 }

  /// The larger of |f(x + h)| and |f(x − h)|: the size that rounding is relative to.
  var magnitude: Double { max(abs(valueUp), abs(valueDown)) }
}

/// The numeric derivative the checker reports for one coordinate, and its estimated error.
///
///     D(h) = f′ + c₁h² + c₂h⁴ + …                          the centered difference
///     R₁ = (4·D(h) − D(2h)) / 3               = f′ + O(h⁴)   Richardson extrapolation
///     R₂ = (64·D(h) − 20·D(2h) + D(4h)) / 45   = f′ + O(h⁶)
///
/// Each extrapolation's change is the error of the estimate before it, which bounds its own,
/// smaller error while h is small next to the scale on which f′ changes; rounding adds the
/// error of each evaluation of f, δ = `GradientCheck.evaluationError` · ε · max |f|, carried
/// through the weights:
///
///     E₁ = |R₁ − D(h)| + (4/3 · δ/h + 1/3 · δ/2h)
///     E₂ = |R₂ − R₁| + (64/45 · δ/h + 20/45 · δ/2h + 1/45 · δ/4h)
///
/// Refined only as far as the judgement needs: D(h) alone when it already agrees with the
/// analytic derivative to 1e-7 (or that is NaN or infinite, and wrong whatever D(h) is); R₁
/// otherwise; R₂ only where R₁ leaves the verdict inconclusive, and kept only if it confirms
/// the gradient. A third step can clear a gradient, never condemn one: a kink between 2h and
/// 4h spoils R₂ and E₂ alike, so that E₂ no longer bounds R₂'s error. A coordinate that agrees
/// at once costs two evaluations of f, any other four, or six with the third step.
///
/// - Returns: the estimate, and its error where it was estimated; an infinite error where an
///   estimate is not finite (f is NaN or infinite at x ± 2h).
func refinedDerivative(
  of f: (Double) -> Double,
  at x: Double,
  from first: CenteredDifference,
  step: Double,
  analytic: Double
) -> (numeric: Double, error: Double?) {
  let plain = first.slope
  if !analytic.isFinite
    || GradientCheck.relativeError(analytic, plain) <= GradientCheck.goodThreshold
  {
    return (plain, nil)
  }
  let second = CenteredDifference(of: f, at: x, step: 2 * step)
  let (r1, rounding1) = extrapolate([first, second], weights: [4.0 / 3, -1.0 / 3])
  let e1 = abs(r1 - plain) + rounding1
  guard r1.isFinite, e1.isFinite else { return (plain, .infinity) }
  let verdict = GradientCheck.verdict(analytic: analytic, numeric: r1, numericError: e1)
  guard verdict == .inconclusive(.withinNumericError) else { return (r1, e1) }
  let third = CenteredDifference(of: f, at: x, step: 4 * step)
  let (r2, rounding2) = extrapolate(
    [first, second, third], weights: [64.0 / 45, -20.0 / 45, 1.0 / 45])
  let e2 = abs(r2 - r1) + rounding2
  let confirmed = GradientCheck.verdict(analytic: analytic, numeric: r2, numericError: e2)
  return confirmed == .good ? (r2, e2) : (r1, e1)
}

/// Σ wₖ·Dₖ, and the rounding error it inherits from the evaluations of f:
///
///     rounding = Σ |wₖ| · δ / hₖ,   δ = evaluationError · ε · max |f|
///
/// where hₖ is half the step each difference actually took (a difference of two values,
/// each off by up to δ, divided by 2hₖ).
private func extrapolate(_ differences: [CenteredDifference], weights: [Double])
  -> (value: Double, rounding: Double)
{
  let magnitude = differences.map(\.magnitude).max() ?? 0
  let delta = GradientCheck.evaluationError * Double.ulpOfOne * magnitude
  var value = 0.0
  var rounding = 0.0
  for (difference, weight) in zip(differences, weights) {
    value += weight * difference.slope
    rounding += abs(weight) * delta / difference.halfWidth
  }
  return (value, rounding)
}
