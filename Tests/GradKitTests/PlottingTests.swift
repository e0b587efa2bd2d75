import Foundation
import GradKit
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

/// Checks the root `svg` element: the namespace, a size, and a viewBox of that size.
private func expectSVGRoot(
  _ root: ParsedElement, _ document: SVGDocument,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(root.name == "svg", sourceLocation: sourceLocation)
  #expect(
    root.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
  let (width, height) = (root.number("width"), root.number("height"))
  #expect(width == document.width && height == document.height, sourceLocation: sourceLocation)
  let viewBox = (root.attributes["viewBox"] ?? "").split(separator: " ").compactMap {
    Double($0)
  }
  #expect(viewBox == [0, 0, width, height], sourceLocation: sourceLocation)
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

  @Test("any title survives a round trip through an XML parser")
  func roundTrip() throws {
    let title = #"Loss < 0.5 & "accuracy" > 90% — it's <b>bold</b>"#
    let document = SVGDocument(
      width: 100, height: 50,
      elements: [
        SVGElement("text", [("class", "title"), ("data-note", title)], text: title),
        SVGElement("g", children: [SVGElement("rect", [("width", "10"), ("height", "5")])]),
      ])
    let root = try #require(TreeBuilder.parse(document.text), "not well-formed XML")
    expectSVGRoot(root, document)
    let text = try #require(root.all("text").first)
    #expect(text.text == title)
    #expect(text.attributes["data-note"] == title)
    #expect(root.all("rect").count == 1)
  }
}

@Suite("Plotting · decision regions")
struct DecisionRegionPlotTests {
  /// Two simple models of (x, y), so the test needs nothing from the course modules.
  static let models: [(title: String, classify: @Sendable (Double, Double) -> Int)] = [
    ("Halves <x > 0> & co", { x, _ in x > 0 ? 1 : 0 }),
    // argmax of the three scores [x, y, −x − y], ties to the first.
    (
      "Three sectors",
      { x, y in
        let scores = [x, y, -x - y]
        return scores.firstIndex(of: scores.max()!)!
      }
    ),
  ]

  static let grid = RegionGrid(columns: 14, rows: 10)

  static let data = Dataset(
    inputs: Matrix([[0.5, 0.5], [-1, 0.25], [0, -0.9], [1.05, -1.05], [-0.3, 0.7]]),
    labels: [0, 1, 2, 1, 0], classCount: 3)

