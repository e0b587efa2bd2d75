import Foundation
import GradKit
import Testing

/// A function where the plain relative rule, on a centered difference with a fixed step of
/// 1e-5, calls a right gradient wrong (or at least not good), and what the checker says now.
struct HardCase: Sendable, CustomTestStringConvertible {
  let name: String
  let value: @Sendable ([Double]) -> Double
  let gradient: @Sendable ([Double]) -> [Double]
  let point: [Double]
  /// The coordinate the plain rule misjudges.
  let hard: Int
  /// The checker's verdict there for the right gradient.
  let verdict: GradientVerdict
  /// A coordinate with a slope well above h² = 1e-10, to plant mistakes in.
  let victim: Int
  /// The verdict there for that slope times 1.001: suspicious, unless the numeric error is
  /// larger than 1e-3 of the slope, when no checker can tell.
  let scaledVerdict: GradientVerdict

  var testDescription: String { name }

  /// The verdict of the plain rule at `hard`: the relative error of the centered difference
  /// with a fixed step h = 1e-5, against the thresholds alone.
  var plainVerdict: GradientVerdict {
    let h = GradientCheck.defaultStep
    var x = point
    let original = x[hard]
    x[hard] = original + h
    let up = (x[hard], value(x))
    x[hard] = original - h
    let down = (x[hard], value(x))
    let numeric = (up.1 - down.1) / (up.0 - down.0)
    let error = GradientCheck.relativeError(gradient(point)[hard], numeric)
    return GradientCheck.verdict(forRelativeError: error)
  }

  /// f(x) = Σ xᵢ³, ∂f/∂xᵢ = 3xᵢ².
  static func cubes(
    _ name: String, at point: [Double], hard: Int, verdict: GradientVerdict, victim: Int
  ) -> HardCase {
    HardCase(
      name: name, value: { $0.reduce(0) { $0 + $1 * $1 * $1 } },
      gradient: { $0.map { 3 * $0 * $0 } },
      point: point, hard: hard, verdict: verdict, victim: victim, scaledVerdict: .suspicious)
  }

  static let all: [HardCase] = [
    // D(h) of x³ is 3x² + h² exactly: at x = 0 that is h² = 1e-10 against 0, relative error 1.
    // R₁ = (4·D(h) − D(2h)) / 3 removes the h², but no relative rule can confirm a slope of 0.
    cubes(
      "Σ xᵢ³ at xᵢ = 0: a true slope of 0 where f is curved", at: [0, 0.7, -1.1], hard: 0,
      verdict: .inconclusive(.withinNumericError), victim: 2),
    // Alone, f is about 1e-6, so rounding is negligible and R₂ confirms 3x² = 3e-8 to 1e-7.
    cubes(
      "Σ xᵢ³ near 0: slopes 3e-4 to 3e-12 off by h² = 1e-10", at: [1e-2, 1e-3, 1e-4, 1e-6],
      hard: 2, verdict: .good, victim: 0),
    // Beside coordinates of order 1, f's rounding (≈ 8ε·|f|/h ≈ 3e-10) hides 1e-4 of 3e-6.
    cubes(
      "Σ xᵢ³ at 1e-3 beside coordinates of order 1", at: [1e-3, 0.7, -1.1], hard: 0,
      verdict: .inconclusive(.withinNumericError), victim: 2),
    // ε·|f|/h = 2.2e-16 · 1e8 / 1e-5 ≈ 2e-3: rounding alone misses the good threshold.
    HardCase(
      name: "1e8 + Σ sin(xᵢ): a large constant offset", value: { $0.reduce(1e8) { $0 + sin($1) } },
      gradient: { $0.map(cos) }, point: [0.3, -1.2, 2, 0.01], hard: 1,
      verdict: .inconclusive(.withinNumericError), victim: 1,
      scaledVerdict: .inconclusive(.withinNumericError)),
    // 1e12 ± 1e-5 rounds to 1e12, so a fixed step gives 0/0 = NaN; h·|x| = 1e7 does not.
    HardCase(
      name: "Σ ln(1 + xᵢ²) at 1e12 and beyond: x ± 1e-5 rounds to x",
      value: { $0.reduce(0) { $0 + log(1 + $1 * $1) } },
      gradient: { $0.map { 2 * $0 / (1 + $0 * $0) } }, point: [1e12, -4e13, 7.5e14], hard: 0,
      verdict: .good, victim: 0, scaledVerdict: .suspicious),
  ]
}

