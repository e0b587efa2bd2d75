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
      requireOneGradientPerParameter(parameters, gradient)
      for i in parameters.indices {
        parameters[i] -= learningRate * gradient[i]
      }
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
      requireOneGradientPerParameter(parameters, gradient)
      startAtZero(&velocity, count: parameters.count)
      for i in parameters.indices {
        // The gradient is a force: it changes the velocity, and only the velocity moves x.
        // Along a steady slope v grows to α·dx / (1 − μ), ten times one plain step for μ = 0.9;
        // across a zig-zag the alternating gradients cancel in v.
        velocity[i] = momentum * velocity[i] - learningRate * gradient[i]
        parameters[i] += velocity[i]
      }
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
      requireOneGradientPerParameter(parameters, gradient)
      startAtZero(&velocity, count: parameters.count)
      for i in parameters.indices {
        // `parameters` hold the look-ahead point x + μv, so the gradient we are given is
        // already the look-ahead gradient. Moving the look-ahead point from x + μ·v_prev
        // to (x + v) + μ·v is the update below.
        let previous = velocity[i]
        velocity[i] = momentum * velocity[i] - learningRate * gradient[i]
        parameters[i] += -momentum * previous + (1 + momentum) * velocity[i]
      }
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
      requireOneGradientPerParameter(parameters, gradient)
      startAtZero(&cache, count: parameters.count)
      for i in parameters.indices {
        // A running sum: parameters with large gradients get their steps cut most.
        cache[i] += gradient[i] * gradient[i]
        parameters[i] -= learningRate * gradient[i] / (cache[i].squareRoot() + epsilon)
      }
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
      requireOneGradientPerParameter(parameters, gradient)
      startAtZero(&cache, count: parameters.count)
      for i in parameters.indices {
        // ρ multiplies the history and 1 − ρ the new square, so old gradients fade away
        // and the steps do not shrink for ever as Adagrad's do.
        cache[i] = decayRate * cache[i] + (1 - decayRate) * gradient[i] * gradient[i]
        parameters[i] -= learningRate * gradient[i] / (cache[i].squareRoot() + epsilon)
      }
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
      requireOneGradientPerParameter(parameters, gradient)
      startAtZero(&firstMoment, count: parameters.count)
      startAtZero(&secondMoment, count: parameters.count)
      // Count this step before using t: the first correction is 1 − β¹, not 1 − β⁰ = 0.
      stepCount += 1
      let t = Double(stepCount)
      // m and v start at 0, so early on they are too small by exactly the factor 1 − βᵗ
      // (for a constant gradient g, m = (1 − β₁ᵗ)·g). Dividing it out makes the first steps
      // full-sized: with a steady gradient every step moves each coordinate by about α.
      let firstCorrection = 1 - pow(beta1, t)
      let secondCorrection = 1 - pow(beta2, t)
      for i in parameters.indices {
        let g = gradient[i]
        firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g
        secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g
        let mHat = firstMoment[i] / firstCorrection
        let vHat = secondMoment[i] / secondCorrection
        parameters[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
      }
    }
  }
}

/// Stops with a message naming both counts unless there is one gradient per parameter.
private func requireOneGradientPerParameter(_ parameters: [Double], _ gradient: [Double]) {
  precondition(
    gradient.count == parameters.count,
    "an optimizer step needs one gradient per parameter, got \(gradient.count) for "
      + "\(parameters.count) parameters")
}

/// Sizes an empty state array to `count` zeros, on an optimizer's first step.
private func startAtZero(_ state: inout [Double], count: Int) {
  if state.isEmpty {
    state = Array(repeating: 0, count: count)
  }
}
