import GradKit
import Testing

/// The shapes of a product `(m×k) · (k×n)`, named for the test list.
struct ProductShape: CustomTestStringConvertible, Sendable {
  let m: Int
  let k: Int
  let n: Int

  var testDescription: String { "\(m)×\(k) · \(k)×\(n)" }

  static let cases: [ProductShape] = [
    ProductShape(m: 1, k: 1, n: 1),
    ProductShape(m: 1, k: 7, n: 1),
    ProductShape(m: 1, k: 5, n: 9),
    ProductShape(m: 9, k: 5, n: 1),
    ProductShape(m: 6, k: 1, n: 8),
    ProductShape(m: 3, k: 4, n: 5),
    ProductShape(m: 17, k: 33, n: 9),
    ProductShape(m: 40, k: 40, n: 40),
    ProductShape(m: 70, k: 3, n: 35),
    // Around the narrow width, where a result becomes dot products.
    ProductShape(m: 7, k: 6, n: 4),
    ProductShape(m: 7, k: 6, n: 5),
    // More rows of b than one block of the row-streaming loop holds.
    ProductShape(m: 5, k: 43, n: 100),
    ProductShape(m: 3, k: 1000, n: 5),
    // One side at most four wide, with row counts that leave part of a block (32 rows) or
    // of a group of four, and widths that leave chunks of 16, 8, 4 and single columns.
    ProductShape(m: 37, k: 1, n: 31),
    ProductShape(m: 33, k: 4, n: 13),
    ProductShape(m: 65, k: 3, n: 100),
    ProductShape(m: 4, k: 70, n: 31),
    ProductShape(m: 1, k: 33, n: 24),
    ProductShape(m: 3, k: 65, n: 13),
    ProductShape(m: 31, k: 70, n: 4),
    ProductShape(m: 7, k: 15, n: 2),
    ProductShape(m: 9, k: 100, n: 3),
    ProductShape(m: 6, k: 20, n: 4),
    ProductShape(m: 3, k: 12, n: 1),
    // The spiral network's products at N = 100 points per class.
    ProductShape(m: 300, k: 2, n: 100),  // X · W1
    ProductShape(m: 300, k: 100, n: 3),  // hidden · W2
    ProductShape(m: 100, k: 300, n: 3),  // hiddenᵀ · dScores
    ProductShape(m: 300, k: 3, n: 100),  // dScores · W2ᵀ
    ProductShape(m: 2, k: 300, n: 100),  // Xᵀ · dZ
  ]

  /// Whether `a * b` streams rows for this shape rather than taking dot products: the
  /// engine computes results at most four columns wide as dot products.
  var streamsRows: Bool { n > 4 }
}

/// The fast kernels against the plainest possible loops, on seeded random matrices.
///
/// Each entry must match to 1e-12 of Σₖ |a[i, k] · b[k, j]|, the size of the terms being
/// added: a different summation order could move a sum by about k · ε times that
/// (k ≤ 1000, ε ≈ 2.2e-16, so below 2.3e-13), and a wrong index moves it by a whole term.
/// The row-streaming loops add in the triple loop's order, so they must match exactly.
@Suite("Matrix · fast kernels agree with triple loops")
struct MatrixKernelTests {
  static let relativeTolerance = 1e-12

  /// The textbook product, element by element through the subscript.
  static func referenceProduct(_ a: Matrix, _ b: Matrix) -> (product: Matrix, scale: Matrix) {
    var product = Matrix.zeros(rows: a.rows, columns: b.columns)
    var scale = Matrix.zeros(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
      for j in 0..<b.columns {
        for k in 0..<a.columns {
          product[i, j] += a[i, k] * b[k, j]
          scale[i, j] += abs(a[i, k] * b[k, j])
        }
      }
    }
    return (product, scale)
  }

  static func referenceTranspose(_ a: Matrix) -> Matrix {
    var t = Matrix.zeros(rows: a.columns, columns: a.rows)
    for i in 0..<a.rows {
      for j in 0..<a.columns {
        t[j, i] = a[i, j]
      }
    }
    return t
  }

