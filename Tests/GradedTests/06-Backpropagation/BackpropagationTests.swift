import Foundation
import GradKit
import LessonWire
import References
import Testing

extension Graded {
  /// The backpropagation implementation this run grades.
  static var backpropagation: any BackpropagationLesson.Type {
    isGradingLearner ? RemoteBackpropagation<Learner>.self : Reference.backpropagation
  }
}

@Suite("06 · Backpropagation", .graded("06-Backpropagation"))
struct BackpropagationTests {
  @Test("add, multiply and max gates send local gradient × upstream to each input")
  func gates() async {
    await Graded.run { Self.checkGates(Graded.backpropagation) }
  }

  @Test("the sigmoid gate never gives NaN; its backward pass is σ(1 − σ) × upstream")
  func sigmoidGate() async {
    await Graded.run { Self.checkSigmoidGate(Graded.backpropagation) }
  }

  @Test(
    "sigmoid neuron at w = (2, −3, −3), x = (−1, −2): 0.73; ∂w −0.20, −0.39, 0.20; ∂x 0.39, −0.59")
  func neuronExample() async {
    await Graded.run { Self.checkNeuronExample(Graded.backpropagation) }
  }

  @Test("sigmoidNeuron's gradients are σ(1 − σ)·input and pass the gradient checker")
  func neuronSeeded() async {
    await Graded.run { Self.checkNeuronSeeded(Graded.backpropagation) }
  }

  @Test("Value: every operation computes its value and its local derivative")
  func valueOperations() async {
    await Graded.run { Self.checkValueOperations(Graded.backpropagation) }
  }

  @Test(
    "Value: relu's slope at 0 is 0, tanh saturates to ±1 with slope 0, ln 0 = −∞, (−2)³ = −8")
  func valueEdgeCases() async {
    await Graded.run { Self.checkValueEdgeCases(Graded.backpropagation) }
  }

  @Test("Value: gradients add up where a node is reused (a = 1, b = a + a, c = b + b: dc/da = 4)")
  func valueReuse() async {
    await Graded.run { Self.checkValueReuse(Graded.backpropagation) }
  }

  @Test("Value: backward runs each node after every node that uses it (topological order)")
  func valueOrder() async {
    await Graded.run { Self.checkValueOrder(Graded.backpropagation) }
  }

  @Test("Value: gradients of seeded random expressions pass the gradient checker")
  func valueRandomExpressions() async {
    await Graded.run { Self.checkValueRandomExpressions(Graded.backpropagation) }
  }

  @Test("Value: zeroGrad clears the graph, and gradients from two backward calls add up")
  func valueZeroGrad() async {
    await Graded.run { Self.checkValueZeroGrad(Graded.backpropagation) }
  }

  @Test("Value: a graph is freed once nothing refers to it (no reference cycles)")
  func valueFreed() async {
    await Graded.run { Self.checkValueFreed(Graded.backpropagation) }
  }

  @Test("linear layer: y = x·W + b; dx = G·Wᵀ, dW = xᵀ·G, db = the column sums of G")
  func linearLayer() async {
    await Graded.run { Self.checkLinearLayer(Graded.backpropagation) }
  }

  @Test("ReLU layer: max(0, x); backward passes the upstream gradient only where x > 0")
  func reluLayer() async {
    await Graded.run { Self.checkReLULayer(Graded.backpropagation) }
  }

  @Test("reconstructionLoss is ½‖f(x) − target‖², and its gradient in x passes the checker")
  func reconstructionLoss() async {
    await Graded.run { Self.checkReconstructionLoss(Graded.backpropagation) }
  }

  @Test("infer finds an input whose output matches the target: loss < 1e-10 within 200 steps")
  func inference() async {
    await Graded.run { Self.checkInference(Graded.backpropagation) }
  }
}

// MARK: - Fixtures and tolerances

extension BackpropagationTests {
  /// Every check of the suite, for a right implementation written another way.
  static func checkAll(_ lesson: any BackpropagationLesson.Type) {
    checkGates(lesson)
    checkSigmoidGate(lesson)
    checkNeuronExample(lesson)
    checkNeuronSeeded(lesson)
    checkValueOperations(lesson)
    checkValueEdgeCases(lesson)
    checkValueReuse(lesson)
    checkValueOrder(lesson)
    checkValueRandomExpressions(lesson)
    checkValueZeroGrad(lesson)
    checkValueFreed(lesson)
    checkLinearLayer(lesson)
    checkReLULayer(lesson)
    checkReconstructionLoss(lesson)
    checkInference(lesson)
  }

  /// A closed form against the same formula computed another way (σ(1 − σ) from a cached
  /// output, 1/b rounded before the product): a few roundings of numbers near 1, within
  /// about 1e-15. 1e-12 leaves a wide margin; every planted mistake is off by > 1e-2.
  static let formula = Tolerance.tight

