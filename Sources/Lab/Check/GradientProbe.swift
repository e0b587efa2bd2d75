import GradKit

/// One gradient check that `gradkit check` runs on the learner's backward pass.
struct GradientProbe<Lesson> {
  /// What is checked, e.g. `softmax backward on a 4×3 batch`.
  let name: String
  /// Whether the function has kinks (ReLU, |x|), where a relative error up to 1e-4 is acceptable.
  let hasKinks: Bool
  /// Runs the checker on one implementation.
  let check: (Lesson) -> GradientReport
}
