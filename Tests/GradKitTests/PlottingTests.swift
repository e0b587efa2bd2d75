import Foundation
import GradKit
import Plotting
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An XML element read back from a document, with its children in order.
private final class ParsedElement {
  let name: String
  let attributes: [String: String]
  var children: [ParsedElement] = []
  var text = ""

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  /// Every element below this one, depth first, in document order.
  var descendants: [ParsedElement] {
    children.flatMap { [$0] + $0.descendants }
  }

  /// The descendants with this tag and, if given, this `class` attribute.
  func all(_ name: String, class className: String? = nil) -> [ParsedElement] {
    descendants.filter {
      $0.name == name && (className == nil || $0.attributes["class"] == className)
    }
  }

  /// A numeric attribute, or NaN when it is missing or not a number.
  func number(_ attribute: String) -> Double {
    attributes[attribute].flatMap(Double.init) ?? .nan
  }
}

/// Builds the element tree with Foundation's XMLParser: a document that is not well-formed
/// XML gives nil.
private final class TreeBuilder: NSObject, XMLParserDelegate {
  private var stack: [ParsedElement] = []
  private(set) var root: ParsedElement?

  static func parse(_ text: String) -> ParsedElement? {
    let builder = TreeBuilder()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = builder
    return parser.parse() ? builder.root : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    let element = ParsedElement(name: elementName, attributes: attributeDict)
    if let parent = stack.last {
      parent.children.append(element)
    } else {
      root = element
    }
    stack.append(element)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }
}

/// Checks the root `svg` element: the namespace, 100% of the window each way, a viewBox of
/// the document's size, and the aspect ratio kept while scaling.
private func expectSVGRoot(
  _ root: ParsedElement, _ document: SVGDocument,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(root.name == "svg", sourceLocation: sourceLocation)
  #expect(
    root.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
  #expect(
    root.attributes["width"] == "100%" && root.attributes["height"] == "100%",
    "the picture fills the window", sourceLocation: sourceLocation)
  #expect(root.attributes["preserveAspectRatio"] == "xMidYMid meet", sourceLocation: sourceLocation)
  let viewBox = (root.attributes["viewBox"] ?? "").split(separator: " ").compactMap {
    Double($0)
  }
  #expect(viewBox == [0, 0, document.width, document.height], sourceLocation: sourceLocation)
}

/// A point of a plot area, in user units from its top-left corner.
private typealias Point = (x: Double, y: Double)

/// The closed loops of a path written as `Mx yLx yL…Z`, one loop per `M…Z`; a pair that
/// is not two numbers gives a NaN point, which no containment test passes.
private func loops(ofPath d: String) -> [[Point]] {
  d.split(separator: "Z").map { loop in
    loop.dropFirst().split(separator: "L").map { pair in
      let numbers = pair.split(separator: " ").compactMap { Double($0) }
      return numbers.count == 2 ? (numbers[0], numbers[1]) : (.nan, .nan)
    }
  }
}

/// Whether (x, y) is inside `loops` by the even-odd rule: a ray to the right crosses their
/// edges an odd number of times.
private func contains(_ loops: [[Point]], _ point: Point) -> Bool {
  var inside = false
  for loop in loops {
    for (a, b) in zip(loop, loop.dropFirst() + loop.prefix(1))
    where (a.y > point.y) != (b.y > point.y) {
      if point.x < a.x + (point.y - a.y) / (b.y - a.y) * (b.x - a.x) {
        inside.toggle()
      }
    }
  }
  return inside
}

@Suite("Plotting · SVG writer")
struct SVGDocumentTests {
  @Test("escapes the five XML special characters")
  func escaping() {
    #expect(
      SVGDocument.escaped(#"a < b && "c" > 'd'"#)
        == "a &lt; b &amp;&amp; &quot;c&quot; &gt; &apos;d&apos;")
    #expect(SVGDocument.escaped("plain · text") == "plain · text")
  }

  @Test("writes coordinates with at most two decimals and no trailing zeros")
  func numbers() {
    #expect(SVGDocument.number(12.5) == "12.5")
    #expect(SVGDocument.number(3) == "3")
    #expect(SVGDocument.number(-0.25) == "-0.25")
    #expect(SVGDocument.number(1.0 / 3) == "0.33")
    #expect(SVGDocument.number(-0.001) == "0")
  }