  /// The neuron, seeded expressions and network losses: a dozen or more roundings, possibly
  /// summed in another order. 1e-9, as the lesson promises, is still far below any mistake.
  static let computed = Tolerance.standard

  /// A number in ±`magnitudes` with a random sign: far enough from 0 that a derivative built
  /// from it stays far above the centered difference's rounding noise (about 1e-11).
  static func awayFromZero(
    in magnitudes: ClosedRange<Double> = 0.5...2, using generator: inout SeededGenerator
  ) -> Double {
    let magnitude = generator.uniform(in: magnitudes)
    return generator.index(below: 2) == 0 ? magnitude : -magnitude
  }

  /// A matrix of numbers in [0.5, 2]: with every entry positive, no sum of products cancels,
  /// so every derivative of a linear layer is ≥ 0.25 and rounding noise cannot pass as an error.
  static func positive(
    _ rows: Int, _ columns: Int, using generator: inout SeededGenerator
  ) -> Matrix {
    Matrix.uniform(rows: rows, columns: columns, in: 0.5...2, using: &generator)
  }

  /// The network f(x) = relu(x·W₁ + b₁)·W₂ + b₂, computed here with the engine alone.
  static func networkOutput(_ x: Matrix, _ network: FrozenNetwork) -> Matrix {
    let hidden = (x * network.hiddenWeights + network.hiddenBias).map { Swift.max(0, $0) }
    return hidden * network.outputWeights + network.outputBias
  }

  /// ½‖f(x) − target‖², computed here with the engine alone.
  static func referenceLoss(_ x: Matrix, _ network: FrozenNetwork, _ target: Matrix) -> Double {
    0.5 * (networkOutput(x, network) - target).squaredNorm()
  }

  /// ∂L/∂x of ``referenceLoss(_:_:_:)`` by backpropagation, computed here with the engine;
  /// `reluMask: false` gives the mistake of passing the gradient through units that were off.
  ///
  ///     r = f(x) − target,  dHidden = r·W₂ᵀ,  dZ = dHidden ⊙ [x·W₁ + b₁ > 0],  dx = dZ·W₁ᵀ
  static func referenceInputGradient(
    _ x: Matrix, _ network: FrozenNetwork, _ target: Matrix, reluMask: Bool = true
  ) -> Matrix {
    let z = x * network.hiddenWeights + network.hiddenBias
    let residual = z.map { Swift.max(0, $0) } * network.outputWeights + network.outputBias - target
    let dHidden = residual * network.outputWeights.transposed
    let dZ = reluMask ? dHidden.zipMap(z) { g, v in v > 0 ? g : 0 } : dHidden
    return dZ * network.hiddenWeights.transposed
  }

  /// The first values of a matrix, for messages: `2×3 [0.5, -1.25, …]`.
  static func describe(_ m: Matrix) -> String {
    let shown = m.storage.prefix(4).map { formatted($0) }.joined(separator: ", ")
    return "\(m.shapeDescription) [\(shown)\(m.count > 4 ? ", …" : "")]"
  }

  /// A number with at most 6 significant digits, for messages.
  static func formatted(_ x: Double) -> String {
    String(format: "%.6g", x)
  }
}

extension Mistake {
  /// A gate's local gradients returned as they are, never multiplied by upstream.
  fileprivate static func withoutUpstream(_ upstream: Double) -> Mistake {
    .transform(
      "the local gradients without the upstream factor: each input gets local × upstream"
    ) { $0 / upstream }
  }

  /// σ from a quotient of exponentials: ∞/∞ = NaN once one of them overflows.
  fileprivate static let sigmoidOverflow = Mistake(
    name: "a quotient of exponentials that overflow: e^x/(1 + e^x) is ∞/∞ = NaN above x ≈ 709.78, "
      + "and 1 − e^(−x)/(1 + e^(−x)) below −709.78; 1/(1 + e^(−x)) never is"
  ) { got, _ in got.storage.contains { $0.isNaN } }
}

// MARK: - Gates

