import GradKit
import Solutions

/// What `gradkit check 03` runs on the learner's backward passes.
enum SoftmaxGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any SoftmaxLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    let reference = Solutions.Softmax.self
    let scores = Matrix.uniform(rows: 4, columns: 3, in: -3...3, using: &generator)
    // The checked sum L = Σ G ⊙ f(scores) is of size about 1 for the softmax, so its rounding
    // noise in a centered difference is about 1e−11; log-softmax values down to −6 make it about
    // 1e−10, so that backward pass needs entries ten times larger to stay below 1e−8 relatively.
    let softmaxUpstream = upstream(
      for: scores, atLeast: 1e-3, using: &generator, backward: reference.softmaxBackward)
    let logSoftmaxUpstream = upstream(
      for: scores, atLeast: 1e-2, using: &generator, backward: reference.logSoftmaxBackward)

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

/// A seeded upstream gradient G for `scores` whose backward values are all at least `minimum`
/// in size, as in the graded suite, so that the centered difference's rounding stays far below
/// the 1e−7 relative error of a good gradient. Redrawn until that holds.
private func upstream(
  for scores: Matrix, atLeast minimum: Double, using generator: inout SeededGenerator,
  backward: (Matrix, Matrix) -> Matrix
) -> Matrix {
  var upstream = Matrix.gaussian(rows: scores.rows, columns: scores.columns, using: &generator)
  while backward(scores, upstream).storage.contains(where: { abs($0) < minimum }) {
    upstream = Matrix.gaussian(rows: scores.rows, columns: scores.columns, using: &generator)
  }
  return upstream
}
