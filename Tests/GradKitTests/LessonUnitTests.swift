import GradKit
import Testing

/// The units the lessons of modules 01 and 02 start from: the kit provides them, so their
/// promises (zeros, and the order of the random draws) are checked here, not graded.
@Suite("Lesson units · zeros and random draws")
struct LessonUnitTests {
  @Test("PerceptronUnit.random draws w₁ … wₙ, then b, each from the range")
  func perceptronDrawOrder() {
    var generator = SeededGenerator(seed: 7)
    let unit = PerceptronUnit.random(inputCount: 3, in: -2...5, using: &generator)
    var replay = SeededGenerator(seed: 7)
    let draws = (0..<4).map { _ in replay.uniform(in: -2...5) }
    #expect(unit.weights == Array(draws.prefix(3)) && unit.bias == draws[3])
    #expect(generator.next() == replay.next(), "exactly four draws, no more")
  }

  @Test("LogisticUnit.random draws w₁ … wₙ, then b, each from the range")
  func logisticDrawOrder() {
    var generator = SeededGenerator(seed: 11)
    let unit = LogisticUnit.random(inputCount: 2, using: &generator)
    var replay = SeededGenerator(seed: 11)
    let draws = (0..<3).map { _ in replay.uniform(in: -1...1) }
    #expect(unit.weights == Array(draws.prefix(2)) && unit.bias == draws[2])
    #expect(generator.next() == replay.next(), "exactly three draws, no more")
  }

  @Test("the same generator state gives the same unit")
  func sameStateSameUnit() {
    var first = SeededGenerator(seed: 3)
    var second = first
    #expect(
      PerceptronUnit.random(inputCount: 2, using: &first)
        == PerceptronUnit.random(inputCount: 2, using: &second))
  }

  @Test("zeros has one zero weight per input and a zero bias")
  func zeros() {
    #expect(PerceptronUnit.zeros(inputCount: 3) == PerceptronUnit(weights: [0, 0, 0], bias: 0))
    #expect(LogisticUnit.zeros(inputCount: 2) == LogisticUnit(weights: [0, 0], bias: 0))
  }
}
