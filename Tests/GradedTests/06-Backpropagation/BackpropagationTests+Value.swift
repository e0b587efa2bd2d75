import Foundation
import GradKit
import Testing

// MARK: - Value, one operation at a time

/// One operation on fresh leaves: its value and its leaves' gradients by hand, and what known
/// mistakes make of them.
struct OperationCase<V: AutodiffValue> {
  let name: String
  let leaves: [Double]
  let build: ([V]) -> V
  let value: Double
  let grad: [Double]
  /// What known mistakes make of `value`.
  var valueMistakes: [Mistake] = []
  /// What known mistakes in this operation's backward step make of `grad`.
  var gradMistakes: [Mistake] = []
  /// Whether the graph holds one operation only. Then the order of the backward steps cannot
  /// matter; `a - b` is `a + b * (-1)`, two operations, and depends on it.
  var isSingleOperation = true

  /// "x.tanh() at x = [0.5]", for messages.
  var at: String { "\(name) at \(leaves.count == 1 ? "x" : "(a, b)") = \(leaves)" }

  /// The operation's data and its leaves' gradients after `backward()`.
  func run() -> (data: Double, grad: [Double]) {
    let nodes = leaves.map { V($0) }
    let out = build(nodes)
    out.backward()
    return (out.data, nodes.map(\.grad))
  }
}

extension Mistake {
  /// d(xᵖ)/dx written p·xᵖ: the exponent not lowered by one.
  fileprivate static func powSlopeKeepsExponent(_ wrong: Double) -> Mistake {
    .value(Matrix(row: [wrong]), "pow's slope written p·xᵖ: it is p·xᵖ⁻¹")
  }

  /// xᵖ as e^(p·ln x): NaN for a negative base, even when p is a whole number.
  fileprivate static let powThroughLogarithm = Mistake(
    name: "xᵖ computed as e^(p·ln x), which is NaN for a negative base even when p is a whole "
      + "number: (−2)³ = −8; Foundation.pow handles it"
  ) { got, _ in got.storage.contains { $0.isNaN } }

  /// tanh from exponentials: ∞/∞ = NaN once e^x (or e^(2x)) overflows.
  fileprivate static let tanhFromExponentials = Mistake(
    name: "tanh from exponentials, (e^x − e^(−x))/(e^x + e^(−x)) or (e^(2x) − 1)/(e^(2x) + 1): "
      + "∞/∞ = NaN once e^x overflows (x above 709.78, or 354.89 for e^(2x)); Foundation.tanh "
      + "saturates to ±1 instead"
  ) { got, _ in got.storage.contains { $0.isNaN } }

  /// A new node whose `grad` starts at 1, where it must start at 0.
  fileprivate static let gradStartsAtOne = Mistake.value(
    Matrix(row: [1]),
    "a new node's grad starts at 1: it starts at 0, and backward() sets the output's to 1")

  /// The ReLU's slope at 0 taken as 1.
  fileprivate static let reluSlopeOneAtZero = Mistake.value(
    Matrix(row: [1]), "x ≥ 0 instead of x > 0: at the kink x = 0 the slope is taken to be 0")

  /// One mistake whose name holds every line of `names`; nil when there are none.
  ///
  /// Used where the test itself cannot tell the cause and small probe graphs did.
  fileprivate static func explained(by names: [String]) -> [Mistake] {
    names.isEmpty ? [] : [Mistake(name: names.joined(separator: "; also ")) { _, _ in true }]
  }
}

