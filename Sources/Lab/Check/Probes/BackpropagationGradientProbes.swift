import Foundation
import GradKit

/// What `gradkit check 06` runs on the learner's backward passes.
enum BackpropagationGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any BackpropagationLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Gate inputs and upstream gradients of size ½ to 2: every product gate's derivative is
    // then at least ¼, far above the centered difference's noise (about 1e−9 on these sums).
    let gates = GateInputs.random(count: 4, using: &generator)
    // Pairs at least 0.1 apart, so x ± h never crosses the max gate's kink at x = y.
    var maxGate = GateInputs.random(count: 4, using: &generator)
    while zip(maxGate.x, maxGate.y).contains(where: { abs($0 - $1) < 0.1 }) {
      maxGate = GateInputs.random(count: 4, using: &generator)
    }
    // On [−3, 3] σ′ ≥ 0.045, so every derivative of the sigmoid gate is at least 0.02.
    let sigmoidInputs = (0..<4).map { _ in generator.uniform(in: -3...3) }
    let sigmoidUpstream = (0..<4).map { _ in awayFromZero(in: 0.5...2, using: &generator) }
    // Weights and inputs in ±[½, 1] keep |z| ≤ 4, where σ(1 − σ) ≥ 0.017: a saturated
    // neuron's tiny slopes would drown in rounding noise.
    let neuronWeights = (0...3).map { _ in awayFromZero(in: 0.5...1, using: &generator) }
    let neuronInputs = (0..<3).map { _ in awayFromZero(in: 0.5...1, using: &generator) }
    let leaves = ValueExpression.leaves(using: &generator)
    // Positive entries, as in the graded suite: no sum of products cancels, so every
    // derivative of the layer is at least ¼. D ≠ H, so a transposed dW has the wrong shape.
    let linear = [
      "x": Matrix.uniform(rows: 4, columns: 3, in: 0.5...2, using: &generator),
      "W": Matrix.uniform(rows: 3, columns: 2, in: 0.5...2, using: &generator),
      "b": Matrix.uniform(rows: 1, columns: 2, in: 0.5...2, using: &generator),
    ]
    let linearUpstream = Matrix.uniform(rows: 4, columns: 2, in: 0.5...2, using: &generator)
    let relu = ReLUInputs.random(using: &generator)
    let reconstruction = ReconstructionInputs.random(using: &generator)

    return [
      GradientProbe(
        name: "addBackward against your add: L = Σ uᵢ·add(xᵢ, yᵢ), 4 seeded pairs and uᵢ",
        hasKinks: false,
        check: { lesson in
          gates.check(lesson.add) { _, _, upstream in lesson.addBackward(upstream: upstream) }
        }),
      GradientProbe(
        name:
          "multiplyBackward against your multiply: L = Σ uᵢ·multiply(xᵢ, yᵢ), 4 seeded pairs "
          + "and uᵢ",
        hasKinks: false,
        check: { lesson in
          gates.check(lesson.multiply) { x, y, upstream in
            lesson.multiplyBackward(x: x, y: y, upstream: upstream)
          }
        }),
      GradientProbe(
        name:
          "maximumBackward against your maximum: L = Σ uᵢ·maximum(xᵢ, yᵢ), 4 seeded pairs "
          + "≥ 0.1 from a tie",
        hasKinks: false,
        check: { lesson in
          maxGate.check(lesson.maximum) { x, y, upstream in
            lesson.maximumBackward(x: x, y: y, upstream: upstream)
          }
        }),
      GradientProbe(
        name:
          "sigmoidBackward(output: sigmoid(xᵢ), upstream: uᵢ) against your sigmoid, 4 seeded x "
          + "in [−3, 3]",
        hasKinks: false,
        check: { lesson in
          checkGradient(
            of: { x in
              x.indices.reduce(0) { total, i in total + sigmoidUpstream[i] * lesson.sigmoid(x[i]) }
            },
            at: sigmoidInputs,
            analytic: zip(sigmoidInputs, sigmoidUpstream).map { x, upstream in
              lesson.sigmoidBackward(output: lesson.sigmoid(x), upstream: upstream)
            })
        }),
      GradientProbe(
        name:
          "sigmoidNeuron's gradients against its own output: w (bias last) and x, 3 seeded "
          + "inputs",
        hasKinks: false,
        check: { lesson in
          let neuron = lesson.sigmoidNeuron(weights: neuronWeights, inputs: neuronInputs)
          return checkGradient(
            of: { p in
              lesson.sigmoidNeuron(weights: p["w"]!.storage, inputs: p["x"]!.storage).output
            },
            at: ["w": Matrix(row: neuronWeights), "x": Matrix(row: neuronInputs)],
            analytic: [
              "w": Matrix(row: neuron.weightGradient), "x": Matrix(row: neuron.inputGradient),
            ])
        }),
      GradientProbe(
        name:
          "Value: a.grad, b.grad, c.grad of \(ValueExpression.formula) at a, b, c = "
          + "\(leaves.map { String(format: "%g", $0) }.joined(separator: ", ")), against the "
          + "same formula on Doubles",
        hasKinks: false,
        check: { lesson in
          checkGradient(
            of: { p in ValueExpression.evaluate(p["a"]![0, 0], p["b"]![0, 0], p["c"]![0, 0]) },
            at: ValueExpression.parameters(leaves),
            analytic: ValueExpression.parameters(ValueExpression.leafGradients(lesson, leaves)))
        }),
      GradientProbe(
        name:
          "linearBackward (dx, dW, db) against your linearForward: L = Σ G .* (x·W + b), "
          + "seeded x 4×3, W 3×2, b 1×2, G 4×2",
        hasKinks: false,
        check: { lesson in
          let got = lesson.linearBackward(linearUpstream, x: linear["x"]!, weights: linear["W"]!)
          return checkGradient(
            of: { p in
              (lesson.linearForward(p["x"]!, weights: p["W"]!, bias: p["b"]!) .* linearUpstream)
                .sum()
            },
            at: linear, analytic: ["x": got.dx, "W": got.dW, "b": got.db])
        }),
      GradientProbe(
        name:
          "reluBackward against your reluForward: seeded x 3×4 with \(ReLUInputs.kinkCount) "
          + "entries on or next to the kink at 0 (skipped), seeded upstream G",
        hasKinks: true,
        check: { lesson in
          checkBackward(
            of: { lesson.reluForward($0) }, at: relu.x, upstream: relu.upstream,
            analytic: lesson.reluBackward(relu.upstream, x: relu.x), skipping: .near([0]))
        }),
      GradientProbe(
        name:
          "reconstructionLoss's dx against its loss: seeded x 2×3, 3 → 6 → 2 network, target, "
          + "every hidden unit ≥ 0.01 from its kink",
        // The ReLUs inside the network have kinks, but the seeded inputs keep them out of
        // reach of x ± h, so no coordinate needs skipping.
        hasKinks: true,
        check: { lesson in
          let (network, target) = (reconstruction.network, reconstruction.target)
          return checkGradient(
            of: { lesson.reconstructionLoss($0, network: network, target: target).loss },
            at: reconstruction.x,
            analytic: lesson.reconstructionLoss(
              reconstruction.x, network: network, target: target
            ).dx)
        }),
    ]
  }
}

