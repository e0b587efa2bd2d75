import Foundation
import LessonWire

/// A plan the grader hands a process it starts, as a JSON file an environment variable names:
/// ``LearnerPlan`` for the graded tests and the lab, ``ReferencePlan`` for a recording.
protocol PlanFile: Encodable {}

extension PlanFile {
  /// Writes the plan to `file`, for the process about to be started with its name.
  func write(to file: URL) throws(GraderError) {
    do {
      try JSONEncoder().encode(self).write(to: file)
    } catch {
      throw .cannotRun("cannot write \(file.path): \(error.localizedDescription)")
    }
  }
}

extension LearnerPlan: PlanFile {}

extension ReferencePlan: PlanFile {}
