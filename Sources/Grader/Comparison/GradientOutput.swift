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
  /// The checker's estimate of the numeric value's own error, when it made one.
  public var numericError: Double?
  /// The checker's verdict: `good`, `inconclusive (…)`, `acceptable only with kinks`,
  /// `suspicious` or `wrong`.
  public var verdict: String
  /// Whether the verdict lets the gradient pass, given `hasKinks`.
  public var isAccepted: Bool

  public init(
    check: String, hasKinks: Bool, coordinate: String, analytic: Double, numeric: Double,
    relativeError: Double, numericError: Double?, verdict: String, isAccepted: Bool
  ) {
    self.check = check
    self.hasKinks = hasKinks
    self.coordinate = coordinate
    self.analytic = analytic
    self.numeric = numeric
    self.relativeError = relativeError
    self.numericError = numericError
    self.verdict = verdict
    self.isAccepted = isAccepted
  }
}
