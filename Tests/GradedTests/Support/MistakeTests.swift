import Foundation
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
    let found = try #require(diagnosis(got: got, expected: Self.expected, mistakes: Self.all))
    #expect(found.names.count == 1, "\(found)")
    #expect("\(found)".hasPrefix("Likely mistake: ") && "\(found)".contains(mistake), "\(found)")
  }

  @Test("a value no known mistake explains gets no diagnosis")
  func unexplained() {
    let got = Self.expected.map { $0 + 0.123 }
    #expect(diagnosis(got: got, expected: Self.expected, mistakes: Self.all) == nil)
  }
}

/// Mistakes that the same inputs cannot tell apart are named together, never one against the other.
@Suite("Diagnosis of likely mistakes · candidates")
struct MistakeCandidateTests {
  /// ∂E/∂w of the mean squared error of a sigmoid unit at w = 0, b = 0 on the four rows of a
  /// truth table: (1/n) Σ (σ(0) − y)·σ′(0)·x with σ(0) = ½, σ′(0) = ¼ and n = 4.
  static let inputs = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
  static let labels = Matrix(column: [0, 1, 1, 1])
  static let residual = Matrix(rows: 4, columns: 1, repeating: 0.5) - labels
  static let expected = inputs.transposedTimes(residual * 0.25) * 0.25
  static let missingSigmoidDerivative = Mistake.transform(
    "a missing σ′: your values lack the factor σ′(z) = σ(z)(1 − σ(z)) of the chain rule"
  ) { $0 / 0.25 }

  @Test("n = 4 and σ′(0) = ¼: a missing 1/N and a missing σ′ are named in one line")
  func indistinguishable() throws {
    let summed = Self.inputs.transposedTimes(Self.residual * 0.25)  // no 1/n
    let withoutDerivative = Self.inputs.transposedTimes(Self.residual) * 0.25  // no σ′
    #expect(summed == withoutDerivative, "the two mistakes give the same numbers here")
    let found = try #require(
      diagnosis(
        got: summed, expected: Self.expected,
        mistakes: [.flippedSign, .missingAverage(over: 4), Self.missingSigmoidDerivative]))
    #expect(found.names.count == 2)
    #expect(found.summary == "a missing 1/N, or a missing σ′")
    let line = "\(found)"
    #expect(
      line.hasPrefix(
        "Likely mistake: a missing 1/N, or a missing σ′ (these inputs cannot tell them apart) — "
          + "a missing 1/N: your values are N = 4 times"))
    #expect(line.contains("; a missing σ′: your values lack the factor σ′(z)"))
    #expect(line.components(separatedBy: "Likely mistake").count == 2, "one line, once")
    #expect(!line.contains("\n"))
  }

  @Test("inputs that tell the two apart name only the one made")
  func distinguishable() throws {
    // With n = 3 the missing 1/N is a factor 3, the missing σ′ still a factor 4.
    let expected = Matrix(row: [0.1, -0.3])
    let mistakes = [Mistake.missingAverage(over: 3), Self.missingSigmoidDerivative]
    let summed = try #require(diagnosis(got: expected * 3, expected: expected, mistakes: mistakes))
    #expect(summed.names == [mistakes[0].name])
    let noDerivative = try #require(
      diagnosis(got: expected * 4, expected: expected, mistakes: mistakes))
    #expect(noDerivative.names == [mistakes[1].name])
  }

  @Test("a mistake listed twice is named once; one without an explanation is not repeated")
  func duplicatesAndBareNames() throws {
    let expected = Matrix(row: [1, 2])
    let found = try #require(
      diagnosis(
        got: expected * 2, expected: expected,
        mistakes: [
          .otherHalfConvention, .otherHalfConvention, .value(expected * 2, "scores counted twice"),
        ]))
    #expect(found.names.count == 2)
    let line: String =
      "Likely mistake: the other ½ convention, or scores counted twice (these inputs cannot "
      + "tell them apart) — the other ½ convention: your values are twice the expected ones "
      + "(with ½λΣw² the gradient is λw, not 2λw)."
    #expect("\(found)" == line)
  }
}

/// A test shows each diagnosis in full once; later failures with it point back and count.
@Suite("Diagnosis of likely mistakes · once per test")
struct DiagnosisLogTests {
  static let expected = Matrix(row: [0.25, -0.5])
  static let average = diagnosis(
    got: expected * 4, expected: expected, mistakes: [.missingAverage(over: 4)])!
  static let sign = diagnosis(got: -expected, expected: expected, mistakes: [.flippedSign])!

  @Test("the first time in full, then a pointer with the count so far, per diagnosis")
  func pointers() {
    let log = DiagnosisLog()
    #expect(log.line(for: Self.average) == "\(Self.average)")
    #expect(
      log.line(for: Self.average)
        == "Likely mistake: as above (a missing 1/N) … and 1 more input shows the same mistake.")
    #expect(log.line(for: Self.sign) == "\(Self.sign)", "another diagnosis starts in full")
    #expect(
      log.line(for: Self.average)
        == "Likely mistake: as above (a missing 1/N) … and 2 more inputs show the same mistake.")
  }

  @Test("failures of one running test: the diagnosis once, then pointers, the total last")
  func withinRunningTest() {
    let messages = Messages()
    withKnownIssue {
      for scale in [1.0, 2, 3] {
        let expected = Self.expected * scale
        expectClose(
          expected * 4, expected, tolerance: .tight, "mean over 4 inputs, scale \(scale)",
          mistakes: [.missingAverage(over: 4), .flippedSign])
      }
    } matching: { issue in
      messages.append(issue.comments.map(\.rawValue).joined(separator: "\n"))
      return true
    }
    let recorded = messages.all
    #expect(recorded.count == 3)
    let lines = recorded.map { $0.split(separator: "\n").last.map(String.init) ?? "" }
    #expect(lines.first == "  \(Self.average)")
    #expect(
      lines.dropFirst()
        == [
          "  Likely mistake: as above (a missing 1/N) … and 1 more input shows the same mistake.",
          "  Likely mistake: as above (a missing 1/N) … and 2 more inputs show the same mistake.",
        ])
    #expect(recorded.allSatisfy { $0.contains("mean over 4 inputs") }, "each keeps its values")
  }

  @Test(
    "each case of a parameterized test, a planted check, shows its diagnosis in full",
    arguments: ["first case", "second case", "third case"])
  func perCase(_ name: String) {
    #expect(DiagnosisLog.current.line(for: Self.average) == "\(Self.average)", "\(name)")
    #expect(DiagnosisLog.current.line(for: Self.average).contains("as above"), "\(name)")
  }

  @Test("outside a running test every diagnosis is shown in full")
  func outsideTests() async {
    let lines = await Task.detached {
      [DiagnosisLog.current.line(for: Self.average), DiagnosisLog.current.line(for: Self.average)]
    }.value
    #expect(lines == ["\(Self.average)", "\(Self.average)"])
  }
}

/// Issue messages collected by a `withKnownIssue` matcher, which may run on any thread.
private final class Messages: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []

  func append(_ message: String) { lock.withLock { messages.append(message) } }
  var all: [String] { lock.withLock { messages } }
}
