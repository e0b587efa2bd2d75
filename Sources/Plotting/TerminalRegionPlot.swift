import GradKit

/// Decision regions drawn in a terminal, one character per grid cell.
///
///     usesColor:  a cell is a space on the background colour of its predicted class;
///                 a cell with a data point shows ● in the strong colour of the point's label
///     otherwise:  a cell is regionCharacters[class]; a data point is its label's digit
///
/// Panels sit side by side under their titles, with a legend line below. Pass
/// `usesColor: false` when standard output is not a terminal or NO_COLOR is set: the
/// caller decides, so the drawing itself stays a pure function that tests can read.
public enum TerminalRegionPlot {
  /// The plain characters of the regions, one per class.
  public static let regionCharacters: [Character] = [".", "-", "+", "~", ":", "="]

  /// ANSI 256-colour backgrounds for the regions, the nearest to the SVG's class tints
  /// (``Palette/regionColor(_:)``): light blue, orange, green, cyan, olive, brown.
  static let regionBackgrounds = [153, 223, 151, 159, 187, 181]
  /// ANSI 256-colour foregrounds for the points, the nearest to ``Palette/classHues``.
  static let pointForegrounds = [25, 208, 28, 38, 142, 95]
  /// Clears every colour and style.
  static let reset = "\u{1B}[0m"
  /// Columns between two panels.
  static let gap = "   "

  /// The panels over `grid`, with the points of `data` on top, as lines of text joined by
  /// newlines (no newline after the last).
  ///
  /// Terminal characters are about twice as tall as wide, so a grid with twice as many
  /// columns as rows looks square.
  public static func render(
    panels: [DecisionRegionPanel], grid: RegionGrid, data: Dataset, usesColor: Bool
  ) -> String {
    DecisionRegionPanel.requireOneClassPerCell(panels, of: grid)
    // The label of the last point that falls in each cell.
    var pointLabels = [Int?](repeating: nil, count: grid.count)
    for i in 0..<data.count {
      if let (column, row) = grid.cell(containing: data.inputs[i, 0], data.inputs[i, 1]) {
        pointLabels[row * grid.columns + column] = data.labels[i]
      }
    }
    var lines = [panels.map { fitted($0.title, width: grid.columns) }.joined(separator: gap)]
    for row in 0..<grid.rows {
      let cells = panels.map { panel in
        let indices = (row * grid.columns)..<((row + 1) * grid.columns)
        return drawRow(
          regions: Array(panel.classes[indices]), points: Array(pointLabels[indices]),
          usesColor: usesColor)
      }
      lines.append(cells.joined(separator: gap))
    }
    let classCount = max(data.classCount, (panels.flatMap(\.classes).max() ?? -1) + 1)
    lines.append(legend(classCount: classCount, usesColor: usesColor))
    return lines.joined(separator: "\n")
  }

  /// One row of one panel. In colour, the background code is written only where the region
  /// changes, and the row ends with a reset so the gap after it stays uncoloured.
  private static func drawRow(regions: [Int], points: [Int?], usesColor: Bool) -> String {
    guard usesColor else {
      return String(
        zip(regions, points).map { region, point in
          point.map { Character(String($0 % 10)) }
            ?? Palette.entry(region, cyclingThrough: regionCharacters)
        })
    }
    var text = ""
    var background: Int?
    for (region, point) in zip(regions, points) {
      if region != background {
        text += "\u{1B}[48;5;\(Palette.entry(region, cyclingThrough: regionBackgrounds))m"
        background = region
      }
      if let point {
        text +=
          "\u{1B}[1;38;5;\(Palette.entry(point, cyclingThrough: pointForegrounds))m●\u{1B}[22;39m"
      } else {
        text += " "
      }
    }
    return text + reset
  }

  /// What each colour or character means, in one line.
  private static func legend(classCount: Int, usesColor: Bool) -> String {
    let entries = (0..<classCount).map { label in
      if usesColor {
        let swatch =
          "\u{1B}[48;5;\(Palette.entry(label, cyclingThrough: regionBackgrounds))m  \(reset)"
        let point =
          "\u{1B}[1;38;5;\(Palette.entry(label, cyclingThrough: pointForegrounds))m●\(reset)"
        return "\(swatch) \(point) class \(label)"
      }
      return
        "\(Palette.entry(label, cyclingThrough: regionCharacters)) \(label % 10) class \(label)"
    }
    return (["region, point:"] + entries).joined(separator: "   ")
  }

  /// `title` cut or padded with spaces to exactly `width` characters.
  private static func fitted(_ title: String, width: Int) -> String {
    let cut = String(title.prefix(width))
    return cut + String(repeating: " ", count: width - cut.count)
  }
}
