import Foundation
import GradKit
import Testing

/// f(x) = Σ sin(xᵢ) · xᵢ², a smooth function with a gradient that is easy to get wrong.
///
///     ∂f/∂xᵢ = cos(xᵢ) · xᵢ² + 2xᵢ · sin(xᵢ)
enum SineTimesSquare {
  static func value(_ x: [Double]) -> Double {
    x.reduce(0) { $0 + sin($1) * $1 * $1 }
  }

  static func gradient(_ x: [Double]) -> [Double] {
    x.map { cos($0) * $0 * $0 + 2 * $0 * sin($0) }
  }

  static func point(seed: UInt64 = 1, count: Int = 10) -> [Double] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in generator.uniform(in: -2...2) }
  }
}

@Suite("Gradient checker · right gradients pass")
struct GradientCheckPassesTests {
  @Test("Σ sin(xᵢ) · xᵢ² with its true gradient is good at every coordinate")
  func smoothVectorFunction() {
    let x = SineTimesSquare.point()
    let report = checkGradient(
      of: SineTimesSquare.value, at: x, analytic: SineTimesSquare.gradient(x))
    #expect(report.verdict == .good, "\(report)")
    #expect(report.passes())
    #expect(report.coordinates.count == 10 && report.skipped == 0)
    #expect(report.coordinates.allSatisfy { $0.index.count == 1 && $0.parameter == "x" })
  }

  @Test("a function of a matrix reports [row, column] positions")
  func matrixFunction() {
    // Away from 0: near 0 the derivative 3x² is tiny while the centered difference of x³
    // is off by exactly h², so the relative error would grow past the good threshold.
    var generator = SeededGenerator(seed: 2)
    let x = Matrix.uniform(rows: 3, columns: 4, in: 0.5...2, using: &generator)
    let report = checkGradient(
      of: { ($0 .* $0 .* $0).sum() }, at: x, analytic: 3 * (x .* x), name: "X")
    #expect(report.verdict == .good, "\(report)")
    #expect(
      Set(report.coordinates.map(\.index)) == Set((0..<3).flatMap { i in (0..<4).map { [i, $0] } }))
    #expect(report.coordinates.allSatisfy { $0.value == x[$0.index[0], $0.index[1]] })
  }

  /// L(W, b) = Σ tanh(X · W + b): two parameters, one broadcast over rows.
  ///
  ///     dZ = 1 − tanh²(X · W + b),   dL/dW = Xᵀ · dZ,   dL/db = column sums of dZ
  @Test("a two-parameter layer L(W, b) = Σ tanh(X · W + b) is good for W and b")
  func twoParameters() {
    var generator = SeededGenerator(seed: 3)
    let inputs = Matrix.gaussian(rows: 5, columns: 3, using: &generator)
    let parameters = [
      "W": Matrix.gaussian(rows: 3, columns: 2, standardDeviation: 0.5, using: &generator),
      "b": Matrix.gaussian(rows: 1, columns: 2, standardDeviation: 0.5, using: &generator),
    ]
    let loss = { (p: [String: Matrix]) in (inputs * p["W"]! + p["b"]!).map(tanh).sum() }
    let z = inputs * parameters["W"]! + parameters["b"]!
    let dZ = z.map { 1 - tanh($0) * tanh($0) }
    let report = checkGradient(
      of: loss, at: parameters, analytic: ["W": inputs.transposedTimes(dZ), "b": dZ.columnSums()])
    #expect(report.verdict == .good, "\(report)")
    #expect(report.coordinates.filter { $0.parameter == "W" }.count == 6)
    #expect(report.coordinates.filter { $0.parameter == "b" }.count == 2)
  }
}

