/// The dot product of two vectors of the same length.
///
///     dot(a, b) = Σᵢ aᵢ · bᵢ
///
/// Added in increasing i; the rounding error is at most about n · ε · Σ|aᵢ · bᵢ|.
public func dot(_ a: [Double], _ b: [Double]) -> Double {
  require(a.count == b.count, "dot needs equal lengths, got \(a.count) and \(b.count)")
  var total = 0.0
  for i in a.indices {
    total += a[i] * b[i]
  }
  return total
}