  @Test("any title survives a round trip through an XML parser, and the picture scales")
  func roundTrip() throws {
    let title = #"Loss < 0.5 & "accuracy" > 90% — it's <b>bold</b>"#
    let document = SVGDocument(
      width: 100, height: 50, title: title,
      elements: [
        SVGElement("text", [("class", "title"), ("data-note", title)], text: title),
        SVGElement("g", children: [SVGElement("rect", [("width", "10"), ("height", "5")])]),
      ])
    let root = try #require(TreeBuilder.parse(document.text), "not well-formed XML")
    expectSVGRoot(root, document)
    #expect(root.children.first?.name == "title" && root.children.first?.text == title)
    let text = try #require(root.all("text").first)
    #expect(text.text == title)
    #expect(text.attributes["data-note"] == title)
    #expect(root.all("rect").count == 1)
  }
}

@Suite("Plotting · palette")
struct PaletteTests {
  @Test("classes and series never share a hue, and every colour is a distinct #rrggbb")
  func disjoint() {
    #expect(Set(Palette.classHues).isDisjoint(with: Palette.seriesHues))
    let regions = Palette.classHues.indices.map(Palette.regionColor)
    let all = Palette.classHues + Palette.seriesHues + regions
    #expect(Set(all).count == all.count)
    #expect(all.allSatisfy { $0.wholeMatch(of: /#[0-9a-f]{6}/) != nil })
  }

  @Test("a region is its class's hue mixed 70% towards white; indices past the end wrap")
  func tintsAndWrapping() {
    // Blue #1f77b4 = (31, 119, 180): 31 + 0.7·224 = 187.8, 119 + 0.7·136 = 214.2,
    // 180 + 0.7·75 = 232.5, rounded to (188, 214, 233) = #bcd6e9.
    #expect(Palette.regionColor(0) == "#bcd6e9")
    #expect(Palette.classColor(Palette.classHues.count) == Palette.classColor(0))
    #expect(Palette.classColor(-1) == Palette.classHues.last)
    #expect(Palette.seriesColor(Palette.seriesHues.count + 1) == Palette.seriesColor(1))
  }
}

@Suite("Plotting · decision regions")
struct DecisionRegionPlotTests {
  /// A model of (x, y) by its scores, so the tests need nothing from the course modules.
  struct Model: Sendable {
    let title: String
    let scores: @Sendable (Double, Double) -> [Double]

    /// The class with the highest score, ties to the first, as `argmaxPerRow()`.
    func classify(_ x: Double, _ y: Double) -> Int {
      let s = scores(x, y)
      return s.indices.first { s[$0] == s.max()! }!
    }
  }

  /// Where a panel's classes come from.
  enum Source: CustomTestStringConvertible, CaseIterable, Sendable {
    case classes
    case scores

    var testDescription: String {
      self == .classes ? "from classes, edges halfway" : "from scores, edges interpolated"
    }
  }

  static let models = [
    // Class 1 right of x = 0.3, a line that falls between two columns of centres.
    Model(title: "Halves <x > 0.3> & co", scores: { x, _ in [0.3, x] }),
    Model(title: "Three sectors", scores: { x, y in [x, y, -x - y] }),
  ]

  /// More columns than rows: cells that are not square catch an x mixed up with a y.
  static let grid = RegionGrid(columns: 37, rows: 23)
  static let size = 280.0

  static let training = Dataset(
    inputs: Matrix([[0.5, 0.5], [-1, 0.25], [0, -0.9], [1.05, -1.05], [-0.3, 0.7]]),
    labels: [0, 1, 2, 1, 0], classCount: 3)
  static let validation = Dataset(
    inputs: Matrix([[0.2, -0.4], [-0.8, -0.8], [0.9, 0.1]]), labels: [2, 1, 0], classCount: 3)

  static func panel(_ model: Model, source: Source, grid: RegionGrid = grid)
    -> DecisionRegionPanel
  {
    let points = grid.points
    let rows = (0..<points.rows).map { model.scores(points[$0, 0], points[$0, 1]) }
    let scores = Matrix(rows: rows.count, columns: rows[0].count, storage: rows.flatMap { $0 })
    switch source {
    case .classes:
      return DecisionRegionPanel(
        title: model.title, subtitle: "subtitle of \(model.title)", seriesColor: nil,
        classes: scores.argmaxPerRow())
    case .scores:
      return DecisionRegionPanel(
        title: model.title, subtitle: "subtitle of \(model.title)",
        seriesColor: Palette.seriesColor(1), scores: scores)
    }
  }