@Suite("Gradient checker · wrong gradients are caught")
struct GradientCheckCatchesTests {
  @Test("one coordinate with a flipped sign is wrong and reported first")
  func flippedSign() {
    let x = SineTimesSquare.point()
    var gradient = SineTimesSquare.gradient(x)
    gradient[3] = -gradient[3]
    let report = checkGradient(of: SineTimesSquare.value, at: x, analytic: gradient)
    #expect(report.verdict == .wrong)
    #expect(!report.passes(hasKinks: true))
    #expect(report.worst?.index == [3])
    #expect(
      report.worst.map { abs($0.relativeError - 2) < 1e-6 } == true,
      "a flipped sign has relative error 2")
    #expect(report.coordinates.dropFirst().allSatisfy { $0.verdict == .good }, "only x[3] is wrong")
    let firstRow = report.description.split(separator: "\n")[2]
    #expect(firstRow.hasPrefix("x[3]") && firstRow.hasSuffix("wrong"), "\(report)")
  }

  @Test("a missing factor 2 in the gradient of Σ x² is wrong everywhere")
  func missingFactor() {
    let x = SineTimesSquare.point(seed: 4, count: 6)
    let report = checkGradient(of: { $0.reduce(0) { $0 + $1 * $1 } }, at: x, analytic: x)
    #expect(report.verdict == .wrong)
    #expect(report.coordinates.count == 6)
    // analytic x against numeric 2x: |x − 2x| / |2x| = 1/2 at every coordinate.
    #expect(
      report.coordinates.allSatisfy { abs($0.relativeError - 0.5) < 1e-6 && $0.verdict == .wrong })
  }

  @Test("a wrong gradient for one of two parameters names that parameter")
  func wrongParameterNamed() {
    let parameters = ["a": Matrix([[1, 2]]), "b": Matrix([[3], [4]])]
    let loss = { (p: [String: Matrix]) in (p["a"]! * p["b"]!).sum() }  // a·b = a₁b₁ + a₂b₂
    let report = checkGradient(
      of: loss, at: parameters, analytic: ["a": Matrix([[3, 4]]), "b": Matrix([[1], [-2]])])
    #expect(report.verdict == .wrong)
    #expect(report.worst?.parameter == "b" && report.worst?.index == [1, 0])
    #expect(report.description.contains("b[1, 0]"))
  }
}

@Suite("Gradient checker · kinks")
struct GradientCheckKinkTests {
  static let step = GradientCheck.defaultStep
  /// Two coordinates exactly at the kink of |x|, two within h of it, four far from it.
  static let x = [0.8, 0, -1.3, 3e-6, 0.4, -7e-6, 0, -0.05]
  static let nearKinkCount = 4

  static func absoluteSum(_ x: [Double]) -> Double { x.reduce(0) { $0 + abs($1) } }

  /// The subgradient a typical implementation returns: +1 at 0.
  static func sign(_ x: [Double]) -> [Double] { x.map { $0 >= 0 ? 1 : -1 } }

  @Test("Σ |xᵢ| near its kinks fails without kink skipping")
  func failsWithoutSkipping() {
    let report = checkGradient(of: Self.absoluteSum, at: Self.x, analytic: Self.sign(Self.x))
    #expect(report.verdict == .wrong)
    #expect(!report.passes(hasKinks: true))
    #expect(report.skipped == 0)
  }

  @Test(
    "Σ |xᵢ| passes once the coordinates at and near the kink are skipped",
    arguments: [KinkRule.near([0]), .detectFromOneSidedDifferences])
  func passesWithSkipping(_ rule: KinkRule) {
    let report = checkGradient(
      of: Self.absoluteSum, at: Self.x, analytic: Self.sign(Self.x), skipping: rule)
    #expect(report.passes(hasKinks: true), "\(report)")
    #expect(report.verdict == .good, "\(report)")
    #expect(report.skipped == Self.nearKinkCount)
    #expect(Set(report.coordinates.map(\.index)) == [[0], [2], [4], [7]])
    #expect(report.description.contains("\(Self.nearKinkCount) skipped"))
  }

  @Test("kink detection evaluates f at the unmoved point once, not once per coordinate")
  func centerEvaluatedOnce() {
    // Σ eˣ: smooth, and its slope never small next to its curvature, so nothing is skipped.
    let x = [0.5, 1, 1.5, 2, 2.5, 3]
    func check(skipping rule: KinkRule?) -> (report: GradientReport, evaluations: Int) {
      var evaluations = 0
      let report = checkGradient(
        of: { x in
          evaluations += 1
          return x.reduce(0) { $0 + exp($1) }
        }, at: x, analytic: x.map(exp), skipping: rule)
      return (report, evaluations)
    }
    let plain = check(skipping: nil)
    let detecting = check(skipping: .detectFromOneSidedDifferences)
    #expect(detecting.report.skipped == 0)
    #expect(detecting.report.coordinates.map(\.numeric) == plain.report.coordinates.map(\.numeric))
    #expect(detecting.evaluations == plain.evaluations + 1)
  }