  static func expectClose(
    _ got: Matrix,
    _ reference: (product: Matrix, scale: Matrix),
    _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(got.shape == reference.product.shape, "\(what): shape", sourceLocation: sourceLocation)
    guard got.shape == reference.product.shape else { return }
    for index in got.storage.indices {
      let error = abs(got.storage[index] - reference.product.storage[index])
      let allowed = relativeTolerance * reference.scale.storage[index]
      let expected = reference.product.storage[index]
      #expect(
        error <= allowed,
        "\(what) at flat index \(index): expected \(expected), got \(got.storage[index])",
        sourceLocation: sourceLocation)
    }
  }

  static func operands(_ shape: ProductShape) -> (a: Matrix, b: Matrix) {
    var generator = SeededGenerator(seed: UInt64(1000 * shape.m + 100 * shape.k + shape.n))
    return (
      Matrix.gaussian(rows: shape.m, columns: shape.k, using: &generator),
      Matrix.gaussian(rows: shape.k, columns: shape.n, using: &generator)
    )
  }

  @Test("a * b", arguments: ProductShape.cases)
  func product(_ shape: ProductShape) {
    let (a, b) = Self.operands(shape)
    Self.expectClose(a * b, Self.referenceProduct(a, b), "a * b")
  }

  @Test("transposed", arguments: ProductShape.cases)
  func transposed(_ shape: ProductShape) {
    let (a, b) = Self.operands(shape)
    #expect(a.transposed == Self.referenceTranspose(a))
    #expect(b.transposed == Self.referenceTranspose(b))
    #expect(a.transposed.transposed == a)
  }

  @Test("a.transposedTimes(b) is aᵀ · b", arguments: ProductShape.cases)
  func transposedTimes(_ shape: ProductShape) {
    let (a, b) = Self.operands(shape)
    let aT = Self.referenceTranspose(a)  // k×m, so aTᵀ · b is a · b
    Self.expectClose(aT.transposedTimes(b), Self.referenceProduct(a, b), "aᵀ · b")
  }

  @Test("a.timesTransposed(b) is a · bᵀ", arguments: ProductShape.cases)
  func timesTransposed(_ shape: ProductShape) {
    let (a, b) = Self.operands(shape)
    let bT = Self.referenceTranspose(b)  // n×k, so a · bTᵀ is a · b
    Self.expectClose(a.timesTransposed(bT), Self.referenceProduct(a, b), "a · bᵀ")
  }

  @Test("row-streaming products add in the triple loop's order", arguments: ProductShape.cases)
  func rowStreamingIsExact(_ shape: ProductShape) {
    let (a, b) = Self.operands(shape)
    let reference = Self.referenceProduct(a, b).product
    // aᵀ · b streams rows whatever the width: the rows of a, or for a narrow b the rows of aᵀ.
    #expect(Self.referenceTranspose(a).transposedTimes(b) == reference, "aᵀ · b")
    if shape.streamsRows {
      #expect(a * b == reference, "a * b")
      #expect(a.timesTransposed(Self.referenceTranspose(b)) == reference, "a · bᵀ")
    }
  }

  @Test("affine(x, w, b) is x * w + b, bit for bit", arguments: ProductShape.cases)
  func affineIsProductPlusBias(_ shape: ProductShape) {
    let (a, b) = Self.operands(shape)
    var generator = SeededGenerator(seed: UInt64(shape.n))
    let bias = Matrix.gaussian(rows: 1, columns: shape.n, using: &generator)
    // The kernels add the bias last, in the pass that writes the product, so the fused
    // result must equal the two-pass one exactly.
    #expect(affine(a, b, bias) == a * b + bias)
  }

  @Test("products with an empty inner dimension are zero")
  func emptyInnerDimension() {
    let a = Matrix.zeros(rows: 2, columns: 0)
    let b = Matrix.zeros(rows: 0, columns: 3)
    #expect(a * b == Matrix.zeros(rows: 2, columns: 3))
    #expect(b.transposedTimes(b) == Matrix.zeros(rows: 3, columns: 3))
    #expect(a.timesTransposed(a) == Matrix.zeros(rows: 2, columns: 2))
    let bias = Matrix(row: [1, -2, 3])
    #expect(affine(a, b, bias) == Matrix([[1, -2, 3], [1, -2, 3]]))
  }
}

/// The elementwise loops and reductions against plain loops through the subscript, on a
/// seeded matrix the size of the spiral network's hidden layer. Each element is computed
/// by the same operations in the same order, so they must match exactly.
@Suite("Matrix · elementwise loops and reductions agree with plain loops")
struct MatrixElementwiseKernelTests {
  static let rows = 300
  static let columns = 100

