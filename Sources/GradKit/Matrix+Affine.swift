/// The affine map of a layer: the inputs times the weights, plus the bias in every row.
///
///     affine(X, W, b) = X·W + b      X is N×D, W is D×K, b is 1×K, the result N×K
///     affine(X, W, b)[i, j] = (Σₖ X[i, k] · W[k, j]) + b[j]
///
/// The same numbers as `x * weights + bias`, added in the same order, but in one pass: the
/// bias is added to each row of the product while that row is still being written, instead
/// of in a second pass over the whole N×K result.
public func affine(_ x: Matrix, _ weights: Matrix, _ bias: Matrix) -> Matrix {
  require(
    x.columns == weights.rows,
    "affine(X, W, b) needs X.columns == W.rows, got X \(x.shapeDescription), "
      + "W \(weights.shapeDescription)")
  require(
    bias.rows == 1 && bias.columns == weights.columns,
    "affine(X, W, b) needs b 1×\(weights.columns) for W \(weights.shapeDescription), "
      + "got \(bias.shapeDescription)")
  if weights.columns <= Matrix.narrowWidth {
    return Matrix.dotProducts(
      x.storage, weights.transposed.storage, m: x.rows, n: weights.columns, k: x.columns,
      bias: bias.storage)
  }
  if x.columns <= Matrix.narrowWidth {
    return Matrix.shortProduct(
      m: x.rows, k: x.columns, n: weights.columns, a: x.storage, b: weights.storage,
      bias: bias.storage)
  }
  return Matrix.product(
    m: x.rows, k: x.columns, n: weights.columns, a: x.storage,
    aStride: (row: x.columns, inner: 1), b: weights.storage, bias: bias.storage)
}
