import Foundation
import GradKit
import Grader
import LessonWire
import Solutions

/// `gradkit-lab probe MODULE SEED INDEX|count`: one probe of `gradkit compare`.
///
/// Prints the probe's reference value, then the learner's, as JSON lines. The
/// reference line is written first, so a crash in the learner's code still
/// leaves the reference value for `gradkit compare` to show.
enum ProbeServer {
  static func run(_ arguments: [String]) -> Int32 {
    guard arguments.count == 3, let seed = UInt64(arguments[1]) else {
      return Lab.fail("usage: gradkit-lab probe MODULE SEED INDEX|count")
    }
    let index = arguments[2]
    switch arguments[0] {
    case "perceptron":
      return serve(
        PerceptronProbes.make(seed: seed), reference: Solutions.Perceptron.self,
        learner: RemotePerceptron<Learner>.self, index: index)
    case "sigmoid":
      return serve(
        StepVsSigmoidProbes.make(seed: seed), reference: Solutions.StepVsSigmoid.self,
        learner: RemoteStepVsSigmoid<Learner>.self, index: index)
    case "softmax":
      return serve(
        SoftmaxProbes.make(seed: seed), reference: Solutions.Softmax.self,
        learner: RemoteSoftmax<Learner>.self, index: index)
    case "cross-entropy":
      return serve(
        CrossEntropyProbes.make(seed: seed), reference: Solutions.CrossEntropy.self,
        learner: RemoteCrossEntropy<Learner>.self, index: index)
    case "regularization":
      return serve(
        RegularizationProbes.make(seed: seed), reference: Solutions.Regularization.self,
        learner: RemoteRegularization<Learner>.self, index: index)
    case "backprop":
      return serve(
        BackpropagationProbes.make(seed: seed), reference: Solutions.Backpropagation.self,
        learner: RemoteBackpropagation<Learner>.self, index: index)
    case "momentum":
      return serve(
        MomentumProbes.make(seed: seed), reference: Solutions.Momentum.self,
        learner: RemoteMomentum<Learner>.self, index: index)
    case "spiral":
      return serve(
        SpiralMLPProbes.make(seed: seed), reference: Solutions.SpiralMLP.self,
        learner: RemoteSpiral<Learner>.self, index: index)
    default:
      return Lab.fail("gradkit-lab has no probes for '\(arguments[0])'")
    }
  }

  /// Runs `probes` as the command line asks.
  static func serve<Lesson>(
    _ probes: [Probe<Lesson>], reference: Lesson, learner: Lesson, index: String
  ) -> Int32 {
    if index == "count" {
      print(probes.count)
      return 0
    }
    guard let number = Int(index), probes.indices.contains(number) else {
      return Lab.fail("probe index must be 0..<\(probes.count) or 'count', not '\(index)'")
    }
    let probe = probes[number]
    for (side, lesson) in [(ProbeOutput.Side.reference, reference), (.learner, learner)] {
      let output = ProbeOutput(
        probe: number, name: probe.name, input: probe.input, side: side,
        value: probe.evaluate(lesson))
      let line = (try? ProbeOutput.encoder.encode(output)) ?? Data()
      FileHandle.standardOutput.write(line + Data("\n".utf8))
    }
    return 0
  }
}
