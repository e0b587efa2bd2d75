import Foundation
import GradKit

/// How an axis spaces its values: evenly, or evenly by their logarithm.
public enum ScaleKind: Sendable, Equatable {
  /// Equal distances for equal differences: 0.1 to 0.2 as long as 0.8 to 0.9.
  case linear
  /// Equal distances for equal ratios: 0.001 to 0.01 as long as 10 to 100. Only positive
  /// values have a place on it.
  case logarithmic
}

/// One axis of a plot: the range of data values it shows and its ticks at round numbers.
///
///     linear:       step  = 1, 2, 2.5 or 5 × 10ᵏ, the smallest giving at most `maximumIntervals` steps
///                   ticks = the multiples of step inside [lower, upper]
///     logarithmic:  step  = 1, 2, 3 or 5 decades, the smallest giving at most `maximumDecades` steps
///                   ticks = 10^(k·step) inside [lower, upper]
///
/// Made either to fit data (``init(covering:kind:)``, whose ends are ticks) or to show an
/// exact range (``init(exactly:)``, whose ends need not be).
struct AxisScale {
  /// How values are spaced.
  let kind: ScaleKind
  /// The smallest value shown, at the left or bottom end.
  let lower: Double
  /// The largest value shown.
  let upper: Double
  /// The distance between two ticks: a difference of values on a linear axis, a number of
  /// decades on a logarithmic one.
  let step: Double

  /// At most this many steps between ticks: five or six labels fit under any panel
  /// without crowding.
  static let maximumIntervals = 5.0
  /// At most this many steps between the ticks of a logarithmic axis: its labels are short
  /// (`10⁻³`) and stand on the left, one above the other, so more of them fit.
  static let maximumDecades = 8.0

  /// An axis from a round number to a round number, covering the values it can show: the
  /// finite ones, and on a logarithmic axis only the positive ones.
  ///
  ///     linear:       range = [⌊low / step⌋·step, ⌈high / step⌉·step]
  ///     logarithmic:  range = [10^(⌊log₁₀ low / step⌋·step), 10^(⌈log₁₀ high / step⌉·step)]
  ///
  /// With no such value, `0...1` (linear) or `1...10` (logarithmic); around a constant, a
  /// unit-wide range (linear) or the decade that holds it (logarithmic).
  init(covering values: [Double], kind: ScaleKind = .linear) {
    self.kind = kind
    switch kind {
    case .linear:
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
    case .logarithmic:
      let exponents = values.filter { $0.isFinite && $0 > 0 }.map(log10)
      let low = (exponents.min() ?? 0).rounded(.down)
      var high = (exponents.max() ?? 1).rounded(.up)
      if high <= low {
        high = low + 1
      }
      let step = [1.0, 2, 3, 5, 10].first { (high - low) / $0 <= Self.maximumDecades } ?? 20
      self.lower = pow(10, (low / step).rounded(.down) * step)
      self.upper = pow(10, (high / step).rounded(.up) * step)
      self.step = step
    }
  }

  /// A linear axis over exactly `range`, such as a grid's extent, with round ticks inside it.
  init(exactly range: ClosedRange<Double>) {
    require(range.upperBound > range.lowerBound, "an axis needs a non-empty range, got \(range)")
    self.kind = .linear
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

  /// Whether `value` has a place on the axis: finite, and positive on a logarithmic axis.
  func shows(_ value: Double) -> Bool {
    value.isFinite && (kind == .linear || value > 0)
  }

  /// Where `value` falls between the ends, 0 at `lower` and 1 at `upper`.
  ///
  ///     linear:       (value − lower) / (upper − lower)
  ///     logarithmic:  log(value / lower) / log(upper / lower)
  func fraction(_ value: Double) -> Double {
    switch kind {
    case .linear: (value - lower) / (upper - lower)
    case .logarithmic: log10(value / lower) / log10(upper / lower)
    }
  }

  /// The ticks from `lower` to `upper`, both included when they are ticks.
  ///
  /// Computed as `k · step` (or `10^(k · step)`) for whole `k`, not by adding steps, so no
  /// rounding error accumulates; the ends are matched to within a millionth of a step.
  var ticks: [Double] {
    let slack = 1e-6
    switch kind {
    case .linear:
      let first = Int((lower / step - slack).rounded(.up))
      let last = Int((upper / step + slack).rounded(.down))
      return (first...last).map { Double($0) * step }
    case .logarithmic:
      let first = Int((log10(lower) / step - slack).rounded(.up))
      let last = Int((log10(upper) / step + slack).rounded(.down))
      return (first...last).map { pow(10, Double($0) * step) }
    }
  }

  /// A tick's number as people write it on a figure.
  ///
  ///     linear:       at most four significant digits, with a true minus sign: −0.5, 2.5, 1e-3
  ///     logarithmic:  the power of ten: 10⁻³, 10⁰, 10²
  ///
  /// The minus sign (−) is as wide as a plus, unlike the hyphen.
  func tickLabel(_ value: Double) -> String {
    switch kind {
    case .linear:
      return formatted(value, significantDigits: 4).replacing("-", with: "\u{2212}")
    case .logarithmic:
      let superscripts: [Character: Character] = [
        "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶",
        "7": "⁷", "8": "⁸", "9": "⁹",
      ]
      let exponent = String(Int(log10(value).rounded()))
      return "10" + String(exponent.compactMap { superscripts[$0] })
    }
  }
}
