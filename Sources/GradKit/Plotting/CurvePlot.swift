/// One line of a curve plot: y against x, with a name for the legend.
public struct Curve: Sendable, Equatable {
  /// The legend entry, e.g. "two-layer network".
  public var label: String
  /// The x values, e.g. iteration numbers.
  public var xValues: [Double]
  /// One y value per x value; non-finite ones (a diverging run) are left out of the line.
  public var yValues: [Double]
  /// The stroke colour, one of ``Palette/seriesHues`` so that it means one series.
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
  /// Shown above the panel, e.g. "Training loss".
  public var title: String
  /// The y axis's name, e.g. "loss".
  public var yLabel: String
  /// The lines, drawn in order (later ones on top).
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
///     screen x = fraction(x) · width,   screen y = (1 − fraction(y)) · height
///
/// Panels sit side by side, each a `<g class="panel">` with a title, faint gridlines, axes
/// with labelled ticks at round numbers, and a `<g class="curves">` of polylines. One
/// legend at the right names each series once, however many panels it appears in.
public enum CurvePlot {
  /// Room right of each plot area, so the last tick label is not cut off.
  static let rightRoom = 16.0
  /// The width of a curve: thick enough to tell its colour at a glance.
  static let strokeWidth = 1.8

  /// The picture of `panels`, sharing the x axis name `xLabel`.
  ///
  /// `plotWidth` and `plotHeight` are the size of each panel's plot area in user units.
  public static func svg(
    panels: [CurvePanel], xLabel: String, title: String = "Curves", plotWidth: Double = 400,
    plotHeight: Double = 260
  ) -> SVGDocument {
    var entries: [Legend.Entry] = []
    var named = Set<[String]>()
    for curve in panels.flatMap(\.curves) where named.insert([curve.label, curve.color]).inserted {
      entries.append(Legend.Entry(mark: .line(color: curve.color), label: curve.label))
    }
    return FigureLayout.document(
      title: title,
      panels: panels.map { draw($0, xLabel: xLabel, width: plotWidth, height: plotHeight) },
      panelWidth: PlotAxes.leftRoom + plotWidth + rightRoom,
      panelHeight: FigureLayout.titleRoom + plotHeight + PlotAxes.bottomRoom,
      legend: Legend(sections: [Legend.Section(heading: nil, entries: entries)]),
      legendTop: FigureLayout.titleRoom)
  }

  /// One panel with its top-left corner at the origin.
  private static func draw(
    _ panel: CurvePanel, xLabel: String, width: Double, height: Double
  ) -> SVGElement {
    let n = SVGDocument.number
    let axes = PlotAxes(
      x: AxisScale(covering: panel.curves.flatMap(\.xValues)),
      y: AxisScale(
        covering: panel.yRange.map { [$0.lowerBound, $0.upperBound] }
          ?? panel.curves.flatMap(\.yValues)),
      xLabel: xLabel, yLabel: panel.yLabel, width: width, height: height)
    let lines = panel.curves.map { curve in
      let coordinates = zip(curve.xValues, curve.yValues)
        .filter { $0.isFinite && $1.isFinite }
        .map { "\(n(axes.screenX($0))),\(n(axes.screenY($1)))" }
      return SVGElement(
        "polyline",
        [
          ("class", "curve"), ("points", coordinates.joined(separator: " ")), ("fill", "none"),
          ("stroke", curve.color), ("stroke-width", n(strokeWidth)),
          ("stroke-linejoin", "round"),
        ])
    }
    let plot = SVGElement(
      "g",
      [
        ("class", "plot"),
        ("transform", "translate(\(n(PlotAxes.leftRoom)) \(n(FigureLayout.titleRoom)))"),
      ],
      children: [axes.gridlines] + axes.elements
        + [SVGElement("g", [("class", "curves")], children: lines)])
    return SVGElement(
      "g", [("class", "panel")],
      children: FigureLayout.title(
        panel.title, subtitle: nil, seriesColor: nil, left: PlotAxes.leftRoom) + [plot])
  }
}
