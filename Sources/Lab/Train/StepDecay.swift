import Foundation

/// Module 07's step decay, computed here because the lab links no learner's module 07:
/// the learning rate drops by a factor every `period` epochs.
///
///     α(e) = α₀ · γ^⌊e / k⌋
///
/// α₀ is `initial`, γ is `factor`, k is `period`.
struct StepDecay: CustomStringConvertible {
  let initial: Double
  let factor: Double
  let period: Int

  /// The learning rate of epoch `epoch`, from 0.
  func rate(atEpoch epoch: Int) -> Double {
    initial * pow(factor, Double(epoch / period))
  }

  /// E.g. `α = 0.5 · 0.5^⌊e/50⌋`.
  var description: String {
    "α = \(initial) · \(factor)^⌊e/\(period)⌋"
  }
}