  static func operands() -> (a: Matrix, b: Matrix, row: Matrix) {
    var generator = SeededGenerator(seed: 300_100)
    return (
      Matrix.gaussian(rows: rows, columns: columns, using: &generator),
      Matrix.gaussian(rows: rows, columns: columns, using: &generator),
      Matrix.gaussian(rows: 1, columns: columns, using: &generator)
    )
  }

  /// `f` applied at every index, through the subscript.
  static func elementwise(_ f: (Int, Int) -> Double) -> Matrix {
    var result = Matrix.zeros(rows: rows, columns: columns)
    for i in 0..<rows {
      for j in 0..<columns {
        result[i, j] = f(i, j)
      }
    }
    return result
  }

  @Test("map and zipMap")
  func mapAndZipMap() {
    let (a, b, _) = Self.operands()
    #expect(a.map { $0 > 0 ? $0 : 0 } == Self.elementwise { i, j in a[i, j] > 0 ? a[i, j] : 0 })
    #expect(
      a.zipMap(b) { x, y in y > 0 ? x : 0 }
        == Self.elementwise { i, j in b[i, j] > 0 ? a[i, j] : 0 })
  }

  @Test("sums, differences and products, equal shapes and broadcast rows")
  func combinations() {
    let (a, b, row) = Self.operands()
    #expect(a + b == Self.elementwise { i, j in a[i, j] + b[i, j] })
    #expect(a - b == Self.elementwise { i, j in a[i, j] - b[i, j] })
    #expect(a .* b == Self.elementwise { i, j in a[i, j] * b[i, j] })
    #expect(a + row == Self.elementwise { i, j in a[i, j] + row[0, j] })
    #expect(a - row == Self.elementwise { i, j in a[i, j] - row[0, j] })
  }

  @Test("an operator that writes over its left operand leaves a shared one unchanged")
  func sharedLeftOperand() {
    let (a, b, row) = Self.operands()
    let copy = Matrix(rows: a.rows, columns: a.columns, storage: Array(a.storage))
    let results = [a + b, a - row, a .* b, a .* (b > 0)]
    #expect(a == copy)
    #expect(results.allSatisfy { $0 != a })
    var c = a
    c += b
    #expect(a == copy)
    #expect(c == results[0])
  }

  @Test("g .* (z > t) keeps g where z is above t and is 0 elsewhere")
  func indicatorMask() {
    let (g, z, _) = Self.operands()
    for threshold in [0.0, 0.5, -1] {
      let masked = g .* (z > threshold)
      #expect(masked == Self.elementwise { i, j in z[i, j] > threshold ? g[i, j] : 0 })
    }
  }

  @Test("the mask is a select: 0 where z is not above t, even for g = ±∞ or NaN")
  func indicatorSpecialValues() {
    let g = Matrix(row: [.infinity, -.infinity, .nan, 2, -0.0, 5])
    let z = Matrix(row: [0, -1, .nan, .infinity, 1, -.infinity])
    let masked = g .* (z > 0)
    // Only columns 3 and 4 pass (z = ∞ and 1): the others are exactly +0, never NaN.
    #expect(masked.storage[0..<3] == [0, 0, 0])
    #expect(masked.storage[3] == 2)
    #expect(masked.storage[4] == 0 && masked.storage[4].sign == .minus)
    #expect(masked.storage[5] == 0 && masked.storage[5].sign == .plus)
  }

  @Test("column sums over part of a block and chunks of 16, 8, 4 and 1 columns")
  func columnSumsWithRemainders() {
    var generator = SeededGenerator(seed: 70_031)
    let a = Matrix.gaussian(rows: 70, columns: 31, using: &generator)
    var sums = Matrix.zeros(rows: 1, columns: 31)
    for i in 0..<70 {
      for j in 0..<31 {
        sums[0, j] += a[i, j]
      }
    }
    #expect(a.columnSums() == sums)
  }

  @Test("column sums, row maxima and argmax")
  func reductions() {
    let (a, _, _) = Self.operands()
    var sums = Matrix.zeros(rows: 1, columns: Self.columns)
    var maxima = [Double](repeating: -.infinity, count: Self.rows)
    var argmax = [Int](repeating: 0, count: Self.rows)
    for i in 0..<Self.rows {
      for j in 0..<Self.columns {
        sums[0, j] += a[i, j]
        maxima[i] = max(maxima[i], a[i, j])
        if a[i, j] > a[i, argmax[i]] {
          argmax[i] = j
        }
      }
    }
    #expect(a.columnSums() == sums)
    #expect(a.rowMaxima() == maxima)
    #expect(a.argmaxPerRow() == argmax)
  }
}