extension BackpropagationTests {
  /// Every operation of a `Value` by hand, each on fresh leaves.
  static func operationCases<V: AutodiffValue>(_: V.Type) -> [OperationCase<V>] {
    let th = tanh(0.5)
    return [
      OperationCase(
        name: "a + b", leaves: [2, -3], build: { $0[0] + $0[1] }, value: -1, grad: [1, 1]),
      OperationCase(
        name: "a * b", leaves: [2, -3], build: { $0[0] * $0[1] }, value: -6, grad: [-3, 2],
        gradMistakes: [
          .value(Matrix(row: [2, -3]), "each factor's own value: ∂(ab)/∂a is b, the other factor")
        ]),
      OperationCase(
        name: "a - b", leaves: [2, -3], build: { $0[0] - $0[1] }, value: 5, grad: [1, -1],
        isSingleOperation: false),
      OperationCase(
        name: "a / b", leaves: [2, -4], build: { $0[0] / $0[1] }, value: -0.5,
        grad: [-0.25, -0.125], isSingleOperation: false),
      OperationCase(
        name: "x.pow(3)", leaves: [-2], build: { $0[0].pow(3) }, value: -8, grad: [12],
        valueMistakes: [.powThroughLogarithm], gradMistakes: [.powSlopeKeepsExponent(-24)]),
      OperationCase(
        name: "x.pow(1.5)", leaves: [4], build: { $0[0].pow(1.5) }, value: 8, grad: [3],
        gradMistakes: [.powSlopeKeepsExponent(12)]),
      OperationCase(
        name: "x.pow(-2)", leaves: [2], build: { $0[0].pow(-2) }, value: 0.25, grad: [-0.25],
        gradMistakes: [.powSlopeKeepsExponent(-0.5)]),
      OperationCase(
        name: "x.exp()", leaves: [0.5], build: { $0[0].exp() }, value: exp(0.5), grad: [exp(0.5)],
        gradMistakes: [
          .value(
            Matrix(row: [0.5 * exp(-0.5)]),
            "the power rule applied to eˣ, x·e^(x−1): eˣ is its own derivative")
        ]),
      OperationCase(
        name: "x.log()", leaves: [2], build: { $0[0].log() }, value: log(2), grad: [0.5],
        gradMistakes: [
          .value(
            Matrix(row: [1 / log(2)]),
            "log's slope from the output, 1/y: d(ln x)/dx = 1/x, from the input x")
        ]),
      OperationCase(
        name: "x.tanh()", leaves: [0.5], build: { $0[0].tanh() }, value: th, grad: [1 - th * th],
        gradMistakes: [
          .value(
            Matrix(row: [0.75]),
            "tanh's slope taken from the input, 1 − x²: it is 1 − y² with y = tanh x, the output")
        ]),
      OperationCase(
        name: "x.relu()", leaves: [1.5], build: { $0[0].relu() }, value: 1.5, grad: [1]),
      OperationCase(
        name: "x.relu()", leaves: [-2], build: { $0[0].relu() }, value: 0, grad: [0],
        gradMistakes: [
          .value(Matrix(row: [1]), "no mask: relu passes the gradient only where x > 0")
        ]),
      OperationCase(
        name: "2 * x + 1", leaves: [3], build: { 2 * $0[0] + 1 }, value: 7, grad: [2],
        isSingleOperation: false),
      OperationCase(
        name: "1 / x", leaves: [4], build: { 1 / $0[0] }, value: 0.25, grad: [-0.0625],
        isSingleOperation: false),
    ]
  }

  static func checkValueOperations(_ lesson: any BackpropagationLesson.Type) {
    valueOperations(lesson)
  }

  private static func valueOperations<Lesson: BackpropagationLesson>(_: Lesson.Type) {
    typealias V = Lesson.Node
    // A leaf holds its number and a gradient of 0 until backward() runs.
    let leaf = V(2.5)
    expectClose(leaf.data, 2.5, tolerance: .exact, "Value: V(2.5).data")
    expectClose(
      leaf.grad, 0, tolerance: .exact, "Value: V(2.5).grad before any backward()",
      mistakes: [.gradStartsAtOne])
    leaf.backward()
    expectClose(
      leaf.grad, 1, tolerance: .exact, "Value: V(2.5).grad after its own backward(): ∂x/∂x = 1")

    // Values and derivatives by hand from each operation's rule. A leaf whose grad does not
    // start at 0 makes every one of them wrong by that much: name that, not each operation.
    let start = V(2.5).grad
    for operation in operationCases(V.self) {
      let (data, grad) = operation.run()
      expectClose(
        data, operation.value, tolerance: formula, "Value: data of \(operation.at)",
        mistakes: operation.valueMistakes)
      expectClose(
        grad, operation.grad, tolerance: formula,
        "Value: leaf gradients after backward() on \(operation.at)",
        mistakes: start == 0
          ? operation.gradMistakes
          : [.transform(Mistake.gradStartsAtOne.name) { $0 + start }])
    }
  }