  @Test("kink skipping does not hide a wrong gradient away from the kinks")
  func skippingKeepsWrongGradientsVisible() {
    var gradient = Self.sign(Self.x)
    gradient[2] = 1  // true slope at −1.3 is −1
    let report = checkGradient(
      of: Self.absoluteSum, at: Self.x, analytic: gradient, skipping: .detectFromOneSidedDifferences
    )
    #expect(report.verdict == .wrong)
    #expect(report.worst?.index == [2])
  }

  @Test("a check that skipped everything does not pass")
  func everythingSkipped() {
    let report = checkGradient(
      of: Self.absoluteSum, at: [0, 0], analytic: [1, 1], skipping: .near([0]))
    #expect(report.coordinates.isEmpty && report.skipped == 2)
    #expect(!report.passes(hasKinks: true))
  }
}

@Suite("Gradient checker · backward passes through an upstream gradient")
struct CheckBackwardTests {
  static func random(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    return Matrix.gaussian(rows: rows, columns: columns, using: &generator)
  }

  @Test("elementwise tanh: dX = G .* (1 − tanh²(X))")
  func tanhBackward() {
    let x = Self.random(4, 3, seed: 1)
    let upstream = Self.random(4, 3, seed: 2)
    let local = 1 - x.map(tanh) .* x.map(tanh)
    let right = checkBackward(
      of: { $0.map(tanh) }, at: x, upstream: upstream, analytic: upstream .* local)
    #expect(right.verdict == .good, "\(right)")
    // Forgetting the upstream gradient is caught because G is random, not ones.
    let forgotUpstream = checkBackward(
      of: { $0.map(tanh) }, at: x, upstream: upstream, analytic: local)
    #expect(forgotUpstream.verdict == .wrong)
  }

  @Test("x · W: dX = G · Wᵀ and dW = Xᵀ · G")
  func productBackward() {
    let x = Self.random(4, 3, seed: 3)
    let w = Self.random(3, 3, seed: 4)
    let upstream = Self.random(4, 3, seed: 5)
    let dX = checkBackward(
      of: { $0 * w }, at: x, upstream: upstream, analytic: upstream.timesTransposed(w), name: "X")
    #expect(dX.verdict == .good, "\(dX)")
    let dW = checkBackward(
      of: { x * $0 }, at: w, upstream: upstream, analytic: x.transposedTimes(upstream), name: "W")
    #expect(dW.verdict == .good, "\(dW)")
    #expect(dW.coordinates.allSatisfy { $0.parameter == "W" })
  }

  @Test("a transposed dW of the right shape is caught")
  func transposedGradient() {
    let x = Self.random(4, 3, seed: 3)
    let w = Self.random(3, 3, seed: 4)
    let upstream = Self.random(4, 3, seed: 5)
    let transposed = x.transposedTimes(upstream).transposed  // (Xᵀ · G)ᵀ: square, so the shape fits
    let report = checkBackward(
      of: { x * $0 }, at: w, upstream: upstream, analytic: transposed, name: "W")
    #expect(report.verdict == .wrong)
    #expect(report.description.contains("W["))
    #expect(report.parametersWithTransposedGradient == ["W"])
    #expect(report.description.contains("Likely mistake: the gradient of W is transposed"))
  }

  @Test(
    "only a transposed gradient is named transposed: not a wrong one, a right one or a sample",
    arguments: ["scaled", "one entry off", "right", "sampled", "top-left block"])
  func notTransposed(variant: String) {
    let x = Self.random(4, 3, seed: 3)
    let w = Self.random(3, 3, seed: 4)
    let upstream = Self.random(4, 3, seed: 5)
    let right = x.transposedTimes(upstream)
    var analytic = right.transposed
    var sampling = CoordinateSampling.all
    switch variant {
    case "scaled": analytic = right * 1.5
    case "one entry off":  // one entry taken across the diagonal, the rest right
      analytic = right
      analytic[0, 1] = right[1, 0]
    case "right": analytic = right
    case "sampled": sampling = .random(count: 4, seed: 1)  // transposed, mirrors unchecked
    default: break
    }
    var report = checkBackward(
      of: { x * $0 }, at: w, upstream: upstream, analytic: analytic, name: "W",
      sampling: sampling)
    if variant == "top-left block" {
      // Only the top-left 2×2 of a transposed 3×3 checked (as kinks might leave it): it
      // looks square and complete unless the report knows W's shape.
      report = GradientReport(
        coordinates: report.coordinates.filter { $0.index.allSatisfy { $0 < 2 } },
        skipped: 5, step: report.step, shapes: report.shapes)
    }
    #expect(report.parametersWithTransposedGradient.isEmpty, "\(report)")
    #expect(!report.description.contains("transposed"))
  }

