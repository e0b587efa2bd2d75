// The hot loops: matrix products and transposition. Each works on raw buffers so the
// compiler can vectorise the innermost loop, which always walks contiguous memory.

extension Matrix {
  /// The matrix product of an `m×k` and a `k×n` matrix, an `m×n` matrix.
  ///
  ///     (a · b)[i, j] = Σₖ a[i, k] · b[k, j]
  ///
  /// Loops in i-k-j order: each a[i, k] is multiplied into row k of `b` and added to row i
  /// of the result, so the inner loop streams two contiguous rows and vectorises. Each
  /// sum is accumulated in increasing k, the same order as the textbook triple loop.
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    require(
      a.columns == b.rows,
      "matrix product needs a.columns == b.rows, got \(a.shapeDescription) * \(b.shapeDescription)"
    )
    var c = Matrix(rows: a.rows, columns: b.columns)
    multiplyAdd(
      into: &c, m: a.rows, k: a.columns, n: b.columns, a: a.storage, b: b.storage,
      aStride: (row: a.columns, inner: 1))
    return c
  }

  /// The product of this matrix transposed with `b`, without building the transpose.
  ///
  ///     (aᵀ · b)[i, j] = Σₖ a[k, i] · b[k, j]      a is k×m, b is k×n, result m×n
  ///
  /// The backward pass of `x · W` needs `xᵀ · dOut`; this reads `a` down its columns
  /// (one scalar per inner loop) and streams rows of `b`, exactly like `a.transposed * b`
  /// but without the copy. Same summation order, so the results are identical.
  public func transposedTimes(_ b: Matrix) -> Matrix {
    require(
      rows == b.rows,
      "aᵀ · b needs a.rows == b.rows, got \(shapeDescription)ᵀ * \(b.shapeDescription)")
    var c = Matrix(rows: columns, columns: b.columns)
    Matrix.multiplyAdd(
      into: &c, m: columns, k: rows, n: b.columns, a: storage, b: b.storage,
      aStride: (row: 1, inner: columns))
    return c
  }

  /// The product of this matrix with `b` transposed.
  ///
  ///     (a · bᵀ)[i, j] = Σₖ a[i, k] · b[j, k]      a is m×k, b is n×k, result m×n
  ///
  /// The backward pass of `x · W` needs `dOut · Wᵀ`. Transposes `b` first (n·k copies,
  /// small next to the m·n·k multiply-adds) so the product runs the fast row-streaming
  /// loop; the results are identical to `a * b.transposed`.
  public func timesTransposed(_ b: Matrix) -> Matrix {
    require(
      columns == b.columns,
      "a · bᵀ needs a.columns == b.columns, got \(shapeDescription) * \(b.shapeDescription)ᵀ")
    return self * b.transposed
  }

  /// The transpose: rows become columns.
  ///
  ///     aᵀ[j, i] = a[i, j]
  ///
  /// Copies in square tiles so that both the reads and the scattered writes stay in cache.
  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    let tile = 32
    let (rows, columns) = (self.rows, self.columns)
    storage.withUnsafeBufferPointer { source in
      result.storage.withUnsafeMutableBufferPointer { target in
        for rowStart in stride(from: 0, to: rows, by: tile) {
          for columnStart in stride(from: 0, to: columns, by: tile) {
            for i in rowStart..<min(rowStart + tile, rows) {
              for j in columnStart..<min(columnStart + tile, columns) {
                target[j * rows + i] = source[i * columns + j]
              }
            }
          }
        }
      }
    }
    return result
  }

  /// Adds the product of an m×k operand `a` and the k×n row-major `b` into the m×n `c`.
  ///
  ///     c[i, j] += Σₚ a(i, p) · b[p, j],   a(i, p) = a[i · aStride.row + p · aStride.inner]
  ///
  /// The strides let one loop serve both `a · b` (row, inner) = (k, 1) and `aᵀ · b`
  /// (row, inner) = (1, m); the element of `a` is a scalar in the inner loop, so its stride
  /// costs nothing there. Rows of `b` are taken four at a time, which saves three of every
  /// four loads and stores of `c`; the parentheses keep the additions in increasing p,
  /// exactly as the one-row-at-a-time loop would add them.
  private static func multiplyAdd(
    into c: inout Matrix,
    m: Int,
    k: Int,
    n: Int,
    a: [Double],
    b: [Double],
    aStride: (row: Int, inner: Int)
  ) {
    guard m > 0, k > 0, n > 0 else { return }
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.storage.withUnsafeMutableBufferPointer { c in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else {
            return
          }
          for i in 0..<m {
            let cRow = c + i * n
            let aRow = a + i * aStride.row
            var p = 0
            while p + 4 <= k {
              let s0 = aRow[p * aStride.inner]
              let s1 = aRow[(p + 1) * aStride.inner]
              let s2 = aRow[(p + 2) * aStride.inner]
              let s3 = aRow[(p + 3) * aStride.inner]
              let b0 = b + p * n
              let b1 = b0 + n
              let b2 = b1 + n
              let b3 = b2 + n
              for j in 0..<n {
                cRow[j] = (((cRow[j] + s0 * b0[j]) + s1 * b1[j]) + s2 * b2[j]) + s3 * b3[j]
              }
              p += 4
            }
            while p < k {
              let scale = aRow[p * aStride.inner]
              let bRow = b + p * n
              for j in 0..<n {
                cRow[j] += scale * bRow[j]
              }
              p += 1
            }
          }
        }
      }
    }
  }
}
