/// One line that `gradkit-lab gradients` prints: a checked coordinate of the learner's backward pass.
public struct GradientOutput: Codable, Sendable, Equatable {
  /// The check this coordinate belongs to, e.g. `softmax backward`.
  public var check: String
  /// Whether the function has kinks, where a relative error up to 1e-4 is acceptable.
  public var hasKinks: Bool
  /// The parameter and the coordinate, e.g. `W1[0, 3]`.
  public var coordinate: String
  public var analytic: Double
  public var numeric: Double
  public var relativeError: Double

  public init(
    check: String, hasKinks: Bool, coordinate: String, analytic: Double, numeric: Double,
    relativeError: Double
  ) {
    self.check = check
    self.hasKinks = hasKinks
    self.coordinate = coordinate
    self.analytic = analytic
    self.numeric = numeric
    self.relativeError = relativeError
  }

  /// The verdict of the relative error against the course's thresholds.
  public var verdict: String {
    if relativeError <= 1e-7 { return "good" }
    if relativeError <= 1e-4 { return hasKinks ? "ok (kink)" : "suspicious" }
    if relativeError <= 1e-2 { return "suspicious" }
    return "wrong"
  }
}