  static func checkValueEdgeCases(_ lesson: any BackpropagationLesson.Type) {
    valueEdgeCases(lesson)
  }

  /// Saturation past 1 − y² = 0: Foundation.tanh rounds to ±1 for |x| above about 19.1, and a
  /// right slope written another way (sech² x) is below 1e-30 there. 1e-12 is far below the
  /// slope 1 of a NaN-free mistake and far above any rounding of a right one.
  static let saturated = Tolerance(absolute: 1e-12)

  private static func valueEdgeCases<Lesson: BackpropagationLesson>(_: Lesson.Type) {
    typealias V = Lesson.Node
    func run(_ x: Double, _ build: (V) -> V) -> (data: Double, grad: Double) {
      let leaf = V(x)
      let out = build(leaf)
      out.backward()
      return (out.data, leaf.grad)
    }

    // The ReLU's kink: the slope at exactly 0 is taken to be 0.
    let kink = run(0) { $0.relu() }
    expectClose(
      [kink.data, kink.grad], [0, 0], tolerance: .exact,
      "Value: [data, grad] of x.relu() at x = 0, the kink: max(0, 0) = 0 and the slope there is 0",
      mistakes: [
        .transform("x ≥ 0 instead of x > 0: at the kink x = 0 the slope is taken to be 0") {
          $0 + Matrix(row: [0, 1])
        }
      ])

    // tanh saturates: ±1 and slope 0 far out, on both sides of every overflow point of
    // the formulas built from e^x (709.78) and e^(2x) (354.89).
    let far: [Double] = [20, -20, 400, -400, 800, -800]
    let saturation = far.map { x in run(x) { $0.tanh() } }
    expectClose(
      saturation.map(\.data), far.map { $0 > 0 ? 1 : -1 }, tolerance: saturated,
      "Value: data of x.tanh() at x = \(far): tanh saturates to ±1, never NaN",
      mistakes: [.tanhFromExponentials])
    expectClose(
      saturation.map(\.grad), far.map { _ in 0 }, tolerance: saturated,
      "Value: grad of x.tanh() at x = \(far): the slope 1 − y² is 0 where y = ±1",
      mistakes: [.tanhFromExponentials])

    // The logarithm's domain: ln 0 = −∞, a tiny x is far below 0 (no ε), a negative x is NaN.
    let logs = [0, 1e-300].map { x in run(x) { $0.log() } }
    expectClose(
      logs.map(\.data), [-.infinity, log(1e-300)], tolerance: formula,
      "Value: data of x.log() at x = [0, 1e-300]: ln 0 = −∞ and ln(1e-300) ≈ −690.8",
      mistakes: [
        Mistake(
          name: "an ε added inside the logarithm, ln(x + ε): ln 0 is −∞ and ln(1e-300) ≈ −690.8, "
            + "an ε changes both"
        ) { got, _ in got.storage.first?.isFinite == true }
      ])
    expectClose(
      logs[1].grad, 1e300, tolerance: formula, "Value: grad of x.log() at x = 1e-300: 1/x")
    let negativeLog = run(-1) { $0.log() }
    if !negativeLog.data.isNaN {
      fail(
        "Value: data of x.log() at x = -1: expected NaN (a negative x is outside the domain, as "
          + "Foundation.log says), got \(negativeLog.data)"
          + (negativeLog.data == 0
            ? "\n  Likely mistake: ln |x|: the logarithm of a negative number is not defined." : "")
      )
    }

    // Powers of a negative base: whole exponents work, others are NaN as in Foundation.pow.
    let cube = run(-2) { $0.pow(3) }
    expectClose(
      [cube.data, cube.grad], [-8, 12], tolerance: formula,
      "Value: [data, grad] of x.pow(3) at x = -2: (−2)³ = −8, slope 3·(−2)² = 12",
      mistakes: [.powThroughLogarithm])
    let root = run(-2) { $0.pow(1.5) }
    if !root.data.isNaN {
      fail(
        "Value: data of x.pow(1.5) at x = -2: expected NaN (a negative base has no real power "
          + "1.5, as Foundation.pow says), got \(root.data)"
          + (isApproximatelyEqual(root.data, -Foundation.pow(2, 1.5), tolerance: formula)
            ? "\n  Likely mistake: |x|ᵖ with the sign of x: for a fractional p a negative base "
              + "gives NaN." : ""))
    }
  }

