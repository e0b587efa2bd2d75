/// A dense matrix of `Double`s, stored row by row in one contiguous array.
///
///     element (i, j) lives at storage[i · columns + j]
///
/// Rows are samples and columns are features throughout GradKit, so a batch of
/// `n` inputs with `d` features is an `n×d` matrix. Every operation that needs
/// matching shapes checks them and names both shapes when it stops.
public struct Matrix: Equatable, Sendable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The elements in row-major order; `storage.count == rows * columns`.
  ///
  /// Writable so fast code can work on the whole array at once; keep the count unchanged.
  public var storage: [Double]

  /// A `rows×columns` matrix with every element equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    require(
      rows >= 0 && columns >= 0, "a matrix needs rows, columns ≥ 0, got \(rows)×\(columns)")
    _ = heapReusesFreedMatrices
    self.rows = rows
    self.columns = columns
    self.storage = Array(repeating: value, count: rows * columns)
  }

  /// A `rows×columns` matrix whose elements `initializer` writes, in row-major order.
  ///
  ///     initializer(buffer),   buffer.count == rows · columns
  ///
  /// The buffer starts uninitialised and `initializer` must write every element: this
  /// skips the zero fill of `init(rows:columns:)` for results that overwrite it anyway.
  @inlinable
  init(
    rows: Int,
    columns: Int,
    initializingWith initializer: (UnsafeMutableBufferPointer<Double>) -> Void
  ) {
    require(
      rows >= 0 && columns >= 0, "a matrix needs rows, columns ≥ 0, got \(rows)×\(columns)")
    _ = heapReusesFreedMatrices
    self.rows = rows
    self.columns = columns
    self.storage = Array(unsafeUninitializedCapacity: rows * columns) { buffer, count in
      initializer(buffer)
      count = rows * columns
    }
  }

  /// A `rows×columns` matrix over the given row-major elements.
  public init(rows: Int, columns: Int, storage: [Double]) {
    require(
      rows >= 0 && columns >= 0, "a matrix needs rows, columns ≥ 0, got \(rows)×\(columns)")
    require(
      storage.count == rows * columns,
      "a \(rows)×\(columns) matrix needs \(rows * columns) elements, got \(storage.count)")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  /// A matrix from its rows, written as nested array literals: `Matrix([[1, 2], [3, 4]])`.
  ///
  /// An empty array gives a 0×0 matrix; every row must have the same length.
  public init(_ rowArrays: [[Double]]) {
    let columns = rowArrays.first?.count ?? 0
    for (i, row) in rowArrays.enumerated() {
      require(
        row.count == columns,
        "every row needs \(columns) elements (the length of row 0), row \(i) has \(row.count)")
    }
    self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
  }

  /// A `1×n` matrix: one sample, or a bias that broadcasts over rows.
  public init(row: [Double]) {
    self.init(rows: 1, columns: row.count, storage: row)
  }

  /// An `n×1` matrix.
  public init(column: [Double]) {
    self.init(rows: column.count, columns: 1, storage: column)
  }

  /// A `rows×columns` matrix of zeros.
  public static func zeros(rows: Int, columns: Int) -> Matrix {
    Matrix(rows: rows, columns: columns, repeating: 0)
  }

  /// A `rows×columns` matrix of ones.
  public static func ones(rows: Int, columns: Int) -> Matrix {
    Matrix(rows: rows, columns: columns, repeating: 1)
  }

  /// A matrix of independent normal samples with mean 0, filled row by row.
  ///
  ///     element ~ N(0, standardDeviation²)
  ///
  /// The usual way to initialise weights, e.g. `standardDeviation: 0.01`.
  public static func gaussian(
    rows: Int,
    columns: Int,
    standardDeviation: Double = 1,
    using generator: inout SeededGenerator
  ) -> Matrix {
    var result = Matrix(rows: rows, columns: columns)
    for index in result.storage.indices {
      result.storage[index] = generator.gaussian(standardDeviation: standardDeviation)
    }
    return result
  }

  /// A matrix of independent uniform samples from `range`, filled row by row.
  ///
  ///     element = lower + (upper − lower) · u,   u uniform in [0, 1)
  ///
  /// The upper bound is only reached through rounding, as with `uniform(in:)`.
  public static func uniform(
    rows: Int,
    columns: Int,
    in range: ClosedRange<Double>,
    using generator: inout SeededGenerator
  ) -> Matrix {
    var result = Matrix(rows: rows, columns: columns)
    for index in result.storage.indices {
      result.storage[index] = generator.uniform(in: range)
    }
    return result
  }

  /// The number of rows and columns.
  public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// The number of elements, `rows · columns`.
  public var count: Int { storage.count }

  /// The shape as text, e.g. `"3×2"`, for messages.
  public var shapeDescription: String { "\(rows)×\(columns)" }

  /// The element in row `row` and column `column`, both counted from 0.
  ///
  /// Inlinable so that loops over elements in other modules compile to plain loads and
  /// stores after the index check.
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    get {
      checkIndex(row, column)
      return storage[row * columns + column]
    }
    set {
      checkIndex(row, column)
      storage[row * columns + column] = newValue
    }
  }

  @inlinable
  func checkIndex(_ row: Int, _ column: Int) {
    require(
      (0..<rows).contains(row) && (0..<columns).contains(column),
      "index [\(row), \(column)] is outside a \(shapeDescription) matrix")
  }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] {
    require((0..<rows).contains(i), "row \(i) is outside a \(shapeDescription) matrix")
    return Array(storage[i * columns..<(i + 1) * columns])
  }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] {
    require((0..<columns).contains(j), "column \(j) is outside a \(shapeDescription) matrix")
    return (0..<rows).map { storage[$0 * columns + j] }
  }

  /// A new matrix made of the given rows, in the given order (repeats allowed).
  ///
  /// Used to gather a mini-batch or a training/validation split from a dataset.
  public func rows(_ indices: [Int]) -> Matrix {
    var gathered: [Double] = []
    gathered.reserveCapacity(indices.count * columns)
    for i in indices {
      require((0..<rows).contains(i), "row \(i) is outside a \(shapeDescription) matrix")
      gathered.append(contentsOf: storage[i * columns..<(i + 1) * columns])
    }
    return Matrix(rows: indices.count, columns: columns, storage: gathered)
  }

  /// The matrix with `f` applied to every element.
  ///
  ///     result[i, j] = f(self[i, j])
  ///
  /// Inlinable so that `f` (an activation, say) is compiled into the caller's loop instead
  /// of being called once per element.
  @inlinable
  public func map(_ f: (Double) -> Double) -> Matrix {
    Matrix(rows: rows, columns: columns) { result in
      storage.withUnsafeBufferPointer { a in
        for index in a.indices {
          result[index] = f(a[index])
        }
      }
    }
  }

  /// Combines two matrices of the same shape element by element.
  ///
  ///     result[i, j] = f(self[i, j], other[i, j])
  ///
  /// Inlinable for the same reason as `map(_:)`.
  @inlinable
  public func zipMap(_ other: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
    require(
      rows == other.rows && columns == other.columns,
      "zipMap needs equal shapes, got \(shapeDescription) and \(other.shapeDescription)")
    return Matrix(rows: rows, columns: columns) { c in
      storage.withUnsafeBufferPointer { a in
        other.storage.withUnsafeBufferPointer { b in
          for index in c.indices {
            c[index] = f(a[index], b[index])
          }
        }
      }
    }
  }
}
