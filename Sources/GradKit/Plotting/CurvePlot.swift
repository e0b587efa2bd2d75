import Foundation

/// One line of a curve plot: y against x, with a name for the legend.
public struct Curve: Sendable, Equatable {
  /// The legend entry, e.g. "network".
  public var label: String
  /// The x values, e.g. iteration numbers.
  public var xValues: [Double]
  /// One y value per x value; non-finite ones (a diverging run) are left out of the line.
  public var yValues: [Double]
  /// The stroke colour, e.g. `#1f77b4`.
  public var color: String

  public init(label: String, xValues: [Double], yValues: [Double], color: String) {
    require(
      xValues.count == yValues.count,
      "a curve needs one y per x, got \(yValues.count) y values for \(xValues.count) x values")
    self.label = label
    self.xValues = xValues
    self.yValues = yValues
    self.color = color
  }
}

/// One panel of a curve plot: a title, the y axis's name and range, and its curves.
public struct CurvePanel: Sendable, Equatable {
  public var title: String
  /// The y axis's name, e.g. "loss".
  public var yLabel: String
  public var curves: [Curve]
  /// The y range to show; nil fits the finite values.
  public var yRange: ClosedRange<Double>?

  public init(title: String, yLabel: String, curves: [Curve], yRange: ClosedRange<Double>? = nil) {
    self.title = title
    self.yLabel = yLabel
    self.curves = curves
    self.yRange = yRange
  }
}

/// Curves such as loss and accuracy against iterations, as SVG: one polyline per curve.
///
///     screen x = left + (x − x₀)/(x₁ − x₀)·width,   screen y = bottom − (y − y₀)/(y₁ − y₀)·height
///
/// Panels sit side by side, each in a `<g class="panel">` with a title, two axes with
/// labelled ticks at round numbers, the axis names, the polylines and a legend to the right.
public enum CurvePlot {
  /// Space around the panels and between them.
  static let margin = 20.0
  /// Room left of the plot area for the y tick labels and the y axis name.
  static let leftRoom = 62.0
  /// Room below the plot area for the x tick labels and the x axis name.
  static let bottomRoom = 44.0
  /// Room above the plot area for the title.
  static let titleRoom = 28.0
  /// Room right of the plot area for the legend.
  static let rightRoom = 90.0

  /// The picture of `panels`, sharing the x axis name `xLabel`.
  ///
  /// `plotWidth` and `plotHeight` are the size of each panel's plot area in user units.
  public static func svg(
    panels: [CurvePanel], xLabel: String, plotWidth: Double = 400, plotHeight: Double = 260
  ) -> SVGDocument {
    let panelWidth = leftRoom + plotWidth + rightRoom
    let count = Double(panels.count)
    var document = SVGDocument(
      width: margin * (count + 1) + panelWidth * count,
      height: margin * 2 + titleRoom + plotHeight + bottomRoom)
    for (index, panel) in panels.enumerated() {
      let left = margin + Double(index) * (panelWidth + margin)
      document.append(
        drawPanel(
          panel, xLabel: xLabel, width: plotWidth, height: plotHeight, left: left, top: margin))
    }
    return document
  }

