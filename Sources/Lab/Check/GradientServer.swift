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
    let index = arguments[2]
    switch arguments[0] {
    case "sigmoid":
      return serve(
        StepVsSigmoidGradientProbes.make(seed: seed), learner: RemoteStepVsSigmoid<Learner>.self,
        index: index, seed: seed)
    case "softmax":
      return serve(
        SoftmaxGradientProbes.make(seed: seed), learner: RemoteSoftmax<Learner>.self, index: index,
        seed: seed)
    case "cross-entropy":
      return serve(
        CrossEntropyGradientProbes.make(seed: seed), learner: RemoteCrossEntropy<Learner>.self,
        index: index, seed: seed)
    case "regularization":
      return serve(
        RegularizationGradientProbes.make(seed: seed), learner: RemoteRegularization<Learner>.self,
        index: index, seed: seed)
    case "backprop":
      return serve(
        BackpropagationGradientProbes.make(seed: seed),
        learner: RemoteBackpropagation<Learner>.self,
        index: index, seed: seed)
    case "momentum":
      return serve(
        MomentumGradientProbes.make(seed: seed), learner: RemoteMomentum<Learner>.self,
        index: index,
        seed: seed)
    case "spiral":
      return serve(
        SpiralMLPGradientProbes.make(seed: seed), learner: RemoteSpiral<Learner>.self, index: index,
        seed: seed)
    default:
      // A module without a gradient (01: the step function has none) has no checks.
      return serve([GradientProbe<Void>](), learner: (), index: index, seed: seed)
    }
  }

  /// Runs check `index` of `probes` on the learner's code, or prints their names, a line each.
  static func serve<Lesson>(
    _ probes: [GradientProbe<Lesson>], learner: Lesson, index: String, seed: UInt64
  ) -> Int32 {
    if index == "names" {
      for probe in probes { print(probe.name) }
      return 0
    }
    guard let number = Int(index), probes.indices.contains(number) else {
      return Lab.fail("check index must be 0..<\(probes.count) or 'names', not '\(index)'")
    }
    let probe = probes[number]
    let report = probe.check(learner)
    for coordinate in report.coordinates {
      let output = GradientOutput(
        check: probe.name, hasKinks: probe.hasKinks, coordinate: coordinate.label,
        analytic: coordinate.analytic, numeric: coordinate.numeric,
        relativeError: coordinate.relativeError)
      let line = (try? ProbeOutput.encoder.encode(output)) ?? Data()
      FileHandle.standardOutput.write(line + Data("\n".utf8))
    }
    return 0
  }
}
