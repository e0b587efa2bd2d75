import GradKit

/// What `gradkit check 07` runs on the learner's test functions and their gradients.
enum MomentumGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any MomentumLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // One point per row, (x₁, x₂) in the columns. On the bowl every partial derivative is
    // then at least ½, and the function is quadratic, so the centered difference is exact
    // up to rounding (about 1e−15·f/h, below 1e−8 of any derivative).
    var bowlPoints = Matrix(rows: 3, columns: 2)
    for row in 0..<bowlPoints.rows {
      bowlPoints[row, 0] = generator.uniform(in: 0.5...2)
      bowlPoints[row, 1] = -generator.uniform(in: 0.5...2)
    }
    // Rosenbrock points in [−1, 1]² where both partial derivatives are at least 5, as in
    // the graded suite: there the truncation error h²·|f‴|/6 (|f‴| ≤ 2400) is below 1e−8
    // of any derivative.
    var valleyPoints: [[Double]] = []
    while valleyPoints.count < 3 {
      let point = [generator.uniform(in: -1...1), generator.uniform(in: -1...1)]
      let (x, y) = (point[0], point[1])
      // ∂f/∂x = −2(1 − x) − 400·x·(y − x²),  ∂f/∂y = 200·(y − x²)
      let slope = [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
      if slope.allSatisfy({ abs($0) >= 5 }) {
        valleyPoints.append(point)
      }
    }
    let rosenbrockPoints = Matrix(valleyPoints)

    return [
      GradientProbe(
        name:
          "quadraticBowlGradient against your quadraticBowl at 3 seeded points, the rows of "
          + "points",
        hasKinks: false,
        check: { lesson in
          checkPointwise(
            lesson.quadraticBowl, gradient: lesson.quadraticBowlGradient,
            named: "quadraticBowlGradient", at: bowlPoints)
        }),
      GradientProbe(
        name:
          "rosenbrockGradient against your rosenbrock at 3 seeded points in [−1, 1]², the rows "
          + "of points",
        hasKinks: false,
        check: { lesson in
          checkPointwise(
            lesson.rosenbrock, gradient: lesson.rosenbrockGradient, named: "rosenbrockGradient",
            at: rosenbrockPoints)
        }),
    ]
  }
}

/// Checks `gradient`, the learner's function `name`, against `f` at every row of `points`:
/// the gradient of Σᵢ f(pointᵢ) in row i is `gradient(pointᵢ)`.
///
/// A gradient with the wrong number of entries ends the check with its name and the count
/// it needs, one partial derivative per coordinate of the point.
private func checkPointwise(
  _ f: ([Double]) -> Double, gradient: ([Double]) -> [Double], named name: String,
  at points: Matrix
) -> GradientReport {
  let gradients = (0..<points.rows).map { gradient(points.row($0)) }
  if let index = gradients.firstIndex(where: { $0.count != points.columns }) {
    Lab.stop(
      "your \(name) returned \(gradients[index].count) entries at \(points.row(index)), "
        + "expected \(points.columns): one partial derivative per coordinate")
  }
  return checkGradient(
    of: { p in (0..<p.rows).reduce(0) { total, i in total + f(p.row(i)) } }, at: points,
    analytic: Matrix(gradients), name: "points")
}
