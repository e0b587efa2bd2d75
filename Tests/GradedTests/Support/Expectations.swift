import GradKit
import Testing

/// Records a failure unless `got` equals `expected` within `tolerance`.
///
/// The message names what was computed, then expected, got and the error, then the
/// `mistakes` that explain `got` (a `Diagnosis`, shown in full once per test, afterwards as a
/// pointer and a count: see `DiagnosisLog`).
func expectClose(
  _ got: Double,
  _ expected: Double,
  tolerance: Tolerance,
  _ what: @autoclosure () -> String,
  mistakes: [Mistake] = [],
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(
    [got], [expected], tolerance: tolerance, what(), mistakes: mistakes,
    sourceLocation: sourceLocation)
}

/// Records a failure unless every element of `got` matches `expected` within `tolerance`.
func expectClose(
  _ got: [Double],
  _ expected: [Double],
  tolerance: Tolerance,
  _ what: @autoclosure () -> String,
  mistakes: [Mistake] = [],
  sourceLocation: SourceLocation = #_sourceLocation
) {
  if let mismatch = firstMismatch(expected: expected, got: got, tolerance: tolerance) {
    let likely =
      got.count == expected.count
      ? diagnosis(got: Matrix(row: got), expected: Matrix(row: expected), mistakes: mistakes) : nil
    fail(
      "\(what())\n  expected \(expected)\n  got      \(got)\n  \(mismatch)"
        + (likely.map { "\n  " + DiagnosisLog.current.line(for: $0) } ?? ""),
      sourceLocation: sourceLocation)
  }
}

/// Records a failure unless `got` matches `expected` in shape and, element by element, within `tolerance`.
func expectClose(
  _ got: Matrix,
  _ expected: Matrix,
  tolerance: Tolerance,
  _ what: @autoclosure () -> String,
  mistakes: [Mistake] = [],
  sourceLocation: SourceLocation = #_sourceLocation
) {
  if let mismatch = firstMismatch(expected: expected, got: got, tolerance: tolerance) {
    let likely = diagnosis(got: got, expected: expected, mistakes: mistakes)
    fail(
      "\(what())\n  expected \(expected)\n  got      \(got)\n  \(mismatch)"
        + (likely.map { "\n  " + DiagnosisLog.current.line(for: $0) } ?? ""),
      sourceLocation: sourceLocation)
  }
}

/// Records a failure unless the gradient checker's verdict passes.
///
/// Pass `hasKinks: true` only where the function is not smooth (ReLU, |x|): there a
/// relative error up to 1e-4 is accepted. When some of `mistakes` turn the numeric
/// column into the analytic one, the message names them under the checker's table.
func expectGradient(
  _ report: GradientReport,
  hasKinks: Bool = false,
  _ what: @autoclosure () -> String,
  mistakes: [Mistake] = [],
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard !report.passes(hasKinks: hasKinks) else { return }
  let analytic = Matrix(row: report.coordinates.map(\.analytic))
  let numeric = Matrix(row: report.coordinates.map(\.numeric))
  let likely = diagnosis(got: analytic, expected: numeric, mistakes: mistakes)
  fail(
    "\(what()): the analytic gradient disagrees with the numeric one\n\(report)"
      + (likely.map { "\n" + DiagnosisLog.current.line(for: $0) } ?? ""),
    sourceLocation: sourceLocation)
}

/// Records a failure with a message built from pieces (`Comment` literals do not join with `+`).
func fail(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
  Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}

/// The comment on every planted bug's known issues, so `swift test`'s output says what they
/// are: "passed … with N known issues" counts the planted bugs the graded checks caught.
let planted: Comment = "planted bug, caught by the graded check as it must be"