  private static func parsed(_ source: Source) throws -> (SVGDocument, ParsedElement) {
    let document = DecisionRegionPlot.svg(
      panels: models.map { panel($0, source: source) }, grid: grid, training: training,
      validation: validation, panelSize: size)
    return (document, try #require(TreeBuilder.parse(document.text), "not well-formed XML"))
  }

  /// Data coordinates to the plot area's user units (y points down on screen).
  private static func screen(_ x: Double, _ y: Double) -> Point {
    let (lo, hi) = (grid.extent.lowerBound, grid.extent.upperBound)
    return ((x - lo) / (hi - lo) * size, (hi - y) / (hi - lo) * size)
  }

  @Test("the grid lists cell centres row by row from the top left, and finds a point's cell")
  func gridGeometry() {
    let grid = RegionGrid(columns: 4, rows: 2, extent: -1...1)
    // Cells are 0.5 wide and 1 tall: centres at x = −0.75, −0.25, 0.25, 0.75 and y = 0.5, −0.5.
    #expect(grid.points.row(0) == [-0.75, 0.5])
    #expect(grid.points.row(3) == [0.75, 0.5])
    #expect(grid.points.row(4) == [-0.75, -0.5])
    #expect(grid.count == 8 && grid.points.rows == 8)
    #expect(grid.cell(containing: 0.3, -0.2)! == (column: 2, row: 1))
    #expect(grid.cell(containing: 1, 1)! == (column: 3, row: 0))
    #expect(grid.cell(containing: 1.5, 0) == nil)
  }

  @Test("a panel from scores takes each cell's class from its highest score")
  func scoresGiveClasses() {
    let points = Self.grid.points
    let panel = Self.panel(Self.models[1], source: .scores)
    #expect(
      panel.classes
        == (0..<points.rows).map { Self.models[1].classify(points[$0, 0], points[$0, 1]) })
    #expect(panel.scores?.rows == Self.grid.count)
  }

