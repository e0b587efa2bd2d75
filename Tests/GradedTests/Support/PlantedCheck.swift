import Testing

/// One check of a planted-bug suite: a graded check run on a planted implementation, named
/// for what it proves ("step catches a strict inequality, step(0) = 0").
///
/// Most checks run a graded check on a wrong implementation, which must record an issue:
/// `PlantedCheck(name) { … }` runs its body inside `withKnownIssue(planted)`, so it passes
/// only when the graded check fails. A check that runs right variations, which must pass,
/// or mixes both, says so itself: `PlantedCheck(asWritten: name) { … }` runs its body bare.
///
/// Each suite lists its checks in a table and runs them as the cases of one parameterized
/// test: each check gets the verdict, name and parallel run it had as a test of its own, at a
/// fraction of the build time (every `@Test` is a macro expansion, about 15 ms of compilation).
struct PlantedCheck: Sendable, Identifiable, CustomTestStringConvertible {
  /// What the check proves, shown as the test case's name.
  let id: String
  private let body: @Sendable () -> Void

  /// A check whose graded check must catch the planted bug in `check`; a bug that slipped
  /// through is reported at `sourceLocation`, the check's row.
  init(
    _ name: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ check: @escaping @Sendable () throws -> Void
  ) {
    self.id = name
    self.body = { withKnownIssue(planted, sourceLocation: sourceLocation) { try check() } }
  }

  /// A check whose `body` says itself what must pass and what must be caught: right
  /// variations run bare, planted bugs inside their own `withKnownIssue(planted)`.
  init(asWritten name: String, _ body: @escaping @Sendable () -> Void) {
    self.id = name
    self.body = body
  }

  var testDescription: String { id }

  /// Runs the graded check on the planted implementation.
  func run() {
    body()
  }
}