  @Test("a symmetric gradient that is right is not called transposed, though it is its transpose")
  func symmetric() {
    // f(W) = ½ Σ (W + Wᵀ)² has a symmetric gradient 2(W + Wᵀ).
    let w = Self.random(3, 3, seed: 6)
    let report = checkGradient(
      of: { w in 0.5 * (w + w.transposed).squaredNorm() }, at: w,
      analytic: 2 * (w + w.transposed), name: "W")
    #expect(report.verdict == .good, "\(report)")
    #expect(report.parametersWithTransposedGradient.isEmpty)
  }
}

@Suite("Gradient checker · mechanics")
struct GradientCheckMechanicsTests {
  @Test("relative error: scale-free, 0 when both are 0")
  func relativeError() {
    #expect(GradientCheck.relativeError(0, 0) == 0)
    #expect(GradientCheck.relativeError(1, 0) == 1)
    #expect(GradientCheck.relativeError(1, -1) == 2)
    #expect(GradientCheck.relativeError(2, 1) == 0.5)
    #expect(GradientCheck.relativeError(2e-9, 1e-9) == GradientCheck.relativeError(2e9, 1e9))
    #expect(GradientCheck.relativeError(.nan, 1).isNaN)
  }

  @Test(
    "verdict thresholds",
    arguments: [
      (0, GradientVerdict.good), (1e-7, .good), (2e-7, .acceptableWithKinks),
      (1e-4, .acceptableWithKinks),
      (2e-4, .suspicious), (1e-2, .suspicious), (2e-2, .wrong), (.infinity, .wrong), (.nan, .wrong),
    ] as [(Double, GradientVerdict)])
  func verdicts(_ error: Double, _ verdict: GradientVerdict) {
    #expect(GradientCheck.verdict(forRelativeError: error) == verdict)
  }

  @Test("passes(hasKinks:) accepts kink-level errors only when asked")
  func passing() {
    let kinky = GradientReport(
      coordinates: [
        CheckedCoordinate(parameter: "x", index: [0], value: 0, analytic: 1, numeric: 1 + 1e-5)
      ],
      skipped: 0, step: 1e-5)
    #expect(kinky.verdict == .acceptableWithKinks)
    #expect(!kinky.passes())
    #expect(kinky.passes(hasKinks: true))
    #expect(GradientReport(coordinates: [], skipped: 0, step: 1e-5).passes())
  }

