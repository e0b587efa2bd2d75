import Grader

/// One seeded evaluation that `gradkit compare` runs on both implementations.
///
/// `Lesson` is a module's contract, e.g. `any PerceptronLesson.Type`; the same
/// inputs go to the reference and to the learner's code.
struct Probe<Lesson> {
  /// What is evaluated, e.g. `step(x)`.
  let name: String
  /// The input, as the learner should read it.
  let input: String
  /// Runs the evaluation on one implementation.
  let evaluate: (Lesson) -> ProbeValue
}