  static func checkValueReuse(_ lesson: any BackpropagationLesson.Type) {
    valueReuse(lesson)
  }

  private static func valueReuse<Lesson: BackpropagationLesson>(_: Lesson.Type) {
    typealias V = Lesson.Node
    let overwritten = "a gradient overwritten (=) where two uses must add up (+=)"

    // c = b + b = 4a: dc/db = 2, dc/da = 2 · 2 = 4.
    let a = V(1)
    let b = a + a
    let c = b + b
    c.backward()
    expectClose(c.data, 4, tolerance: .exact, "Value: c.data for a = 1, b = a + a, c = b + b")
    expectClose(
      [b.grad, a.grad], [2, 4], tolerance: .exact,
      "Value: [dc/db, dc/da] for a = 1, b = a + a, c = b + b",
      mistakes: [.value(Matrix(row: [1, 1]), overwritten)])

    // y = x·x + x: dy/dx = 2x + 1 = 7 at x = 3.
    let x = V(3)
    let y = x * x + x
    y.backward()
    expectClose(
      x.grad, 7, tolerance: .exact, "Value: dy/dx for y = x * x + x at x = 3 (2x + 1)",
      mistakes: [.value(Matrix(row: [1]), overwritten), .value(Matrix(row: [3]), overwritten)])

    // s = 2u + 3u + u² = 5u + u²: ds/du = 5 + 2u = 1 at u = −2, a node used by three gates.
    let u = V(-2)
    let s = u * 2 + u * 3 + u.pow(2)
    s.backward()
    expectClose(s.data, -6, tolerance: .exact, "Value: data of u * 2 + u * 3 + u.pow(2) at u = -2")
    expectClose(
      u.grad, 1, tolerance: formula, "Value: ds/du for s = u * 2 + u * 3 + u.pow(2) at u = -2")

    // t = tanh(w·w)·w: dt/dw = (1 − tanh²(w²))·2w·w + tanh(w²) at w = 0.5.
    let w = V(0.5)
    let t = (w * w).tanh() * w
    t.backward()
    let th = tanh(0.25)
    expectClose(
      w.grad, (1 - th * th) * 2 * 0.5 * 0.5 + th, tolerance: formula,
      "Value: dt/dw for t = (w * w).tanh() * w at w = 0.5, (1 − tanh²(w²))·2w² + tanh(w²)")
  }

  static func checkValueOrder(_ lesson: any BackpropagationLesson.Type) {
    valueOrder(lesson)
  }

  private static func valueOrder<Lesson: BackpropagationLesson>(_: Lesson.Type) {
    typealias V = Lesson.Node
    // m feeds the output directly and through a longer path, so m may pass its gradient on
    // only after the long path has delivered its share:
    //   out = m + log(1 + tanh(3m)),  d out/dm = 1 + 3(1 − tanh²(3m)) / (1 + tanh(3m)),  m = x².
    let x = V(0.5)
    let m = x * x
    let long = ((m * 3).tanh() + 1).log()
    let out = m + long
    out.backward()
    let th = tanh(0.75)
    let dm = 1 + 3 * (1 - th * th) / (1 + th)
    let got = [long.grad, m.grad, x.grad]
    let byHand = [1, dm, dm * 2 * 0.5]
    expectClose(
      got, byHand, tolerance: formula,
      "Value: [long.grad, m.grad, x.grad] for m = x * x, long = ((m * 3).tanh() + 1).log(), "
        + "out = m + long at x = 0.5: a node runs its backward step only after all its users",
      mistakes: firstMismatch(expected: byHand, got: got, tolerance: formula) == nil
        ? [] : Mistake.explained(by: valueFindings(V.self, orderSuspected: true)))

    // A ladder of forks: v₀ = z, vₖ₊₁ = vₖ + tanh(vₖ), six times. Each rung multiplies the
    // gradient by 1 + (1 − tanh²(vₖ)).
    let z = V(0.3)
    var rung = z
    var value = 0.3
    var expected = 1.0
    for _ in 0..<6 {
      rung = rung + rung.tanh()
      expected *= 2 - tanh(value) * tanh(value)
      value += tanh(value)
    }
    rung.backward()
    expectClose(
      z.grad, expected, tolerance: formula,
      "Value: dv₆/dz for the ladder vₖ₊₁ = vₖ + vₖ.tanh() from v₀ = z = 0.3",
      mistakes: isApproximatelyEqual(z.grad, expected, tolerance: formula)
        ? [] : Mistake.explained(by: valueFindings(V.self, orderSuspected: true)))
  }
}

