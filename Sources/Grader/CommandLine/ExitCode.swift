/// The exit codes of `gradkit`, documented in `gradkit --help` and the README.
public enum ExitCode: Int32, Sendable, CaseIterable {
  /// The command did what was asked; for `grade`, every graded test passed.
  case success = 0
  /// Some graded tests did not pass (failed, crashed, timed out or not started).
  case testsFailed = 1
  /// The command line was wrong; the message says what to type.
  case usage = 2
  /// The exercises cannot be graded: they do not compile, or they use the reference solutions.
  case buildFailed = 3
  /// Something outside the learner's code went wrong: no checkout, no `swift`, a file that cannot be written.
  case environment = 4

  /// One line a code, for help texts.
  public static var documentation: String {
    """
      0  success (for grade: every graded test passed)
      1  some graded tests did not pass
      2  the command line was wrong
      3  the exercises cannot be graded: they do not compile, or use the solutions
      4  gradkit could not run (not in a checkout, swift missing, files not writable)
    """
  }
}
