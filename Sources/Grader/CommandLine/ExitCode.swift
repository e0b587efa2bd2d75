/// The exit codes of `gradkit`, documented in `gradkit --help` and the README.
public enum ExitCode: Int32, Sendable, CaseIterable {
  /// The command did what was asked; for `grade`, every graded test passed.
  case success = 0
  /// Some graded tests did not pass (failed, crashed, timed out, not started, or in a
  /// module that does not compile).
  case testsFailed = 1
  /// The command line was wrong; the message says what to type.
  case usage = 2
  /// Nothing could be graded: every module named does not compile, was refused or was not
  /// submitted (an empty upload).
  case nothingGraded = 3
  /// Something outside the learner's code went wrong (no checkout, no `swift`, a file that
  /// cannot be written, the kit itself does not build); no score was written.
  case environment = 4

  /// One line a code, for help texts.
  public static var documentation: String {
    """
      0  success (for grade: every graded test passed)
      1  some graded tests did not pass
      2  the command line was wrong
      3  nothing could be graded: every module does not compile, was refused
         or was not submitted (an empty upload)
      4  gradkit could not run (no checkout, swift missing, files not writable,
         the kit itself does not build); no score was written
    """
  }
}