  static func panels() -> [DecisionRegionPanel] {
    let points = grid.points
    return models.map { model in
      DecisionRegionPanel(
        title: model.title,
        classes: (0..<points.rows).map { model.classify(points[$0, 0], points[$0, 1]) })
    }
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

  @Test("two titled panels, each with one rect per cell and one circle per data point")
  func structure() throws {
    let document = DecisionRegionPlot.svg(
      panels: Self.panels(), grid: Self.grid, data: Self.data, panelSize: 280)
    let root = try #require(TreeBuilder.parse(document.text), "not well-formed XML")
    expectSVGRoot(root, document)
    let panels = root.all("g", class: "panel")
    try #require(panels.count == 2)
    for (panel, model) in zip(panels, Self.models) {
      #expect(panel.all("text", class: "title").map(\.text) == [model.title])
      #expect(panel.all("g", class: "regions").flatMap { $0.all("rect") }.count == Self.grid.count)
      #expect(panel.all("g", class: "points").flatMap { $0.all("circle") }.count == Self.data.count)
    }
  }

  @Test("each cell's colour is the model's class at the cell's centre")
  func regionsMatchPredictions() throws {
    let size = 280.0
    let document = DecisionRegionPlot.svg(
      panels: Self.panels(), grid: Self.grid, data: Self.data, panelSize: size)
    let root = try #require(TreeBuilder.parse(document.text), "not well-formed XML")
    let (lo, hi) = (Self.grid.extent.lowerBound, Self.grid.extent.upperBound)
    for (panel, model) in zip(root.all("g", class: "panel"), Self.models) {
      var seen = Set<String>()
      for rect in panel.all("g", class: "regions").flatMap({ $0.all("rect") }) {
        // The rect's own position gives its cell's centre in data coordinates.
        let centreX = lo + (rect.number("x") + rect.number("width") / 2) / size * (hi - lo)
        let centreY = hi - (rect.number("y") + rect.number("height") / 2) / size * (hi - lo)
        let drawn = DecisionRegionPlot.regionColors.firstIndex(of: rect.attributes["fill"] ?? "")
        let expected = model.classify(centreX, centreY)
        if drawn != expected {
          let message =
            "\(model.title): the cell centred at (\(centreX), \(centreY)) is drawn as class "
            + "\(drawn.map(String.init) ?? "none"), the model says \(expected)"
          Issue.record(Comment(rawValue: message))
        }
        seen.insert("\(rect.attributes["x"] ?? ""),\(rect.attributes["y"] ?? "")")
      }
      #expect(seen.count == Self.grid.count, "every cell drawn exactly once")
    }
  }

  @Test("each point is drawn where it is, in its label's colour")
  func pointsInPlace() throws {
    let size = 280.0
    let document = DecisionRegionPlot.svg(
      panels: Self.panels(), grid: Self.grid, data: Self.data, panelSize: size)
    let root = try #require(TreeBuilder.parse(document.text), "not well-formed XML")
    let (lo, hi) = (Self.grid.extent.lowerBound, Self.grid.extent.upperBound)
    let circles = try #require(root.all("g", class: "points").first).all("circle")
    for (i, circle) in circles.enumerated() {
      let x = lo + circle.number("cx") / size * (hi - lo)
      let y = hi - circle.number("cy") / size * (hi - lo)
      // Coordinates are written to 0.01 of a unit of 280 per 2.2: within 1e-4 in data units.
      #expect(abs(x - Self.data.inputs[i, 0]) < 1e-4 && abs(y - Self.data.inputs[i, 1]) < 1e-4)
      #expect(circle.attributes["fill"] == DecisionRegionPlot.pointColors[Self.data.labels[i]])
    }
  }
}

@Suite("Plotting · curves")
struct CurvePlotTests {
  @Test("one polyline per curve through its finite points, with axes, ticks and labels")
  func structure() throws {
    let iterations = (0..<50).map(Double.init)
    let loss = iterations.map { 1.1 * exp(-$0 / 10) + 0.2 }
    var diverging = iterations.map { 1 + $0 / 20 }
    diverging[30] = .nan
    diverging[31] = .infinity
    let document = CurvePlot.svg(
      panels: [
        CurvePanel(
          title: "Loss & friends", yLabel: "loss",
          curves: [
            Curve(label: "steady", xValues: iterations, yValues: loss, color: "#1f77b4"),
            Curve(label: "diverging", xValues: iterations, yValues: diverging, color: "#d62728"),
          ]),
        CurvePanel(
          title: "Accuracy", yLabel: "accuracy",
          curves: [
            Curve(
              label: "steady", xValues: iterations, yValues: iterations.map { $0 / 50 },
              color: "#1f77b4")
          ], yRange: 0...1),
      ], xLabel: "iteration")
    let root = try #require(TreeBuilder.parse(document.text), "not well-formed XML")
    expectSVGRoot(root, document)
    let panels = root.all("g", class: "panel")
    try #require(panels.count == 2)

    let first = panels[0]
    let lines = first.all("polyline")
    #expect(lines.count == 2)
    let counts = lines.map { ($0.attributes["points"] ?? "").split(separator: " ").count }
    #expect(counts == [50, 48], "non-finite values are left out of the line")
    #expect(lines.map { $0.attributes["stroke"] } == ["#1f77b4", "#d62728"])
    #expect(first.all("line", class: "axis").count == 2)
    #expect(first.all("line", class: "tick").count >= 4)
    let texts = first.all("text").map(\.text)
    for expected in ["Loss & friends", "iteration", "loss", "steady", "diverging"] {
      #expect(texts.contains(expected), "missing the text \(expected)")
    }

    // The steady line falls: its screen y grows (SVG's y points down), and x grows.
    let points = (lines[0].attributes["points"] ?? "").split(separator: " ").map {
      $0.split(separator: ",").compactMap { Double($0) }
    }
    #expect(zip(points, points.dropFirst()).allSatisfy { $0[0] < $1[0] && $0[1] < $1[1] })

    // A given y range puts its ends on the axis ticks: 0 and 1 both labelled.
    let accuracyLabels = panels[1].all("text", class: "tick-label").map(\.text)
    #expect(accuracyLabels.contains("0") && accuracyLabels.contains("1"))
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