extension BackpropagationTests {
  static func checkGates(_ lesson: any BackpropagationLesson.Type) {
    // Forward values, exact in binary.
    expectClose(lesson.add(3, -4), -1, tolerance: .exact, "add(3, -4)")
    expectClose(lesson.multiply(3, -4), -12, tolerance: .exact, "multiply(3, -4)")
    let smaller = Mistake.value(Matrix(row: [-4]), "the smaller of the two: max returns the larger")
    expectClose(lesson.maximum(3, -4), 3, tolerance: .exact, "maximum(3, -4)", mistakes: [smaller])
    expectClose(lesson.maximum(-4, 3), 3, tolerance: .exact, "maximum(-4, 3)", mistakes: [smaller])

    // Backward by hand: local gradient × upstream.
    let add = lesson.addBackward(upstream: 2.5)
    expectClose(
      [add.dx, add.dy], [2.5, 2.5], tolerance: .exact,
      "addBackward(upstream: 2.5) as [dx, dy]: ∂(x + y)/∂x = ∂(x + y)/∂y = 1, so both get 2.5",
      mistakes: [.withoutUpstream(2.5)])
    let multiply = lesson.multiplyBackward(x: 3, y: -4, upstream: 2)
    expectClose(
      [multiply.dx, multiply.dy], [-8, 6], tolerance: .exact,
      "multiplyBackward(x: 3, y: -4, upstream: 2) as [dx, dy]: dx = y·2 = −8, dy = x·2 = 6",
      mistakes: [
        .value(
          Matrix(row: [6, -8]), "dx and dy swapped: each input gets the *other* input × upstream"),
        .value(Matrix(row: [-4, 3]), "the other input without the upstream factor"),
      ])
    // The winner gets everything. The tie is graded after the clear cases, and its mistakes
    // are named only when those pass: a gate that routes to the loser is not a tie problem.
    let toLoser = "the gradient sent to the smaller input: the input that won gets all of it"
    let clear: [(x: Double, y: Double, expected: [Double], why: String)] = [
      (3, -4, [2, 0], "x is larger, so x gets all of it"),
      (-4, 3, [0, 2], "y is larger, so y gets all of it"),
    ]
    var clearCasesPass = true
    for (x, y, expected, why) in clear {
      let max = lesson.maximumBackward(x: x, y: y, upstream: 2)
      clearCasesPass = clearCasesPass && [max.dx, max.dy] == expected
      expectClose(
        [max.dx, max.dy], expected, tolerance: .exact,
        "maximumBackward(x: \(x), y: \(y), upstream: 2) as [dx, dy]: \(why)",
        mistakes: [.value(Matrix(row: expected.reversed()), toLoser), .withoutUpstream(2)])
    }
    let tie = lesson.maximumBackward(x: 1, y: 1, upstream: 2)
    expectClose(
      [tie.dx, tie.dy], [2, 0], tolerance: .exact,
      "maximumBackward(x: 1.0, y: 1.0, upstream: 2) as [dx, dy]: a tie (the kink) goes to x, "
        + "as the contract says",
      mistakes: clearCasesPass
        ? [
          .value(
            Matrix(row: [0, 2]),
            "at a tie the gradient went to y (x > y where the rule is x ≥ y): all of it goes to x"),
          .value(
            Matrix(row: [1, 1]),
            "at a tie the gradient split between x and y: the contract sends all of it to x"),
        ] : [])

    // Seeded points against the gradient checker, with L = upstream · f(x, y).
    var generator = Graded.generator(salt: 601)
    for _ in 0..<4 {
      let point = [awayFromZero(using: &generator), awayFromZero(using: &generator)]
      let upstream = awayFromZero(using: &generator)
      let (x, y) = (point[0], point[1])
      let at = "at (x, y) = (\(formatted(x)), \(formatted(y))), upstream \(formatted(upstream))"
      let addGradient = lesson.addBackward(upstream: upstream)
      expectGradient(
        checkGradient(
          of: { upstream * lesson.add($0[0], $0[1]) }, at: point,
          analytic: [addGradient.dx, addGradient.dy], name: "(x, y)"),
        "addBackward \(at); \(Graded.replay)")
      let multiplyGradient = lesson.multiplyBackward(x: x, y: y, upstream: upstream)
      expectGradient(
        checkGradient(
          of: { upstream * lesson.multiply($0[0], $0[1]) }, at: point,
          analytic: [multiplyGradient.dx, multiplyGradient.dy], name: "(x, y)"),
        "multiplyBackward \(at); \(Graded.replay)")
      // max has a kink where x = y; these points are at least 1e-3 away from it.
      guard abs(x - y) > 1e-3 else { continue }
      let maxGradient = lesson.maximumBackward(x: x, y: y, upstream: upstream)
      expectGradient(
        checkGradient(
          of: { upstream * lesson.maximum($0[0], $0[1]) }, at: point,
          analytic: [maxGradient.dx, maxGradient.dy], name: "(x, y)"),
        "maximumBackward \(at); \(Graded.replay)")
    }
  }

