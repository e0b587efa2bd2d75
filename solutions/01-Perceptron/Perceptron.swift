import GradKit

public enum Perceptron: PerceptronLesson {
  public static func step(_ x: Double) -> Double {
    // `>=`, not `>`: a point exactly on the boundary belongs to class 1.
    // NaN compares false with everything, so step(NaN) is 0.
    x >= 0 ? 1 : 0
  }

  public static func predict(_ x: [Double], unit: PerceptronUnit) -> Int {
    // The score is a signed, scaled distance from the line; only its sign matters here.
    let score = dot(unit.weights, x) + unit.bias
    return Int(step(score))
  }

  public static func update(
    _ unit: PerceptronUnit, with x: [Double], label: Int, learningRate: Double
  ) -> PerceptronUnit {
    let predicted = predict(x, unit: unit)
    guard predicted != label else { return unit }
    // label − ŷ is +1 for a missed positive (pull the line towards x) and −1 for a
    // false positive (push it away). Adding α·x to w raises the score at x by α‖x‖²
    // and adding α to b raises it by α more, so each step moves the score towards the label.
    let signedRate = Double(label - predicted) * learningRate
    return PerceptronUnit(
      weights: zip(unit.weights, x).map { weight, input in weight + signedRate * input },
      bias: unit.bias + signedRate)
  }

  public static func train(
    on data: Dataset, from initial: PerceptronUnit, learningRate: Double, epochs: Int
  ) -> PerceptronUnit {
    var unit = initial
    for _ in 0..<epochs {
      var mistakes = 0
      for i in 0..<data.count {
        let x = data.inputs.row(i)
        if predict(x, unit: unit) != data.labels[i] {
          mistakes += 1
        }
        unit = update(unit, with: x, label: data.labels[i], learningRate: learningRate)
      }
      // After a pass without a mistake every later pass changes nothing, so stop.
      if mistakes == 0 {
        break
      }
    }
    return unit
  }

  public static func accuracy(of unit: PerceptronUnit, on data: Dataset) -> Double {
    let correct = (0..<data.count).filter { i in
      predict(data.inputs.row(i), unit: unit) == data.labels[i]
    }.count
    return Double(correct) / Double(data.count)
  }

  // Each gate puts its line halfway between the inputs that must give 1 and the
  // inputs that must give 0, so every score is at least 0.5 away from the boundary.

  public static var andGate: PerceptronUnit {
    // x₁ + x₂ − 1.5 ≥ 0 only when both inputs are 1.
    PerceptronUnit(weights: [1, 1], bias: -1.5)
  }

  public static var orGate: PerceptronUnit {
    // x₁ + x₂ − 0.5 ≥ 0 as soon as one input is 1.
    PerceptronUnit(weights: [1, 1], bias: -0.5)
  }

  public static var notGate: PerceptronUnit {
    // −x + 0.5 is positive at 0 and negative at 1.
    PerceptronUnit(weights: [-1], bias: 0.5)
  }

  public static var xorNetwork: PerceptronNetwork {
    // XOR(x) = AND(OR(x), NAND(x)): "at least one" and "not both".
    PerceptronNetwork(hidden: [orGate, nandGate], output: andGate)
  }

  public static func predict(_ x: [Double], network: PerceptronNetwork) -> Int {
    // The hidden layer's 0/1 outputs are the output unit's input point.
    let hiddenOutputs = network.hidden.map { unit in Double(predict(x, unit: unit)) }
    return predict(hiddenOutputs, unit: network.output)
  }

  /// NOT AND: the AND unit with every sign flipped, so 1 unless both inputs are 1.
  private static let nandGate = PerceptronUnit(weights: [-1, -1], bias: 1.5)
}