/// A number in ±`magnitudes` with a random sign.
private func awayFromZero(
  in magnitudes: ClosedRange<Double>, using generator: inout SeededGenerator
) -> Double {
  let magnitude = generator.uniform(in: magnitudes)
  return generator.index(below: 2) == 0 ? magnitude : -magnitude
}

/// Seeded pairs (xᵢ, yᵢ) and upstream gradients uᵢ for a two-input gate.
private struct GateInputs {
  var x: [Double]
  var y: [Double]
  var upstream: [Double]

  /// `count` pairs and upstream gradients, each in ±[½, 2].
  static func random(count: Int, using generator: inout SeededGenerator) -> GateInputs {
    func draw() -> [Double] {
      (0..<count).map { _ in awayFromZero(in: 0.5...2, using: &generator) }
    }
    return GateInputs(x: draw(), y: draw(), upstream: draw())
  }

  /// Checks a gate's backward pass: with upstream gradient uᵢ, its (dx, dy) must be the
  /// gradient of L = Σ uᵢ·forward(xᵢ, yᵢ) in xᵢ and yᵢ.
  func check(
    _ forward: (Double, Double) -> Double,
    backward: (Double, Double, Double) -> (dx: Double, dy: Double)
  ) -> GradientReport {
    let gradients = x.indices.map { i in backward(x[i], y[i], upstream[i]) }
    return checkGradient(
      of: { p in
        x.indices.reduce(0) { total, i in
          total + upstream[i] * forward(p["x"]![0, i], p["y"]![0, i])
        }
      },
      at: ["x": Matrix(row: x), "y": Matrix(row: y)],
      analytic: ["x": Matrix(row: gradients.map(\.dx)), "y": Matrix(row: gradients.map(\.dy))])
  }
}

/// The expression of the `Value` check: it uses every operation, and reuses b and b².
private enum ValueExpression {
  static let formula = "(tanh(a·b + c²) + ln(eᵃ + 1)) / (b² + 1) − relu(c − a) + (b² + 0.5)^1.5"

  /// The expression on autodiff nodes; the node b² feeds two operations.
  static func build<V: AutodiffValue>(_ a: V, _ b: V, _ c: V) -> V {
    let bSquared = b * b
    let numerator = (a * b + c.pow(2)).tanh() + (a.exp() + 1).log()
    return numerator / (bSquared + 1) - (c - a).relu() + (bSquared + 0.5).pow(1.5)
  }

  /// The same expression on plain Doubles, which the checker differentiates numerically.
  static func evaluate(_ a: Double, _ b: Double, _ c: Double) -> Double {
    let bSquared = b * b
    let numerator = tanh(a * b + pow(c, 2)) + log(exp(a) + 1)
    return numerator / (bSquared + 1) - max(0, c - a) + pow(bSquared + 0.5, 1.5)
  }

