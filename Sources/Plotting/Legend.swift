import GradKit

/// What the colours and marks of a picture stand for: a column of entries, each a small
/// mark and its words, in sections under optional headings.
///
///     Classes
///     ▪● class 0
///     ▪● class 1
///
///     Points
///     ●  training (240)
///     ○  validation (60)
///
/// Drawn as a `<g class="legend">` with one `<g class="legend-entry">` per entry (its mark,
/// then a `text`) and a `<text class="legend-heading">` per heading.
struct Legend {
  /// The mark of one entry.
  enum Mark {
    /// A short stroke in a series colour: a curve, or a model.
    case line(color: String)
    /// A short dashed stroke: a marker of a moment, such as the best epoch.
    case dashedLine(color: String)
    /// A class: a square of its region tint with one of its points in the middle.
    case classSwatch(label: Int)
    /// What the points of one set look like, in the axes' ink, since colour means class.
    case point(PointMarker)
  }

  /// One line of the legend.
  struct Entry {
    let mark: Mark
    let label: String
  }

  /// Entries under a heading; a nil heading draws none.
  struct Section {
    let heading: String?
    let entries: [Entry]
  }

  let sections: [Section]

  /// The size of the legend's words.
  static let fontSize = 12.0
  /// The distance between two lines.
  static let lineHeight = 19.0
  /// Room for a mark and the space after it.
  static let markWidth = 26.0
  /// A generous average width of a character, in ems: Helvetica's letters average about
  /// 0.5 em and its fallbacks on Linux are wider, so an estimate from 0.6 never falls short.
  static let characterWidth = 0.6

  /// An estimate of the widest line, in user units, for laying out what is right of it.
  var width: Double {
    let lines = sections.flatMap { [$0.heading ?? ""] + $0.entries.map(\.label) }
    let widest = lines.map(\.count).max() ?? 0
    return Self.markWidth + Double(widest) * Self.characterWidth * Self.fontSize
  }

  /// The height from the top of the first line to the bottom of the last.
  var height: Double {
    let lines = sections.map { ($0.heading == nil ? 0 : 1) + $0.entries.count }.reduce(0, +)
    let sectionGaps = Double(max(0, sections.count - 1)) / 2
    return (Double(lines) + sectionGaps) * Self.lineHeight
  }

  /// The legend with its top-left corner at the origin.
  var element: SVGElement {
    let n = SVGDocument.number
    var children: [SVGElement] = []
    var baseline = Self.lineHeight * 0.7
    for section in sections {
      if let heading = section.heading {
        children.append(
          SVGElement(
            "text",
            [
              ("class", "legend-heading"), ("x", "0"), ("y", n(baseline)),
              ("font-size", n(Self.fontSize)), ("font-weight", "bold"), ("fill", "#333333"),
            ],
            text: heading))
        baseline += Self.lineHeight
      }
      for entry in section.entries {
        children.append(draw(entry, baseline: baseline))
        baseline += Self.lineHeight
      }
      baseline += Self.lineHeight / 2
    }
    return SVGElement("g", [("class", "legend")], children: children)
  }

  /// One entry: its mark centred on the middle of the words' lower-case letters.
  private func draw(_ entry: Entry, baseline: Double) -> SVGElement {
    let n = SVGDocument.number
    let middle = baseline - Self.fontSize * 0.35
    let center = Self.markWidth / 2 - 3
    let mark: [SVGElement]
    switch entry.mark {
    case .line(let color):
      mark = [
        SVGElement(
          "line",
          [
            ("x1", "0"), ("y1", n(middle)), ("x2", n(2 * center)), ("y2", n(middle)),
            ("stroke", color), ("stroke-width", n(CurvePlot.strokeWidth)),
          ])
      ]
    case .dashedLine(let color):
      mark = [
        SVGElement(
          "line",
          [
            ("x1", "0"), ("y1", n(middle)), ("x2", n(2 * center)), ("y2", n(middle)),
            ("stroke", color), ("stroke-width", "1.2"),
            ("stroke-dasharray", CurvePlot.markerDashes),
          ])
      ]
    case .classSwatch(let label):
      let side = 16.0
      mark = [
        SVGElement(
          "rect",
          [
            ("x", n(center - side / 2)), ("y", n(middle - side / 2)), ("width", n(side)),
            ("height", n(side)), ("fill", Palette.regionColor(label)), ("stroke", "#999999"),
            ("stroke-width", "0.5"),
          ]),
        PointMarker.training.circle(x: center, y: middle, color: Palette.classColor(label)),
      ]
    case .point(let marker):
      mark = [marker.circle(x: center, y: middle, color: PlotAxes.ink)]
    }
    let words = SVGElement(
      "text",
      [
        ("x", n(Self.markWidth)), ("y", n(baseline)), ("font-size", n(Self.fontSize)),
        ("fill", "#333333"),
      ],
      text: entry.label)
    return SVGElement("g", [("class", "legend-entry")], children: mark + [words])
  }
}