  static func checkSigmoidGate(_ lesson: any BackpropagationLesson.Type) {
    // σ(0) = 1/2 exactly; σ(1) and σ(−40) from the definition; ±800 must not give NaN.
    expectClose(lesson.sigmoid(0), 0.5, tolerance: .exact, "sigmoid(0)")
    expectClose(lesson.sigmoid(1), 1 / (1 + exp(-1.0)), tolerance: formula, "sigmoid(1)")
    expectClose(
      lesson.sigmoid(-40), exp(-40) / (1 + exp(-40)), tolerance: formula, "sigmoid(-40)")
    // Past both overflow points: e^(−x) overflows below x ≈ −709.78, e^x above 709.78.
    for x in [-800, -1e308] {
      expectClose(
        lesson.sigmoid(x), 0, tolerance: Tolerance(absolute: 1e-300),
        "sigmoid(\(x)): e^(−x) overflows to +∞ and 1/(1 + ∞) is 0, never NaN",
        mistakes: [.sigmoidOverflow])
    }
    for x in [800, 1e308] {
      expectClose(
        lesson.sigmoid(x), 1, tolerance: formula,
        "sigmoid(\(x)): e^(−x) is 0 and 1/(1 + 0) is 1, never NaN", mistakes: [.sigmoidOverflow])
    }

    // Backward from the cached output: σ(1 − σ) × upstream.
    func sigmoidOfOutput(_ output: Double) -> Double {
      let s = 1 / (1 + exp(-output))
      return s * (1 - s)
    }
    let cases: [(output: Double, upstream: Double, expected: Double, why: String)] = [
      (0.5, 1, 0.25, "0.5 · 0.5 · 1"),
      (0.5, 2, 0.5, "0.5 · 0.5 · 2: the upstream gradient scales the result"),
      (0.9, -1, -0.09, "0.9 · 0.1 · (−1)"),
    ]
    for (output, upstream, expected, why) in cases {
      expectClose(
        lesson.sigmoidBackward(output: output, upstream: upstream), expected, tolerance: formula,
        "sigmoidBackward(output: \(output), upstream: \(upstream)) = \(why)",
        mistakes: [
          .value(
            Matrix(row: [output * upstream]), "σ · upstream, without the factor (1 − σ)"),
          .value(
            Matrix(row: [expected / upstream]), "the upstream gradient is not multiplied in"),
          .value(
            Matrix(row: [sigmoidOfOutput(output) * upstream]),
            "σ(output)·(1 − σ(output)): the argument is already the forward output σ(x), so "
              + "the local gradient is output·(1 − output), with no second sigmoid"),
        ])
    }

    // The checker against sigmoid itself, from the output the forward pass cached.
    for x in [-4, -1, 0.3, 2.5] {
      let output = lesson.sigmoid(x)
      expectGradient(
        checkGradient(
          of: { lesson.sigmoid($0[0]) }, at: [x],
          analytic: [lesson.sigmoidBackward(output: output, upstream: 1)]),
        "sigmoidBackward(output: sigmoid(\(x)), upstream: 1)")
    }
  }
}

// MARK: - The sigmoid neuron

extension BackpropagationTests {
  /// The closed form: σ(z) and σ(1 − σ) times the other factor of each product.
  static func neuronClosedForm(weights w: [Double], inputs x: [Double]) -> NeuronGradients {
    let z = dot(Array(w.dropLast()), x) + w[x.count]
    let s = 1 / (1 + exp(-z))
    let local = s * (1 - s)
    return NeuronGradients(
      output: s, weightGradient: x.map { local * $0 } + [local],
      inputGradient: w.dropLast().map { local * $0 })
  }

  /// Compares a neuron's result with the closed form and with the checker on its own output.
  static func expectNeuron(
    _ lesson: any BackpropagationLesson.Type, weights: [Double], inputs: [Double],
    seeded: Bool, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let call = "sigmoidNeuron(weights: \(weights), inputs: \(inputs))"
    let replay = seeded ? "; \(Graded.replay)" : ""
    let got = lesson.sigmoidNeuron(weights: weights, inputs: inputs)
    guard got.weightGradient.count == weights.count, got.inputGradient.count == inputs.count
    else {
      fail(
        "\(call): expected \(weights.count) weight gradients (the bias last) and "
          + "\(inputs.count) input gradients, got \(got.weightGradient.count) and "
          + "\(got.inputGradient.count)\(replay)", sourceLocation: sourceLocation)
      return
    }
    let expected = neuronClosedForm(weights: weights, inputs: inputs)
    let local = expected.output * (1 - expected.output)
    let biasFirst = neuronClosedForm(
      weights: Array(weights.dropFirst()) + [weights[0]], inputs: inputs)
    let biasFirstName = "the bias taken from the first weight: it is the last, wₙ"
    expectClose(
      got.output, expected.output, tolerance: computed,
      "\(call).output: σ(w₀x₀ + … + wₙ₋₁xₙ₋₁ + wₙ)\(replay)",
      mistakes: [.value(Matrix(row: [biasFirst.output]), biasFirstName)],
      sourceLocation: sourceLocation)
    expectClose(
      got.weightGradient, expected.weightGradient, tolerance: computed,
      "\(call).weightGradient: σ(1 − σ)·xᵢ, and σ(1 − σ) for the bias\(replay)",
      mistakes: [
        .value(
          Matrix(row: inputs + [1]), "the inputs without the factor σ(1 − σ) of the sigmoid gate"),
        .value(
          Matrix(row: weights.map { local * $0 }),
          "the weights' own values: ∂(wx)/∂w is x, the other input"),
        .value(
          Matrix(row: [biasFirst.weightGradient.last!] + biasFirst.weightGradient.dropLast()),
          biasFirstName),
      ], sourceLocation: sourceLocation)
    expectClose(
      got.inputGradient, expected.inputGradient, tolerance: computed,
      "\(call).inputGradient: σ(1 − σ)·wᵢ\(replay)",
      mistakes: [
        .value(
          Matrix(row: inputs.map { local * $0 }),
          "the inputs' own values: ∂(wx)/∂x is w, the other input")
      ], sourceLocation: sourceLocation)
    expectGradient(
      checkGradient(
        of: { lesson.sigmoidNeuron(weights: $0, inputs: inputs).output }, at: weights,
        analytic: got.weightGradient, name: "w"),
      "\(call).weightGradient against your own output\(replay)", sourceLocation: sourceLocation)
    expectGradient(
      checkGradient(
        of: { lesson.sigmoidNeuron(weights: weights, inputs: $0).output }, at: inputs,
        analytic: got.inputGradient, name: "x"),
      "\(call).inputGradient against your own output\(replay)", sourceLocation: sourceLocation)
  }

