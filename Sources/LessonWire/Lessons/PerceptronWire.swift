import GradKit

extension PerceptronLesson {
  /// Serves this implementation's functions to the grader (the learner program's `main`).
  public static func serveLesson() -> Never {
    LessonServer.run { server in
      server.add("step(_:)") { (x: Double) in step(x) }
      server.add("predict(_:unit:)") { (x: [Double], unit: PerceptronUnit) in
        predict(x, unit: unit)
      }
      server.add("update(_:with:label:learningRate:)") {
        (unit: PerceptronUnit, x: [Double], label: Int, rate: Double) in
        update(unit, with: x, label: label, learningRate: rate)
      }
      server.add("train(on:from:learningRate:epochs:)") {
        (data: Dataset, initial: PerceptronUnit, rate: Double, epochs: Int) in
        train(on: data, from: initial, learningRate: rate, epochs: epochs)
      }
      server.add("accuracy(of:on:)") { (unit: PerceptronUnit, data: Dataset) in
        accuracy(of: unit, on: data)
      }
      server.add("andGate") { andGate }
      server.add("orGate") { orGate }
      server.add("notGate") { notGate }
      server.add("xorNetwork") { xorNetwork }
      server.add("predict(_:network:)") { (x: [Double], network: PerceptronNetwork) in
        predict(x, network: network)
      }
    }
  }
}

/// Module 01 as another process computes it, called over the pipe.
public enum RemotePerceptron<Side: LinkSide>: PerceptronLesson {
  static var link: LearnerLink { Side.link(for: "01-Perceptron") }

  public static func step(_ x: Double) -> Double {
    link.call("step(_:)", x)
  }

  public static func predict(_ x: [Double], unit: PerceptronUnit) -> Int {
    link.call("predict(_:unit:)", x, unit)
  }

  public static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    link.call("update(_:with:label:learningRate:)", unit, x, label, learningRate)
  }

  public static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    link.call("train(on:from:learningRate:epochs:)", data, initial, learningRate, epochs)
  }

  public static func accuracy(of unit: PerceptronUnit, on data: Dataset) -> Double {
    link.call("accuracy(of:on:)", unit, data)
  }

  public static var andGate: PerceptronUnit { link.call("andGate") }
  public static var orGate: PerceptronUnit { link.call("orGate") }
  public static var notGate: PerceptronUnit { link.call("notGate") }
  public static var xorNetwork: PerceptronNetwork { link.call("xorNetwork") }

  public static func predict(_ x: [Double], network: PerceptronNetwork) -> Int {
    link.call("predict(_:network:)", x, network)
  }
}
