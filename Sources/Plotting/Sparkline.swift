import GradKit

/// A series as one line of block characters, for a terminal: the higher the value, the
/// taller the block.
///
///     column c holds the values i with ⌊i·w/n⌋ = c, i.e. ⌈c·n/w⌉ ..< ⌈(c + 1)·n/w⌉
///     (n values, w = min(width, n) columns)
///     level  = round(7 · (mean − lower) / (upper − lower)),  clamped to 0 … 7
///     block  = "▁▂▃▄▅▆▇█"[level]
///
/// A series longer than the width is squeezed by averaging neighbours; a shorter one takes
/// one column a value. A column without a finite value is a space.
public enum Sparkline {
  /// The eight heights, lowest first.
  public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// `values` on the scale `range`, in at most `width` columns.
  public static func render(_ values: [Double], range: ClosedRange<Double>, width: Int) -> String {
    require(width > 0, "a sparkline needs at least one column, got \(width)")
    let columns = min(width, values.count)
    let span = range.upperBound - range.lowerBound
    return String(
      (0..<columns).map { column in
        let bucket = values[indices(ofColumn: column, count: values.count, width: columns)]
          .filter(\.isFinite)
        guard !bucket.isEmpty else { return " " }
        let mean = bucket.reduce(0, +) / Double(bucket.count)
        let fraction = span > 0 ? (mean - range.lowerBound) / span : 0.5
        let level = Int((fraction * Double(blocks.count - 1)).rounded())
        return blocks[min(blocks.count - 1, max(0, level))]
      })
  }

  /// The column that shows index `index` of `count` values drawn in at most `width` columns.
  public static func column(ofIndex index: Int, count: Int, width: Int) -> Int {
    let columns = min(width, count)
    return index * columns / count
  }

  /// The indices column `column` averages.
  private static func indices(ofColumn column: Int, count: Int, width: Int) -> Range<Int> {
    // The first index whose column is `column`: ⌈column·count / width⌉.
    func start(_ column: Int) -> Int { (column * count + width - 1) / width }
    return start(column)..<start(column + 1)
  }
}
