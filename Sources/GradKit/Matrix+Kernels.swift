// The hot loops: matrix products and transposition. Each works on raw buffers so the
// compiler can vectorise the innermost loop, which always walks contiguous memory.
//
// Two loops compute every product. The row-streaming loop (`product`) adds scaled rows
// of one operand into rows of the result: fast when the result's rows are long. A result
// only a few columns wide, like a layer's scores with one column per class, would leave
// it only a few elements per row, so those products become dot products of two
// contiguous rows (`dotProducts`), which run along the long shared dimension instead.

extension Matrix {
  /// The matrix product of an `m×k` and a `k×n` matrix, an `m×n` matrix.
  ///
  ///     (a · b)[i, j] = Σₖ a[i, k] · b[k, j]
  ///
  /// Loops in i-k-j order: each a[i, k] is multiplied into row k of `b` and added to row i
  /// of the result, so the inner loop streams two contiguous rows and vectorises. Each
  /// sum is accumulated in increasing k, the same order as the textbook triple loop.
  /// When `b` has at most ``narrowWidth`` columns, the result is `a · (bᵀ)ᵀ` computed as
  /// dot products instead (see ``timesTransposed(_:)``).
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    require(
      a.columns == b.rows,
      "matrix product needs a.columns == b.rows, got \(a.shapeDescription) * \(b.shapeDescription)"
    )
    if b.columns <= narrowWidth {
      return a.timesTransposed(b.transposed)
    }
    return product(
      m: a.rows, k: a.columns, n: b.columns, a: a.storage, aStride: (row: a.columns, inner: 1),
      b: b.storage)
  }

  /// The product of this matrix transposed with `b`, without building the transpose.
  ///
  ///     (aᵀ · b)[i, j] = Σₖ a[k, i] · b[k, j]      a is k×m, b is k×n, result m×n
  ///
  /// The backward pass of `x · W` needs `xᵀ · dOut`; this reads `a` down its columns
  /// (one scalar per inner loop) and streams rows of `b`, exactly like `a.transposed * b`
  /// but without the copy. Same summation order, so the results are identical.
  ///
  /// When `b` has at most ``narrowWidth`` columns (`hiddenᵀ · dScores`), it computes the
  /// few rows of `bᵀ · a` instead, streaming the long rows of `a`, and transposes that
  /// small result: (aᵀ · b) = (bᵀ · a)ᵀ, summed in the same increasing k.
  public func transposedTimes(_ b: Matrix) -> Matrix {
    require(
      rows == b.rows,
      "aᵀ · b needs a.rows == b.rows, got \(shapeDescription)ᵀ * \(b.shapeDescription)")
    if b.columns <= Matrix.narrowWidth {
      let cT = Matrix.product(
        m: b.columns, k: rows, n: columns, a: b.storage, aStride: (row: 1, inner: b.columns),
        b: storage)
      return cT.transposed
    }
    return Matrix.product(
      m: columns, k: rows, n: b.columns, a: storage, aStride: (row: 1, inner: columns),
      b: b.storage)
  }

  /// The product of this matrix with `b` transposed.
  ///
  ///     (a · bᵀ)[i, j] = Σₖ a[i, k] · b[j, k]      a is m×k, b is n×k, result m×n
  ///
  /// Every entry is the dot product of a row of `a` with a row of `b`, both contiguous.
  /// A result at most ``narrowWidth`` columns wide is computed that way; a wider one comes
  /// from `a * b.transposed` (n·k copies, small next to the m·n·k multiply-adds), whose
  /// row-streaming loop is faster when the rows of the result are long. The backward pass
  /// of `x · W` needs `dOut · Wᵀ`, which is the wide case.
  public func timesTransposed(_ b: Matrix) -> Matrix {
    require(
      columns == b.columns,
      "a · bᵀ needs a.columns == b.columns, got \(shapeDescription) * \(b.shapeDescription)ᵀ")
    if b.rows <= Matrix.narrowWidth {
      return Matrix.dotProducts(storage, b.storage, m: rows, n: b.rows, k: columns)
    }
    return self * b.transposed
  }

  /// The widest result computed as dot products rather than by streaming rows.
  ///
  ///     n ≤ narrowWidth  →  c[i, j] = row i of a · column j of b
  ///
  /// Below about four columns the row-streaming loop spends more time loading and storing
  /// each short row of the result than multiplying.
  static let narrowWidth = 4

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

  /// The product of an m×k operand `a` and the k×n row-major `b`, an m×n matrix.
  ///
  ///     c[i, j] = Σₚ a(i, p) · b[p, j],   a(i, p) = a[i · aStride.row + p · aStride.inner]
  ///
  /// The strides let one loop serve both `a · b` (row, inner) = (k, 1) and `aᵀ · b`
  /// (row, inner) = (1, m); the element of `a` is a scalar in the inner loop, so its stride
  /// costs nothing there. Each row of `c` gets rows of `b` four at a time, which saves
  /// most loads and stores of `c`, and the parentheses keep the additions in increasing p,
  /// exactly as the one-row-at-a-time loop would add them.
  ///
  /// The rows of `b` are taken in blocks of about 32 KB, each used by every row of `c`
  /// before the next: `b` is read from memory once even when it is large (`xᵀ · dOut`).
  /// The first block writes `c`, starting each sum from 0 as the triple loop does, so `c`
  /// needs no zero fill; the next blocks add to it.
  private static func product(
    m: Int,
    k: Int,
    n: Int,
    a: [Double],
    aStride: (row: Int, inner: Int),
    b: [Double]
  ) -> Matrix {
    guard k > 0 else { return Matrix(rows: m, columns: n) }
    let blockRows = max(4, 4096 / max(n, 1) / 4 * 4)
    return Matrix(rows: m, columns: n) { c in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else {
            return
          }
          for blockStart in stride(from: 0, to: k, by: blockRows) {
            let blockEnd = min(blockStart + blockRows, k)
            for i in 0..<m {
              addRow(
                into: c + i * n, n: n, from: blockStart, to: blockEnd,
                overwriting: blockStart == 0, a: a + i * aStride.row, aStride: aStride.inner, b: b)
            }
          }
        }
      }
    }
  }

  /// Adds Σₚ a(i, p) · b[p, ·] over p in `start..<end` into the row `cRow` of length n,
  /// or writes the sum when `overwriting` (the row is still uninitialised).
  ///
  ///     cRow[j] ← (overwriting ? 0 : cRow[j]) + Σₚ aRow[p · aStride] · b[p · n + j]
  ///
  /// Rows of `b` come in groups of up to four, added left to right in one pass over `cRow`.
  @inline(__always)
  private static func addRow(
    into cRow: UnsafeMutablePointer<Double>,
    n: Int,
    from start: Int,
    to end: Int,
    overwriting: Bool,
    a aRow: UnsafePointer<Double>,
    aStride: Int,
    b: UnsafePointer<Double>
  ) {
    func s(_ p: Int) -> Double { aRow[p * aStride] }
    func bRow(_ p: Int) -> UnsafePointer<Double> { b + p * n }
    // cRow[j] = initial(j) + the terms of rows p..<p + count, count in 1...4.
    func addGroup(at p: Int, count: Int, to initial: (Int) -> Double) {
      switch count {
      case 1:
        let (s0, b0) = (s(p), bRow(p))
        for j in 0..<n {
          cRow[j] = initial(j) + s0 * b0[j]
        }
      case 2:
        let (s0, s1) = (s(p), s(p + 1))
        let (b0, b1) = (bRow(p), bRow(p + 1))
        for j in 0..<n {
          cRow[j] = (initial(j) + s0 * b0[j]) + s1 * b1[j]
        }
      case 3:
        let (s0, s1, s2) = (s(p), s(p + 1), s(p + 2))
        let (b0, b1, b2) = (bRow(p), bRow(p + 1), bRow(p + 2))
        for j in 0..<n {
          cRow[j] = ((initial(j) + s0 * b0[j]) + s1 * b1[j]) + s2 * b2[j]
        }
      default:
        let (s0, s1, s2, s3) = (s(p), s(p + 1), s(p + 2), s(p + 3))
        let (b0, b1, b2, b3) = (bRow(p), bRow(p + 1), bRow(p + 2), bRow(p + 3))
        for j in 0..<n {
          cRow[j] = (((initial(j) + s0 * b0[j]) + s1 * b1[j]) + s2 * b2[j]) + s3 * b3[j]
        }
      }
    }
    var p = start
    if overwriting {
      // Sums start from 0 as in the triple loop (0 + x, so that a −0 term gives +0).
      let count = min(4, end - p)
      addGroup(at: p, count: count) { _ in 0 }
      p += count
    }
    while p < end {
      let count = min(4, end - p)
      addGroup(at: p, count: count) { j in cRow[j] }
      p += count
    }
  }

  /// The `m×n` matrix of dot products of the rows of `a` (m×k) with the rows of `b` (n×k).
  ///
  ///     c[i, j] = Σₚ a[i, p] · b[j, p]
  ///
  /// Takes the rows of `b` up to four at a time, so each load from `a` serves up to four
  /// sums.
  private static func dotProducts(_ a: [Double], _ b: [Double], m: Int, n: Int, k: Int) -> Matrix {
    guard k > 0 else { return Matrix(rows: m, columns: n) }
    return Matrix(rows: m, columns: n) { c in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else {
            return
          }
          for i in 0..<m {
            let (aRow, cRow) = (a + i * k, c + i * n)
            for j in stride(from: 0, to: n, by: 4) {
              // Rows j … j + 3 of b; past the last row, the last row again (and unused).
              func bRow(_ j: Int) -> UnsafePointer<Double> { b + min(j, n - 1) * k }
              let rows = (bRow(j), bRow(j + 1), bRow(j + 2), bRow(j + 3))
              // A literal width in each call, so each compiles to a loop without the others.
              let width = min(4, n - j)
              let sums: SIMD4<Double>
              switch width {
              case 1: sums = dots(of: aRow, with: rows, width: 1, count: k)
              case 2: sums = dots(of: aRow, with: rows, width: 2, count: k)
              case 3: sums = dots(of: aRow, with: rows, width: 3, count: k)
              default: sums = dots(of: aRow, with: rows, width: 4, count: k)
              }
              for lane in 0..<width {
                cRow[j + lane] = sums[lane]
              }
            }
          }
        }
      }
    }
  }

  /// The dot products of `count` contiguous elements of `a` with those of the first
  /// `width` rows of `b`, in the first `width` lanes of the result (the others are unused).
  ///
  ///     sums[r] = Σₚ a[p] · b.r[p],   p < count, r < width
  ///
  /// Each sum is kept in four partial sums, over p ≡ 0, 1, 2, 3 (mod 4), added at the
  /// end, so the additions overlap instead of waiting for each other. That changes only
  /// the rounding: a sum differs from the one-term-at-a-time sum by at most about
  /// count · ε · Σₚ |a[p] · b.r[p]|.
  @inline(__always)
  private static func dots(
    of a: UnsafePointer<Double>,
    with b: (
      UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>
    ),
    width: Int,
    count: Int
  ) -> SIMD4<Double> {
    func pair(_ pointer: UnsafePointer<Double>) -> SIMD2<Double> {
      UnsafeRawPointer(pointer).loadUnaligned(as: SIMD2<Double>.self)
    }
    // Partial sums for p ≡ 0, 1 (low) and p ≡ 2, 3 (high) of each of the four rows.
    var low = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
    var high = low
    var p = 0
    while p + 4 <= count {
      let (aLow, aHigh) = (pair(a + p), pair(a + p + 2))
      low.0 += aLow * pair(b.0 + p)
      high.0 += aHigh * pair(b.0 + p + 2)
      if width > 1 {
        low.1 += aLow * pair(b.1 + p)
        high.1 += aHigh * pair(b.1 + p + 2)
      }
      if width > 2 {
        low.2 += aLow * pair(b.2 + p)
        high.2 += aHigh * pair(b.2 + p + 2)
      }
      if width > 3 {
        low.3 += aLow * pair(b.3 + p)
        high.3 += aHigh * pair(b.3 + p + 2)
      }
      p += 4
    }
    let total = (low.0 + high.0, low.1 + high.1, low.2 + high.2, low.3 + high.3)
    var sums = SIMD4(
      total.0[0] + total.0[1], total.1[0] + total.1[1], total.2[0] + total.2[1],
      total.3[0] + total.3[1])
    while p < count {
      sums += a[p] * SIMD4(b.0[p], b.1[p], b.2[p], b.3[p])
      p += 1
    }
    return sums
  }
}
