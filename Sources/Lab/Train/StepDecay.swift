import Foundation

/// Module 07's step decay, the learning rate of `gradkit train training` and `gradkit compare
/// 09`: it drops by a factor every `period` epochs.
///
///     α(e) = α₀ · γ^⌊e / k⌋
///
/// α₀ is `initial`, γ is `factor`, k is `period`.
///
/// The lab computes it rather than asking `Reference.momentum`: a class edition may withhold
/// module 07 while it releases 08 and 09, and a withheld reference answers only the calls its
/// own graded tests recorded.
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
