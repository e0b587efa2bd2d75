// The hot loops: matrix products and transposition. Each works on raw buffers so the
// compiler can vectorise the innermost loop, which always walks contiguous memory.
//
// Two loops compute most products. The row-streaming loop (`product`) adds scaled rows
// of one operand into rows of the result: fast when the result's rows are long. A result
// only a few columns wide, like a layer's scores with one column per class, would leave
// it only a few elements per row, so those products become dot products of two
// contiguous rows (`dotProducts`), which run along the long shared dimension instead.
// Products whose shared dimension is at most four long (a layer with two inputs, or the
// backward pass of one with three classes) have kernels of their own, in
// Matrix+ShortKernels.swift.

extension Matrix {
  /// The matrix product of an `m×k` and a `k×n` matrix, an `m×n` matrix.
  ///
  ///     (a · b)[i, j] = Σₖ a[i, k] · b[k, j]
  ///
  /// Loops in i-k-j order: each a[i, k] is multiplied into row k of `b` and added to row i
  /// of the result, so the inner loop streams two contiguous rows and vectorises. Each
  /// sum is accumulated in increasing k, the same order as the textbook triple loop.
  /// When `b` has at most ``narrowWidth`` columns, the result is `a · (bᵀ)ᵀ` computed as
  /// dot products instead (see ``timesTransposed(_:)``); when `a` has at most that many,
  /// the register-blocked short product adds the same terms in the same order.
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    require(
      a.columns == b.rows,
      "matrix product needs a.columns == b.rows, got \(a.shapeDescription) * \(b.shapeDescription)"
    )
    if b.columns <= narrowWidth {
      return a.timesTransposed(b.transposed)
    }
    if a.columns <= narrowWidth {
      return shortProduct(m: a.rows, k: a.columns, n: b.columns, a: a.storage, b: b.storage)
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
  /// small result: (aᵀ · b) = (bᵀ · a)ᵀ, summed in the same increasing k. That, and `a`
  /// with at most that many columns (`xᵀ · dOut` for two inputs), are the register-blocked
  /// transposed short product, again in the same order.
  public func transposedTimes(_ b: Matrix) -> Matrix {
    require(
      rows == b.rows,
      "aᵀ · b needs a.rows == b.rows, got \(shapeDescription)ᵀ * \(b.shapeDescription)")
    if b.columns <= Matrix.narrowWidth {
      return Matrix.transposedShortProduct(
        rows: rows, r: b.columns, n: columns, a: b.storage, b: storage
      ).transposed
    }
    if columns <= Matrix.narrowWidth {
      return Matrix.transposedShortProduct(
        rows: rows, r: columns, n: b.columns, a: storage, b: b.storage)
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

  /// The widest result computed as dot products rather than by streaming rows, and the
  /// longest shared dimension for the short products.
  ///
  ///     n ≤ narrowWidth  →  c[i, j] = row i of a · column j of b
  ///     k ≤ narrowWidth  →  the rows of b (or of the narrow operand) stay in registers
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

  /// The product of an m×k operand `a` and the k×n row-major `b`, an m×n matrix, plus a
  /// 1×n `bias` row when one is given.
  ///
  ///     c[i, j] = (Σₚ a(i, p) · b[p, j]) + bias[j],   a(i, p) = a[i · aStride.row + p · aStride.inner]
  ///
  /// The strides let one loop serve both `a · b` (row, inner) = (k, 1) and `aᵀ · b`
  /// (row, inner) = (1, m); the element of `a` is a scalar in the inner loop, so its stride
  /// costs nothing there. Each row of `c` gets rows of `b` four at a time, which saves
  /// most loads and stores of `c`, and the parentheses keep the additions in increasing p,
  /// exactly as the one-row-at-a-time loop would add them. The bias is added last, in the
  /// same pass as the last group of rows, so `affine(x, w, b)` equals `x * w + b` exactly.
  ///
  /// The rows of `b` are taken in blocks of about 32 KB, each used by every row of `c`
  /// before the next: `b` is read from memory once even when it is large (`xᵀ · dOut`).
  /// The first block writes `c`, starting each sum from 0 as the triple loop does, so `c`
  /// needs no zero fill; the next blocks add to it.
  static func product(
    m: Int,
    k: Int,
    n: Int,
    a: [Double],
    aStride: (row: Int, inner: Int),
    b: [Double],
    bias: [Double]? = nil
  ) -> Matrix {
    guard k > 0 else {
      return Matrix(rows: m, columns: n) { c in
        for index in c.indices {
          c[index] = bias.map { 0 + $0[index % n] } ?? 0
        }
      }
    }
    let rowsOfB = max(4, 4096 / max(n, 1) / 4 * 4)
    return Matrix(rows: m, columns: n) { c in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          withElements(of: bias) { bias in
            guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else {
              return
            }
            for blockStart in stride(from: 0, to: k, by: rowsOfB) {
              let blockEnd = min(blockStart + rowsOfB, k)
              for i in 0..<m {
                addRow(
                  into: c + i * n, n: n, from: blockStart, to: blockEnd,
                  overwriting: blockStart == 0, a: a + i * aStride.row, aStride: aStride.inner,
                  b: b, bias: blockEnd == k ? bias : nil)
              }
            }
          }
        }
      }
    }
  }

  /// Adds Σₚ a(i, p) · b[p, ·] over p in `start..<end` into the row `cRow` of length n,
  /// or writes the sum when `overwriting` (the row is still uninitialised), then adds
  /// `bias` when there is one.
  ///
  ///     cRow[j] ← ((overwriting ? 0 : cRow[j]) + Σₚ aRow[p · aStride] · b[p · n + j]) + bias[j]
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
    b: UnsafePointer<Double>,
    bias: UnsafePointer<Double>?
  ) {
    func s(_ p: Int) -> Double { aRow[p * aStride] }
    func bRow(_ p: Int) -> UnsafePointer<Double> { b + p * n }
    // cRow[j] = finish(j, initial(j) + the terms of rows p..<p + count), count in 1...4.
    func addGroup(
      at p: Int, count: Int, to initial: (Int) -> Double, then finish: (Int, Double) -> Double
    ) {
      switch count {
      case 1:
        let (s0, b0) = (s(p), bRow(p))
        for j in 0..<n {
          cRow[j] = finish(j, initial(j) + s0 * b0[j])
        }
      case 2:
        let (s0, s1) = (s(p), s(p + 1))
        let (b0, b1) = (bRow(p), bRow(p + 1))
        for j in 0..<n {
          cRow[j] = finish(j, (initial(j) + s0 * b0[j]) + s1 * b1[j])
        }
      case 3:
        let (s0, s1, s2) = (s(p), s(p + 1), s(p + 2))
        let (b0, b1, b2) = (bRow(p), bRow(p + 1), bRow(p + 2))
        for j in 0..<n {
          cRow[j] = finish(j, ((initial(j) + s0 * b0[j]) + s1 * b1[j]) + s2 * b2[j])
        }
      default:
        let (s0, s1, s2, s3) = (s(p), s(p + 1), s(p + 2), s(p + 3))
        let (b0, b1, b2, b3) = (bRow(p), bRow(p + 1), bRow(p + 2), bRow(p + 3))
        for j in 0..<n {
          cRow[j] = finish(j, (((initial(j) + s0 * b0[j]) + s1 * b1[j]) + s2 * b2[j]) + s3 * b3[j])
        }
      }
    }
    var p = start
    while p < end {
      let count = min(4, end - p)
      // Sums start from 0 as in the triple loop (0 + x, so that a −0 term gives +0). Each
      // case spells its closures out, so that every loop compiles without the others' work.
      switch (overwriting && p == start, p + count == end ? bias : nil) {
      case (true, nil): addGroup(at: p, count: count, to: { _ in 0 }, then: { _, x in x })
      case (true, let bias?):
        addGroup(at: p, count: count, to: { _ in 0 }, then: { j, x in x + bias[j] })
      case (false, nil): addGroup(at: p, count: count, to: { j in cRow[j] }, then: { _, x in x })
      case (false, let bias?):
        addGroup(at: p, count: count, to: { j in cRow[j] }, then: { j, x in x + bias[j] })
      }
      p += count
    }
  }

