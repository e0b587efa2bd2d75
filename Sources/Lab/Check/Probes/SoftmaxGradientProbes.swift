import GradKit

/// What `gradkit check 03` runs on the learner's backward passes.
enum SoftmaxGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any SoftmaxLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    let scores = Matrix.uniform(rows: 4, columns: 3, in: -3...3, using: &generator)
    // Backward values may be tiny here and there: the checker bounds the numeric estimate's
    // own error, so a tiny right value is good or inconclusive, never wrong.
    let softmaxUpstream = Matrix.gaussian(rows: 4, columns: 3, using: &generator)
    let logSoftmaxUpstream = Matrix.gaussian(rows: 4, columns: 3, using: &generator)

    return [
      GradientProbe(
        name: "softmaxBackward against your softmax: 4×3 seeded scores, seeded upstream G",
        hasKinks: false,
        check: { lesson in
          checkBackward(
            of: { lesson.softmax($0) }, at: scores, upstream: softmaxUpstream,
            analytic: lesson.softmaxBackward(scores, upstream: softmaxUpstream), name: "scores")
        }),
      GradientProbe(
        name: "logSoftmaxBackward against your logSoftmax: 4×3 seeded scores, seeded upstream G",
        hasKinks: false,
        check: { lesson in
          checkBackward(
            of: { lesson.logSoftmax($0) }, at: scores, upstream: logSoftmaxUpstream,
            analytic: lesson.logSoftmaxBackward(scores, upstream: logSoftmaxUpstream),
            name: "scores")
        }),
    ]
  }
}
