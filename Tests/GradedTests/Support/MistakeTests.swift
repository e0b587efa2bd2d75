import GradKit
import Testing

/// The diagnosis the graded suites attach to a wrong value names the right mistake, and only that one.
@Suite("Diagnosis of likely mistakes")
struct MistakeTests {
  static let expected = Matrix([[0.2, -0.7], [0.5, 0.1], [0.3, -0.4]])
  static let all: [Mistake] = [
    .missingAverage(over: 4), .flippedSign, .transposed, .otherHalfConvention, .noMaxShift,
    .missingTerm(Matrix(rows: 3, columns: 2, repeating: 0.01), "regularization gradient λW"),
  ]

  @Test(
    "each wrong answer is named for its mistake",
    arguments: [
      (expected * 4, "missing 1/N"),
      (-expected, "flipped sign"),
      (expected.transposed, "transposed"),
      (expected * 2, "½ convention"),
      (expected.map { _ in .nan }, "no max shift"),
      (expected - Matrix(rows: 3, columns: 2, repeating: 0.01), "regularization gradient"),
    ])
  func named(got: Matrix, mistake: String) throws {
    let text = try #require(diagnosis(got: got, expected: Self.expected, mistakes: Self.all))
    #expect(text.contains(mistake), "\(text)")
  }

  @Test("a value no known mistake explains gets no diagnosis")
  func unexplained() {
    let got = Self.expected.map { $0 + 0.123 }
    #expect(diagnosis(got: got, expected: Self.expected, mistakes: Self.all) == nil)
  }
}
