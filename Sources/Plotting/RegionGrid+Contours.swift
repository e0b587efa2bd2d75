import GradKit

/// A point of a plot area, in user units from its top-left corner.
typealias PlotPoint = (x: Double, y: Double)

extension RegionGrid {
  /// The outline of the cells with a positive `margin`, traced by marching squares: closed
  /// polygons that cross each side between a cell centre inside and one outside.
  ///
  ///     four neighbouring centres make a square; a side whose two ends differ is crossed
  ///     where the margin, linear along the side, is 0:
  ///       t = m₁ / (m₁ − m₂)   from the first centre, kept in [minimumT, 1 − minimumT]
  ///     and the crossings of one square are joined in pairs:
  ///       two crossings   one segment, cutting off the corner or half that differs
  ///       four crossings  a saddle (opposite corners inside): the inside corners stay
  ///                       joined through the square's centre
  ///
  /// Margins of ±1 put every crossing halfway; a model's score differences put the edges
  /// where the model's class changes, smooth however coarse the grid. Where a crossing lies
  /// never changes which centres are inside: that depends only on the margins' signs.
  ///
  /// A ring of cells beyond the grid copies its nearest cell and everything further out is
  /// outside, so every outline closes, and meets the edge of the `width × height` plot
  /// area square on once clamped to it. Vertices in a straight line are merged. Holes are
  /// loops of their own: fill the result with the even-odd rule.
  func contours(around margins: [Double], width: Double, height: Double) -> [[PlotPoint]] {
    require(margins.count == count, "need one margin per cell (\(count)), got \(margins.count)")
    func margin(_ column: Int, _ row: Int) -> Double {
      guard (-1...columns).contains(column), (-1...rows).contains(row) else { return -1 }
      return margins[min(max(row, 0), rows - 1) * columns + min(max(column, 0), columns - 1)]
    }
    func isInside(_ column: Int, _ row: Int) -> Bool { margin(column, row) > 0 }
    // A crossing is named by the side it lies on: the side from cell (c, r) to the cell on
    // its right, or to the cell below it. Cells run from −2 to columns + 1 and rows + 1.
    let stride = columns + 4
    func toTheRight(_ column: Int, _ row: Int) -> Int { ((row + 2) * stride + column + 2) * 2 }
    func below(_ column: Int, _ row: Int) -> Int { toTheRight(column, row) + 1 }

    // Each crossing lies on the sides of two squares, so it has exactly two neighbours.
    var neighbours: [Int: [Int]] = [:]
    func join(_ a: Int, _ b: Int) {
      neighbours[a, default: []].append(b)
      neighbours[b, default: []].append(a)
    }
    for row in -2...rows {
      for column in -2...columns {
        let (topLeft, topRight) = (isInside(column, row), isInside(column + 1, row))
        let (bottomLeft, bottomRight) = (isInside(column, row + 1), isInside(column + 1, row + 1))
        let (top, bottom) = (toTheRight(column, row), toTheRight(column, row + 1))
        let (left, right) = (below(column, row), below(column + 1, row))
        let crossed = [
          (top, topLeft != topRight), (right, topRight != bottomRight),
          (bottom, bottomRight != bottomLeft), (left, bottomLeft != topLeft),
        ].filter(\.1).map(\.0)
        if crossed.count == 2 {
          join(crossed[0], crossed[1])
        } else if crossed.count == 4 {
          // Cut off the two outside corners.
          if topLeft {
            join(top, right)
            join(bottom, left)
          } else {
            join(top, left)
            join(right, bottom)
          }
        }
      }
    }

    let (cellWidth, cellHeight) = (width / Double(columns), height / Double(rows))
    func point(_ crossing: Int) -> PlotPoint {
      let (cell, isBelow) = (crossing / 2, crossing % 2 == 1)
      let (column, row) = (cell % stride - 2, cell / stride - 2)
      let (first, second) = (
        margin(column, row), isBelow ? margin(column, row + 1) : margin(column + 1, row)
      )
      let t = min(max(first / (first - second), Self.minimumT), 1 - Self.minimumT)
      let x = (Double(column) + 0.5 + (isBelow ? 0 : t)) * cellWidth
      let y = (Double(row) + 0.5 + (isBelow ? t : 0)) * cellHeight
      return (min(max(x, 0), width), min(max(y, 0), height))
    }
    var loops: [[PlotPoint]] = []
    var visited = Set<Int>()
    // Sorted, so the same cells give the same text in every run.
    for start in neighbours.keys.sorted() where !visited.contains(start) {
      var loop: [PlotPoint] = []
      var (previous, current) = (-1, start)
      while visited.insert(current).inserted {
        loop.append(point(current))
        let next = neighbours[current]!.first { $0 != previous }!
        (previous, current) = (current, next)
      }
      let merged = withoutStraightVertices(loop)
      if merged.count >= 3 {
        loops.append(merged)
      }
    }
    return loops
  }

  /// How close to a cell centre a crossing may come, as a fraction of the side: a twentieth
  /// keeps every centre clearly on its own side, even after coordinates are rounded.
  static let minimumT = 0.05

  /// `loop` without the vertices that lie on the line through their neighbours (or on a
  /// neighbour), which clamping and straight edges produce by the hundred.
  ///
  ///     b is dropped when |(b − a) × (c − b)| ≤ 1e-9 · |b − a| · |c − b|
  ///
  /// The tolerance only absorbs rounding.
  private func withoutStraightVertices(_ loop: [PlotPoint]) -> [PlotPoint] {
    func isStraight(_ a: PlotPoint, _ b: PlotPoint, _ c: PlotPoint) -> Bool {
      let (u, v) = ((b.x - a.x, b.y - a.y), (c.x - b.x, c.y - b.y))
      let cross = u.0 * v.1 - u.1 * v.0
      return abs(cross) <= 1e-9 * (u.0 * u.0 + u.1 * u.1).squareRoot()
        * (v.0 * v.0 + v.1 * v.1).squareRoot()
    }
    var kept: [PlotPoint] = []
    for vertex in loop {
      while kept.count >= 2 && isStraight(kept[kept.count - 2], kept[kept.count - 1], vertex) {
        kept.removeLast()
      }
      kept.append(vertex)
    }
    // The loop closes: the last vertices and the first ones are neighbours too.
    while kept.count >= 3 && isStraight(kept[kept.count - 2], kept[kept.count - 1], kept[0]) {
      kept.removeLast()
    }
    while kept.count >= 3 && isStraight(kept[kept.count - 1], kept[0], kept[1]) {
      kept.removeFirst()
    }
    return kept
  }
}
