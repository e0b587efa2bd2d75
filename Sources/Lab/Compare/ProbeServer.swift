import Foundation
import Grader

/// `gradkit-lab probe MODULE SEED INDEX|count`: one probe of `gradkit compare`.
///
/// Prints the probe's reference value, then the learner's, as JSON lines. The reference
/// line is written first, so a failure in the learner's program still leaves the
/// reference value for `gradkit compare` to show.
enum ProbeServer {
  static func run(_ arguments: [String]) -> Int32 {
    guard arguments.count == 3, let seed = UInt64(arguments[1]) else {
      return Lab.fail("usage: gradkit-lab probe MODULE SEED INDEX|count")
    }
    guard let module = LabModule.named(arguments[0]) else {
      return Lab.fail("gradkit-lab has no probes for '\(arguments[0])'")
    }
    let probes = module.probes(seed)
    let index = arguments[2]
    if index == "count" {
      print(probes.count)
      return 0
    }
    guard let number = Int(index), probes.indices.contains(number) else {
      return Lab.fail("probe index must be 0..<\(probes.count) or 'count', not '\(index)'")
    }
    let probe = probes[number]
    for side in [ProbeOutput.Side.reference, .learner] {
      let output = ProbeOutput(
        probe: number, name: probe.name, input: probe.input, side: side,
        value: probe.evaluate(side))
      let line = (try? ProbeOutput.encoder.encode(output)) ?? Data()
      FileHandle.standardOutput.write(line + Data("\n".utf8))
    }
    return 0
  }
}