  static func checkNeuronExample(_ lesson: any BackpropagationLesson.Type) {
    // The lesson's circuit: z = 2·(−1) + (−3)·(−2) + (−3) = 1, σ(1) = 0.7310585786,
    // σ(1)(1 − σ(1)) = 0.1966119332; each gradient is that times the other factor,
    // which the notes round to −0.20, 0.39, −0.39, −0.59 and 0.20.
    let expected = neuronClosedForm(weights: [2, -3, -3], inputs: [-1, -2])
    #expect(abs(expected.output - 0.7310585786) < 1e-10)
    expectNeuron(lesson, weights: [2, -3, -3], inputs: [-1, -2], seeded: false)
  }

  static func checkNeuronSeeded(_ lesson: any BackpropagationLesson.Type) {
    // Weights and inputs in ±[0.5, 1] keep |z| ≤ 5, so σ(1 − σ) ≥ 0.0066 and every
    // derivative is ≥ 0.0033: a saturated neuron's tiny slopes would drown in rounding noise.
    var generator = Graded.generator(salt: 602)
    for inputCount in [1, 3, 4] {
      let weights = (0...inputCount).map { _ in awayFromZero(in: 0.5...1, using: &generator) }
      let inputs = (0..<inputCount).map { _ in awayFromZero(in: 0.5...1, using: &generator) }
      expectNeuron(lesson, weights: weights, inputs: inputs, seeded: true)
    }
  }
}

// MARK: - Layers

