import Foundation
import GradKit
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

extension ProbeValue {
  /// A matrix as a probe value: its shape, then its elements row by row.
  static func matrix(_ m: Matrix) -> ProbeValue {
    .matrix(rows: m.rows, columns: m.columns, values: m.storage)
  }
}

// A probe's inputs: drawn to read easily, and written on one line as the learner reads them.
extension Matrix {
  /// A `rows × columns` matrix of quarters from −3 to 3, drawn from `generator`: inputs that
  /// read easily, and exactly, in ``literal``.
  static func quarters(
    rows: Int, columns: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    Matrix(
      rows: rows, columns: columns,
      storage: (0..<rows * columns).map { _ in Double(generator.index(below: 25)) / 4 - 3 })
  }

  /// The matrix as the nested arrays of its rows, every number in full: `[[1.0, -0.5],
  /// [2.25, 0.0]]`. For inputs drawn on a coarse grid (quarters, halves), which read exactly.
  var literal: String {
    literal { "\($0)" }
  }

  /// The matrix as the nested arrays of its rows, every number to four significant digits:
  /// `[[1.234, -0.5], [2.25, 0]]`. For Gaussian inputs, whose full digits would not read.
  var roundedLiteral: String {
    literal { String(format: "%.4g", $0) }
  }

  /// The nested arrays of the rows, each number written by `number`.
  private func literal(_ number: (Double) -> String) -> String {
    let rows = (0..<self.rows).map { i in
      "[" + row(i).map(number).joined(separator: ", ") + "]"
    }
    return "[" + rows.joined(separator: ", ") + "]"
  }
}
