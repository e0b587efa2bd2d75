import Foundation
import GradKit
import Grader
import LessonWire

/// `gradkit-lab gradients MODULE SEED INDEX|names`: one gradient check of `gradkit check`.
///
/// Prints every checked coordinate of the learner's backward pass as a JSON line, worst first.
enum GradientServer {
  static func run(_ arguments: [String]) -> Int32 {
    guard arguments.count == 3, let seed = UInt64(arguments[1]) else {
      return Lab.fail("usage: gradkit-lab gradients MODULE SEED INDEX|names")
    }
    // A module without a gradient (01: the step function has none) has no checks.
    let checks = LabModule.named(arguments[0])?.gradientChecks(seed) ?? []
    return serve(checks, index: arguments[2])
  }

  /// Runs check `index` of `checks` on the learner's code, or prints their names, a line each.
  static func serve(_ checks: [GradientRun], index: String) -> Int32 {
    if index == "names" {
      for check in checks { print(check.name) }
      return 0
    }
    guard let number = Int(index), checks.indices.contains(number) else {
      return Lab.fail("check index must be 0..<\(checks.count) or 'names', not '\(index)'")
    }
    let probe = checks[number]
    let report = probe.check()
    guard !report.coordinates.isEmpty else {
      return Lab.fail(
        "no coordinate could be checked: all \(report.skipped) lie within a step of a kink; "
          + "try another --seed")
    }
    for coordinate in report.coordinates {
      let output = GradientOutput(
        check: probe.name, hasKinks: probe.hasKinks, coordinate: coordinate.label,
        analytic: coordinate.analytic, numeric: coordinate.numeric,
        relativeError: coordinate.relativeError, numericError: coordinate.numericError,
        verdict: coordinate.verdict.description,
        isAccepted: coordinate.verdict.isAccepted(hasKinks: probe.hasKinks))
      let line = (try? ProbeOutput.encoder.encode(output)) ?? Data()
      FileHandle.standardOutput.write(line + Data("\n".utf8))
    }
    return 0
  }
}
