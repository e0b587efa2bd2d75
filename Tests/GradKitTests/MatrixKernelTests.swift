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
  ]
}

/// The fast kernels against the plainest possible loops, on seeded random matrices.
///
/// Each entry must match to 1e-12 of Σₖ |a[i, k] · b[k, j]|, the size of the terms being
/// added: a different summation order could move a sum by about k · ε times that
/// (k ≤ 40, ε ≈ 2.2e-16, so below 1e-14), and a wrong index moves it by a whole term.
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

  @Test("products with an empty inner dimension are zero")
  func emptyInnerDimension() {
    let a = Matrix.zeros(rows: 2, columns: 0)
    let b = Matrix.zeros(rows: 0, columns: 3)
    #expect(a * b == Matrix.zeros(rows: 2, columns: 3))
    #expect(b.transposedTimes(b) == Matrix.zeros(rows: 3, columns: 3))
    #expect(a.timesTransposed(a) == Matrix.zeros(rows: 2, columns: 2))
  }
}
