import Testing

/// One check of a planted-bug suite: a graded check run on a planted implementation, named
/// for what it proves ("step catches a strict inequality, step(0) = 0").
///
/// A wrong implementation's check runs inside `withKnownIssue(planted)`, so it passes only
/// when the graded check fails on it; a right variation's check runs bare and must pass.
/// Each suite lists its checks in a table and runs them as the cases of one parameterized
/// test: each check gets the verdict, name and parallel run it had as a test of its own, at a
/// fraction of the build time (every `@Test` is a macro expansion, about 15 ms of compilation).
struct PlantedCheck: Sendable, Identifiable, CustomTestStringConvertible {
  /// What the check proves, shown as the test case's name.
  let id: String
  private let body: @Sendable () -> Void

  init(_ name: String, _ body: @escaping @Sendable () -> Void) {
    self.id = name
    self.body = body
  }

  var testDescription: String { id }

  /// Runs the graded check on the planted implementation.
  func run() {
    body()
  }
}
