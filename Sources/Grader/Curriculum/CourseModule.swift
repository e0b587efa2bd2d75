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

  /// The index of the hint about the topic of the test named `test`: for the test name's
  /// words in order (four letters or more, such as `softmaxBackward`), the first hint whose
  /// lead (the words before its first colon) holds that word; `nil` when none does.
  ///
  /// Hints are written as "topic: advice" and tests are named for what they check, usually
  /// starting with the function, so the test's first word that leads a hint is its topic.
  public func hintIndex(forTest test: String) -> Int? {
    func words(_ text: Substring) -> [String] {
      text.split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= 4 }
    }
    let leads = hints.map { hint in Set(hint.firstIndex(of: ":").map { words(hint[..<$0]) } ?? []) }
    for word in words(Substring(test)) {
      if let index = leads.firstIndex(where: { $0.contains(word) }) { return index }
    }
    return nil
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
