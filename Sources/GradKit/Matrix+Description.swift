extension Matrix: CustomStringConvertible {
  /// The shape, then the rows with aligned columns; large matrices show their corners.
  ///
  ///     2×3 matrix
  ///     [ 1     -2.5  3 ]
  ///     [ 0.25  4     6 ]
  ///
  /// Numbers are shown to 6 significant digits, so equal-looking matrices can still differ.
  public var description: String {
    let shown = 6  // rows or columns beyond this are elided in the middle
    let rowIndices = Matrix.visibleIndices(rows, limit: shown)
    let columnIndices = Matrix.visibleIndices(columns, limit: shown)
    let cells = rowIndices.map { i in
      columnIndices.map { j in
        guard let i, let j else { return "…" }
        return formatted(self[i, j], significantDigits: 6)
      }
    }
    let widths = columnIndices.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
    let lines = cells.map { row in
      let padded = zip(row, widths).map { cell, width in
        cell + String(repeating: " ", count: width - cell.count)
      }
      return "[ " + padded.joined(separator: "  ") + " ]"
    }
    return (["\(shapeDescription) matrix"] + lines).joined(separator: "\n")
  }

  /// The indices to print along a dimension of `count`: all of them, or the first and last
  /// few with `nil` marking the elided middle.
  private static func visibleIndices(_ count: Int, limit: Int) -> [Int?] {
    guard count > limit else { return Array(0..<count) }
    let half = limit / 2
    return Array(0..<half) + [nil] + Array(count - half..<count)
  }
}