  @Test("each panel: title, subtitle, frame, one region per class present, a marker per point")
  func structure() throws {
    let (document, root) = try Self.parsed(.scores)
    expectSVGRoot(root, document)
    #expect(root.all("title").first?.text == "Decision regions")
    let panels = root.all("g", class: "panel")
    try #require(panels.count == 2)
    for (panel, model) in zip(panels, Self.models) {
      #expect(panel.all("text", class: "title").map(\.text) == [model.title])
      #expect(panel.all("text", class: "subtitle").map(\.text) == ["subtitle of \(model.title)"])
      #expect(
        panel.all("line", class: "series-mark").map { $0.attributes["stroke"] }
          == [Palette.seriesColor(1)], "the model's colour in the other pictures")
      #expect(panel.all("rect", class: "frame").count == 1)
      let classes = panel.all("path", class: "region").map { $0.attributes["data-class"] ?? "" }
      #expect(classes == (model.title == "Three sectors" ? ["0", "1", "2"] : ["0", "1"]))
      let points = try #require(panel.all("g", class: "points").first)
      #expect(points.all("circle", class: "training").count == Self.training.count)
      #expect(points.all("circle", class: "validation").count == Self.validation.count)
    }
  }

  @Test("each cell centre shows the model's class there", arguments: Source.allCases)
  func regionsMatchPredictions(source: Source) throws {
    let (_, root) = try Self.parsed(source)
    for (panel, model) in zip(root.all("g", class: "panel"), Self.models) {
      let regions = try #require(panel.all("g", class: "regions").first).all("path")
      let layers = regions.map {
        (
          label: Int($0.attributes["data-class"] ?? ""),
          loops: loops(ofPath: $0.attributes["d"] ?? "")
        )
      }
      for (region, layer) in zip(regions, layers) {
        #expect(region.attributes["fill"] == layer.label.map(Palette.regionColor))
      }
      // The lowest layer is the whole plot area; the others are painted over it in order.
      let corners = layers.first?.loops.first.map { $0.map { [$0.x, $0.y] } }
      #expect(corners == [[0, 0], [Self.size, 0], [Self.size, Self.size], [0, Self.size]])
      var wrong: [String] = []
      for row in 0..<Self.grid.rows {
        for column in 0..<Self.grid.columns {
          let (x, y) = Self.grid.center(column: column, row: row)
          let shown = layers.last { contains($0.loops, Self.screen(x, y)) }?.label
          let expected = model.classify(x, y)
          if shown != expected {
            wrong.append(
              "(\(x), \(y)) shows \(shown.map(String.init) ?? "none"), the model says \(expected)")
          }
        }
      }
      let summary =
        "\(model.title): \(wrong.count) of \(Self.grid.count) cell centres show another class, "
        + "first \(wrong.prefix(3).joined(separator: "; "))"
      #expect(wrong.count == 0, Comment(rawValue: summary))
    }
  }

  @Test("from scores, a straight edge lies on the model's own line; from classes, halfway")
  func edgesFollowScores() throws {
    // Class 1 above the line y = 0.5·x + 0.2.
    let model = Model(title: "Oblique", scores: { x, y in [0, y - 0.5 * x - 0.2] })
    // A crossing is kept a twentieth of a side from a centre (so no centre ever lies on an
    // outline), which moves it off the line by at most a twentieth of the longer side,
    // 2.2/23 tall; coordinates are rounded to 0.01 of 280 units per 2.2.
    let tolerance = 0.05 * 2.2 / 23 + 0.005 * 2.2 / 280
    func distances(_ source: Source) throws -> [Double] {
      let document = DecisionRegionPlot.svg(
        panels: [Self.panel(model, source: source)], grid: Self.grid, training: Self.training,
        panelSize: Self.size)
      let root = try #require(TreeBuilder.parse(document.text), "not well-formed XML")
      let upper = try #require(root.all("path", class: "region").last)
      let (lo, hi) = (Self.grid.extent.lowerBound, Self.grid.extent.upperBound)
      // Vertices inside the plot area (not on its border), in data coordinates.
      return loops(ofPath: upper.attributes["d"] ?? "").joined()
        .filter { $0.x > 0 && $0.x < Self.size && $0.y > 0 && $0.y < Self.size }
        .map { point in
          let (x, y) = (lo + point.x / Self.size * (hi - lo), hi - point.y / Self.size * (hi - lo))
          return abs(y - 0.5 * x - 0.2) / (1.25).squareRoot()
        }
    }
    let interpolated = try distances(.scores)
    let halfway = try distances(.classes)
    try #require(!interpolated.isEmpty && !halfway.isEmpty, "the line crosses the plot area")
    #expect(interpolated.max()! <= tolerance, "every vertex on the line, within \(tolerance)")
    // Halfway crossings stray from the line by up to half a cell.
    #expect(halfway.max()! > tolerance && halfway.max()! <= 0.5 * 2.2 / 23)
  }

  @Test(
    "training points are discs, validation points rings, each where it is, in its class's colour")
  func pointsInPlace() throws {
    let (_, root) = try Self.parsed(.classes)
    let points = try #require(root.all("g", class: "points").first)
    for (set, marker) in [(Self.training, "training"), (Self.validation, "validation")] {
      let circles = points.all("circle", class: marker)
      try #require(circles.count == set.count)
      for (i, circle) in circles.enumerated() {
        let (x, y) = Self.screen(set.inputs[i, 0], set.inputs[i, 1])
        // Coordinates are written to 0.01 of a unit.
        #expect(abs(circle.number("cx") - x) <= 0.005 && abs(circle.number("cy") - y) <= 0.005)
        let color = Palette.classColor(set.labels[i])
        if marker == "training" {
          #expect(circle.attributes["fill"] == color)
        } else {
          #expect(circle.attributes["fill"] == "#ffffff" && circle.attributes["stroke"] == color)
        }
      }
    }
  }

  @Test("the legend names each class with its colours, and each kind of point")
  func legend() throws {
    let (_, root) = try Self.parsed(.classes)
    let legend = try #require(root.all("g", class: "legend").first)
    #expect(legend.all("text", class: "legend-heading").map(\.text) == ["Classes", "Points"])
    let entries = legend.all("g", class: "legend-entry")
    #expect(
      entries.compactMap { $0.all("text").first?.text }
        == ["class 0", "class 1", "class 2", "training (5)", "validation (3)"])
    try #require(entries.count == 5)
    for label in 0..<3 {
      #expect(entries[label].all("rect").first?.attributes["fill"] == Palette.regionColor(label))
      #expect(entries[label].all("circle").first?.attributes["fill"] == Palette.classColor(label))
    }
    #expect(entries[3].all("circle", class: "training").count == 1)
    #expect(entries[4].all("circle", class: "validation").count == 1)
  }

  @Test("both axes are ticked at round numbers in data coordinates, and named")
  func axes() throws {
    let (_, root) = try Self.parsed(.classes)
    let panel = try #require(root.all("g", class: "panel").first)
    let xAxis = try #require(panel.all("g", class: "x-axis").first)
    let yAxis = try #require(panel.all("g", class: "y-axis").first)
    // The extent −1.1…1.1 is ticked every 0.5, with true minus signs.
    let expected = ["\u{2212}1", "\u{2212}0.5", "0", "0.5", "1"]
    #expect(xAxis.all("text", class: "tick-label").map(\.text) == expected)
    #expect(yAxis.all("text", class: "tick-label").map(\.text) == expected)
    #expect(xAxis.all("text", class: "axis-label").map(\.text) == ["x"])
    #expect(yAxis.all("text", class: "axis-label").map(\.text) == ["y"])
    let values = [-1, -0.5, 0, 0.5, 1]
    let xTicks = xAxis.all("line", class: "tick").map { $0.number("x1") }
    let yTicks = yAxis.all("line", class: "tick").map { $0.number("y1") }
    try #require(xTicks.count == values.count && yTicks.count == values.count)
    for (value, (x, y)) in zip(values, zip(xTicks, yTicks)) {
      #expect(abs(x - Self.screen(value, 0).x) <= 0.005, "the x tick of \(value)")
      #expect(abs(y - Self.screen(0, value).y) <= 0.005, "the y tick of \(value)")
    }
  }

  @Test("a fine grid gives small outlines: a 240×240 picture's regions take a few kilobytes")
  func smallOnFineGrids() {
    let grid = RegionGrid(columns: 240, rows: 240)
    let document = DecisionRegionPlot.svg(
      panels: Self.models.map { Self.panel($0, source: .scores, grid: grid) }, grid: grid,
      training: Self.training)
    // 57,600 cells a panel, drawn as one rect each, took about 4 MB; the outlines of these
    // straight edges take a few dozen vertices.
    let regionText = document.text.split(separator: "\n").filter { $0.contains("class=\"region\"") }
    #expect(regionText.map(\.utf8.count).reduce(0, +) < 10_000)
  }
}

