// The products in which one side is at most four wide (``Matrix/narrowWidth``): a layer
// with two inputs (X·W1, Xᵀ·dZ) or three classes (dS·W2ᵀ, Hᵀ·dS). They are most of a small
// network's work, and the general loops spend it loading and storing the result rather
// than multiplying.
//
// Each kernel keeps a few vectors of eight doubles (one AVX-512 register, two AVX ones)
// in registers across many rows, then a vector of four for the next four columns, and
// adds in exactly the order of the textbook loop: every result equals the triple loop's,
// bit for bit. Rows come in blocks of about 25 KB, so that a block is read from memory
// once and then from the L1 cache. Index arithmetic wraps (`&*`, `&+`): the indices are
// below the element counts of arrays that exist, so they cannot overflow, and the
// overflow checks would cost as much as the arithmetic.

// `load` and `store` are for this file's kernels only: a generic function called from another
// file is not specialised in a build without whole-module optimisation (the engine's debug
// build), and an unspecialised load looks up type metadata for every vector.
extension UnsafePointer<Double> {
  /// The vector of doubles from `offset` on.
  @inline(__always)
  fileprivate func load<Vector: SIMD>(_: Vector.Type, at offset: Int) -> Vector
  where Vector.Scalar == Double {
    UnsafeRawPointer(self + offset).loadUnaligned(as: Vector.self)
  }
}

extension UnsafeMutablePointer<Double> {
  /// Writes a vector of doubles from `offset` on.
  @inline(__always)
  fileprivate func store<Vector: SIMD>(_ value: Vector, at offset: Int)
  where Vector.Scalar == Double {
    UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: Vector.self)
  }
}

