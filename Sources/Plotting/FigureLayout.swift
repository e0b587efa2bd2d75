import GradKit

/// The page every picture shares: panels of one size side by side, and the legend right of
/// them, level with the top of the panels' plot areas.
///
///     margin | panel | gap | panel | … | gap | legend | margin
///
/// Each panel is drawn with its own top-left corner at the origin and moved into place in a
/// `<g class="panel">`. A white background lies under everything, so the picture reads the
/// same on a dark page.
enum FigureLayout {
  /// Space around the whole picture.
  static let margin = 16.0
  /// Space between two panels, and between the last panel and the legend.
  static let gap = 28.0

  /// The size of a panel's title.
  static let titleSize = 15.0
  /// The size of the line under it.
  static let subtitleSize = 12.0
  /// Room above a plot area for a title alone.
  static let titleRoom = 30.0
  /// Room above a plot area for a title and the line under it.
  static let titleAndSubtitleRoom = 48.0

  /// The document holding `panels`, each `panelWidth × panelHeight`, and `legend`, whose
  /// top is `legendTop` below the panels' top.
  static func document(
    title: String, panels: [SVGElement], panelWidth: Double, panelHeight: Double,
    legend: Legend, legendTop: Double
  ) -> SVGDocument {
    let n = SVGDocument.number
    let legendLeft = margin + Double(panels.count) * (panelWidth + gap)
    let width = legendLeft + legend.width + margin
    let height = margin + max(panelHeight, legendTop + legend.height) + margin
    var document = SVGDocument(width: width, height: height, title: title)
    document.append(
      SVGElement(
        "rect",
        [("class", "background"), ("width", n(width)), ("height", n(height)), ("fill", "#ffffff")]))
    for (index, panel) in panels.enumerated() {
      let left = margin + Double(index) * (panelWidth + gap)
      var placed = panel
      placed.attributes.append(("transform", "translate(\(n(left)) \(n(margin)))"))
      document.append(placed)
    }
    var placedLegend = legend.element
    placedLegend.attributes.append(
      ("transform", "translate(\(n(legendLeft)) \(n(margin + legendTop)))"))
    document.append(placedLegend)
    return document
  }

  /// A panel's title at `left`, over a plot area that starts `titleRoom` (or
  /// `titleAndSubtitleRoom`) down; a `seriesColor` draws a short line of that colour before
  /// the title, so the same model is recognised in every picture.
  static func title(
    _ title: String, subtitle: String?, seriesColor: String?, left: Double
  ) -> [SVGElement] {
    let n = SVGDocument.number
    let markLength = 22.0
    var elements: [SVGElement] = []
    var textLeft = left
    if let seriesColor {
      elements.append(
        SVGElement(
          "line",
          [
            ("class", "series-mark"), ("x1", n(left)), ("y1", "13"), ("x2", n(left + markLength)),
            ("y2", "13"), ("stroke", seriesColor), ("stroke-width", "3"),
          ]))
      textLeft += markLength + 6
    }
    elements.append(
      SVGElement(
        "text",
        [
          ("class", "title"), ("x", n(textLeft)), ("y", "18"), ("font-size", n(titleSize)),
          ("font-weight", "bold"), ("fill", "#222222"),
        ],
        text: title))
    if let subtitle {
      elements.append(
        SVGElement(
          "text",
          [
            ("class", "subtitle"), ("x", n(left)), ("y", "36"), ("font-size", n(subtitleSize)),
            ("fill", "#555555"),
          ],
          text: subtitle))
    }
    return elements
  }
}
