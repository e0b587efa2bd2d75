import Foundation
import GradKit
import Testing

@Suite("Datasets · logic gates")
struct LogicGateTests {
  @Test(
    "truth tables list inputs 00, 01, 10, 11 with the gate's outputs", arguments: LogicGate.allCases
  )
  func truthTable(_ gate: LogicGate) {
    let data = Datasets.truthTable(gate)
    #expect(data.inputs == Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]))
    #expect(
      data.labels == [gate.output(0, 0), gate.output(0, 1), gate.output(1, 0), gate.output(1, 1)])
    #expect(data.count == 4 && data.classCount == 2)
  }

  @Test("each gate computes its boolean function")
  func outputs() {
    for a in 0...1 {
      for b in 0...1 {
        let (x, y) = (a == 1, b == 1)
        #expect(LogicGate.and.output(a, b) == ((x && y) ? 1 : 0))
        #expect(LogicGate.or.output(a, b) == ((x || y) ? 1 : 0))
        #expect(LogicGate.nand.output(a, b) == ((x && y) ? 0 : 1))
        #expect(LogicGate.nor.output(a, b) == ((x || y) ? 0 : 1))
        #expect(LogicGate.xor.output(a, b) == ((x != y) ? 1 : 0))
      }
    }
    #expect(LogicGate.allCases.filter { !$0.isLinearlySeparable } == [.xor])
    #expect(LogicGate.nand.description == "NAND")
  }
}

@Suite("Datasets · linspace")
struct LinspaceTests {
  // Recorded from NumPy 2.4 (`np.linspace`), whose rounding this follows bit for bit.
  @Test("matches NumPy's linspace exactly")
  func matchesNumPy() {
    #expect(
      Datasets.linspace(from: 4, to: 8, count: 7)
        == [
          4.0, 4.666666666666667, 5.333333333333333, 6.0, 6.666666666666666, 7.333333333333333, 8.0,
        ])
    #expect(
      Datasets.linspace(from: 0, to: 0.3, count: 7)
        == [
          0.0, 0.049999999999999996, 0.09999999999999999, 0.15, 0.19999999999999998,
          0.24999999999999997, 0.3,
        ])
    #expect(
      Datasets.linspace(from: -1, to: 2.5, count: 4) == [
        -1.0, 0.16666666666666674, 1.3333333333333335, 2.5,
      ])
  }

  @Test("short and degenerate ranges")
  func edgeCases() {
    #expect(Datasets.linspace(from: 0, to: 1, count: 5) == [0, 0.25, 0.5, 0.75, 1])
    #expect(Datasets.linspace(from: 3, to: 9, count: 1) == [3])
    #expect(Datasets.linspace(from: 3, to: 9, count: 0) == [])
    #expect(Datasets.linspace(from: 1, to: 0, count: 3) == [1, 0.5, 0])
  }
}

@Suite("Datasets · spiral")
struct SpiralTests {
  static let pointsPerClass = 50
  static let classes = 3
  static let noise = 0.2

  static func spiral(seed: UInt64, noise: Double = noise) -> Dataset {
    var generator = SeededGenerator(seed: seed)
    return Datasets.spiral(
      pointsPerClass: pointsPerClass, classes: classes, noise: noise, using: &generator)
  }

  @Test("N · K rows of 2 features, N of each class, in class order")
  func layout() {
    let data = Self.spiral(seed: 1)
    #expect(data.inputs.shape == (150, 2))
    #expect(data.classCount == 3)
    #expect(data.labels == [0, 1, 2].flatMap { Array(repeating: $0, count: 50) })
  }

  @Test("a point's angle is 4j + 4i/(N − 1) plus the noise drawn for it")
  func pointFormula() {
    let (j, i) = (2, 7)
    let data = Self.spiral(seed: 1)
    var generator = SeededGenerator(seed: 1)
    var z = 0.0
    // The gaussians are drawn class by class, point by point.
    for _ in 0...(j * Self.pointsPerClass + i) {
      z = generator.gaussian()
    }
    let r = Double(i) / Double(Self.pointsPerClass - 1)
    let t = 4 * Double(j) + 4 * Double(i) / Double(Self.pointsPerClass - 1) + Self.noise * z
    let row = j * Self.pointsPerClass + i
    // The same formula in the same order, up to the rounding of the two linspace steps.
    #expect(isApproximatelyEqual(data.inputs[row, 0], r * sin(t), tolerance: .tight))
    #expect(isApproximatelyEqual(data.inputs[row, 1], r * cos(t), tolerance: .tight))
  }