extension BackpropagationTests {
  static func checkLinearLayer(_ lesson: any BackpropagationLesson.Type) {
    // By hand: x is 2×3, W 3×2, b 1×2.
    //   x·W = [[1 + 0 + 1, 2 + 0 + 0], [2 + 0 + 0, 4 + 1 + 0]] = [[2, 2], [2, 5]]; + b.
    //   With G = [[1, 0], [0, 2]]: dx = G·Wᵀ = [[1, 0, −1], [4, 2, 0]],
    //   dW = xᵀ·G = [[1, 4], [0, 2], [−1, 0]], db = column sums of G = [1, 2].
    let x = Matrix([[1, 0, -1], [2, 1, 0]])
    let weights = Matrix([[1, 2], [0, 1], [-1, 0]])
    let bias = Matrix(row: [0.5, -0.5])
    let upstream = Matrix([[1, 0], [0, 2]])
    expectClose(
      lesson.linearForward(x, weights: weights, bias: bias), Matrix([[2.5, 1.5], [2.5, 4.5]]),
      tolerance: formula, "linearForward(x: \(x), weights: \(weights), bias: \(bias))",
      mistakes: [
        .value(Matrix([[2, 2], [2, 5]]), "the bias is missing"),
        .value(Matrix([[2.5, 2.5], [1.5, 4.5]]), "the bias added down the columns"),
      ])
    let hand = lesson.linearBackward(upstream, x: x, weights: weights)
    let call = "linearBackward(G: \(upstream), x: \(x), weights: \(weights))"
    expectClose(
      hand.dx, Matrix([[1, 0, -1], [4, 2, 0]]), tolerance: formula, "\(call).dx = G·Wᵀ",
      mistakes: [.transposed])
    expectClose(
      hand.dW, Matrix([[1, 4], [0, 2], [-1, 0]]), tolerance: formula, "\(call).dW = xᵀ·G",
      mistakes: [.transposed])
    expectClose(
      hand.db, Matrix(row: [1, 2]), tolerance: formula, "\(call).db = the column sums of G",
      mistakes: [
        .value(Matrix(row: [0.5, 1]), "the mean over rows instead of the sum"),
        .value(Matrix(row: [1, 0]), "only the first row of G"),
        .value(Matrix(column: [1, 2]), "the row sums of G"),
        .value(upstream, "db = G, one row per example: the bias gradient sums G over the rows"),
      ])

    // Seeded layers, one with D ≠ H (a transposed result has the wrong shape) and one with
    // D = H (it has the right shape and wrong values), against the multi-parameter checker.
    var generator = Graded.generator(salt: 604)
    for (n, d, h) in [(4, 3, 5), (3, 4, 4)] {
      let parameters = [
        "x": positive(n, d, using: &generator), "W": positive(d, h, using: &generator),
        "b": positive(1, h, using: &generator),
      ]
      let upstream = positive(n, h, using: &generator)
      let (x, weights, bias) = (parameters["x"]!, parameters["W"]!, parameters["b"]!)
      let call =
        "linearBackward(G: \(describe(upstream)), x: \(describe(x)), weights: \(describe(weights)))"
      expectClose(
        lesson.linearForward(x, weights: weights, bias: bias), x * weights + bias,
        tolerance: formula,
        "linearForward(x: \(describe(x)), weights: \(describe(weights)), bias: \(describe(bias))); "
          + Graded.replay)
      let got = lesson.linearBackward(upstream, x: x, weights: weights)
      let shapes: [(name: String, got: Matrix, expected: Matrix)] = [
        ("dx", got.dx, x), ("dW", got.dW, weights), ("db", got.db, bias),
      ]
      let wrongShapes = shapes.filter { $0.got.shape != $0.expected.shape }
      guard wrongShapes.isEmpty else {
        for (name, gotMatrix, expected) in wrongShapes {
          fail(
            "\(call).\(name): expected shape \(expected.shapeDescription) (the shape of what it "
              + "is the gradient of), got \(gotMatrix.shapeDescription); \(Graded.replay)")
        }
        continue
      }
      // The formulas, computed here with the engine: a transposed dW has the right shape
      // when D = H, and only its values give it away.
      let rows = Double(n)
      expectClose(
        got.dx, upstream * weights.transposed, tolerance: computed,
        "\(call).dx = G·Wᵀ; "
          + Graded.replay)
      expectClose(
        got.dW, x.transposed * upstream, tolerance: computed,
        "\(call).dW = xᵀ·G; \(Graded.replay)", mistakes: [.transposed])
      expectClose(
        got.db, upstream.columnSums(), tolerance: computed,
        "\(call).db = the column sums of G; \(Graded.replay)",
        mistakes: [
          .transform("the mean over rows instead of the sum") { $0 / rows },
          .value(Matrix(row: upstream.row(0)), "only the first row of G"),
        ])
      // L = Σ G .* (x·W + b) has ∂L/∂x = dx, ∂L/∂W = dW and ∂L/∂b = db for this G.
      expectGradient(
        checkGradient(
          of: { p in
            (lesson.linearForward(p["x"]!, weights: p["W"]!, bias: p["b"]!) .* upstream).sum()
          },
          at: parameters, analytic: ["x": got.dx, "W": got.dW, "b": got.db]),
        "\(call) for N = \(n), D = \(d), H = \(h), against your own linearForward; "
          + Graded.replay)
    }
  }

  static func checkReLULayer(_ lesson: any BackpropagationLesson.Type) {
    // By hand; the 0 entry of x takes the slope 0, as the contract says.
    // G has both signs, so a mask taken from G differs from no mask at all.
    let x = Matrix([[-1, 0, 2], [3, -0.5, 0.25]])
    let upstream = Matrix([[1, -2, 3], [-4, 5, 6]])
    expectClose(
      lesson.reluForward(x), Matrix([[0, 0, 2], [3, 0, 0.25]]), tolerance: .exact,
      "reluForward(\(x))",
      mistakes: [.value(Matrix([[0, 0, 1], [1, 0, 1]]), "the mask [x > 0] instead of max(0, x)")])
    expectClose(
      lesson.reluBackward(upstream, x: x), Matrix([[0, 0, 3], [-4, 0, 6]]), tolerance: .exact,
      "reluBackward(G: \(upstream), x: \(x)): G where x > 0, else 0",
      mistakes: [
        .value(upstream, "no mask: the upstream gradient passes everywhere"),
        .value(
          Matrix([[0, -2, 3], [-4, 0, 6]]), "x ≥ 0 instead of x > 0: at x = 0 the slope is 0"),
        .value(
          Matrix([[0, 0, 6], [-12, 0, 1.5]]), "G times the output instead of G times the mask"),
        .value(
          Matrix([[1, 0, 3], [0, 5, 6]]),
          "the mask taken from the gradient, [G > 0]: it comes from the forward input, [x > 0]"),
      ])

    // Seeded: Gaussian x with entries planted on and next to the kink, which the checker skips.
    var generator = Graded.generator(salt: 605)
    var input = Matrix.gaussian(rows: 4, columns: 5, using: &generator)
    input[0, 0] = 0
    input[1, 2] = 1e-6
    input[2, 4] = -1e-6
    let gradient = Matrix.gaussian(rows: 4, columns: 5, using: &generator)
    expectClose(
      lesson.reluForward(input), input.map { Swift.max(0, $0) }, tolerance: .exact,
      "reluForward(\(describe(input))); \(Graded.replay)")
    let got = lesson.reluBackward(gradient, x: input)
    guard got.shape == input.shape else {
      fail(
        "reluBackward(G: \(describe(gradient)), x: \(describe(input))): expected shape "
          + "\(input.shapeDescription), got \(got.shapeDescription)")
      return
    }
    expectGradient(
      checkBackward(
        of: { lesson.reluForward($0) }, at: input, upstream: gradient, analytic: got,
        skipping: .near([0])),
      hasKinks: true,
      "reluBackward(G: \(describe(gradient)), x: \(describe(input))) against your own "
        + "reluForward, coordinates within h of the kink skipped; \(Graded.replay)")
  }
}

