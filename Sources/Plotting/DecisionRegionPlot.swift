import GradKit

/// One panel of a decision-region picture: a model's name, its figures, and the class it
/// gives each cell.
public struct DecisionRegionPanel: Sendable, Equatable {
  /// Shown above the panel, e.g. "Two-layer network".
  public var title: String
  /// Shown under the title, e.g. "accuracy: training 98.8%, validation 95.0%".
  public var subtitle: String?
  /// The model's colour in the other pictures (``Palette/seriesColor(_:)``), drawn as a
  /// short line before the title; nil draws none.
  public var seriesColor: String?
  /// One class per cell of the grid, in the order of ``RegionGrid/points``.
  public var classes: [Int]
  /// The model's scores at the cell centres, one row per cell, when known: the regions'
  /// edges are then drawn where the top score changes hands; otherwise halfway between
  /// two centres of different classes.
  public var scores: Matrix?

  /// A panel from classes alone.
  public init(title: String, subtitle: String? = nil, seriesColor: String? = nil, classes: [Int]) {
    self.title = title
    self.subtitle = subtitle
    self.seriesColor = seriesColor
    self.classes = classes
  }

  /// A panel from a model's `scores` at the cell centres; each cell's class is its
  /// highest score (`argmaxPerRow()`, ties to the first class).
  public init(title: String, subtitle: String? = nil, seriesColor: String? = nil, scores: Matrix) {
    self.init(
      title: title, subtitle: subtitle, seriesColor: seriesColor, classes: scores.argmaxPerRow())
    self.scores = scores
  }

  /// Stops, naming the panel, unless every one of `panels` has one class per cell of `grid`.
  static func requireOneClassPerCell(_ panels: [DecisionRegionPanel], of grid: RegionGrid) {
    for panel in panels {
      require(
        panel.classes.count == grid.count,
        "panel \"\(panel.title)\" needs one class per grid cell (\(grid.count)), "
          + "got \(panel.classes.count)")
    }
  }

  /// How far each cell is inside the cells of class `label` or more: positive inside,
  /// at most 0 outside.
  ///
  ///     margin = max over j ≥ label of sⱼ − max over j < label of sⱼ     with scores s
  ///            = ±1                                                      without
  ///
  /// The score margin is piecewise linear where the scores are, so interpolating it along
  /// a cell's side finds the model's own edge. A margin whose sign disagrees with the
  /// class (a NaN score) falls back to ±1.
  func margins(fromClass label: Int) -> [Double] {
    classes.indices.map { cell in
      let inside = classes[cell] >= label
      guard let scores, label > 0, label < scores.columns else { return inside ? 1 : -1 }
      var (above, below) = (-Double.infinity, -Double.infinity)
      for j in 0..<scores.columns {
        if j >= label {
          above = max(above, scores[cell, j])
        } else {
          below = max(below, scores[cell, j])
        }
      }
      let margin = above - below
      return margin.isFinite && (margin > 0) == inside ? margin : (inside ? 1 : -1)
    }
  }
}

/// The regions where models predict each class, with the data points on top, as SVG.
///
///     region layer of class k:  the outline of the cells whose class is k or more
///                               (marching squares), filled with Palette.regionColor(k)
///     point with label k:       ● training or ○ validation, in Palette.classColor(k)
///
/// The layers are painted from the lowest class present, whose layer is the whole plot area,
/// upwards: each class shows where no higher class covers it, which is exactly its own
/// region. Neighbouring regions share their edge as one layer over another, so no hairline
/// of background shows between them, even where three classes meet.
///
/// Panels sit side by side, each a `<g class="panel">` holding its title, a
/// `<g class="regions">` of one `<path class="region">` per class present, a `frame`, the
/// axes in data coordinates and a `<g class="points">`. The legend at the right names each
/// class and each kind of point.
public enum DecisionRegionPlot {
  /// Room right of each plot area, so the last tick label is not cut off.
  static let rightRoom = 12.0