  /// One panel; its plot area starts at (leftRoom, titleRoom) inside the panel.
  private static func drawPanel(
    _ panel: CurvePanel, xLabel: String, width: Double, height: Double, left: Double, top: Double
  ) -> SVGElement {
    let n = SVGDocument.number
    let xScale = AxisScale(covering: panel.curves.flatMap(\.xValues))
    let yScale =
      panel.yRange.map { AxisScale(covering: [$0.lowerBound, $0.upperBound]) }
      ?? AxisScale(covering: panel.curves.flatMap(\.yValues))
    let (x0, y0) = (leftRoom, titleRoom + height)  // the plot area's bottom-left corner
    func screenX(_ x: Double) -> Double { x0 + xScale.fraction(x) * width }
    func screenY(_ y: Double) -> Double { y0 - yScale.fraction(y) * height }

    var elements = [
      SVGElement(
        "text",
        [
          ("class", "title"), ("x", n(x0 + width / 2)), ("y", "18"), ("text-anchor", "middle"),
          ("font-size", "15"),
        ],
        text: panel.title),
      line(x0, y0, x0 + width, y0, class: "axis"),
      line(x0, y0, x0, y0 - height, class: "axis"),
    ]
    for x in xScale.ticks {
      elements.append(line(screenX(x), y0, screenX(x), y0 + 4, class: "tick"))
      elements.append(
        label(formatted(x, significantDigits: 4), x: screenX(x), y: y0 + 17, anchor: "middle"))
    }
    for y in yScale.ticks {
      elements.append(line(x0 - 4, screenY(y), x0, screenY(y), class: "tick"))
      elements.append(
        label(formatted(y, significantDigits: 4), x: x0 - 7, y: screenY(y) + 4, anchor: "end"))
    }
    elements.append(
      label(xLabel, x: x0 + width / 2, y: y0 + 36, anchor: "middle", class: "axis-label"))
    elements.append(
      SVGElement(
        "text",
        [
          ("class", "axis-label"), ("x", "0"), ("y", "0"), ("text-anchor", "middle"),
          ("font-size", "12"),
          ("transform", "translate(\(n(14)) \(n(y0 - height / 2))) rotate(-90)"),
        ],
        text: panel.yLabel))

    for (index, curve) in panel.curves.enumerated() {
      let coordinates = zip(curve.xValues, curve.yValues)
        .filter { $0.isFinite && $1.isFinite }
        .map { "\(n(screenX($0))),\(n(screenY($1)))" }
      elements.append(
        SVGElement(
          "polyline",
          [
            ("class", "curve"), ("points", coordinates.joined(separator: " ")),
            ("fill", "none"), ("stroke", curve.color), ("stroke-width", "1.8"),
          ]))
      // The legend, right of the plot area, level with its top.
      let legendY = titleRoom + 10 + Double(index) * 16
      elements.append(
        SVGElement(
          "line",
          [
            ("class", "legend"), ("x1", n(x0 + width + 12)), ("y1", n(legendY - 4)),
            ("x2", n(x0 + width + 30)), ("y2", n(legendY - 4)), ("stroke", curve.color),
            ("stroke-width", "1.8"),
          ]))
      elements.append(label(curve.label, x: x0 + width + 36, y: legendY, anchor: "start"))
    }
    return SVGElement(
      "g", [("class", "panel"), ("transform", "translate(\(n(left)) \(n(top)))")],
      children: elements)
  }

  /// An axis from a round number to a round number, with ticks at round steps between.
  ///
  ///     step = 1, 2, 2.5 or 5 × 10ᵏ, the smallest giving at most 5 intervals
  ///     range = [⌊low / step⌋·step, ⌈high / step⌉·step]
  ///
  /// Fits the finite values it covers; `0...1` when there are none, and a unit-wide range
  /// around a constant.
  struct AxisScale {
    let lower: Double
    let upper: Double
    let step: Double

    init(covering values: [Double]) {
      let finite = values.filter(\.isFinite)
      var low = finite.min() ?? 0
      var high = finite.max() ?? 1
      if high <= low {
        (low, high) = (low - 0.5, high + 0.5)
      }
      let rough = (high - low) / 5
      let power = pow(10, (log10(rough)).rounded(.down))
      let step = [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
      self.step = step
      self.lower = (low / step).rounded(.down) * step
      self.upper = (high / step).rounded(.up) * step
    }

    /// Where `value` falls between the ends, 0 at `lower` and 1 at `upper`.
    func fraction(_ value: Double) -> Double {
      (value - lower) / (upper - lower)
    }

    /// The tick values from `lower` to `upper`, one step apart.
    var ticks: [Double] {
      let count = Int(((upper - lower) / step).rounded())
      return (0...count).map { lower + Double($0) * step }
    }
  }

  private static func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, class name: String
  ) -> SVGElement {
    let n = SVGDocument.number
    return SVGElement(
      "line",
      [
        ("class", name), ("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)),
        ("stroke", "#444"),
      ])
  }

  private static func label(
    _ text: String, x: Double, y: Double, anchor: String, class name: String = "tick-label"
  ) -> SVGElement {
    SVGElement(
      "text",
      [
        ("class", name), ("x", SVGDocument.number(x)), ("y", SVGDocument.number(y)),
        ("text-anchor", anchor), ("font-size", "11"),
      ],
      text: text)
  }
}
