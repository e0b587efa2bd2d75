/// When the gradient checker should skip a coordinate because the function has a kink
/// (a point where it is not differentiable, like |x| or max(0, x) at 0) too close to it.
///
///     the centered difference spans [x − h, x + h]; a kink inside it spoils the estimate
///
/// At a kink the analytic gradient picks one side's slope while the centered difference
/// averages both sides, so they disagree even when the gradient code is right.
public struct KinkRule: Sendable, CustomStringConvertible {
  enum Test: Sendable {
    case near([Double])
    case oneSidedDisagreement(threshold: Double)
  }

  let test: Test

  /// Skips a coordinate whose value lies within one step of any of `kinks`.
  ///
  ///     skip when |x − kink| ≤ h,   h = step · max(1, |x|)
  ///
  /// Use it when the kinks are at known values of the checked variable itself, e.g. 0 for
  /// |x| or for ReLU applied directly to x.
  public static func near(_ kinks: [Double]) -> KinkRule {
    KinkRule(test: .near(kinks))
  }

  /// Skips a coordinate where the forward and backward differences disagree by more than
  /// rounding explains.
  ///
  ///     forward = (f(x + h) − f(x)) / h,   backward = (f(x) − f(x − h)) / h
  ///     skip when |forward − backward| > 1e-4 · max(|forward|, |backward|) + 4δ/h
  ///
  /// where δ = `GradientCheck.evaluationError` · ε · max |f| is the error of one evaluation
  /// of f: each one-sided difference is off by up to 2δ/h, so rounding alone (a large
  /// constant offset in f) is not taken for a kink. Finds kinks hidden inside the function
  /// (a ReLU between layers) at the cost of one more evaluation of f, at the unmoved point. The
  /// centered difference is off by about half the disagreement, so a coordinate that is
  /// kept is at worst "acceptable with kinks". On a smooth function the two differ by about
  /// h · |f″|, so a coordinate where the slope is tiny next to the curvature (near a
  /// minimum of that coordinate) is skipped too; the report counts it among the skipped ones.
  public static let detectFromOneSidedDifferences = KinkRule(
    test: .oneSidedDisagreement(threshold: GradientCheck.kinkThreshold))

  /// The rule in words, e.g. "skip within h of [0.0]".
  public var description: String {
    switch test {
    case .near(let kinks): "skip within h of \(kinks)"
    case .oneSidedDisagreement(let threshold):
      "skip where one-sided differences differ by more than "
        + "\(formatted(threshold, significantDigits: 3)) of their size, beyond rounding"
    }
  }

  /// Whether `value` is within `step`, the coordinate's own h, of a listed kink (always
  /// false for detection).
  func isNearKink(_ value: Double, step: Double) -> Bool {
    guard case .near(let kinks) = test else { return false }
    return kinks.contains { abs(value - $0) <= step }
  }

  /// Whether this rule needs the value of f at the unperturbed point.
  var needsCenterValue: Bool {
    if case .oneSidedDisagreement = test { return true }
    return false
  }

  /// Whether the one-sided differences around `x`, from the centered difference `first`
  /// and f at `x` itself, disagree enough to signal a kink. A NaN or infinite value of f
  /// signals none: the coordinate is kept, and judged on its centered difference (which
  /// says "f is NaN or ∞ near x" when f is not finite at x ± h).
  func indicatesKink(_ first: CenteredDifference, center: Double, at x: Double) -> Bool {
    guard case .oneSidedDisagreement(let threshold) = test,
      center.isFinite, first.valueUp.isFinite, first.valueDown.isFinite
    else { return false }
    let forward = (first.valueUp - center) / (first.up - x)
    let backward = (center - first.valueDown) / (x - first.down)
    let magnitude = max(first.magnitude, abs(center))
    let delta = GradientCheck.evaluationError * Double.ulpOfOne * magnitude
    let rounding = 4 * delta / first.halfWidth
    return !(abs(forward - backward) <= threshold * max(abs(forward), abs(backward)) + rounding)
  }
}
