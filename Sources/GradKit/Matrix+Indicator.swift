extension Matrix {
  /// The indicator [a > threshold] of a matrix, element by element: 1 where the element
  /// is above `threshold`, 0 elsewhere (NaN included).
  ///
  ///     [a > t][i, j] = 1 if a[i, j] > t, else 0
  ///
  /// Written `a > t` and used as `g .* (a > t)`, the ReLU's backward pass dZ = dH ⊙ [Z > 0]
  /// as the lesson writes it. It holds `a` and `t` only: the 0/1 matrix is never built.
  public struct Indicator: Sendable {
    /// The matrix compared.
    public let matrix: Matrix
    /// The value an element must exceed to give 1.
    public let threshold: Double
  }

  /// The indicator [a > threshold], for masking a gradient with `.*`.
  public static func > (a: Matrix, threshold: Double) -> Indicator {
    Indicator(matrix: a, threshold: threshold)
  }

  /// `g` where the indicator is 1 and 0 where it is 0, written over `g`'s storage.
  ///
  ///     (g ⊙ [a > t])[i, j] = a[i, j] > t ? g[i, j] : 0
  ///
  /// A select rather than a multiply: where the indicator is 0 the result is 0 even when
  /// g[i, j] is ±∞ or NaN (0 · ∞ would be NaN), as the derivative of a ReLU that was off is
  /// exactly 0. One pass over `g` and `a`; like `a .* b`, it reuses `g`'s storage when `g`
  /// is a temporary, such as the product in `dScores.timesTransposed(w2) .* (z > 0)`.
  public static func .* (g: consuming Matrix, indicator: Indicator) -> Matrix {
    let a = indicator.matrix
    require(
      g.rows == a.rows && g.columns == a.columns,
      "g .* (a > t) needs equal shapes, got \(g.shapeDescription) .* (\(a.shapeDescription) > t)")
    let threshold = indicator.threshold
    a.storage.withUnsafeBufferPointer { a in
      g.storage.withUnsafeMutableBufferPointer { g in
        for index in g.indices {
          g[index] = a[index] > threshold ? g[index] : 0
        }
      }
    }
    return g
  }
}