@Suite("Plotting · curves")
struct CurvePlotTests {
  static let iterations = (0..<50).map(Double.init)

  static func document() -> SVGDocument {
    let loss = iterations.map { 1.1 * exp(-$0 / 10) + 0.2 }
    var diverging = iterations.map { 1 + $0 / 20 }
    diverging[30] = .nan
    diverging[31] = .infinity
    let (steady, other) = (Palette.seriesColor(0), Palette.seriesColor(1))
    return CurvePlot.svg(
      panels: [
        CurvePanel(
          title: "Loss & friends", yLabel: "loss",
          curves: [
            Curve(label: "steady", xValues: iterations, yValues: loss, color: steady),
            Curve(label: "diverging", xValues: iterations, yValues: diverging, color: other),
          ]),
        CurvePanel(
          title: "Accuracy", yLabel: "accuracy",
          curves: [
            Curve(
              label: "steady", xValues: iterations, yValues: iterations.map { $0 / 50 },
              color: steady)
          ], yRange: 0...1),
      ], xLabel: "iteration", title: "Training curves")
  }

  @Test("one polyline per curve through its finite points, with axes, ticks and labels")
  func structure() throws {
    let document = Self.document()
    let root = try #require(TreeBuilder.parse(document.text), "not well-formed XML")
    expectSVGRoot(root, document)
    #expect(root.all("title").first?.text == "Training curves")
    let panels = root.all("g", class: "panel")
    try #require(panels.count == 2)

    let first = panels[0]
    let lines = first.all("polyline")
    #expect(lines.count == 2)
    let counts = lines.map { ($0.attributes["points"] ?? "").split(separator: " ").count }
    #expect(counts == [50, 48], "non-finite values are left out of the line")
    #expect(
      lines.map { $0.attributes["stroke"] } == [Palette.seriesColor(0), Palette.seriesColor(1)])
    for axis in ["x-axis", "y-axis"] {
      let group = try #require(first.all("g", class: axis).first, "no \(axis)")
      #expect(group.all("line", class: "axis-line").count == 1)
      #expect(group.all("line", class: "tick").count >= 4)
      #expect(
        group.all("text", class: "tick-label").count == group.all("line", class: "tick").count)
    }
    #expect(
      first.all("g", class: "x-axis").first?.all("text", class: "axis-label").first?.text
        == "iteration")
    #expect(
      first.all("g", class: "y-axis").first?.all("text", class: "axis-label").first?.text == "loss")
    #expect(first.all("text", class: "title").first?.text == "Loss & friends")

    // The steady line falls: its screen y grows (SVG's y points down), and x grows.
    let points = (lines[0].attributes["points"] ?? "").split(separator: " ").map {
      $0.split(separator: ",").compactMap { Double($0) }
    }
    #expect(zip(points, points.dropFirst()).allSatisfy { $0[0] < $1[0] && $0[1] < $1[1] })

    // A given y range puts its ends on the axis ticks: 0 and 1 both labelled.
    let accuracyLabels = panels[1].all("text", class: "tick-label").map(\.text)
    #expect(accuracyLabels.first == "0" && accuracyLabels.last == "1")
  }

  @Test("one legend names each series once, in its colour, however many panels show it")
  func legend() throws {
    let root = try #require(TreeBuilder.parse(Self.document().text), "not well-formed XML")
    let legends = root.all("g", class: "legend")
    try #require(legends.count == 1)
    let entries = legends[0].all("g", class: "legend-entry")
    #expect(entries.compactMap { $0.all("text").first?.text } == ["steady", "diverging"])
    #expect(
      entries.compactMap { $0.all("line").first?.attributes["stroke"] }
        == [Palette.seriesColor(0), Palette.seriesColor(1)])
  }
}

