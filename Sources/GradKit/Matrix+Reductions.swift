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
  /// Added row by row, so each column's sum is in increasing i. Rows come four at a time,
  /// added left to right, which reads and writes the sums a quarter as often.
  public func columnSums() -> Matrix {
    var sums = Matrix(rows: 1, columns: columns)
    let (rows, columns) = (rows, columns)
    storage.withUnsafeBufferPointer { a in
      sums.storage.withUnsafeMutableBufferPointer { total in
        guard let a = a.baseAddress, let total = total.baseAddress else { return }
        func row(_ i: Int) -> UnsafePointer<Double> { a + i * columns }
        var i = 0
        while i + 4 <= rows {
          let (r0, r1, r2, r3) = (row(i), row(i + 1), row(i + 2), row(i + 3))
          for j in 0..<columns {
            total[j] = (((total[j] + r0[j]) + r1[j]) + r2[j]) + r3[j]
          }
          i += 4
        }
        while i < rows {
          let r0 = row(i)
          for j in 0..<columns {
            total[j] += r0[j]
          }
          i += 1
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
    let columns = columns
    return storage.withUnsafeBufferPointer { a in
      (0..<rows).map { i in
        let row = UnsafeBufferPointer(rebasing: a[i * columns..<(i + 1) * columns])
        var maximum = -Double.infinity
        for x in row {
          if x.isNaN { return .nan }
          maximum = Swift.max(maximum, x)
        }
        return maximum
      }
    }
  }

  /// The column index of the largest element of each row: the predicted class.
  ///
  ///     argmaxPerRow()[i] = argmaxⱼ a[i, j]
  ///
  /// Ties go to the first (smallest) column, as in NumPy; NaNs never win.
  public func argmaxPerRow() -> [Int] {
    require(columns > 0, "argmaxPerRow needs at least one column, got \(shapeDescription)")
    let columns = columns
    return storage.withUnsafeBufferPointer { a in
      (0..<rows).map { i in
        let row = UnsafeBufferPointer(rebasing: a[i * columns..<(i + 1) * columns])
        var best = 0
        for j in 1..<columns where row[j] > row[best] {
          best = j
        }
        return best
      }
    }
  }
}