  @Test("without noise the points lie on the curve and the radius grows from 0 to 1")
  func noiselessCurve() {
    let data = Self.spiral(seed: 1, noise: 0)
    for row in 0..<data.count {
      let (j, i) = (row / Self.pointsPerClass, row % Self.pointsPerClass)
      let r = Datasets.linspace(from: 0, to: 1, count: Self.pointsPerClass)[i]
      let t = Datasets.linspace(
        from: 4 * Double(j), to: 4 * Double(j + 1), count: Self.pointsPerClass)[i]
      #expect(data.inputs.row(row) == [r * sin(t), r * cos(t)])
    }
  }

  @Test("noise moves only the angle: every radius is still linspace(0, 1, N)")
  func radiusUnchangedByNoise() {
    let data = Self.spiral(seed: 2)
    let radii = Datasets.linspace(from: 0, to: 1, count: Self.pointsPerClass)
    for row in 0..<data.count {
      let (x, y) = (data.inputs[row, 0], data.inputs[row, 1])
      // sin² + cos² = 1 up to a few rounding errors.
      #expect(abs((x * x + y * y).squareRoot() - radii[row % Self.pointsPerClass]) < 1e-15)
    }
  }

  @Test("the same seed gives the same spiral")
  func deterministic() {
    #expect(Self.spiral(seed: 5) == Self.spiral(seed: 5))
    #expect(Self.spiral(seed: 5) != Self.spiral(seed: 6))
  }
}

@Suite("Datasets · linearly separable points")
struct LinearlySeparableTests {
  @Test(
    "every point lies on its label's side of the generating line, at least margin away",
    arguments: [1, 2, 3] as [UInt64])
  func separatedByGeneratingLine(seed: UInt64) {
    let margin = 0.15
    var generator = SeededGenerator(seed: seed)
    let data = Datasets.linearlySeparable(count: 200, margin: margin, using: &generator)
    // The documented draws: first the line's angle θ, then its offset c.
    var replay = SeededGenerator(seed: seed)
    let angle = replay.uniform(in: 0...(2 * Double.pi))
    let offset = replay.uniform(in: -0.5...0.5)
    #expect(data.inputs.shape == (200, 2))
    #expect(Set(data.labels) == [0, 1], "both sides must be represented")
    for row in 0..<data.count {
      let (x, y) = (data.inputs[row, 0], data.inputs[row, 1])
      #expect((-1...1).contains(x) && (-1...1).contains(y))
      let signedDistance = cos(angle) * x + sin(angle) * y + offset
      #expect(abs(signedDistance) >= margin, "row \(row) is \(signedDistance) from the line")
      #expect(data.labels[row] == (signedDistance > 0 ? 1 : 0), "row \(row) is on the wrong side")
    }
  }

  @Test("a margin of 0 keeps every candidate point")
  func zeroMargin() {
    var a = SeededGenerator(seed: 4)
    let data = Datasets.linearlySeparable(count: 10, margin: 0, using: &a)
    var b = SeededGenerator(seed: 4)
    _ = (b.uniform(), b.uniform())  // the line
    let points = (0..<20).map { _ in b.uniform(in: -1...1) }
    #expect(data.inputs.storage == points)
  }
}

@Suite("Datasets · split")
struct SplitTests {
  @Test("the parts are disjoint, cover every row, and have the requested sizes")
  func partition() {
    var generator = SeededGenerator(seed: 1)
    let data = Datasets.spiral(pointsPerClass: 10, classes: 3, using: &generator)
    let (training, validation) = Datasets.split(data, validationFraction: 0.2, using: &generator)
    #expect(validation.count == 6 && training.count == 24)
    #expect(training.classCount == 3 && validation.classCount == 3)
    let allRows = (training.inputs.storage + validation.inputs.storage)
    #expect(allRows.count == data.inputs.count)
    // Every row of the original appears exactly once, with its label.
    var remaining = (0..<data.count).map { data.inputs.row($0) + [Double(data.labels[$0])] }
    for part in [training, validation] {
      for row in 0..<part.count {
        let entry = part.inputs.row(row) + [Double(part.labels[row])]
        let position = remaining.firstIndex(of: entry)
        #expect(position != nil, "row \(entry) is not in the original or appears twice")
        if let position { remaining.remove(at: position) }
      }
    }
    #expect(remaining.isEmpty)
  }

  @Test("the same generator state gives the same split")
  func deterministic() {
    let data = Datasets.truthTable(.xor)
    var a = SeededGenerator(seed: 9)
    var b = SeededGenerator(seed: 9)
    let first = Datasets.split(data, validationFraction: 0.5, using: &a)
    let second = Datasets.split(data, validationFraction: 0.5, using: &b)
    #expect(first.training == second.training && first.validation == second.validation)
  }

  @Test("fractions 0 and 1 put everything on one side")
  func extremes() {
    let data = Datasets.truthTable(.and)
    var generator = SeededGenerator(seed: 1)
    #expect(Datasets.split(data, validationFraction: 0, using: &generator).validation.count == 0)
    #expect(Datasets.split(data, validationFraction: 1, using: &generator).training.count == 0)
  }
}