@Suite("Plotting · terminal regions")
struct TerminalRegionPlotTests {
  static let grid = RegionGrid(columns: 8, rows: 4)
  static let data = Dataset(inputs: Matrix([[0.7, 0.7], [-0.7, -0.7]]), labels: [2, 1])

  static func panels() -> [DecisionRegionPanel] {
    let points = grid.points
    let byHalf = (0..<points.rows).map { points[$0, 0] > 0 ? 1 : 0 }
    let byQuarter = (0..<points.rows).map { i in
      (points[i, 0] > 0 ? 1 : 0) + (points[i, 1] > 0 ? 2 : 0)
    }
    return [
      DecisionRegionPanel(title: "Halves", classes: byHalf),
      DecisionRegionPanel(title: "Quarters, a long title", classes: byQuarter),
    ]
  }

  @Test("without colour: one plain character per cell, points as their label's digit")
  func plain() {
    let text = TerminalRegionPlot.render(
      panels: Self.panels(), grid: Self.grid, data: Self.data, usesColor: false)
    #expect(!text.contains("\u{1B}"))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.count == 1 + Self.grid.rows + 1, "titles, the grid rows, the legend")
    #expect(lines[0] == "Halves     Quarters")
    let (r0, r1, r2, r3) = (
      TerminalRegionPlot.regionCharacters[0], TerminalRegionPlot.regionCharacters[1],
      TerminalRegionPlot.regionCharacters[2], TerminalRegionPlot.regionCharacters[3]
    )
    // (0.7, 0.7) falls in column 6, row 0; (−0.7, −0.7) in column 1, row 3.
    #expect(
      lines[1] == "\(String(repeating: r0, count: 4))\(r1)\(r1)2\(r1)   "
        + "\(String(repeating: r2, count: 4))\(r3)\(r3)2\(r3)")
    #expect(
      lines[4] == "\(r0)1\(r0)\(r0)\(String(repeating: r1, count: 4))   "
        + "\(r0)1\(r0)\(r0)\(String(repeating: r1, count: 4))")
    #expect(lines[5].contains("class 3"))
  }

  @Test("with colour: ANSI backgrounds per region, reset at the end of every row")
  func colored() {
    let text = TerminalRegionPlot.render(
      panels: Self.panels(), grid: Self.grid, data: Self.data, usesColor: true)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 1 + Self.grid.rows + 1)
    for line in lines[1...Self.grid.rows] {
      #expect(line.contains("\u{1B}[48;5;"))
      #expect(line.hasSuffix("\u{1B}[0m"))
      // Without the escape codes each panel is exactly `columns` wide.
      let visible = line.replacing(/\x{1B}\[[0-9;]*m/, with: "")
      #expect(visible.count == 2 * Self.grid.columns + 3)
    }
    #expect(text.contains("●"))
  }
}