  @Test("f sees exactly x ± h·max(1, |x|) at one coordinate at a time, and x is restored")
  func perturbsOneCoordinateAtATime() {
    let x = Matrix([[0.5, -1.25], [3, 1e3]])
    let step = [1e-5, 1.25e-5, 3e-5, 1e-2]
    // The checker calls f synchronously, so a local box can record what f sees.
    final class Recorder { var seen: [Matrix] = [] }
    let recorder = Recorder()
    _ = checkGradient(
      of: {
        recorder.seen.append($0)
        return $0.sum()
      }, at: x, analytic: .ones(rows: 2, columns: 2))
    #expect(recorder.seen.count == 2 * x.count, "two evaluations per coordinate that agrees")
    for (call, seen) in recorder.seen.enumerated() {
      let coordinate = call / 2
      let h = step[coordinate]
      let expected = x.storage[coordinate] + (call % 2 == 0 ? h : -h)
      for index in x.storage.indices {
        #expect(
          seen.storage[index] == (index == coordinate ? expected : x.storage[index]), "call \(call)"
        )
      }
    }
  }

  @Test("one-sided detection evaluates f once more, at x itself")
  func detectionEvaluatesCenter() {
    final class Counter { var calls = 0 }
    let counter = Counter()
    _ = checkGradient(
      of: {
        counter.calls += 1
        return $0.reduce(0, +)
      }, at: [1, 2, 3], analytic: [1, 1, 1],
      skipping: .detectFromOneSidedDifferences)
    // Two per coordinate, and f(x) once for the whole check.
    #expect(counter.calls == 3 * 2 + 1)
  }

  @Test("one-sided detection takes no NaN for a kink: the coordinate is kept, inconclusive")
  func detectionKeepsNotFinite() {
    // Σ x that turns NaN: a forward pass returning a misshapen or broken result looks like
    // this to the checker. NaN compares false, so a naive test would call every one a kink
    // and skip it, leaving a report of nothing.
    let report = checkGradient(
      of: { _ in .nan }, at: [1, -2, 3], analytic: [1, 1, 1],
      skipping: .detectFromOneSidedDifferences)
    #expect(report.skipped == 0)
    #expect(report.coordinates.count == 3)
    #expect(report.coordinates.allSatisfy { $0.verdict == .inconclusive(.numericNotFinite) })
  }

  @Test("random sampling checks the same few coordinates of every parameter")
  func sampling() {
    var generator = SeededGenerator(seed: 8)
    let parameters = [
      "W1": Matrix.gaussian(rows: 10, columns: 20, using: &generator),
      "b1": Matrix.gaussian(rows: 1, columns: 2, using: &generator),
    ]
    let loss = { (p: [String: Matrix]) in p["W1"]!.squaredNorm() + p["b1"]!.squaredNorm() }
    let analytic = parameters.mapValues { 2 * $0 }
    let run = { (seed: UInt64) in
      checkGradient(
        of: loss, at: parameters, analytic: analytic, sampling: .random(count: 5, seed: seed))
    }
    let first = run(1)
    #expect(first.coordinates.filter { $0.parameter == "W1" }.count == 5)
    #expect(
      first.coordinates.filter { $0.parameter == "b1" }.count == 2, "all of a smaller parameter")
    #expect(first.verdict == .good)
    #expect(Set(first.coordinates.map(\.label)) == Set(run(1).coordinates.map(\.label)))
    #expect(Set(first.coordinates.map(\.label)) != Set(run(2).coordinates.map(\.label)))
  }

  @Test("the report is sorted worst first and prints a table with counts")
  func reportTable() {
    let x = SineTimesSquare.point(count: 8)
    var gradient = SineTimesSquare.gradient(x)
    gradient[5] *= 1.001  // suspicious: relative error 1e-3
    gradient[1] = 0  // wrong: relative error 1
    let report = checkGradient(of: SineTimesSquare.value, at: x, analytic: gradient)
    let verdicts = report.coordinates.map(\.verdict)
    #expect(verdicts == verdicts.sorted(by: >), "worst verdict first")
    let errors = report.coordinates.dropFirst(2).map(\.relativeError)
    #expect(errors == errors.sorted(by: >), "then the largest relative error")
    #expect(report.coordinates.prefix(2).map(\.index) == [[1], [5]])
    #expect(report.coordinates[1].verdict == .suspicious)
    // E ≈ 1.5 · 8ε·|f|/h with |f| ≈ 6: about 1.6e-9, far below the mistakes' 1e-3 and 1.
    #expect(report.coordinates.prefix(2).allSatisfy { $0.numericError.map { $0 < 1e-8 } == true })
    #expect(report.coordinates.dropFirst(2).allSatisfy { $0.numericError == nil })
    let lines = report.description.split(separator: "\n").map(String.init)
    #expect(
      lines[0]
        == "gradient check: wrong — 8 coordinates checked, 0 skipped near kinks "
        + "(step h = 1e-5 · max(1, |x|))")
    #expect(lines[1].hasPrefix("coordinate   analytic"))
    #expect(lines[1].hasSuffix("± error   rel. error   verdict"))
    #expect(
      lines[2].hasPrefix("x[1]         0         ") && lines[2].hasSuffix("   1            wrong"))
    #expect(lines[3].hasSuffix("   9.99e-4      suspicious"))
    #expect(lines[4].contains("   —   "), "a good row has no error estimate: \(report)")
    #expect(lines.count == 2 + 5 + 2, "header, 5 worst rows, the rest line, the thresholds")
    #expect(lines[7] == "… 3 more not shown, none worse than good")
  }
}