// MARK: - Probes that name a Value's mistake

extension BackpropagationTests {
  /// What small probe graphs show to be wrong with a `Value`, one phrase each: a fresh leaf's
  /// gradient, every operation on its own (its value and local derivative), and a fork, a + a.
  ///
  /// A graph of one operation runs correctly in any order, so when every probe passes and a
  /// larger graph still fails, the order of the backward steps is what is left: with
  /// `orderSuspected` that is the finding.
  static func valueFindings<V: AutodiffValue>(_: V.Type, orderSuspected: Bool = false)
    -> [String]
  {
    // A grad that does not start at 0 spoils every other probe: it is the finding.
    let fresh = V(1).grad
    if fresh != 0 {
      return ["a new node's grad starts at \(fresh): it starts at 0"]
    }
    var findings: [String] = []
    for operation in operationCases(V.self) where operation.isSingleOperation {
      let (data, grad) = operation.run()
      if !isApproximatelyEqual(data, operation.value, tolerance: formula) {
        let known = operation.valueMistakes.first {
          $0.matches(Matrix(row: [data]), Matrix(row: [operation.value]))
        }
        findings.append(
          known?.name
            ?? "the forward value of \(operation.at): \(data), expected \(operation.value)")
      } else if firstMismatch(expected: operation.grad, got: grad, tolerance: formula) != nil {
        let known = operation.gradMistakes.first {
          $0.matches(Matrix(row: grad), Matrix(row: operation.grad))
        }
        findings.append(
          known?.name
            ?? "the backward step of \(operation.name): on its own at \(operation.leaves) it gives "
            + "the leaf gradients \(grad), expected \(operation.grad)")
      }
    }
    let a = V(1)
    let twice = a + a
    twice.backward()
    if a.grad != 2 {
      findings.append(
        "a gradient overwritten (=) where two uses must add up (+=): for b = a + a, db/da is "
          + "\(a.grad), expected 2")
    }
    if findings.isEmpty && orderSuspected {
      findings.append(
        "the backward steps run in the wrong order: every operation's local derivative and the "
          + "sum at a fork are right on their own (checked on one-operation graphs), so a node "
          + "passed its gradient on before every node that uses it had added its share; run the "
          + "steps in reverse topological order")
    }
    return findings
  }
}

// MARK: - Seeded random expressions

/// One node of a seeded random expression, computed from earlier nodes (by index).
///
/// Each kind stays in its domain whatever its operands: division is by b² + 1, the real
/// power and the logarithm are of a² + 0.5.
private enum ExpressionStep: CustomStringConvertible {
  case add(Int, Int)
  case subtract(Int, Int)
  case multiply(Int, Int)
  case divide(Int, Int)
  case square(Int)
  case cube(Int)
  case realPower(Int)
  case exp(Int)
  case log(Int)
  case tanh(Int)
  case relu(Int)

