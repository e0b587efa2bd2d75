import GradKit
import Testing

@Suite("Matrix · construction and indexing")
struct MatrixConstructionTests {
  @Test("nested arrays are read row by row")
  func fromRowArrays() {
    let m = Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(m.rows == 2 && m.columns == 3)
    #expect(m.storage == [1, 2, 3, 4, 5, 6])
    #expect(m[1, 0] == 4)
    #expect(m[0, 2] == 3)
    #expect(m.count == 6)
    #expect(m.shapeDescription == "2×3")
    #expect(m.shape == (rows: 2, columns: 3))
  }

  @Test("a row is 1×n and a column is n×1")
  func rowAndColumnVectors() {
    #expect(Matrix(row: [1, 2, 3]).shape == (1, 3))
    #expect(Matrix(column: [1, 2, 3]).shape == (3, 1))
    #expect(Matrix(row: [1, 2, 3]).storage == Matrix(column: [1, 2, 3]).storage)
  }

  @Test("zeros, ones and repeating fill every element")
  func filledMatrices() {
    #expect(Matrix.zeros(rows: 2, columns: 3).storage == Array(repeating: 0, count: 6))
    #expect(Matrix.ones(rows: 3, columns: 1).storage == [1, 1, 1])
    #expect(Matrix(rows: 1, columns: 2, repeating: 7) == Matrix([[7, 7]]))
    #expect(Matrix([]).shape == (0, 0))
  }

  @Test("the subscript writes the element it reads")
  func subscriptWrites() {
    var m = Matrix.zeros(rows: 2, columns: 2)
    m[1, 0] = 5
    #expect(m.storage == [0, 0, 5, 0])
  }

  @Test("row, column and gathered rows")
  func slicing() {
    let m = Matrix([[1, 2], [3, 4], [5, 6]])
    #expect(m.row(1) == [3, 4])
    #expect(m.column(1) == [2, 4, 6])
    #expect(m.rows([2, 0, 2]) == Matrix([[5, 6], [1, 2], [5, 6]]))
    #expect(m.rows([]).shape == (0, 2))
  }

  @Test("map and zipMap work element by element")
  func mapping() {
    let m = Matrix([[1, -2], [3, -4]])
    #expect(m.map { abs($0) } == Matrix([[1, 2], [3, 4]]))
    #expect(
      m.zipMap(Matrix([[1, 1], [2, 2]])) { $0 * 10 + $1 } == Matrix([[11, -19], [32, -38]]))
  }

  @Test("random matrices are filled row by row from the generator")
  func randomMatrices() {
    var a = SeededGenerator(seed: 5)
    var b = SeededGenerator(seed: 5)
    let g = Matrix.gaussian(rows: 2, columns: 3, standardDeviation: 0.5, using: &a)
    #expect(g.storage == (0..<6).map { _ in 0.5 * b.gaussian() })
    let u = Matrix.uniform(rows: 3, columns: 2, in: -2...2, using: &a)
    #expect(u.storage == (0..<6).map { _ in b.uniform(in: -2...2) })
    #expect(u.storage.allSatisfy { (-2...2).contains($0) })
  }

  @Test("the description shows the shape and the rows, eliding the middle of big matrices")
  func description() {
    #expect(
      Matrix([[1, -2.5], [0.25, 4]]).description == "2×2 matrix\n[ 1     -2.5 ]\n[ 0.25  4    ]")
    let big = Matrix(rows: 10, columns: 10, repeating: 1).description
    let lines = big.split(separator: "\n")
    #expect(lines.first == "10×10 matrix")
    #expect(lines.count == 1 + 7)
    #expect(lines[1] == "[ 1  1  1  …  1  1  1 ]")
    #expect(lines[4] == "[ …  …  …  …  …  …  … ]")
  }
}

@Suite("Matrix · arithmetic and broadcasting")
struct MatrixArithmeticTests {
  let a = Matrix([[1, 2], [3, 4]])

