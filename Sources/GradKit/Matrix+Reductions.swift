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
  /// Added row by row, so each column's sum is in increasing i, starting from 0. Chunks of
  /// sixteen sums stay in registers while a block of rows goes by (then chunks of eight and
  /// four, and the last columns one at a time), so the sums are read and written once a
  /// block rather than once a row.
  public func columnSums() -> Matrix {
    var sums = Matrix(rows: 1, columns: columns)
    let (rows, columns) = (rows, columns)
    storage.withUnsafeBufferPointer { a in
      sums.storage.withUnsafeMutableBufferPointer { total in
        guard let a = a.baseAddress, let total = total.baseAddress else { return }
        // Adds rows `block` into the sums of columns j..<j + 2 · Vector.scalarCount.
        //
        // It loads with the standard library, not `UnsafePointer.load(_:at:)`: a generic
        // function of another file is not specialised in a build without whole-module
        // optimisation (debug builds), and an unspecialised load looks up type metadata for
        // every vector, which made the debug engine about twice as slow.
        @inline(__always)
        func chunk<Vector: SIMD>(_: Vector.Type, at j: Int, rows block: Range<Int>)
        where Vector.Scalar == Double {
          let width = Vector.scalarCount
          var low = UnsafeRawPointer(total + j).loadUnaligned(as: Vector.self)
          var high = UnsafeRawPointer(total + j + width).loadUnaligned(as: Vector.self)
          for i in block {
            let row = a + i &* columns
            low += UnsafeRawPointer(row + j).loadUnaligned(as: Vector.self)
            high += UnsafeRawPointer(row + j + width).loadUnaligned(as: Vector.self)
          }
          UnsafeMutableRawPointer(total + j).storeBytes(of: low, as: Vector.self)
          UnsafeMutableRawPointer(total + j + width).storeBytes(of: high, as: Vector.self)
        }
        for blockStart in stride(from: 0, to: rows, by: Matrix.blockRows) {
          let block = blockStart..<min(blockStart + Matrix.blockRows, rows)
          var j = 0
          while j + 16 <= columns {
            chunk(SIMD8<Double>.self, at: j, rows: block)
            j += 16
          }
          if j + 8 <= columns {
            chunk(SIMD4<Double>.self, at: j, rows: block)
            j += 8
          }
          if j + 4 <= columns {
            chunk(SIMD2<Double>.self, at: j, rows: block)
            j += 4
          }
          for column in j..<columns {
            for i in block {
              total[column] += a[i &* columns &+ column]
            }
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
