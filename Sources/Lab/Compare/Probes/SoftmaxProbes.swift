import GradKit
import Grader
import LessonWire
import References

/// What `gradkit compare 03` runs on the reference and on the learner's softmax.
enum SoftmaxProbes {
  /// The probes, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [Probe<any SoftmaxLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    let scores = Matrix.quarters(rows: 3, columns: 4, using: &generator)
    let upstream = Matrix.quarters(rows: 3, columns: 4, using: &generator)
    let large: [Double] = [1000, 999, 998]
    let extreme: [Double] = [1000, 0, -1000]
    let farApart = Matrix([[1000, 0, -1000], [-1000, -1000, -999]])

    return [
      Probe(
        name: "softmax(scores)", input: "scores = [1.0, 2.0, 3.0]",
        evaluate: { lesson in .numbers(lesson.softmax([1, 2, 3])) }),
      Probe(
        name: "softmax(scores), large scores", input: "scores = \(large)",
        evaluate: { lesson in .numbers(lesson.softmax(large)) }),
      Probe(
        name: "softmax(matrix), row by row", input: "scores = \(scores.literal) (seed \(seed))",
        evaluate: { lesson in .matrix(lesson.softmax(scores)) }),
      Probe(
        name: "softmax(matrix), rows far apart", input: "scores = \(farApart.literal)",
        evaluate: { lesson in .matrix(lesson.softmax(farApart)) }),
      Probe(
        name: "logSoftmax(scores)", input: "scores = \(extreme)",
        evaluate: { lesson in .numbers(lesson.logSoftmax(extreme)) }),
      Probe(
        name: "logSoftmax(matrix), row by row", input: "scores = \(scores.literal) (seed \(seed))",
        evaluate: { lesson in .matrix(lesson.logSoftmax(scores)) }),
      Probe(
        name: "softmaxBackward(_:upstream:)",
        input: "scores = \(scores.literal), upstream G = \(upstream.literal) (seed \(seed))",
        evaluate: { lesson in .matrix(lesson.softmaxBackward(scores, upstream: upstream)) }),
      Probe(
        name: "logSoftmaxBackward(_:upstream:)",
        input: "scores = \(scores.literal), upstream G = \(upstream.literal) (seed \(seed))",
        evaluate: { lesson in .matrix(lesson.logSoftmaxBackward(scores, upstream: upstream)) }),
    ]
  }
}

extension LabModule {
  /// The lab's part of this module: its probes and checks, on both sides.
  static var softmax: LabModule {
    LabModule(
      .softmax, reference: Reference.softmax, learner: RemoteSoftmax<Learner>.self,
      probes: SoftmaxProbes.make,
      gradientChecks: SoftmaxGradientProbes.make)
  }
}
