import Foundation
import GradKit
import Plotting

/// Experiment 3: the gradient's size layer by layer in a deep stack, at three scales of the
/// initial weights.
extension TrainingTrainer.Session {
  /// The settings of the graded test of vanishing and exploding gradients.
  enum GradientNorms {
    static let depth = 10
    static let width = 40
    static let examples = 20
    /// Multiples of the right scale: Xavier's √(1/width) for tanh, He's √(2/width) for ReLU.
    static let gains = [0.5, 1.0, 2.0]

    /// The right standard deviation of the weights for `activation`, and its name.
    static func rightScale(for activation: Activation) -> (value: Double, name: String) {
      switch activation {
      case .tanh: ((1 / Double(width)).squareRoot(), "Xavier's √(1/\(width))")
      case .relu: ((2 / Double(width)).squareRoot(), "He's √(2/\(width))")
      }
    }

    /// A gain as a reader says it: ½, 1 or 2 times the right scale.
    static func name(ofGain gain: Double) -> String {
      gain == 0.5 ? "½" : formatted(gain)
    }

    private static func formatted(_ gain: Double) -> String {
      gain == gain.rounded() ? String(Int(gain)) : String(gain)
    }
  }

  /// Runs experiment 3, reports it, and returns its picture.
  func gradientNorms() -> [Picture] {
    typealias S = GradientNorms
    var generator = generator(forExperiment: 4)
    let inputs = Matrix.gaussian(rows: S.examples, columns: S.width, using: &generator)
    let upstream = Matrix.gaussian(rows: S.examples, columns: S.width, using: &generator)
    say(
      "\n3 · Vanishing and exploding gradients. A stack of \(S.depth) layers of \(S.width) "
        + "units without biases, \(S.examples) examples;")
    say(
      "the weights are σ·Z for one draw Z of standard normals, σ at ½, 1 and 2 times the "
        + "right scale.")
    let rows = Activation.allCases.map { activation in
      lesson.gradientNormsByLayer(
        depth: S.depth, width: S.width, activation: activation,
        scales: S.gains.map { $0 * S.rightScale(for: activation).value }, inputs: inputs,
        upstream: upstream, using: &generator)
    }
    for line in table(rows) { say(line) }
    return [
      Picture(
        name: "training-gradients.svg", document: picture(rows),
        description: "gradient norm per layer, tanh and ReLU, at three scales")
    ]
  }

  /// The norms as a table, a column per activation and gain, a row per layer, and the
  /// ratio of layer 1's norm to layer L's under it.
  private func table(_ rows: [[[Double]]]) -> [String] {
    typealias S = GradientNorms
    let cell = 10
    func right(_ text: String) -> String { rightAligned(text, width: cell) }
    let groupWidth = cell * S.gains.count
    var lines = [
      "  ‖∂L/∂h_{l−1}‖, the gradient layer l passes down (layer 1 is nearest the input):",
      "       "
        + Activation.allCases.map { activation in
          let heading = "\(activation), σ = k × \(S.rightScale(for: activation).name)"
          return "    " + heading.padding(toLength: groupWidth, withPad: " ", startingAt: 0)
        }.joined().replacing(/\ +$/, with: ""),
      "  layer"
        + Activation.allCases.map { _ in
          "    " + S.gains.map { right("k = \(S.name(ofGain: $0))") }.joined()
        }.joined(),
    ]
    for layer in (0..<S.depth).reversed() {
      lines.append(
        "  " + rightAligned(String(layer + 1), width: 5)
          + rows.map { activationRows in
            "    "
              + activationRows.map { row in
                right(row.indices.contains(layer) ? scientific(row[layer]) : "–")
              }.joined()
          }.joined())
    }
    lines.append(
      " 1 / \(S.depth)"
        + rows.map { activationRows in
          "    "
            + activationRows.map { row in
              right(row.count == S.depth ? scientific(row[0] / row[S.depth - 1]) : "–")
            }.joined()
        }.joined())
    lines.append("  (1 / \(S.depth): layer 1's norm over layer \(S.depth)'s.)")
    lines.append(
      "  Below the right scale the gradient vanishes on its way down; above it, it grows "
        + "(tanh's saturation holds it back; ReLU explodes).")
    return lines
  }

  /// The norms against the layer, on a logarithmic axis shared by both panels.
  private func picture(_ rows: [[[Double]]]) -> SVGDocument {
    typealias S = GradientNorms
    let everything = rows.flatMap { $0.flatMap { $0 } }.filter { $0 > 0 && $0.isFinite }
    let range = (everything.min() ?? 1)...(everything.max() ?? 10)
    let panels = zip(Activation.allCases, rows).map { activation, activationRows in
      CurvePanel(
        title: "\(activation): right σ = \(S.rightScale(for: activation).name)",
        yLabel: "‖∂L/∂hₗ₋₁‖, log scale",
        curves: zip(S.gains, activationRows).enumerated().map { index, pair in
          let (gain, row) = pair
          return Curve(
            label: "σ = \(S.name(ofGain: gain)) × the right scale",
            xValues: row.indices.map { Double($0 + 1) }, yValues: row,
            color: Palette.seriesColor(index), showsPoints: true)
        }, yRange: range, yScale: .logarithmic)
    }
    return CurvePlot.svg(
      panels: panels, xLabel: "layer l (1 is nearest the input)",
      title: "Gradient norm per layer, seed \(options.seed)")
  }
}

/// A positive size in three significant digits, e.g. `2.41e-3`.
private func scientific(_ x: Double) -> String {
  guard x.isFinite else { return String(x) }
  let text = String(format: "%.2e", x)
  // "2.41e-03" → "2.41e-3", "1.00e+01" → "1.00e1"
  guard let e = text.firstIndex(of: "e") else { return text }
  let exponent = Int(text[text.index(after: e)...]) ?? 0
  return "\(text[..<e])e\(exponent)"
}
