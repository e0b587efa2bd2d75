/// Elementwise (Hadamard) product: `a .* b`.
infix operator .* : MultiplicationPrecedence

extension Matrix {
  /// The elementwise (Hadamard) product of two matrices of the same shape.
  ///
  ///     (a .* b)[i, j] = a[i, j] · b[i, j]
  ///
  /// Not the matrix product: that is `a * b`. Like `a + b`, it reuses the storage of `a`
  /// when `a` is a temporary or a last use.
  public static func .* (a: consuming Matrix, b: Matrix) -> Matrix {
    require(
      a.rows == b.rows && a.columns == b.columns,
      "elementwise product needs equal shapes, got \(a.shapeDescription) .* \(b.shapeDescription)")
    a.combine(with: b, symbol: ".*", *)
    return a
  }

  /// The elementwise sum; `b` may also be a `1×columns` row added to every row of `a`.
  ///
  ///     (a + b)[i, j] = a[i, j] + b[i, j]      same shape
  ///     (a + b)[i, j] = a[i, j] + b[0, j]      b is 1×columns (broadcast, as in x·W + b)
  ///
  /// Takes `a` as its own: when `a` is a temporary, such as the product in `x * W + b`,
  /// or a variable's last use, the sum is written over it instead of into a new matrix.
  public static func + (a: consuming Matrix, b: Matrix) -> Matrix {
    a.combine(with: b, symbol: "+", +)
    return a
  }

  /// The elementwise difference; `b` may also be a `1×columns` row subtracted from every row.
  ///
  ///     (a − b)[i, j] = a[i, j] − b[i, j]      same shape
  ///     (a − b)[i, j] = a[i, j] − b[0, j]      b is 1×columns (broadcast)
  ///
  /// Reuses the storage of `a` when it can, as `a + b` does.
  public static func - (a: consuming Matrix, b: Matrix) -> Matrix {
    a.combine(with: b, symbol: "-", -)
    return a
  }

  /// Adds `b` to `a` in place, with the same shape rules as `a + b`.
  public static func += (a: inout Matrix, b: Matrix) {
    a.combine(with: b, symbol: "+=", +)
  }

  /// Subtracts `b` from `a` in place, with the same shape rules as `a - b`.
  public static func -= (a: inout Matrix, b: Matrix) {
    a.combine(with: b, symbol: "-=", -)
  }

  /// Replaces each element `x` with `operation(x, other)`, where `other` is the matching
  /// element of `b`, or of its only row when `b` is `1×columns` (broadcast over rows).
  private mutating func combine(
    with b: Matrix,
    symbol: String,
    _ operation: (Double, Double) -> Double
  ) {
    let sameShape = rows == b.rows && columns == b.columns
    require(
      sameShape || (b.rows == 1 && b.columns == columns),
      "\(symbol) needs equal shapes or a 1×\(columns) right operand, "
        + "got \(shapeDescription) \(symbol) \(b.shapeDescription)")
    let (rows, columns) = (rows, columns)
    b.storage.withUnsafeBufferPointer { b in
      storage.withUnsafeMutableBufferPointer { a in
        guard let a = a.baseAddress, let b = b.baseAddress else { return }
        if sameShape {
          for index in 0..<rows * columns {
            a[index] = operation(a[index], b[index])
          }
        } else {
          // Broadcast: b's only row is read again for every row of a.
          for i in 0..<rows {
            let row = a + i * columns
            for j in 0..<columns {
              row[j] = operation(row[j], b[j])
            }
          }
        }
      }
    }
  }

  /// Adds `s` to every element.
  ///
  ///     (a + s)[i, j] = a[i, j] + s
  public static func + (a: Matrix, s: Double) -> Matrix {
    a.map { $0 + s }
  }

  /// Adds every element to `s`.
  ///
  ///     (s + a)[i, j] = s + a[i, j]
  public static func + (s: Double, a: Matrix) -> Matrix {
    a.map { s + $0 }
  }

  /// Subtracts `s` from every element.
  ///
  ///     (a − s)[i, j] = a[i, j] − s
  public static func - (a: Matrix, s: Double) -> Matrix {
    a.map { $0 - s }
  }

  /// Subtracts every element from `s`, as in `1 - a` for `1 − tanh²`.
  ///
  ///     (s − a)[i, j] = s − a[i, j]
  public static func - (s: Double, a: Matrix) -> Matrix {
    a.map { s - $0 }
  }

  /// Multiplies every element by `s`.
  ///
  ///     (s · a)[i, j] = s · a[i, j]
  public static func * (s: Double, a: Matrix) -> Matrix {
    a.map { s * $0 }
  }

  /// Multiplies every element by `s`.
  ///
  ///     (a · s)[i, j] = a[i, j] · s
  public static func * (a: Matrix, s: Double) -> Matrix {
    a.map { $0 * s }
  }

  /// Divides every element by `s`.
  ///
  ///     (a / s)[i, j] = a[i, j] / s
  ///
  /// Divides rather than multiplying by `1 / s`, so each result is correctly rounded.
  public static func / (a: Matrix, s: Double) -> Matrix {
    a.map { $0 / s }
  }

  /// Negates every element.
  ///
  ///     (−a)[i, j] = −a[i, j]
  public static prefix func - (a: Matrix) -> Matrix {
    a.map { -$0 }
  }

  /// Multiplies every element by `s` in place.
  public static func *= (a: inout Matrix, s: Double) {
    a.storage.withUnsafeMutableBufferPointer { elements in
      for index in elements.indices {
        elements[index] *= s
      }
    }
  }
}
