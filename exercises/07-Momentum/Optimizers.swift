import Foundation
import GradKit

// Every optimizer works coordinate by coordinate, and keeps its state (velocity, cache,
// moments) as one entry per parameter: empty until the first step, then zeros to start.

extension Momentum {
  /// Vanilla gradient descent.
  ///
  ///     x ← x − α·dx
  struct SGD: Optimizer {
    var learningRate: Double

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      // TODO: Move every parameter by the vanilla update.
      unimplemented()
    }
  }

  /// Gradient descent with momentum.
  ///
  ///     v ← μ·v − α·dx,   x ← x + v
  struct SGDWithMomentum: Optimizer {
    var learningRate: Double
    /// μ, the fraction of the velocity kept from step to step.
    var momentum: Double
    /// v, one entry per parameter.
    var velocity: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      // TODO: Update the velocity (zeros before the first step), then move the parameters by it.
      unimplemented()
    }
  }

  /// Nesterov momentum in the v_prev form.
  ///
  ///     v_prev ← v,   v ← μ·v − α·dx,   x ← x − μ·v_prev + (1 + μ)·v
  struct Nesterov: Optimizer {
    var learningRate: Double
    /// μ, the fraction of the velocity kept from step to step.
    var momentum: Double
    /// v, one entry per parameter.
    var velocity: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      // TODO: Update the velocity (zeros before the first step) and the parameters by the
      // v_prev form of Nesterov momentum.
      unimplemented()
    }
  }

  /// Adagrad.
  ///
  ///     cache ← cache + dx²,   x ← x − α·dx / (√cache + ε)
  struct Adagrad: Optimizer {
    var learningRate: Double
    /// ε, added to the denominator so that a parameter with only zero gradients stays put.
    var epsilon: Double
    /// The sum of every squared gradient so far, one entry per parameter.
    var cache: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      // TODO: Update the cache (zeros before the first step), then move the parameters by
      // the Adagrad update.
      unimplemented()
    }
  }

  /// RMSprop.
  ///
  ///     cache ← ρ·cache + (1 − ρ)·dx²,   x ← x − α·dx / (√cache + ε)
  struct RMSprop: Optimizer {
    var learningRate: Double
    /// ρ, the weight of the old average.
    var decayRate: Double
    /// ε, added to the denominator so that a parameter with only zero gradients stays put.
    var epsilon: Double
    /// The leaky average of the squared gradients, one entry per parameter.
    var cache: [Double] = []

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      // TODO: Update the cache (zeros before the first step), then move the parameters by
      // the RMSprop update.
      unimplemented()
    }
  }

  /// Adam.
  ///
  ///     m ← β₁·m + (1 − β₁)·dx,   v ← β₂·v + (1 − β₂)·dx²
  ///     x ← x − α·m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
  struct Adam: Optimizer {
    var learningRate: Double
    /// β₁, the weight of the old first moment.
    var beta1: Double
    /// β₂, the weight of the old second moment.
    var beta2: Double
    /// ε, added to the denominator so that a parameter with only zero gradients stays put.
    var epsilon: Double
    /// m, the leaky average of the gradients: momentum.
    var firstMoment: [Double] = []
    /// v, the leaky average of the squared gradients: RMSprop's cache.
    var secondMoment: [Double] = []
    /// t, the number of steps taken, counted from 1 once the first step starts.
    var stepCount = 0

    mutating func step(_ parameters: inout [Double], gradient: [Double]) {
      // TODO: Count the step, update both moments (zeros before the first step), then move
      // the parameters by the bias-corrected Adam update.
      unimplemented()
    }
  }
}
