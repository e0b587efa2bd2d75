/// One module of the course, as the grader knows it.
///
/// The course is typed code, not a file to parse: each module is a static
/// constant in its own file (`CourseModule+Perceptron.swift`), and
/// ``Course/modules`` lists them in teaching order.
public struct CourseModule: Sendable, Hashable {
  /// The module's place in the course, from 1.
  public let number: Int
  /// The short name a learner types: `gradkit grade softmax`.
  public let name: String
  /// The title shown on the board.
  public let title: String
  /// The folder in `exercises/` and `solutions/`, e.g. `01-Perceptron`.
  public let folder: String
  /// The graded suite's type in the `GradedTests` target, e.g. `PerceptronTests`.
  public let suite: String
  /// What the learner builds, in one sentence.
  public let summary: String
  /// Hints from a gentle nudge to the near-solution, shown one level at a time.
  public let hints: [String]

  public init(
    number: Int,
    name: String,
    title: String,
    folder: String,
    suite: String,
    summary: String,
    hints: [String]
  ) {
    self.number = number
    self.name = name
    self.title = title
    self.folder = folder
    self.suite = suite
    self.summary = summary
    self.hints = hints
  }

  /// The module's two-digit number, as the folders and the board show it.
  public var code: String {
    number < 10 ? "0\(number)" : "\(number)"
  }

  /// The type the module's exercise and solution declare, which the learner program serves:
  /// the folder's name without its number (`03-Softmax` → `Softmax`).
  public var lessonType: String {
    String(folder.drop { $0 != "-" }.dropFirst())
  }

  /// The regular expression that selects this module's graded tests.
  public var testFilter: String {
    "^GradedTests\\.\(suite)/"
  }
}