  /// A random step reading from the first `count` nodes.
  static func random(count: Int, using generator: inout SeededGenerator) -> ExpressionStep {
    let a = generator.index(below: count)
    let b = generator.index(below: count)
    switch generator.index(below: 11) {
    case 0: return .add(a, b)
    case 1: return .subtract(a, b)
    case 2: return .multiply(a, b)
    case 3: return .divide(a, b)
    case 4: return .square(a)
    case 5: return .cube(a)
    case 6: return .realPower(a)
    case 7: return .exp(a)
    case 8: return .log(a)
    case 9: return .tanh(a)
    default: return .relu(a)
    }
  }

  /// The step on plain Doubles.
  func evaluate(_ n: [Double]) -> Double {
    switch self {
    case .add(let a, let b): n[a] + n[b]
    case .subtract(let a, let b): n[a] - n[b]
    case .multiply(let a, let b): n[a] * n[b]
    case .divide(let a, let b): n[a] / (n[b] * n[b] + 1)
    case .square(let a): Foundation.pow(n[a], 2)
    case .cube(let a): Foundation.pow(n[a], 3)
    case .realPower(let a): Foundation.pow(n[a] * n[a] + 0.5, 1.5)
    case .exp(let a): Foundation.exp(n[a])
    case .log(let a): Foundation.log(n[a] * n[a] + 0.5)
    case .tanh(let a): Foundation.tanh(n[a])
    case .relu(let a): Swift.max(0, n[a])
    }
  }

  /// The same step on autodiff nodes.
  func evaluate<V: AutodiffValue>(_ n: [V]) -> V {
    switch self {
    case .add(let a, let b): n[a] + n[b]
    case .subtract(let a, let b): n[a] - n[b]
    case .multiply(let a, let b): n[a] * n[b]
    case .divide(let a, let b): n[a] / (n[b] * n[b] + 1)
    case .square(let a): n[a].pow(2)
    case .cube(let a): n[a].pow(3)
    case .realPower(let a): (n[a] * n[a] + 0.5).pow(1.5)
    case .exp(let a): n[a].exp()
    case .log(let a): (n[a] * n[a] + 0.5).log()
    case .tanh(let a): n[a].tanh()
    case .relu(let a): n[a].relu()
    }
  }

  /// The ReLU's input, if this step is a ReLU: it must stay away from the kink at 0.
  func reluInput(_ n: [Double]) -> Double? {
    if case .relu(let a) = self { return n[a] }
    return nil
  }

  var description: String {
    switch self {
    case .add(let a, let b): "n\(a) + n\(b)"
    case .subtract(let a, let b): "n\(a) - n\(b)"
    case .multiply(let a, let b): "n\(a) * n\(b)"
    case .divide(let a, let b): "n\(a) / (n\(b) * n\(b) + 1)"
    case .square(let a): "n\(a).pow(2)"
    case .cube(let a): "n\(a).pow(3)"
    case .realPower(let a): "(n\(a) * n\(a) + 0.5).pow(1.5)"
    case .exp(let a): "n\(a).exp()"
    case .log(let a): "(n\(a) * n\(a) + 0.5).log()"
    case .tanh(let a): "n\(a).tanh()"
    case .relu(let a): "n\(a).relu()"
    }
  }
}

/// A seeded random expression of three leaves: ten steps, each reading any earlier node (so
/// nodes are shared), and an output that adds the last four nodes.
private struct RandomExpression: CustomStringConvertible {
  static let leafCount = 3
  static let stepCount = 10
  static let outputTerms = 4

  var leaves: [Double]
  var steps: [ExpressionStep]

  /// The expression as a plain function of its leaves.
  func evaluate(_ leaves: [Double]) -> Double {
    var nodes = leaves
    for step in steps {
      nodes.append(step.evaluate(nodes))
    }
    return nodes.suffix(Self.outputTerms).reduce(0, +)
  }

  /// The same expression as a graph of autodiff nodes on the given leaves.
  func build<V: AutodiffValue>(_ leaves: [V]) -> V {
    var nodes = leaves
    for step in steps {
      nodes.append(step.evaluate(nodes))
    }
    let terms = nodes.suffix(Self.outputTerms)
    return terms.dropFirst().reduce(terms.first!) { sum, term in sum + term }
  }

