extension GradientReport {
  /// The names of the parameters whose analytic gradient is the transpose of the right one,
  /// sorted: square matrices of known shape whose every coordinate was checked, once, where
  /// some verdict is not accepted, yet every analytic value agrees with the numeric one at
  /// the mirrored index.
  ///
  ///     analytic[i, j] ≈ numeric[j, i] for every i, j,   and not analytic ≈ numeric
  ///
  /// "Agrees" is the checker's own verdict, accepted without kinks. A sample of a parameter,
  /// or a check with coordinates skipped at kinks, names none: the mirror of a coordinate
  /// may be missing. A transposed gradient of a non-square parameter has the wrong shape,
  /// which the checker reports before any of this.
  public var parametersWithTransposedGradient: [String] {
    let byParameter = Dictionary(grouping: coordinates, by: \.parameter)
    return byParameter.keys.sorted().filter { name in
      let checked = byParameter[name]!
      guard let shape = shapes[name], shape.rows == shape.columns,
        checked.contains(where: { !$0.verdict.isAccepted(hasKinks: false) })
      else { return false }
      let byIndex = Dictionary(checked.map { ($0.index, $0) }) { first, _ in first }
      guard byIndex.count == checked.count, checked.count == shape.rows * shape.columns else {
        return false
      }
      return checked.allSatisfy { coordinate in
        guard let mirror = byIndex[[coordinate.index[1], coordinate.index[0]]] else {
          return false
        }
        // The coordinate's analytic value judged against its mirror's numeric estimate.
        let crossed = CheckedCoordinate(
          parameter: name, index: coordinate.index, value: coordinate.value,
          analytic: coordinate.analytic, numeric: mirror.numeric,
          numericError: mirror.numericError)
        return crossed.verdict.isAccepted(hasKinks: false)
      }
    }
  }

  /// The line that names a transposed gradient, or `nil` when no parameter's is.
  var transposedNote: String? {
    let names = parametersWithTransposedGradient
    guard !names.isEmpty else { return nil }
    return "Likely mistake: the gradient of \(names.joined(separator: ", ")) is transposed:"
      + " each analytic value matches the numeric one across the diagonal"
      + " (check which side of each product every factor goes on, e.g. dW = Xᵀ·G for X·W)"
  }
}
