/// A grid of cells over a square of the plane: where a model is asked for its class.
///
///     cell (column c, row r) has its centre at
///       x = lo + (c + ½)·(hi − lo)/columns,   y = hi − (r + ½)·(hi − lo)/rows
///
/// Rows are counted from the top (largest y), as on a screen. `points` lists the centres
/// row by row, so a model's `argmaxPerRow()` on them gives the classes in plotting order.
public struct RegionGrid: Sendable, Equatable {
  /// Cells across.
  public let columns: Int
  /// Cells down.
  public let rows: Int
  /// The range of both x and y.
  public let extent: ClosedRange<Double>

  public init(columns: Int, rows: Int, extent: ClosedRange<Double> = -1.1...1.1) {
    require(
      columns > 0 && rows > 0, "a grid needs at least one cell each way, got \(columns)×\(rows)")
    require(extent.upperBound > extent.lowerBound, "a grid needs a non-empty extent, got \(extent)")
    self.columns = columns
    self.rows = rows
    self.extent = extent
  }

  /// The number of cells, `columns · rows`.
  public var count: Int { columns * rows }

  /// The centre of a cell.
  public func center(column: Int, row: Int) -> (x: Double, y: Double) {
    let span = extent.upperBound - extent.lowerBound
    return (
      extent.lowerBound + (Double(column) + 0.5) * span / Double(columns),
      extent.upperBound - (Double(row) + 0.5) * span / Double(rows)
    )
  }

  /// Every cell centre as a row `[x, y]`: a `count×2` matrix, row by row from the top left.
  public var points: Matrix {
    var centers = Matrix(rows: count, columns: 2)
    for row in 0..<rows {
      for column in 0..<columns {
        let (x, y) = center(column: column, row: row)
        centers[row * columns + column, 0] = x
        centers[row * columns + column, 1] = y
      }
    }
    return centers
  }

  /// The cell that contains the point (x, y), or nil outside the extent.
  public func cell(containing x: Double, _ y: Double) -> (column: Int, row: Int)? {
    guard extent.contains(x), extent.contains(y) else { return nil }
    let span = extent.upperBound - extent.lowerBound
    let column = min(columns - 1, Int((x - extent.lowerBound) / span * Double(columns)))
    let row = min(rows - 1, Int((extent.upperBound - y) / span * Double(rows)))
    return (column, row)
  }
}

/// One panel of a decision-region picture: a title and the class a model gives each cell.
public struct DecisionRegionPanel: Sendable, Equatable {
  /// Shown above the panel, e.g. "Linear classifier · 52% training accuracy".
  public var title: String
  /// One class per cell of the grid, in the order of ``RegionGrid/points``.
  public var classes: [Int]

  public init(title: String, classes: [Int]) {
    self.title = title
    self.classes = classes
  }
}

/// The data points on top of the regions where a model predicts each class, as SVG.
///
///     panel i:  one rect per grid cell, filled with regionColors[class]
///               one circle per data point, filled with pointColors[label]
///
/// Panels sit side by side, each in a `<g class="panel">` with a title, a
/// `<g class="regions">` of rects and a `<g class="points">` of circles.
public enum DecisionRegionPlot {
  /// Light fills for the regions, one per class (blue, red, green, orange, purple, brown).
  public static let regionColors = [
    "#c6dbef", "#f7c6c5", "#c7e9c0", "#fdd9b5", "#dadaeb", "#e6d5cc",
  ]
  /// Strong fills for the data points, in the same order of hues.
  public static let pointColors = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
  ]

  /// Space around and between the panels.
  static let margin = 20.0
  /// Room above each panel for its title.
  static let titleHeight = 28.0

  /// The picture of `panels` over `grid`, with every point of `data` drawn in each panel.
  ///
  /// `panelSize` is the side of each square panel in user units. Classes beyond the
  /// palette reuse its colours in turn.
  public static func svg(
    panels: [DecisionRegionPanel], grid: RegionGrid, data: Dataset, panelSize: Double = 360
  ) -> SVGDocument {
    for panel in panels {
      require(
        panel.classes.count == grid.count,
        "panel \"\(panel.title)\" needs one class per grid cell (\(grid.count)), "
          + "got \(panel.classes.count)")
    }
    let count = Double(panels.count)
    var document = SVGDocument(
      width: margin * (count + 1) + panelSize * count,
      height: margin * 2 + titleHeight + panelSize)
    for (index, panel) in panels.enumerated() {
      let left = margin + Double(index) * (panelSize + margin)
      document.append(
        drawPanel(panel, grid: grid, data: data, size: panelSize, left: left, top: margin))
    }
    return document
  }

  /// One panel, translated to (left, top).
  private static func drawPanel(
    _ panel: DecisionRegionPanel, grid: RegionGrid, data: Dataset, size: Double, left: Double,
    top: Double
  ) -> SVGElement {
    let n = SVGDocument.number
    let (cellWidth, cellHeight) = (size / Double(grid.columns), size / Double(grid.rows))
    var cells: [SVGElement] = []
    cells.reserveCapacity(grid.count)
    for row in 0..<grid.rows {
      for column in 0..<grid.columns {
        let predicted = panel.classes[row * grid.columns + column]
        cells.append(
          SVGElement(
            "rect",
            [
              ("x", n(Double(column) * cellWidth)), ("y", n(Double(row) * cellHeight)),
              ("width", n(cellWidth)), ("height", n(cellHeight)),
              ("fill", color(regionColors, predicted)),
            ]))
      }
    }
    let (lo, hi) = (grid.extent.lowerBound, grid.extent.upperBound)
    var points: [SVGElement] = []
    for i in 0..<data.count {
      let (x, y) = (data.inputs[i, 0], data.inputs[i, 1])
      points.append(
        SVGElement(
          "circle",
          [
            ("cx", n((x - lo) / (hi - lo) * size)), ("cy", n((hi - y) / (hi - lo) * size)),
            ("r", "3.5"), ("fill", color(pointColors, data.labels[i])),
          ]))
    }
    let plot = SVGElement(
      "g", [("transform", "translate(0 \(n(titleHeight)))")],
      children: [
        // crispEdges keeps neighbouring cells from showing hairline seams.
        SVGElement(
          "g", [("class", "regions"), ("shape-rendering", "crispEdges")], children: cells),
        SVGElement(
          "rect",
          [
            ("class", "frame"), ("width", n(size)), ("height", n(size)), ("fill", "none"),
            ("stroke", "#444"),
          ]),
        SVGElement(
          "g", [("class", "points"), ("stroke", "#222"), ("stroke-width", "0.6")],
          children: points),
      ])
    let title = SVGElement(
      "text",
      [
        ("class", "title"), ("x", n(size / 2)), ("y", "18"), ("text-anchor", "middle"),
        ("font-size", "15"),
      ],
      text: panel.title)
    return SVGElement(
      "g", [("class", "panel"), ("transform", "translate(\(n(left)) \(n(top)))")],
      children: [title, plot])
  }

  /// The palette entry for a class, cycling when there are more classes than colours.
  static func color(_ palette: [String], _ label: Int) -> String {
    palette[((label % palette.count) + palette.count) % palette.count]
  }
}
