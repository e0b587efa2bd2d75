import GradKit

public enum Perceptron: PerceptronLesson {
  public static func step(_ x: Double) -> Double {
    // TODO: Return 1 when x is zero or more, 0 when it is negative.
    unimplemented()
  }

  public static func predict(_ x: [Double], unit: PerceptronUnit) -> Int {
    // TODO: Return the class, 0 or 1, that the step of the score w·x + b gives the point x.
    unimplemented()
  }

  public static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    // TODO: Return the unit after one perceptron-trick step for the point x with this label:
    // moved towards x if x is misclassified, unchanged if it is classified correctly.
    unimplemented()
  }

  public static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    // TODO: Return the unit after `epochs` passes of the perceptron trick over every point
    // of data, in order, starting from initial.
    unimplemented()
  }

  public static func accuracy(of unit: PerceptronUnit, on data: Dataset) -> Double {
    // TODO: Return the fraction of the points of data that unit classifies correctly.
    unimplemented()
  }

  public static var andGate: PerceptronUnit {
    // TODO: Choose two weights and a bias so that the unit outputs 1 only for the input (1, 1).
    unimplemented()
  }

  public static var orGate: PerceptronUnit {
    // TODO: Choose two weights and a bias so that the unit outputs 0 only for the input (0, 0).
    unimplemented()
  }

  public static var notGate: PerceptronUnit {
    // TODO: Choose one weight and a bias so that the unit outputs 1 for 0 and 0 for 1.
    unimplemented()
  }

  public static var xorNetwork: PerceptronNetwork {
    // TODO: Choose hidden units and an output unit so that the network computes XOR.
    unimplemented()
  }

  public static func predict(_ x: [Double], network: PerceptronNetwork) -> Int {
    // TODO: Return the output unit's class for the hidden units' outputs on the point x.
    unimplemented()
  }
}