  /// The leaves' gradients after `backward()` on the learner's nodes.
  static func leafGradients<Lesson: BackpropagationLesson>(
    _: Lesson.Type, _ leaves: [Double]
  ) -> [Double] {
    let nodes = leaves.map { Lesson.Node($0) }
    let out = build(nodes[0], nodes[1], nodes[2])
    out.backward()
    return nodes.map(\.grad)
  }

  /// Three numbers as the named 1×1 parameters `a`, `b` and `c` of the checker.
  static func parameters(_ values: [Double]) -> [String: Matrix] {
    ["a": Matrix(row: [values[0]]), "b": Matrix(row: [values[1]]), "c": Matrix(row: [values[2]])]
  }

  /// Seeded leaves in quarters from −1.5 to 1.5, redrawn until the check is well conditioned.
  ///
  /// Quarters keep c − a either 0 or at least ¼ from the ReLU's kink; 0 is redrawn. Every
  /// leaf derivative must be at least 0.1, and centered differences with h and 2h must agree
  /// to 3e−8: truncation is then below 1e−8 and rounding noise (about 1e−15·|out|/h, under
  /// 1e−9) below 1e−7 of any derivative, so a right gradient is good whatever the seed.
  static func leaves(using generator: inout SeededGenerator) -> [Double] {
    while true {
      let leaves = (0..<3).map { _ in Double(generator.index(below: 13)) / 4 - 1.5 }
      if leaves[2] != leaves[0] && isWellConditioned(at: leaves) {
        return leaves
      }
    }
  }

  private static func isWellConditioned(at leaves: [Double]) -> Bool {
    func centered(_ i: Int, _ h: Double) -> Double {
      var up = leaves
      var down = leaves
      up[i] += h
      down[i] -= h
      return (evaluate(up[0], up[1], up[2]) - evaluate(down[0], down[1], down[2]))
        / (up[i] - down[i])
    }
    return leaves.indices.allSatisfy { i in
      let small = centered(i, 1e-5)
      let large = centered(i, 2e-5)
      return abs(small) >= 0.1 && abs(small - large) <= 3e-8 * abs(small)
    }
  }
}

/// A seeded ReLU input with entries planted on and next to the kink, and an upstream gradient.
private struct ReLUInputs {
  /// How many entries sit within h of the kink: x[0, 0] = 0, x[1, 2] = 1e−6, x[2, 3] = −1e−6.
  static let kinkCount = 3

  var x: Matrix
  var upstream: Matrix

  /// Every other entry is in ±[0.1, 2], far from the kink, and every upstream entry in
  /// ±[½, 2], so no derivative is small next to the noise.
  static func random(using generator: inout SeededGenerator) -> ReLUInputs {
    var x = Matrix(rows: 3, columns: 4)
    var upstream = Matrix(rows: 3, columns: 4)
    for index in x.storage.indices {
      x.storage[index] = awayFromZero(in: 0.1...2, using: &generator)
      upstream.storage[index] = awayFromZero(in: 0.5...2, using: &generator)
    }
    x[0, 0] = 0
    x[1, 2] = 1e-6
    x[2, 3] = -1e-6
    return ReLUInputs(x: x, upstream: upstream)
  }
}

/// A seeded frozen network, input and target for the reconstruction loss.
private struct ReconstructionInputs {
  var network: FrozenNetwork
  var x: Matrix
  var target: Matrix

  /// Gaussian weights, input and target, redrawn until the check is well conditioned.
  ///
  /// Every hidden unit's input is at least 0.01 from the ReLU's kink, so x ± h (h = 1e−5)
  /// never crosses it and the loss is a quadratic there: the centered difference has no
  /// truncation error, and the checker bounds its rounding.
  static func random(using generator: inout SeededGenerator) -> ReconstructionInputs {
    while true {
      let inputs = ReconstructionInputs(
        network: FrozenNetwork(
          hiddenWeights: .gaussian(rows: 3, columns: 6, using: &generator),
          hiddenBias: .gaussian(rows: 1, columns: 6, standardDeviation: 0.5, using: &generator),
          outputWeights: .gaussian(rows: 6, columns: 2, using: &generator),
          outputBias: .gaussian(rows: 1, columns: 2, standardDeviation: 0.5, using: &generator)),
        x: .gaussian(rows: 2, columns: 3, using: &generator),
        target: .gaussian(rows: 2, columns: 2, using: &generator))
      if inputs.isWellConditioned {
        return inputs
      }
    }
  }

  /// Whether no hidden unit's input is within 0.01 of the ReLU's kink, where a centered
  /// difference would straddle it.
  private var isWellConditioned: Bool {
    let hidden = x * network.hiddenWeights + network.hiddenBias
    return hidden.storage.allSatisfy { abs($0) >= 0.01 }
  }
}