  /// A random expression whose nodes stay within ±5 and away from the ReLU's kink, and whose
  /// every leaf derivative is at least 0.1 and smooth at the scale of the checker's step.
  ///
  /// On such an expression a right gradient is always "good", whatever the seed: centered
  /// differences with h and 2h agree to 3e-8, so truncation is below 1e-8, and rounding
  /// noise (about 1e-15 · |f| / h ≤ 2e-9) is below 1e-7 of any derivative ≥ 0.1.
  static func random(using generator: inout SeededGenerator) -> RandomExpression {
    while true {
      let leaves = (0..<leafCount).map { _ in generator.uniform(in: -1.5...1.5) }
      var nodes = leaves
      var steps: [ExpressionStep] = []
      while steps.count < stepCount {
        let step = ExpressionStep.random(count: nodes.count, using: &generator)
        let value = step.evaluate(nodes)
        guard value.isFinite, abs(value) <= 5 else { continue }
        if let input = step.reluInput(nodes), abs(input) < 0.1 { continue }
        steps.append(step)
        nodes.append(value)
      }
      let expression = RandomExpression(leaves: leaves, steps: steps)
      if expression.isWellConditioned {
        return expression
      }
    }
  }

  /// Whether every leaf derivative is ≥ 0.1 and centered differences with two steps agree.
  private var isWellConditioned: Bool {
    func centered(_ i: Int, _ h: Double) -> Double {
      var up = leaves
      var down = leaves
      up[i] += h
      down[i] -= h
      return (evaluate(up) - evaluate(down)) / (up[i] - down[i])
    }
    return leaves.indices.allSatisfy { i in
      let small = centered(i, 1e-5)
      let large = centered(i, 2e-5)
      return abs(small) >= 0.1 && abs(small - large) <= 3e-8 * abs(small)
    }
  }

  var description: String {
    var lines = leaves.enumerated().map { i, x in "n\(i) = \(x)" }
    for (offset, step) in steps.enumerated() {
      lines.append("n\(leaves.count + offset) = \(step)")
    }
    let total = leaves.count + steps.count
    lines.append(
      "out = " + (total - Self.outputTerms..<total).map { "n\($0)" }.joined(separator: " + "))
    return lines.joined(separator: "; ")
  }
}

extension BackpropagationTests {
  static func checkValueRandomExpressions(_ lesson: any BackpropagationLesson.Type) {
    valueRandomExpressions(lesson)
  }

  private static func valueRandomExpressions<Lesson: BackpropagationLesson>(_: Lesson.Type) {
    typealias V = Lesson.Node
    var generator = Graded.generator(salt: 603)
    for _ in 0..<5 {
      let expression = RandomExpression.random(using: &generator)
      let leaves = expression.leaves.map { V($0) }
      let out = expression.build(leaves)
      out.backward()
      let value = expression.evaluate(expression.leaves)
      expectClose(
        out.data, value, tolerance: computed,
        "Value: data of the expression \(expression); \(Graded.replay)",
        mistakes: isApproximatelyEqual(out.data, value, tolerance: computed)
          ? [] : Mistake.explained(by: valueFindings(V.self)))
      let report = checkGradient(
        of: { expression.build($0.map { V($0) }).data }, at: expression.leaves,
        analytic: leaves.map(\.grad), name: "n")
      // Which operation is wrong is not visible in a whole expression: probes say.
      expectGradient(
        report,
        "Value: leaf gradients of \(expression), against your own forward values; "
          + Graded.replay,
        mistakes: report.passes(hasKinks: false)
          ? [] : Mistake.explained(by: valueFindings(V.self, orderSuspected: true)))
    }
  }

  static func checkValueZeroGrad(_ lesson: any BackpropagationLesson.Type) {
    valueZeroGrad(lesson)
  }

