import Foundation

/// One axis of a plot: the range of data values it shows and its ticks at round numbers.
///
///     step  = 1, 2, 2.5 or 5 × 10ᵏ, the smallest giving at most `maximumIntervals` steps
///     ticks = the multiples of step inside [lower, upper]
///
/// Made either to fit data (``init(covering:)``, whose ends are ticks) or to show an exact
/// range (``init(exactly:)``, whose ends need not be).
struct AxisScale {
  /// The smallest value shown, at the left or bottom end.
  let lower: Double
  /// The largest value shown.
  let upper: Double
  /// The distance between two ticks.
  let step: Double

  /// At most this many steps between ticks: five or six labels fit under any panel
  /// without crowding.
  static let maximumIntervals = 5.0

  /// An axis from a round number to a round number, covering the finite `values`.
  ///
  ///     range = [⌊low / step⌋·step, ⌈high / step⌉·step]
  ///
  /// `0...1` when no value is finite, and a unit-wide range around a constant.
  init(covering values: [Double]) {
    let finite = values.filter(\.isFinite)
    var low = finite.min() ?? 0
    var high = finite.max() ?? 1
    if high <= low {
      (low, high) = (low - 0.5, high + 0.5)
    }
    let step = Self.roundStep(spanning: high - low)
    self.lower = (low / step).rounded(.down) * step
    self.upper = (high / step).rounded(.up) * step
    self.step = step
  }

  /// An axis over exactly `range`, such as a grid's extent, with round ticks inside it.
  init(exactly range: ClosedRange<Double>) {
    require(range.upperBound > range.lowerBound, "an axis needs a non-empty range, got \(range)")
    self.lower = range.lowerBound
    self.upper = range.upperBound
    self.step = Self.roundStep(spanning: range.upperBound - range.lowerBound)
  }

  /// The smallest of 1, 2, 2.5, 5 × 10ᵏ that cuts `span` into at most `maximumIntervals`.
  private static func roundStep(spanning span: Double) -> Double {
    let rough = span / maximumIntervals
    let power = pow(10, log10(rough).rounded(.down))
    return [1, 2, 2.5, 5].map { $0 * power }.first { $0 >= rough } ?? 10 * power
  }

  /// Where `value` falls between the ends, 0 at `lower` and 1 at `upper`.
  func fraction(_ value: Double) -> Double {
    (value - lower) / (upper - lower)
  }

  /// The multiples of `step` from `lower` to `upper`, both included when they are multiples.
  ///
  /// Computed as `k · step` for whole `k`, not by adding steps, so no rounding error
  /// accumulates; the ends are matched to within a millionth of a step.
  var ticks: [Double] {
    let slack = 1e-6
    let first = Int((lower / step - slack).rounded(.up))
    let last = Int((upper / step + slack).rounded(.down))
    return (first...last).map { Double($0) * step }
  }
}
