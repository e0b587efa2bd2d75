import Foundation
import LessonWire

// gradkit-lab MODE ARGUMENTS…
//
// The grader does not link the learner's code, so that it can report on code
// that does not compile; it runs this program for everything that needs the
// learner's or the reference implementation.

/// Shared helpers of the lab's modes.
enum Lab {
  /// Prints `message` on standard error and returns the usage exit code.
  static func fail(_ message: String) -> Int32 {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return 2
  }

  /// Ends the lab with `message`, from inside a probe that cannot go on: a learner's value
  /// of the wrong shape. `gradkit` shows the message as the lab's last word.
  static func stop(_ message: String) -> Never {
    exit(fail(message))
  }
}

// A failed call into the learner's program ends this run; `gradkit` reads the failure
// from standard error and reports it in place of the learner's value.
LearnerLink.failureHandler = { failure, _ in
  FileHandle.standardError.write(Data((failure.recorded + "\n").utf8))
  exit(LearnerFailure.exitStatus)
}

let words = Array(CommandLine.arguments.dropFirst())
let rest = Array(words.dropFirst())
switch words.first {
case "probe":
  exit(ProbeServer.run(rest))
case "gradients":
  exit(GradientServer.run(rest))
case "train":
  // The modules that train a model: 08 (spiral) and 09 (training).
  let options = Array(rest.dropFirst())
  switch rest.first {
  case "spiral": exit(SpiralTrainer.run(options))
  case "training": exit(TrainingTrainer.run(options))
  default: exit(Lab.fail("usage: gradkit-lab train spiral|training [OPTIONS…] (--help lists them)"))
  }
#if !GRADKIT_CLASS_EDITION
  // The benchmark trains the reference, which a class edition does not hold.
  case "bench":
    exit(SpiralBenchmark.run(rest))
  case "kernels":
    exit(KernelBenchmark.run(rest))
#endif
default:
  exit(
    Lab.fail(
      "usage: gradkit-lab probe|gradients MODULE SEED INDEX, gradkit-lab train spiral|training --help,"
        + " gradkit-lab bench --points N --iterations I --seed S --export PATH,"
        + " or gradkit-lab kernels --points N --seed S"))
}