  private static func valueZeroGrad<Lesson: BackpropagationLesson>(_: Lesson.Type) {
    typealias V = Lesson.Node
    let a = V(1.5)
    let b = V(-0.5)
    let product = a * b
    let out = (product + a).tanh()
    let nodes = [a, b, product, out]
    let graph = "a = 1.5, b = -0.5, product = a * b, out = (product + a).tanh()"
    out.backward()
    let first = nodes.map(\.grad)
    out.zeroGrad()
    expectClose(
      nodes.map(\.grad), [0, 0, 0, 0], tolerance: .exact,
      "Value: [a, b, product, out].grad after out.backward() then out.zeroGrad() for \(graph)",
      mistakes: [
        .value(
          Matrix(row: first.dropLast() + [0]),
          "zeroGrad() cleared only the node it was called on: it must clear every node "
            + "backward() visits")
      ])
    out.backward()
    expectClose(
      nodes.map(\.grad), first, tolerance: .exact,
      "Value: [a, b, product, out].grad after a second out.backward() that follows zeroGrad(), "
        + "for \(graph): the same as after the first")

    // Two outputs that share only their leaves: each backward adds its share.
    let x = V(2)
    let y = V(3)
    let xy = x * y
    let sum = x + y
    xy.backward()
    sum.backward()
    // Only the second backward's share is left when backward() clears the graph first, or
    // when every update overwrites: the fork probe (a + a) tells the two apart.
    let overwrites = valueFindings(V.self).contains { $0.hasPrefix("a gradient overwritten") }
    let clearsFirst =
      "backward() cleared the gradients before it started: gradients from two backward() calls "
      + "add up until zeroGrad()"
    let overwritten = "a gradient overwritten (=) where contributions must add up (+=)"
    expectClose(
      [x.grad, y.grad], [4, 3], tolerance: .exact,
      "Value: [x.grad, y.grad] after (x * y).backward() then (x + y).backward() at x = 2, y = 3: "
        + "(y + 1, x + 1), since gradients accumulate until zeroGrad()",
      mistakes: [.value(Matrix(row: [1, 1]), overwrites ? overwritten : clearsFirst)])

    // The same output twice: backward() sets the output's grad to 1 (it does not add 1),
    // and its inputs receive their share again: p = a·b, twice, gives (1, 2b, 2a).
    let p = V(3)
    let q = V(-2)
    let product2 = p * q
    product2.backward()
    product2.backward()
    expectClose(
      [product2.grad, p.grad, q.grad], [1, -4, 6], tolerance: .exact,
      "Value: [out.grad, a.grad, b.grad] after out.backward() twice on out = a * b at a = 3, "
        + "b = -2: backward() sets grad(out) = 1 and each call adds (b, a) to the inputs",
      mistakes: [
        .value(
          Matrix(row: [2, -6, 9]),
          "backward() adds 1 to the output's grad (grad += 1): it sets it, grad = 1"),
        .value(Matrix(row: [1, -2, 3]), overwrites ? overwritten : clearsFirst),
      ])
  }

  static func checkValueFreed(_ lesson: any BackpropagationLesson.Type) {
    valueFreed(lesson)
  }

  private static func valueFreed<Lesson: BackpropagationLesson>(_: Lesson.Type) {
    typealias V = Lesson.Node
    let operations: [(name: String, build: (V, V) -> V)] = [
      ("a + b", { $0 + $1 }),
      ("a * b", { $0 * $1 }),
      ("a - b", { $0 - $1 }),
      ("a / b", { $0 / $1 }),
      ("a.pow(2.5)", { a, _ in a.pow(2.5) }),
      ("a.exp()", { a, _ in a.exp() }),
      ("a.log()", { a, _ in a.log() }),
      ("a.tanh()", { a, _ in a.tanh() }),
      ("a.relu()", { a, _ in a.relu() }),
    ]
    for (name, build) in operations {
      weak var output: V?
      weak var leaf: V?
      do {
        let a = V(1.5)
        let b = V(0.5)
        let out = build(a, b)
        out.backward()
        output = out
        leaf = a
      }
      if output != nil || leaf != nil {
        fail(
          "Value: the graph of \(name) is still alive after its last reference went away\n"
            + "  Likely mistake: a backward step stored on a node captures that node strongly, "
            + "a reference cycle (node → closure → node). Capture it as [unowned out] or "
            + "[weak out].")
        return
      }
    }
  }
}