/// Calls `body` with a pointer to the elements of `array`, or with nil when there is none.
///
/// Not `(array ?? []).withUnsafeBufferPointer`: the buffer of an empty array may still
/// have a base address, which would read as a bias.
@inline(__always)
func withElements<Result>(
  of array: [Double]?, _ body: (UnsafePointer<Double>?) -> Result
) -> Result {
  guard let array else { return body(nil) }
  return array.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension Matrix {
  /// Rows of the long operand in one block: 32 rows of 100 doubles are 25 KB.
  static let blockRows = 32

  /// The product of an m×k `a` and a k×n `b` for k ≤ 4, plus a 1×n `bias` if given.
  ///
  ///     c[i, j] = (((0 + a[i, 0] · b[0, j]) + a[i, 1] · b[1, j]) + …) + bias[j]
  ///
  /// Each row of c is a sum of k scaled rows of b. For each chunk of eight columns, the
  /// chunks of the k rows of `b` and of the bias stay in registers while a block of rows
  /// of c is written, so each element of c costs k multiplies, k + 1 additions and one
  /// store. Then a chunk of four, and the last n mod 4 columns one at a time.
  static func shortProduct(
    m: Int, k: Int, n: Int, a: [Double], b: [Double], bias: [Double]? = nil
  ) -> Matrix {
    Matrix(rows: m, columns: n) { c in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          withElements(of: bias) { bias in
            // a and b are empty only when m or n is 0 (k > 0 here), and then so is c.
            guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else {
              return
            }
            switch k {
            case 1: shortProduct(width: 1, m: m, n: n, a: a, b: b, bias: bias, c: c)
            case 2: shortProduct(width: 2, m: m, n: n, a: a, b: b, bias: bias, c: c)
            case 3: shortProduct(width: 3, m: m, n: n, a: a, b: b, bias: bias, c: c)
            default: shortProduct(width: 4, m: m, n: n, a: a, b: b, bias: bias, c: c)
            }
          }
        }
      }
    }
  }

  /// ``shortProduct(m:k:n:a:b:bias:)`` for k = `width`, a literal at each call so that
  /// each compiles to its own loops.
  @inline(__always)
  private static func shortProduct(
    width k: Int,
    m: Int,
    n: Int,
    a: UnsafePointer<Double>,
    b: UnsafePointer<Double>,
    bias: UnsafePointer<Double>?,
    c: UnsafeMutablePointer<Double>
  ) {
    // Columns j..<j + Vector.scalarCount of rows `rows` of c.
    @inline(__always)
    func chunk<Vector: SIMD>(_: Vector.Type, at j: Int, rows: Range<Int>)
    where Vector.Scalar == Double {
      let b0 = b.load(Vector.self, at: j)
      let b1 = k > 1 ? (b + n).load(Vector.self, at: j) : Vector()
      let b2 = k > 2 ? (b + 2 &* n).load(Vector.self, at: j) : Vector()
      let b3 = k > 3 ? (b + 3 &* n).load(Vector.self, at: j) : Vector()
      let offset = bias?.load(Vector.self, at: j)
      for i in rows {
        let aRow = a + i &* k
        var sum = Vector() + aRow[0] * b0
        if k > 1 { sum += aRow[1] * b1 }
        if k > 2 { sum += aRow[2] * b2 }
        if k > 3 { sum += aRow[3] * b3 }
        if let offset { sum += offset }
        (c + i &* n).store(sum, at: j)
      }
    }
    for blockStart in stride(from: 0, to: m, by: blockRows) {
      let rows = blockStart..<min(blockStart + blockRows, m)
      var j = 0
      while j + 8 <= n {
        chunk(SIMD8<Double>.self, at: j, rows: rows)
        j += 8
      }
      if j + 4 <= n {
        chunk(SIMD4<Double>.self, at: j, rows: rows)
        j += 4
      }
      for i in rows where j < n {
        let aRow = a + i &* k
        for column in j..<n {
          var sum = 0 + aRow[0] * b[column]
          for p in 1..<k {
            sum += aRow[p] * b[p &* n &+ column]
          }
          c[i &* n &+ column] = bias.map { sum + $0[column] } ?? sum
        }
      }
    }
  }

  /// The product aᵀ·b of an M×r `a` with r ≤ 4 and an M×n `b`, an r×n matrix.
  ///
  ///     c[r, j] = ((0 + a[0, r] · b[0, j]) + a[1, r] · b[1, j]) + …      i = 0, 1, … M − 1
  ///
  /// Each row of c is a weighted sum of all the rows of b. Chunks of sixteen columns of
  /// c are kept in 2·r registers while a block of rows of b goes by, each row adding its
  /// chunk times a[i, r]; they go back to c between blocks, and every sum still runs in
  /// increasing i. Then chunks of eight and four, and the last n mod 4 columns one at a
  /// time. `b` is read once, block by block, however long it is.
  static func transposedShortProduct(
    rows m: Int, r: Int, n: Int, a: [Double], b: [Double]
  ) -> Matrix {
    Matrix(rows: r, columns: n) { c in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          guard let c = c.baseAddress else { return }
          // Every sum starts from 0, as in the triple loop: with no rows (m = 0) it stays 0.
          c.update(repeating: 0, count: r * n)
          guard let a = a.baseAddress, let b = b.baseAddress else { return }
          switch r {
          case 1: transposedShortProduct(width: 1, m: m, n: n, a: a, b: b, c: c)
          case 2: transposedShortProduct(width: 2, m: m, n: n, a: a, b: b, c: c)
          case 3: transposedShortProduct(width: 3, m: m, n: n, a: a, b: b, c: c)
          default: transposedShortProduct(width: 4, m: m, n: n, a: a, b: b, c: c)
          }
        }
      }
    }
  }

  /// ``transposedShortProduct(rows:r:n:a:b:)`` for r = `width`, a literal at each call.
  @inline(__always)
  private static func transposedShortProduct(
    width r: Int,
    m: Int,
    n: Int,
    a: UnsafePointer<Double>,
    b: UnsafePointer<Double>,
    c: UnsafeMutablePointer<Double>
  ) {
    // Adds rows `rows` of the sums into columns j..<j + 2 · Vector.scalarCount of c: two
    // vectors a row of c, rows r … 3 unused and never read or written.
    @inline(__always)
    func chunk<Vector: SIMD>(_: Vector.Type, at j: Int, rows: Range<Int>)
    where Vector.Scalar == Double {
      let width = Vector.scalarCount
      func load(_ row: Int, _ offset: Int) -> Vector {
        row < r ? UnsafePointer(c + row &* n).load(Vector.self, at: offset) : Vector()
      }
      var low = (load(0, j), load(1, j), load(2, j), load(3, j))
      var high = (load(0, j + width), load(1, j + width), load(2, j + width), load(3, j + width))
      for i in rows {
        let (aRow, bRow) = (a + i &* r, b + i &* n)
        let (bLow, bHigh) = (bRow.load(Vector.self, at: j), bRow.load(Vector.self, at: j + width))
        low.0 += aRow[0] * bLow
        high.0 += aRow[0] * bHigh
        if r > 1 {
          low.1 += aRow[1] * bLow
          high.1 += aRow[1] * bHigh
        }
        if r > 2 {
          low.2 += aRow[2] * bLow
          high.2 += aRow[2] * bHigh
        }
        if r > 3 {
          low.3 += aRow[3] * bLow
          high.3 += aRow[3] * bHigh
        }
      }
      func store(_ row: Int, _ low: Vector, _ high: Vector) {
        guard row < r else { return }
        (c + row &* n).store(low, at: j)
        (c + row &* n).store(high, at: j + width)
      }
      store(0, low.0, high.0)
      store(1, low.1, high.1)
      store(2, low.2, high.2)
      store(3, low.3, high.3)
    }
    for blockStart in stride(from: 0, to: m, by: blockRows) {
      let rows = blockStart..<min(blockStart + blockRows, m)
      var j = 0
      while j + 16 <= n {
        chunk(SIMD8<Double>.self, at: j, rows: rows)
        j += 16
      }
      if j + 8 <= n {
        chunk(SIMD4<Double>.self, at: j, rows: rows)
        j += 8
      }
      if j + 4 <= n {
        chunk(SIMD2<Double>.self, at: j, rows: rows)
        j += 4
      }
      for column in j..<n {
        for row in 0..<r {
          var sum = c[row &* n &+ column]
          for i in rows {
            sum += a[i &* r &+ row] * b[i &* n &+ column]
          }
          c[row &* n &+ column] = sum
        }
      }
    }
  }
}
