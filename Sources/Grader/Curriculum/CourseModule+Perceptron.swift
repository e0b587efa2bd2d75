extension CourseModule {
  /// Module 01: a single perceptron, the perceptron trick and algorithm, and logic gates.
  public static let perceptron = CourseModule(
    number: 1,
    name: "perceptron",
    title: "The perceptron",
    folder: "01-Perceptron",
    suite: "PerceptronTests",
    summary:
      "Classify points with a line, move the line with the perceptron trick, train it, "
      + "and build AND, OR, NOT and a two-layer XOR from perceptrons.",
    hints: [
      "step and predict: the whole perceptron is one comparison. Work out the score w·x + b "
        + "with GradKit's dot(_:_:) and give class 1 when it is zero or more. "
        + "The tests put points exactly on the line: check that step(0) is 1, not 0.",
      "update: first ask the unit what it predicts for x. If that equals the label, return the "
        + "unit untouched. Otherwise the sign of (label − prediction), +1 or −1, says which way "
        + "to move: add sign·α·x to the weights and sign·α to the bias. Forgetting the bias "
        + "is the classic slip; the ten-update test from 3x₁ + 4x₂ − 10 = 0 catches it.",
      "The ten-update test ends with (1, 1) exactly on the line 4x₁ + 5x₂ − 9 = 0. In Double "
        + "the score there comes out at about −7e−15, not 0, because 0.1 has no exact binary "
        + "form. That is why the test compares the final line to a tolerance and does not "
        + "ask predict for a 1 after the tenth update. Do not round inside predict.",
      "train: two loops. The outer one runs `epochs` times; the inner one visits the rows of "
        + "data.inputs in order (data.inputs.row(i), data.labels[i]) and replaces the unit by "
        + "update(unit, …). You may stop after a pass with no mistake. accuracy: count the rows "
        + "where predict equals the label and divide by data.count, as a Double.",
      "Gates: draw the four inputs (0,0), (0,1), (1,0), (1,1) on paper and put a line between "
        + "the 1s and the 0s. With weights [1, 1] the score is x₁ + x₂ + b, which is 0, 1 or 2 "
        + "on the corners: pick b so the boundary falls between the right values (e.g. halfway). "
        + "NOT has one input: a negative weight and a positive bias.",
      "XOR: no single line separates (0,1) and (1,0) from (0,0) and (1,1). Build it from gates "
        + "you already have: XOR is 'at least one' AND 'not both', i.e. AND(OR(x), NAND(x)). "
        + "NAND is AND with every sign flipped. predict(_:network:) maps every hidden unit's "
        + "prediction to a Double and feeds that array to the output unit.",
    ]
  )
}