  @Test("the matrix product sums rows of a against columns of b")
  func product() {
    #expect(a * Matrix([[5, 6], [7, 8]]) == Matrix([[19, 22], [43, 50]]))
    let tall = Matrix([[1, 2, 3], [4, 5, 6]]) * Matrix(column: [1, 0, -1])
    #expect(tall == Matrix(column: [-2, -2]))
    #expect(Matrix(row: [1, 2]) * Matrix(column: [3, 4]) == Matrix([[11]]))
    #expect(Matrix(column: [1, 2]) * Matrix(row: [3, 4]) == Matrix([[3, 4], [6, 8]]))
  }

  @Test("the transpose swaps rows and columns")
  func transpose() {
    #expect(Matrix([[1, 2, 3], [4, 5, 6]]).transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
    #expect(Matrix(row: [1, 2]).transposed == Matrix(column: [1, 2]))
  }

  @Test("the fused products equal the products with an explicit transpose")
  func fusedProducts() {
    let b = Matrix([[1, 0, 2], [-1, 3, 1]])
    #expect(a.transposedTimes(b) == Matrix([[-2, 9, 5], [-2, 12, 8]]))
    #expect(a.transposedTimes(b) == a.transposed * b)
    let c = Matrix([[2, 1], [0, -1], [1, 1]])
    #expect(a.timesTransposed(c) == Matrix([[4, -2, 3], [10, -4, 7]]))
    #expect(a.timesTransposed(c) == a * c.transposed)
  }

  @Test("the elementwise product multiplies matching elements")
  func hadamard() {
    #expect(a .* Matrix([[2, 0], [-1, 0.5]]) == Matrix([[2, 0], [-3, 2]]))
  }

  @Test("matrices of equal shape add and subtract elementwise")
  func sameShape() {
    #expect(a + Matrix([[10, 20], [30, 40]]) == Matrix([[11, 22], [33, 44]]))
    #expect(a - Matrix([[1, 1], [1, 1]]) == Matrix([[0, 1], [2, 3]]))
  }

  @Test("a 1×columns right operand is added to every row (x · W + b)")
  func broadcast() {
    let bias = Matrix(row: [10, 20])
    #expect(a + bias == Matrix([[11, 22], [13, 24]]))
    #expect(a - bias == Matrix([[-9, -18], [-7, -16]]))
    var c = a
    c += bias
    #expect(c == Matrix([[11, 22], [13, 24]]))
    c -= bias
    #expect(c == a)
    let x = Matrix([[1, 0, 2], [0, 1, -1]])
    let w = Matrix([[1, 2], [3, 4], [5, 6]])
    #expect(x * w + Matrix(row: [0.5, -0.5]) == Matrix([[11.5, 13.5], [-1.5, -2.5]]))
  }

  @Test("scalars combine with every element")
  func scalars() {
    #expect(a + 1 == Matrix([[2, 3], [4, 5]]))
    #expect(1 + a == Matrix([[2, 3], [4, 5]]))
    #expect(a - 1 == Matrix([[0, 1], [2, 3]]))
    #expect(1 - a == Matrix([[0, -1], [-2, -3]]))
    #expect(2 * a == Matrix([[2, 4], [6, 8]]))
    #expect(a * 2 == Matrix([[2, 4], [6, 8]]))
    #expect(a / 4 == Matrix([[0.25, 0.5], [0.75, 1]]))
    #expect(-a == Matrix([[-1, -2], [-3, -4]]))
  }

  @Test("compound assignment changes the matrix in place")
  func compoundAssignment() {
    var m = a
    m += Matrix([[1, 1], [1, 1]])
    #expect(m == Matrix([[2, 3], [4, 5]]))
    m -= Matrix([[2, 2], [2, 2]])
    #expect(m == Matrix([[0, 1], [2, 3]]))
    m *= -2
    #expect(m == Matrix([[0, -2], [-4, -6]]))
  }

  @Test("dot multiplies matching entries and adds them")
  func dotProduct() {
    #expect(dot([1, 2, 3], [4, -5, 6]) == 12)
    #expect(dot([], []) == 0)
  }
}

