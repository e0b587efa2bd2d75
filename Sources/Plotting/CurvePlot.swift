import GradKit

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
  /// Whether each point also gets a dot: for a few points that each mean something, such as
  /// one per layer.
  public var showsPoints: Bool

  public init(
    label: String, xValues: [Double], yValues: [Double], color: String, showsPoints: Bool = false
  ) {
    require(
      xValues.count == yValues.count,
      "a curve needs one y per x, got \(yValues.count) y values for \(xValues.count) x values")
    self.label = label
    self.xValues = xValues
    self.yValues = yValues
    self.color = color
    self.showsPoints = showsPoints
  }
}

/// A moment on a panel's x axis, such as the best epoch: a dashed vertical line, named in
/// the legend, and a ring around one point when `y` is given.
public struct CurveMarker: Sendable, Equatable {
  /// Where the line stands, in data coordinates.
  public var x: Double
  /// The legend's words for it, e.g. "best: epoch 37".
  public var label: String
  /// The value to ring at `x`, e.g. the best validation accuracy; nil rings nothing.
  public var y: Double?
  /// The colour of the line and the ring, the colour of the curve it belongs to; nil is the
  /// axes' ink.
  public var color: String?

  public init(x: Double, label: String, y: Double? = nil, color: String? = nil) {
    self.x = x
    self.label = label
    self.y = y
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
  /// The y range to show; nil fits the values the y axis can show.
  public var yRange: ClosedRange<Double>?
  /// How the y axis spaces its values: `.logarithmic` for sizes that span decades, such as
  /// gradient norms; it leaves out values that are not positive.
  public var yScale: ScaleKind
  /// Moments to mark, drawn over the curves and named in the legend after them.
  public var markers: [CurveMarker]

  public init(
    title: String, yLabel: String, curves: [Curve], yRange: ClosedRange<Double>? = nil,
    yScale: ScaleKind = .linear, markers: [CurveMarker] = []
  ) {
    self.title = title
    self.yLabel = yLabel
    self.curves = curves
    self.yRange = yRange
    self.yScale = yScale
    self.markers = markers
  }
}

/// Curves such as loss and accuracy against iterations, as SVG: one polyline per curve.
///
///     screen x = fraction(x) · width,   screen y = (1 − fraction(y)) · height
///
/// Panels sit side by side, each a `<g class="panel">` with a title, faint gridlines, axes
/// with labelled ticks at round numbers, and a `<g class="curves">` of polylines (with a
/// `<g class="points">` of dots for a curve that shows its points), then a
/// `<g class="markers">` of one `<g class="marker">` per marker. One legend at the right
/// names each series and each marker once, however many panels it appears in.
public enum CurvePlot {
  /// Room right of each plot area, so the last tick label is not cut off.
  static let rightRoom = 16.0
  /// The width of a curve: thick enough to tell its colour at a glance.
  static let strokeWidth = 1.8
  /// The radius of a curve's dot at a point it shows.
  static let pointRadius = 2.8
  /// The radius of a marker's ring: around a dot, with room to spare.
  static let ringRadius = 5.5

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
    for marker in panels.flatMap(\.markers) where named.insert([marker.label]).inserted {
      entries.append(
        Legend.Entry(mark: .dashedLine(color: marker.color ?? PlotAxes.ink), label: marker.label))
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
          ?? panel.curves.flatMap(\.yValues), kind: panel.yScale),
      xLabel: xLabel, yLabel: panel.yLabel, width: width, height: height)
    var lines: [SVGElement] = []
    for curve in panel.curves {
      let shown = zip(curve.xValues, curve.yValues)
        .filter { $0.isFinite && axes.y.shows($1) }
        .map { (x: axes.screenX($0), y: axes.screenY($1)) }
      lines.append(
        SVGElement(
          "polyline",
          [
            ("class", "curve"),
            ("points", shown.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")),
            ("fill", "none"), ("stroke", curve.color), ("stroke-width", n(strokeWidth)),
            ("stroke-linejoin", "round"),
          ]))
      if curve.showsPoints {
        let dots = shown.map { point in
          SVGElement(
            "circle",
            [("cx", n(point.x)), ("cy", n(point.y)), ("r", n(pointRadius)), ("fill", curve.color)])
        }
        lines.append(SVGElement("g", [("class", "points")], children: dots))
      }
    }
    let markers = panel.markers.map { draw($0, axes: axes) }
    let plot = SVGElement(
      "g",
      [
        ("class", "plot"),
        ("transform", "translate(\(n(PlotAxes.leftRoom)) \(n(FigureLayout.titleRoom)))"),
      ],
      children: [axes.gridlines] + axes.elements
        + [
          SVGElement("g", [("class", "curves")], children: lines),
          SVGElement("g", [("class", "markers")], children: markers),
        ])
    return SVGElement(
      "g", [("class", "panel")],
      children: FigureLayout.title(
        panel.title, subtitle: nil, seriesColor: nil, left: PlotAxes.leftRoom) + [plot])
  }

  /// The dash pattern of a marker's line, here and in the legend.
  static let markerDashes = "5 4"

  /// One marker: its dashed line and its ring.
  private static func draw(_ marker: CurveMarker, axes: PlotAxes) -> SVGElement {
    let n = SVGDocument.number
    let x = axes.screenX(marker.x)
    let color = marker.color ?? PlotAxes.ink
    var children = [
      SVGElement(
        "line",
        [
          ("x1", n(x)), ("y1", "0"), ("x2", n(x)), ("y2", n(axes.height)), ("stroke", color),
          ("stroke-width", "1.2"), ("stroke-dasharray", markerDashes),
        ])
    ]
    if let y = marker.y, axes.y.shows(y) {
      children.append(
        SVGElement(
          "circle",
          [
            ("cx", n(x)), ("cy", n(axes.screenY(y))), ("r", n(ringRadius)), ("fill", "none"),
            ("stroke", color), ("stroke-width", "2"),
          ]))
    }
    return SVGElement("g", [("class", "marker"), ("data-label", marker.label)], children: children)
  }
}
