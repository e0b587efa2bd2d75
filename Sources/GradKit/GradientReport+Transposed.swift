extension GradientReport {
  /// The parameters whose analytic gradient is the transpose of the right one, in order of
  /// their names: square matrices whose every coordinate was checked, where some verdict is
  /// not accepted, yet every analytic value agrees with the numeric one at the mirrored index.
  ///
  ///     analytic[i, j] ≈ numeric[j, i] for every i, j,   and not analytic ≈ numeric
  ///
  /// "Agrees" is the checker's own verdict, accepted without kinks. A transposed gradient of
  /// a non-square parameter has the wrong shape, which the checker reports before any of this.
  public var transposedParameters: [String] {
    let byParameter = Dictionary(grouping: coordinates, by: \.parameter)
    return byParameter.keys.sorted().filter { name in
      let checked = byParameter[name]!
      guard checked.allSatisfy({ $0.index.count == 2 }),
        checked.contains(where: { !$0.verdict.isAccepted(hasKinks: false) })
      else { return false }
      let size = (checked.map { max($0.index[0], $0.index[1]) }.max() ?? 0) + 1
      guard checked.count == size * size else { return false }
      let byIndex = Dictionary(uniqueKeysWithValues: checked.map { ($0.index, $0) })
      return checked.allSatisfy { coordinate in
        guard let mirror = byIndex[[coordinate.index[1], coordinate.index[0]]] else {
          return false
        }
        let verdict =
          mirror.numericError.map {
            GradientCheck.verdict(
              analytic: coordinate.analytic, numeric: mirror.numeric, numericError: $0)
          }
          ?? GradientCheck.verdict(
            forRelativeError: GradientCheck.relativeError(coordinate.analytic, mirror.numeric))
        return verdict.isAccepted(hasKinks: false)
      }
    }
  }

  /// The line that names a transposed gradient, or `nil` when no parameter's is.
  var transposedNote: String? {
    let names = transposedParameters
    guard !names.isEmpty else { return nil }
    return "Likely mistake: the gradient of \(names.joined(separator: ", ")) is transposed:"
      + " each analytic value matches the numeric one across the diagonal"
      + " (check which side of the product each factor goes on: dW = Xᵀ·G, not Gᵀ·X)"
  }
}