  /// The picture of `panels` over `grid`, with the points of `training` and `validation`
  /// drawn in every panel.
  ///
  /// `panelSize` is the side of each square plot area in user units. An edge between two
  /// regions lies where the model's top score changes hands when the panel has scores, and
  /// halfway between two cell centres otherwise. Only the cells along an edge add to the
  /// outlines, so even a 240×240 grid takes a few kilobytes.
  public static func svg(
    panels: [DecisionRegionPanel], grid: RegionGrid, training: Dataset, validation: Dataset? = nil,
    title: String = "Decision regions", panelSize: Double = 360
  ) -> SVGDocument {
    DecisionRegionPanel.requireOneClassPerCell(panels, of: grid)
    let axes = PlotAxes(
      x: AxisScale(exactly: grid.extent), y: AxisScale(exactly: grid.extent), xLabel: "x",
      yLabel: "y", width: panelSize, height: panelSize)
    let top = FigureLayout.titleAndSubtitleRoom
    let sets = [(PointMarker.training, training)] + (validation.map { [(.validation, $0)] } ?? [])
    let drawn = panels.map { draw($0, grid: grid, axes: axes, points: sets) }
    let classCount = max(
      training.classCount, validation?.classCount ?? 0,
      (panels.flatMap(\.classes).max() ?? -1) + 1)
    let legend = Legend(sections: [
      Legend.Section(
        heading: "Classes",
        entries: (0..<classCount).map {
          Legend.Entry(mark: .classSwatch(label: $0), label: "class \($0)")
        }),
      Legend.Section(
        heading: "Points",
        entries: sets.map { marker, set in
          Legend.Entry(mark: .point(marker), label: "\(marker.rawValue) (\(set.count))")
        }),
    ])
    return FigureLayout.document(
      title: title, panels: drawn, panelWidth: PlotAxes.leftRoom + panelSize + rightRoom,
      panelHeight: top + panelSize + PlotAxes.bottomRoom, legend: legend, legendTop: top)
  }

  /// One panel with its top-left corner at the origin; the points of each set drawn with
  /// its marker, the later sets on top.
  private static func draw(
    _ panel: DecisionRegionPanel, grid: RegionGrid, axes: PlotAxes,
    points sets: [(PointMarker, Dataset)]
  ) -> SVGElement {
    let n = SVGDocument.number
    let (width, height) = (axes.width, axes.height)
    let whole: [[PlotPoint]] = [[(0, 0), (width, 0), (width, height), (0, height)]]
    let regions = Set(panel.classes).sorted().enumerated().map { index, label in
      let outline =
        index == 0
        ? whole
        : grid.contours(around: panel.margins(fromClass: label), width: width, height: height)
      let path = outline.map { loop in
        "M" + loop.map { "\(n($0.x)) \(n($0.y))" }.joined(separator: "L") + "Z"
      }
      return SVGElement(
        "path",
        [
          ("class", "region"), ("data-class", String(label)), ("fill", Palette.regionColor(label)),
          ("fill-rule", "evenodd"), ("d", path.joined()),
        ])
    }
    var points: [SVGElement] = []
    for (marker, set) in sets {
      for i in 0..<set.count {
        points.append(
          marker.circle(
            x: axes.screenX(set.inputs[i, 0]), y: axes.screenY(set.inputs[i, 1]),
            color: Palette.classColor(set.labels[i])))
      }
    }
    let plot = SVGElement(
      "g",
      [
        ("class", "plot"),
        ("transform", "translate(\(n(PlotAxes.leftRoom)) \(n(FigureLayout.titleAndSubtitleRoom)))"),
      ],
      children: [
        SVGElement("g", [("class", "regions")], children: regions),
        SVGElement(
          "rect",
          [
            ("class", "frame"), ("width", n(width)), ("height", n(height)), ("fill", "none"),
            ("stroke", PlotAxes.ink),
          ]),
      ] + axes.elements + [SVGElement("g", [("class", "points")], children: points)])
    return SVGElement(
      "g", [("class", "panel")],
      children: FigureLayout.title(
        panel.title, subtitle: panel.subtitle, seriesColor: panel.seriesColor,
        left: PlotAxes.leftRoom) + [plot])
  }
}