  /// The `m×n` matrix of dot products of the rows of `a` (m×k) with the rows of `b` (n×k),
  /// plus a 1×n `bias` row when one is given.
  ///
  ///     c[i, j] = (Σₚ a[i, p] · b[j, p]) + bias[j]
  ///
  /// Takes four rows of `a` and up to four rows of `b` at a time, so that each load from
  /// either serves four sums.
  static func dotProducts(
    _ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, bias: [Double]? = nil
  ) -> Matrix {
    guard k > 0 else { return product(m: m, k: 0, n: n, a: a, aStride: (k, 1), b: b, bias: bias) }
    return Matrix(rows: m, columns: n) { c in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          withElements(of: bias) { bias in
            guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else {
              return
            }
            // Rows i … i + 3 of a, and j … j + 3 of b; past the last row, the last row again
            // (and unused).
            func aRows(_ i: Int) -> FourRows {
              (
                a + min(i, m - 1) * k, a + min(i + 1, m - 1) * k,
                a + min(i + 2, m - 1) * k, a + min(i + 3, m - 1) * k
              )
            }
            func bRows(_ j: Int) -> FourRows {
              (
                b + min(j, n - 1) * k, b + min(j + 1, n - 1) * k,
                b + min(j + 2, n - 1) * k, b + min(j + 3, n - 1) * k
              )
            }
            // Writes row `i` of the sums into c[i, j..<j + width], adding the bias.
            func write(_ sums: SIMD4<Double>, row i: Int, from j: Int, width: Int) {
              for lane in 0..<width {
                let sum = sums[lane]
                c[i * n + j + lane] = bias.map { sum + $0[j + lane] } ?? sum
              }
            }
            for i in stride(from: 0, to: m, by: 4) {
              for j in stride(from: 0, to: n, by: 4) {
                // Literal sizes in each call, so each compiles to a loop without the others.
                let width = min(4, n - j)
                let columns = bRows(j)
                guard i + 4 <= m else {
                  // The last rows of a, one at a time.
                  for row in i..<m {
                    let sums = dots(of: aRows(row), height: 1, with: columns, width: 4, count: k)
                    write(sums.0, row: row, from: j, width: width)
                  }
                  continue
                }
                let rows = aRows(i)
                let sums: FourSums
                switch width {
                case 1: sums = dots(of: rows, height: 4, with: columns, width: 1, count: k)
                case 2: sums = dots(of: rows, height: 4, with: columns, width: 2, count: k)
                case 3: sums = dots(of: rows, height: 4, with: columns, width: 3, count: k)
                default: sums = dots(of: rows, height: 4, with: columns, width: 4, count: k)
                }
                write(sums.0, row: i, from: j, width: width)
                write(sums.1, row: i + 1, from: j, width: width)
                write(sums.2, row: i + 2, from: j, width: width)
                write(sums.3, row: i + 3, from: j, width: width)
              }
            }
          }
        }
      }
    }
  }

  /// Four row pointers.
  private typealias FourRows = (
    UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>
  )

  /// Four rows of four sums.
  private typealias FourSums = (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>)

  /// The dot products of the first `height` rows of `a` with the first `width` rows of `b`,
  /// each `count` long: row r of the result holds those of a.r in its first `width` lanes.
  ///
  ///     sums[r][s] = Σₚ a.r[p] · b.s[p],   p < count, r < height, s < width
  ///
  /// Each sum is kept in eight partial sums, over p mod 8, in one vector (one register
  /// with AVX-512); those are folded to four (lanes q and q + 4 added), which take the
  /// next four terms, then added as a tree, (q0 + q2) + (q1 + q3); the last count mod 4
  /// terms are added one at a time. That changes only the rounding: a sum differs from
  /// the one-term-at-a-time sum by at most about count · ε · Σₚ |a.r[p] · b.s[p]|.
  @inline(__always)
  private static func dots(
    of a: FourRows, height: Int, with b: FourRows, width: Int, count: Int
  ) -> FourSums {
    // Adds x times each of the first `width` vectors of b to the matching sums.
    @inline(__always)
    func add<Vector: SIMD>(
      _ x: Vector, times b: (Vector, Vector, Vector, Vector),
      to sums: inout (Vector, Vector, Vector, Vector)
    ) where Vector.Scalar == Double {
      sums.0 += x * b.0
      if width > 1 { sums.1 += x * b.1 }
      if width > 2 { sums.2 += x * b.2 }
      if width > 3 { sums.3 += x * b.3 }
    }
    // Adds the terms p..<p + Vector.scalarCount of every row of a times every row of b.
    @inline(__always)
    func addChunk<Vector: SIMD>(
      at p: Int,
      to rows:
        inout (
          (Vector, Vector, Vector, Vector), (Vector, Vector, Vector, Vector),
          (Vector, Vector, Vector, Vector), (Vector, Vector, Vector, Vector)
        )
    ) where Vector.Scalar == Double {
      // The terms p..<p + Vector.scalarCount of `row`. With the standard library's load, not
      // `UnsafePointer.load(_:at:)`: a generic function of another file is not specialised
      // in a build without whole-module optimisation (debug builds), and an unspecialised
      // load looks up type metadata for every vector.
      @inline(__always)
      func load(_ row: UnsafePointer<Double>) -> Vector {
        UnsafeRawPointer(row + p).loadUnaligned(as: Vector.self)
      }
      let columns = (load(b.0), load(b.1), load(b.2), load(b.3))
      add(load(a.0), times: columns, to: &rows.0)
      if height > 1 { add(load(a.1), times: columns, to: &rows.1) }
      if height > 2 { add(load(a.2), times: columns, to: &rows.2) }
      if height > 3 { add(load(a.3), times: columns, to: &rows.3) }
    }
    typealias Eight = SIMD8<Double>
    typealias Four = SIMD4<Double>
    let zero = (Eight(), Eight(), Eight(), Eight())
    var eights = (zero, zero, zero, zero)
    var p = 0
    while p + 8 <= count {
      addChunk(at: p, to: &eights)
      p += 8
    }
    func fold(_ v: (Eight, Eight, Eight, Eight)) -> (Four, Four, Four, Four) {
      (
        v.0.lowHalf + v.0.highHalf, v.1.lowHalf + v.1.highHalf, v.2.lowHalf + v.2.highHalf,
        v.3.lowHalf + v.3.highHalf
      )
    }
    var fours = (fold(eights.0), fold(eights.1), fold(eights.2), fold(eights.3))
    if p + 4 <= count {
      addChunk(at: p, to: &fours)
      p += 4
    }
    func total(_ v: (Four, Four, Four, Four)) -> Four {
      func tree(_ x: Four) -> Double {
        let pair = x.lowHalf + x.highHalf
        return pair[0] + pair[1]
      }
      return Four(tree(v.0), tree(v.1), tree(v.2), tree(v.3))
    }
    var totals = (total(fours.0), total(fours.1), total(fours.2), total(fours.3))
    while p < count {
      let column = Four(b.0[p], b.1[p], b.2[p], b.3[p])
      totals.0 += a.0[p] * column
      if height > 1 { totals.1 += a.1[p] * column }
      if height > 2 { totals.2 += a.2[p] * column }
      if height > 3 { totals.3 += a.3[p] * column }
      p += 1
    }
    return totals
  }
}
