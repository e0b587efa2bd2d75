extension Matrix {
  /// The sum of all elements.
  ///
  ///     sum = Σᵢⱼ a[i, j]
  ///
  /// Added left to right in storage order; the rounding error grows at most like
  /// count · ε · Σ|a[i, j]|, far below any tolerance used in the course.
  public func sum() -> Double {
    storage.reduce(0, +)
  }

  /// The mean of all elements.
  ///
  ///     mean = (Σᵢⱼ a[i, j]) / count
  ///
  /// NaN for an empty matrix (0 / 0).
  public func mean() -> Double {
    sum() / Double(count)
  }

  /// The sum of squares of all elements (the squared Frobenius norm), used by L2 penalties.
  ///
  ///     ‖a‖² = Σᵢⱼ a[i, j]²
  ///
  /// Overflows to +∞ once an element exceeds about 1e154.
  public func squaredNorm() -> Double {
    storage.reduce(0) { $0 + $1 * $1 }
  }

  /// The sums down each column, a `1×columns` row: the gradient of a broadcast bias.
  ///
  ///     columnSums()[0, j] = Σᵢ a[i, j]
  ///
  /// Added row by row, so each column's sum is in increasing i.
  public func columnSums() -> Matrix {
    var sums = Matrix(rows: 1, columns: columns)
    storage.withUnsafeBufferPointer { a in
      sums.storage.withUnsafeMutableBufferPointer { total in
        for i in 0..<rows {
          for j in 0..<columns {
            total[j] += a[i * columns + j]
          }
        }
      }
    }
    return sums
  }

  /// The sums along each row, a `rows×1` column.
  ///
  ///     rowSums()[i, 0] = Σⱼ a[i, j]
  public func rowSums() -> Matrix {
    Matrix(column: (0..<rows).map { i in storage[i * columns..<(i + 1) * columns].reduce(0, +) })
  }

  /// The largest element of each row: the shift that keeps softmax from overflowing.
  ///
  ///     rowMaxima()[i] = maxⱼ a[i, j]
  ///
  /// NaN when the row holds a NaN, so a broken input shows instead of being skipped;
  /// −∞ for the rows of a matrix with no columns.
  public func rowMaxima() -> [Double] {
    (0..<rows).map { i in
      let row = storage[i * columns..<(i + 1) * columns]
      return row.contains(where: \.isNaN) ? .nan : row.max() ?? -.infinity
    }
  }

  /// The column index of the largest element of each row: the predicted class.
  ///
  ///     argmaxPerRow()[i] = argmaxⱼ a[i, j]
  ///
  /// Ties go to the first (smallest) column, as in NumPy; NaNs never win.
  public func argmaxPerRow() -> [Int] {
    require(columns > 0, "argmaxPerRow needs at least one column, got \(shapeDescription)")
    return (0..<rows).map { i in
      var best = 0
      for j in 1..<columns where storage[i * columns + j] > storage[i * columns + best] {
        best = j
      }
      return best
    }
  }
}