// MARK: - Backpropagation for inference

extension BackpropagationTests {
  /// A network with seeded Gaussian weights, D = 3 → H = 6 → C = 2.
  static func randomNetwork(using generator: inout SeededGenerator) -> FrozenNetwork {
    FrozenNetwork(
      hiddenWeights: .gaussian(rows: 3, columns: 6, using: &generator),
      hiddenBias: .gaussian(rows: 1, columns: 6, standardDeviation: 0.5, using: &generator),
      outputWeights: .gaussian(rows: 6, columns: 2, using: &generator),
      outputBias: .gaussian(rows: 1, columns: 2, standardDeviation: 0.5, using: &generator))
  }

  /// A 2 → 8 → 2 network whose inverse problem is well posed for every seed.
  ///
  /// Hidden unit k reads the direction at angle θ + 2πk/8 (θ seeded) with a bias in [0, 1];
  /// the output layer reads the directions back: W₂ = (2/8)·W₁ᵀ. Wherever enough units are
  /// on, f moves like its input (its Jacobian is close to the identity, never larger), so
  /// descent with α = 0.5 cannot diverge or stall. Tried on 10 000 seeds: the loss drops
  /// below 1e-10 within 85 steps from x = 0 for targets f(x*), x* in [−2, 2]².
  static func ringNetwork(using generator: inout SeededGenerator) -> FrozenNetwork {
    let hidden = 8
    let turn = generator.uniform(in: 0...(2 * Double.pi))
    let angles = (0..<hidden).map { turn + 2 * Double.pi * Double($0) / Double(hidden) }
    let directions = Matrix([angles.map { cos($0) }, angles.map { sin($0) }])
    return FrozenNetwork(
      hiddenWeights: directions,
      hiddenBias: .uniform(rows: 1, columns: hidden, in: 0...1, using: &generator),
      outputWeights: directions.transposed * (2 / Double(hidden)),
      outputBias: .uniform(rows: 1, columns: 2, in: -0.5...0.5, using: &generator))
  }

  static func checkReconstructionLoss(_ lesson: any BackpropagationLesson.Type) {
    var generator = Graded.generator(salt: 606)
    let network = randomNetwork(using: &generator)
    let x = Matrix.gaussian(rows: 2, columns: 3, using: &generator)
    let target = Matrix.gaussian(rows: 2, columns: 2, using: &generator)
    let call =
      "reconstructionLoss(\(describe(x)), network: seeded \(network), target: \(describe(target)))"
    let got = lesson.reconstructionLoss(x, network: network, target: target)
    let expected = referenceLoss(x, network, target)
    let withoutHalf =
      "the ½ is missing: L = ½‖f(x) − target‖², whose gradient at f(x) is f(x) − target"
    expectClose(
      got.loss, expected, tolerance: computed, "\(call).loss; \(Graded.replay)",
      mistakes: [
        .value(Matrix(row: [2 * expected]), withoutHalf),
        .value(Matrix(row: [expected / 2]), "the mean over the 2 rows instead of the sum"),
      ])
    guard got.dx.shape == x.shape else {
      fail(
        "\(call).dx: expected shape \(x.shapeDescription), like x, got "
          + "\(got.dx.shapeDescription); \(Graded.replay)")
      return
    }
    // The value, from the formula: no seeded hidden input is within 1e-12 of the kink, so
    // every right implementation takes the same mask.
    expectClose(
      got.dx, referenceInputGradient(x, network, target), tolerance: computed,
      "\(call).dx: r·W₂ᵀ, masked where x·W₁ + b₁ ≤ 0, times W₁ᵀ, with r = f(x) − target; "
        + Graded.replay,
      mistakes: [
        .value(
          referenceInputGradient(x, network, target, reluMask: false),
          "no ReLU mask: the gradient flows back through hidden units whose input was ≤ 0"),
        .flippedSign,
        .transform(withoutHalf) { $0 * 2 },
      ])
    // ReLU kinks inside the network: skip coordinates whose one-sided differences disagree.
    expectGradient(
      checkGradient(
        of: { lesson.reconstructionLoss($0, network: network, target: target).loss }, at: x,
        analytic: got.dx, skipping: .detectFromOneSidedDifferences),
      hasKinks: true, "\(call).dx against your own loss; \(Graded.replay)")
    expectGradient(
      checkGradient(
        of: { referenceLoss($0, network, target) }, at: x, analytic: got.dx,
        skipping: .detectFromOneSidedDifferences),
      hasKinks: true, "\(call).dx against the reference loss ½‖f(x) − target‖²; \(Graded.replay)")
  }