@Suite("Matrix · reductions")
struct MatrixReductionTests {
  let m = Matrix([[1, -2, 3], [4, 5, -6]])

  @Test("sum, mean and squared norm cover every element")
  func wholeMatrix() {
    #expect(m.sum() == 5)
    #expect(m.mean() == 5.0 / 6.0)
    #expect(m.squaredNorm() == 91)
  }

  @Test("column sums are 1×columns and row sums are rows×1")
  func directionalSums() {
    #expect(m.columnSums() == Matrix(row: [5, 3, -3]))
    #expect(m.rowSums() == Matrix(column: [2, 3]))
  }

  @Test("row maxima and argmax per row")
  func maxima() {
    #expect(m.rowMaxima() == [3, 5])
    #expect(m.argmaxPerRow() == [2, 1])
  }

  @Test("argmax breaks ties toward the first column")
  func argmaxTies() {
    #expect(Matrix([[2, 7, 7], [0, 0, 0]]).argmaxPerRow() == [1, 0])
  }

  @Test("a NaN makes its row maximum NaN instead of hiding")
  func rowMaximumWithNaN() {
    let maxima = Matrix([[1, .nan, 3], [-.infinity, -1, -2]]).rowMaxima()
    #expect(maxima[0].isNaN)
    #expect(maxima[1] == -1)
  }
}

@Suite("Matrix · shape errors name both shapes")
struct MatrixShapeErrorTests {
  @Test("matrix product with mismatched inner dimensions")
  func productMessage() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix.zeros(rows: 3, columns: 2) * Matrix.zeros(rows: 3, columns: 4)
    }
    expectMessage(of: result, mentions: ["a.columns == b.rows", "3×2 * 3×4"])
  }

  @Test("sum of a 2×3 and a 3×2 matrix")
  func sumMessage() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix.zeros(rows: 2, columns: 3) + Matrix.zeros(rows: 3, columns: 2)
    }
    expectMessage(of: result, mentions: ["2×3 + 3×2"])
  }

  @Test("elementwise product of a 2×2 and a 1×2 matrix")
  func hadamardMessage() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      print(Matrix.zeros(rows: 2, columns: 2) .* Matrix.zeros(rows: 1, columns: 2))
    }
    expectMessage(of: result, mentions: ["2×2 .* 1×2"])
  }

  @Test("aᵀ · b with a different number of rows")
  func transposedTimesMessage() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix.zeros(rows: 2, columns: 3).transposedTimes(Matrix.zeros(rows: 4, columns: 3))
    }
    expectMessage(of: result, mentions: ["2×3ᵀ * 4×3"])
  }

  @Test("affine(X, W, b) with a bias of the wrong width")
  func affineMessage() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = affine(
        Matrix.zeros(rows: 2, columns: 3), Matrix.zeros(rows: 3, columns: 4),
        Matrix.zeros(rows: 1, columns: 3))
    }
    expectMessage(of: result, mentions: ["b 1×4", "W 3×4", "got 1×3"])
  }

  @Test("a mask of another shape")
  func indicatorMessage() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      print(Matrix.zeros(rows: 2, columns: 3) .* (Matrix.zeros(rows: 3, columns: 2) > 0))
    }
    expectMessage(of: result, mentions: ["2×3 .* (3×2 > t)"])
  }

  @Test("a · bᵀ with a different number of columns")
  func timesTransposedMessage() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix.zeros(rows: 2, columns: 3).timesTransposed(Matrix.zeros(rows: 2, columns: 4))
    }
    expectMessage(of: result, mentions: ["2×3 * 2×4ᵀ"])
  }
}

/// Expects the standard error of a crashed exit test to contain every one of `fragments`.
func expectMessage(
  of result: ExitTest.Result?,
  mentions fragments: [String],
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let result else { return }
  let message = String(decoding: result.standardErrorContent, as: UTF8.self)
  for fragment in fragments {
    #expect(
      message.contains(fragment), "\(fragment) missing from: \(message)",
      sourceLocation: sourceLocation)
  }
}
