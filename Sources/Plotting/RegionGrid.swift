import GradKit

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