/// A mistake planted in one coordinate of a right gradient, and the verdict it must get.
struct PlantedMistake: Sendable, CustomTestStringConvertible {
  let name: String
  let apply: @Sendable (Double) -> Double

  var testDescription: String { name }

  static let flippedSign = PlantedMistake(name: "flipped sign") { -$0 }
  static let scaled = PlantedMistake(name: "scaled by 1.001") { $0 * 1.001 }
  static let zeroed = PlantedMistake(name: "zeroed") { _ in 0 }
  static let notANumber = PlantedMistake(name: "NaN") { _ in .nan }
}

@Suite("Gradient checker · right gradients are never called wrong")
struct GradientCheckHardCaseTests {
  @Test("the right gradient passes where the plain relative rule fails it", arguments: HardCase.all)
  func rightGradientPasses(_ hard: HardCase) throws {
    #expect(!hard.plainVerdict.isAccepted(hasKinks: false), "the case is hard for the plain rule")
    let report = checkGradient(of: hard.value, at: hard.point, analytic: hard.gradient(hard.point))
    #expect(report.passes(), "\(report)")
    let coordinate = try #require(report.coordinates.first { $0.index == [hard.hard] })
    #expect(coordinate.verdict == hard.verdict, "\(report)")
    #expect(report.coordinates.allSatisfy { $0.verdict != .wrong }, "\(report)")
  }

  @Test(
    "mistakes are still caught where the numeric error allows",
    arguments: HardCase.all,
    [PlantedMistake.flippedSign, .scaled, .zeroed, .notANumber])
  func mistakesCaught(_ hard: HardCase, _ mistake: PlantedMistake) throws {
    var gradient = hard.gradient(hard.point)
    gradient[hard.victim] = mistake.apply(gradient[hard.victim])
    let report = checkGradient(of: hard.value, at: hard.point, analytic: gradient)
    let coordinate = try #require(report.coordinates.first { $0.index == [hard.victim] })
    let expected = mistake.name == PlantedMistake.scaled.name ? hard.scaledVerdict : .wrong
    #expect(coordinate.verdict == expected, "\(report)")
    #expect(report.passes(hasKinks: true) == expected.isAccepted(hasKinks: true), "\(report)")
  }

  @Test("f that is NaN within 2h of x makes a coordinate inconclusive, right or wrong")
  func notFiniteNearby() throws {
    // √x at x = 1.5e-5: x − h > 0 but x − 2h < 0, so D(2h) is NaN and E cannot be estimated.
    let point = [1.5e-5, 4]
    let right = point.map { 1 / (2 * sqrt($0)) }
    for analytic in [right, [-right[0], right[1]]] {
      let report = checkGradient(
        of: { $0.reduce(0) { $0 + sqrt($1) } }, at: point, analytic: analytic)
      let coordinate = try #require(report.worst)
      #expect(coordinate.index == [0])
      #expect(coordinate.verdict == .inconclusive(.numericNotFinite), "\(report)")
      #expect(coordinate.numericError == .infinity)
      #expect(report.passes(), "inconclusive never fails a check")
      #expect(report.description.contains("f is NaN or ∞ near x"), "\(report)")
    }
  }
}