@Suite("Plotting · logarithmic axes and markers")
struct LogarithmicCurveTests {
  /// Norms from 0.0023 to 4.7, a zero and a negative value (no place on a log axis), one
  /// marker with a ring and one without.
  static func document() -> SVGDocument {
    CurvePlot.svg(
      panels: [
        CurvePanel(
          title: "Norms", yLabel: "norm",
          curves: [
            Curve(
              label: "norm", xValues: [1, 2, 3, 4, 5], yValues: [0.0023, 0.01, 0, -1, 4.7],
              color: Palette.seriesColor(0), showsPoints: true)
          ], yScale: .logarithmic,
          markers: [
            CurveMarker(x: 2, label: "best", y: 0.01, color: Palette.seriesColor(1)),
            CurveMarker(x: 5, label: "stop"),
          ])
      ], xLabel: "layer", plotHeight: 260)
  }

  @Test("ticks at the powers of ten around the data, evenly spaced, labelled 10ⁿ")
  func ticks() throws {
    let root = try #require(TreeBuilder.parse(Self.document().text), "not well-formed XML")
    let yAxis = try #require(root.all("g", class: "y-axis").first)
    // 0.0023 … 4.7 lies within 10⁻³ … 10¹: four decades over 260 units, 65 a decade.
    #expect(
      yAxis.all("text", class: "tick-label").map(\.text) == ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"])
    let positions = yAxis.all("line", class: "tick").map { $0.number("y1") }
    #expect(positions == [260, 195, 130, 65, 0])
  }

  @Test("points that are not positive are left out; the rest sit at their logarithm")
  func points() throws {
    let root = try #require(TreeBuilder.parse(Self.document().text), "not well-formed XML")
    let line = try #require(root.all("polyline", class: "curve").first)
    let pairs = (line.attributes["points"] ?? "").split(separator: " ").map {
      $0.split(separator: ",").compactMap { Double($0) }
    }
    #expect(pairs.count == 3, "0 and −1 have no place on a log axis")
    // 0.01 is 10⁻²: 195 units down; 4.7 is log₁₀ 4.7 ≈ 0.672 decades above 10⁰, at 65 − 43.7.
    #expect(pairs.count == 3 && pairs[1][1] == 195)
    #expect(pairs.count == 3 && abs(pairs[2][1] - (65 - 65 * log10(4.7))) <= 0.005)
    let dots = try #require(root.all("g", class: "points").first).all("circle")
    #expect(dots.count == 3, "a dot at each point shown")
  }

  @Test("markers are dashed lines, a ring where a value is given, named in the legend")
  func markers() throws {
    let root = try #require(TreeBuilder.parse(Self.document().text), "not well-formed XML")
    let markers = root.all("g", class: "marker")
    try #require(markers.count == 2)
    let ring = try #require(markers[0].all("circle").first)
    #expect(ring.attributes["stroke"] == Palette.seriesColor(1))
    #expect(ring.number("cy") == 195)
    #expect(markers[1].all("circle").isEmpty)
    #expect(markers.allSatisfy { $0.all("line").first?.attributes["stroke-dasharray"] != nil })
    let legend = root.all("g", class: "legend-entry").compactMap { $0.all("text").first?.text }
    #expect(legend == ["norm", "best", "stop"])
  }
}

@Suite("Plotting · sparklines")
struct SparklineTests {
  @Test("one block a value, from ▁ at the bottom of the range to █ at the top")
  func levels() {
    // 0.5 of the range is level 3.5, rounded up to 4: ▅.
    #expect(Sparkline.render([0, 0.5, 1], range: 0...1, width: 10) == "▁▅█")
    #expect(Sparkline.render([-3, 7], range: 0...1, width: 10) == "▁█", "clamped")
    #expect(Sparkline.render([0.2, .nan], range: 0...1, width: 10) == "▂ ")
  }

  @Test("a long series is squeezed by averaging neighbours, and an index finds its column")
  func squeezed() {
    // Pairs average 0.1, 0.5, 0.9: levels 0.7, 3.5, 6.3, rounded to 1, 4, 6.
    #expect(Sparkline.render([0, 0.2, 0.4, 0.6, 0.8, 1], range: 0...1, width: 3) == "▂▅▇")
    #expect(Sparkline.column(ofIndex: 5, count: 6, width: 3) == 2)
    #expect(Sparkline.column(ofIndex: 1, count: 6, width: 3) == 0)
    #expect(Sparkline.column(ofIndex: 4, count: 5, width: 60) == 4)
  }
}