  static func checkInference(_ lesson: any BackpropagationLesson.Type) {
    var generator = Graded.generator(salt: 607)
    let network = ringNetwork(using: &generator)
    let truth = Matrix.uniform(rows: 1, columns: 2, in: -2...2, using: &generator)
    let target = networkOutput(truth, network)
    let start = Matrix.zeros(rows: 1, columns: 2)
    let rate = 0.5
    let setup =
      "target = f(\(describe(truth))) = \(describe(target)), network: seeded \(network), "
      + "start: \(describe(start)), learningRate: \(rate)"

    // One step is exactly x − α·∂L/∂x, with the gradient from your reconstructionLoss.
    let oneStep = lesson.infer(
      target: target, network: network, start: start, learningRate: rate, steps: 1)
    let gradient = lesson.reconstructionLoss(start, network: network, target: target).dx
    expectClose(
      oneStep, start - rate * gradient, tolerance: formula,
      "infer(\(setup), steps: 1): start − α·reconstructionLoss(start).dx; \(Graded.replay)",
      mistakes: [
        .value(start + rate * gradient, "a step uphill: x + α·dx instead of x − α·dx"),
        .value(start, "no step at all: infer returned start for steps: 1 (a loop over 1..<steps?)"),
      ])

    // The path, one step at a time from your reconstructionLoss: x_{k+1} = x_k − α·dx(x_k),
    // the network unchanged. Two steps show whether anything but x changed in between;
    // twelve whether infer makes as many steps as it is asked.
    var path = [start]
    for _ in 0..<13 {
      let x = path.last!
      path.append(x - rate * lesson.reconstructionLoss(x, network: network, target: target).dx)
    }
    let firstStepRight =
      firstMismatch(expected: path[1], got: oneStep, tolerance: formula) == nil
    let twoSteps = lesson.infer(
      target: target, network: network, start: start, learningRate: rate, steps: 2)
    expectClose(
      twoSteps, path[2], tolerance: computed,
      "infer(\(setup), steps: 2): x₁ − α·reconstructionLoss(x₁).dx with x₁ after one step; "
        + Graded.replay,
      mistakes: [
        .value(
          start - 2 * rate * gradient,
          "the gradient computed once, at the start: take it again at each new x")
      ]
        + (firstStepRight
          ? [
            Mistake(
              name: "the second step is not x₁ − α·∂L/∂x(x₁) though the first step was right: "
                + "the weights changed between steps (they are frozen: only x moves), or the "
                + "step carries something over from the last one"
            ) { got, _ in got.storage.allSatisfy(\.isFinite) }
          ] : []))
    let twelve = lesson.infer(
      target: target, network: network, start: start, learningRate: rate, steps: 12)
    expectClose(
      twelve, path[12], tolerance: computed,
      "infer(\(setup), steps: 12): twelve steps of x − α·reconstructionLoss(x).dx; "
        + Graded.replay,
      mistakes: (0...13).filter { $0 != 12 }.map { k in
        .value(path[k], "infer made \(k) steps where 12 were asked: one step per count of steps")
      })

    let budget = 200
    let threshold = 1e-10
    let found = lesson.infer(
      target: target, network: network, start: start, learningRate: rate, steps: budget)
    guard found.shape == start.shape else {
      fail("infer(\(setup), steps: \(budget)): expected a 1×2 input, got \(found.shapeDescription)")
      return
    }
    let loss = referenceLoss(found, network, target)
    if !(loss < threshold) {
      fail(
        "infer(\(setup), steps: \(budget)) returned \(describe(found)) with loss "
          + "½‖f(x) − target‖² = \(loss), expected below \(threshold) (the reference needs at "
          + "most 85 steps on this kind of network); \(Graded.replay)")
    }
  }
}
