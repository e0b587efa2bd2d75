import Foundation
import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 04` runs on the reference and on the learner's cross-entropy.
enum CrossEntropyProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any CrossEntropyLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    let probabilities = (0..<5).map { _ in Double(generator.index(below: 9) + 1) / 10 }
    let binaryLabels = (0..<5).map { _ in generator.index(below: 2) }
    let scores = Matrix.quarters(rows: 4, columns: 3, using: &generator)
    let labels = (0..<4).map { _ in generator.index(below: 3) }
    let worked = Matrix(row: [log(0.2), log(0.3), log(0.5)])
    let huge = Matrix(row: [1000, 0, -1000])
    let tiny = Matrix.gaussian(rows: 16, columns: 10, standardDeviation: 1e-3, using: &generator)
    let tinyLabels = (0..<16).map { _ in generator.index(below: 10) }

    return [
      Probe(
        name: "binaryCrossEntropy(probabilities:labels:)",
        input: "p = \(probabilities), y = \(binaryLabels) (seed \(seed))",
        evaluate: { lesson in
          .number(lesson.binaryCrossEntropy(probabilities: probabilities, labels: binaryLabels))
        }),
      Probe(
        name: "binaryCrossEntropy, certain answers → [right, wrong]",
        input: "p = [1.0, 0.0], y = [1, 0]; then p = [0.0], y = [1]",
        evaluate: { lesson in
          .numbers([
            lesson.binaryCrossEntropy(probabilities: [1, 0], labels: [1, 0]),
            lesson.binaryCrossEntropy(probabilities: [0], labels: [1]),
          ])
        }),
      Probe(
        name: "crossEntropy(logits:labels:)",
        input: "logits = \(scores.literal), labels = \(labels) (seed \(seed))",
        evaluate: { lesson in .number(lesson.crossEntropy(logits: scores, labels: labels)) }),
      Probe(
        name: "crossEntropy, huge scores → [class 0, class 1, class 2]",
        input: "logits = [[1000.0, 0.0, -1000.0]], each label in turn",
        evaluate: { lesson in
          .numbers((0..<3).map { lesson.crossEntropy(logits: huge, labels: [$0]) })
        }),
      Probe(
        name: "crossEntropy, near-zero scores (ln 10 ≈ 2.302585)",
        input: "logits: 16×10 with entries ~ N(0, 1e-6), seeded labels (seed \(seed))",
        evaluate: { lesson in .number(lesson.crossEntropy(logits: tiny, labels: tinyLabels)) }),
      Probe(
        name: "crossEntropyGradient, the worked example",
        input: "logits = [[log 0.2, log 0.3, log 0.5]], labels = [1]",
        evaluate: { lesson in .matrix(lesson.crossEntropyGradient(logits: worked, labels: [1])) }
      ),
      Probe(
        name: "crossEntropyGradient(logits:labels:)",
        input: "logits = \(scores.literal), labels = \(labels) (seed \(seed))",
        evaluate: { lesson in .matrix(lesson.crossEntropyGradient(logits: scores, labels: labels)) }
      ),
      Probe(
        name: "crossEntropyGradient, huge scores",
        input: "logits = [[1000.0, 0.0, -1000.0]], labels = [2]",
        evaluate: { lesson in .matrix(lesson.crossEntropyGradient(logits: huge, labels: [2])) }),
    ]
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var crossEntropy: LabModule {
    LabModule(
      .crossEntropy, reference: Reference.crossEntropy,
      learner: RemoteCrossEntropy<Learner>.self,
      probes: CrossEntropyProbes.make,
      gradientChecks: CrossEntropyGradientProbes.make)
  }
}