@Suite("Gradient checker · the numeric error")
struct GradientCheckNumericErrorTests {
  @Test(
    "the verdict counts only what the numeric error E cannot explain",
    arguments: [
      (1, 1, 0, GradientVerdict.good),
      (1, 1 + 5e-8, 4e-8, .good),  // d + E = 9e-8 ≤ 1e-7
      (1, 1 + 5e-8, 6e-8, .inconclusive(.withinNumericError)),  // worst case 1.1e-7
      (0, 1e-10, 2e-10, .inconclusive(.withinNumericError)),  // a slope of 0 within E
      (1, 1 + 2e-6, 1e-6, .acceptableWithKinks),  // 1e-6 unexplained
      (1, 1.001, 1e-10, .suspicious),
      (1, 1.001, 2e-3, .inconclusive(.withinNumericError)),  // E hides a 1e-3 mistake
      (1, -1, 1e-3, .wrong),
      (0, 0.3, 1e-10, .wrong),
      (.nan, 1, 0, .wrong),
      (.infinity, 1, 0, .wrong),
      (1, .nan, 0, .inconclusive(.numericNotFinite)),
      (1, 1, .infinity, .inconclusive(.numericNotFinite)),
    ] as [(Double, Double, Double, GradientVerdict)])
  func verdicts(_ analytic: Double, _ numeric: Double, _ error: Double, _ verdict: GradientVerdict)
  {
    #expect(
      GradientCheck.verdict(analytic: analytic, numeric: numeric, numericError: error) == verdict)
  }

  @Test(
    "inconclusive never fails a check; acceptable with kinks only where there are kinks",
    arguments: [
      (GradientVerdict.good, true, true), (.inconclusive(.withinNumericError), true, true),
      (.inconclusive(.numericNotFinite), true, true), (.acceptableWithKinks, false, true),
      (.suspicious, false, false), (.wrong, false, false),
    ] as [(GradientVerdict, Bool, Bool)])
  func acceptance(_ verdict: GradientVerdict, _ smooth: Bool, _ withKinks: Bool) {
    #expect(verdict.isAccepted(hasKinks: false) == smooth)
    #expect(verdict.isAccepted(hasKinks: true) == withKinks)
  }

  @Test("the step grows with |x|, so x ± h never rounds back to x")
  func relativeStep() {
    #expect(1e12 + GradientCheck.defaultStep == 1e12, "why a fixed step fails")
    // h = 1e-5 · max(1, |x|): the step is absolute near 0 and relative beyond |x| = 1.
    let steps: [(x: Double, h: Double)] = [
      (0, 1e-5), (0.5, 1e-5), (-1, 1e-5), (3, 3e-5), (-1e12, 1e7), (7.5e300, 7.5e295),
    ]
    for (x, h) in steps {
      let step = GradientCheck.step(GradientCheck.defaultStep, at: x)
      #expect(isApproximatelyEqual(step, h, tolerance: Tolerance(absolute: 0, relative: 1e-15)))
      #expect(x + step != x && x - step != x)
    }
  }

  /// Counts the evaluations of Σ xᵢ³ the checker makes for one coordinate.
  static func evaluations(at x: Double, analytic: Double) -> Int {
    final class Counter { var calls = 0 }
    let counter = Counter()
    _ = checkGradient(
      of: {
        counter.calls += 1
        return $0[0] * $0[0] * $0[0]
      }, at: [x], analytic: [analytic])
    return counter.calls
  }

  @Test(
    "a second step only where the first does not agree, a third only where still inconclusive")
  func evaluationsPerCoordinate() {
    #expect(Self.evaluations(at: 0.7, analytic: 3 * 0.49) == 2, "D(h) agrees: ± h")
    #expect(Self.evaluations(at: 0.7, analytic: -3 * 0.49) == 4, "wrong: ± h, ± 2h")
    #expect(Self.evaluations(at: 1e-3, analytic: 3e-6) == 6, "3x² tiny: ± h, ± 2h, ± 4h")
  }

  @Test("one-sided kink detection does not take rounding for a kink: 1e8 + Σ |xᵢ|")
  func detectionBeyondRounding() {
    // Far from the kinks at 0 the slopes are ±1, but f's rounding (ulp(1e8) ≈ 1.5e-8 over
    // h = 1e-5) makes the one-sided differences disagree by about 1e-3.
    let x = [0.8, -1.3, 0.4, -0.05, 0]
    let report = checkGradient(
      of: { $0.reduce(1e8) { $0 + abs($1) } }, at: x, analytic: x.map { $0 >= 0 ? 1 : -1 },
      skipping: .detectFromOneSidedDifferences)
    #expect(report.skipped == 1, "only x[4], at the kink: \(report)")
    #expect(report.passes(hasKinks: true), "\(report)")
  }

  @Test("the table shows the numeric error and explains an inconclusive coordinate")
  func inconclusiveRow() {
    let cubes = HardCase.all[0]
    let report = checkGradient(
      of: cubes.value, at: cubes.point, analytic: cubes.gradient(cubes.point))
    let lines = report.description.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("gradient check: inconclusive (within the numeric error) — 3"))
    #expect(lines[1].contains("numeric   ") && lines[1].contains("± error   rel. error"))
    #expect(
      lines[2].hasPrefix("x[0]") && lines[2].hasSuffix("inconclusive (within the numeric error)"))
    #expect(lines[3].contains("   —   "), "x[1] agreed at once: \(lines[3])")
    #expect(lines.last?.hasPrefix("inconclusive: the numeric estimate cannot tell") == true)
  }
}
