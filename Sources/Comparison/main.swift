import Exercises
import Foundation
import GradKit
import Grader
import Solutions

// gradkit-compare MODULE SEED INDEX
//
// Prints the probe's reference value, then the learner's, as JSON lines. The
// reference line is flushed first, so a crash in the learner's code still
// leaves the reference value for `gradkit compare` to show. With INDEX `count`
// it prints how many probes the module has.

/// Evaluates probe `index` on both sides and prints the two lines.
func run<Lesson>(
  _ probes: [Probe<Lesson>], index: Int, reference: Lesson, learner: Lesson
) {
  guard probes.indices.contains(index) else {
    FileHandle.standardError.write(Data("no probe \(index): there are \(probes.count)\n".utf8))
    exit(2)
  }
  let probe = probes[index]
  for (side, lesson) in [(ProbeOutput.Side.reference, reference), (.learner, learner)] {
    let output = ProbeOutput(
      probe: index, name: probe.name, input: probe.input, side: side,
      value: probe.evaluate(lesson))
    let line = (try? ProbeOutput.encoder.encode(output)) ?? Data()
    FileHandle.standardOutput.write(line + Data("\n".utf8))
  }
}

/// Runs `probes` as the command line asks.
func serve<Lesson>(_ probes: [Probe<Lesson>], reference: Lesson, learner: Lesson, index: String) {
  if index == "count" {
    print(probes.count)
  } else if let number = Int(index) {
    run(probes, index: number, reference: reference, learner: learner)
  } else {
    FileHandle.standardError.write(Data("probe index must be a number or 'count'\n".utf8))
    exit(2)
  }
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 3, let seed = UInt64(arguments[arguments.startIndex + 1]) else {
  FileHandle.standardError.write(Data("usage: gradkit-compare MODULE SEED INDEX|count\n".utf8))
  exit(2)
}
let module = arguments[arguments.startIndex]
let index = arguments[arguments.startIndex + 2]

switch module {
case "perceptron":
  serve(
    PerceptronProbes.make(seed: seed), reference: Solutions.Perceptron.self,
    learner: Exercises.Perceptron.self, index: index)
default:
  FileHandle.standardError.write(Data("gradkit-compare has no probes for '\(module)'\n".utf8))
  exit(2)
}
