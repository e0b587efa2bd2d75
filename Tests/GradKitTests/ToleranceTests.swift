import GradKit
import Testing

@Suite("Tolerance · approximate equality")
struct ToleranceTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let a: Double
    let b: Double
    let tolerance: Tolerance
    let equal: Bool
    let why: String

    var testDescription: String { why }
  }

  static let cases: [Case] = [
    Case(a: 1, b: 1, tolerance: .exact, equal: true, why: "identical numbers are equal exactly"),
    Case(
      a: 1, b: 1.nextUp, tolerance: .exact, equal: false,
      why: "exact tolerates no last-bit difference"),
    Case(
      a: 1, b: 1.nextUp, tolerance: .tight, equal: true,
      why: "tight tolerates a last-bit difference"),
    Case(a: 0, b: -0.0, tolerance: .exact, equal: true, why: "0 and −0 are equal"),
    Case(
      a: 1e-10, b: 0, tolerance: .standard, equal: true, why: "near zero the absolute part decides"),
    Case(
      a: 1e-8, b: 0, tolerance: .standard, equal: false, why: "relative alone cannot match zero"),
    Case(
      a: 1e10, b: 1e10 + 5, tolerance: .standard, equal: true,
      why: "large numbers use the relative part"),
    Case(
      a: 1e10, b: 1e10 + 20, tolerance: .standard, equal: false,
      why: "beyond relative · max(|a|, |b|)"),
    Case(
      a: 1, b: 1.5, tolerance: Tolerance(absolute: 0.5), equal: true,
      why: "the bound itself is accepted"),
    Case(a: .infinity, b: .infinity, tolerance: .exact, equal: true, why: "+∞ equals +∞"),
    Case(a: -.infinity, b: -.infinity, tolerance: .standard, equal: true, why: "−∞ equals −∞"),
    Case(a: .infinity, b: -.infinity, tolerance: .standard, equal: false, why: "+∞ is not −∞"),
    Case(
      a: .infinity, b: .greatestFiniteMagnitude, tolerance: Tolerance(relative: 1), equal: false,
      why: "∞ is not close to any finite number"),
    Case(a: .nan, b: .nan, tolerance: .standard, equal: false, why: "NaN is not equal to NaN"),
    Case(
      a: .nan, b: 1, tolerance: Tolerance(absolute: .infinity), equal: false,
      why: "NaN equals nothing"),
  ]

  @Test("isApproximatelyEqual", arguments: cases)
  func approximateEquality(_ c: Case) {
    #expect(isApproximatelyEqual(c.a, c.b, tolerance: c.tolerance) == c.equal)
    #expect(isApproximatelyEqual(c.b, c.a, tolerance: c.tolerance) == c.equal, "symmetric")
  }
}

@Suite("Tolerance · mismatches")
struct MismatchTests {
  @Test("a value mismatch prints where, expected, got, the error and the tolerance")
  func valueMessage() {
    let mismatch = firstMismatch(
      expected: Matrix([[0.5], [0.7310585786]]), got: Matrix([[0.5], [0.5]]), tolerance: .standard)
    #expect(mismatch?.kind == .value)
    #expect(mismatch?.index == [1, 0])
    #expect(
      mismatch?.description
        == "at [1, 0]: expected 0.7310585786, got 0.5, error 0.231 (tolerance abs 1e-9, rel 1e-9)")
  }

  @Test("the first mismatch in row-major order is reported")
  func firstInRowMajorOrder() {
    let mismatch = firstMismatch(
      expected: Matrix([[1, 2, 3], [4, 5, 6]]), got: Matrix([[1, 2, 3], [4, 0, 0]]),
      tolerance: .exact)
    #expect(mismatch?.index == [1, 1])
    #expect(mismatch?.expected == 5 && mismatch?.got == 0 && mismatch?.error == 5)
  }

  @Test("shape and count mismatches come before any value")
  func structuralMessages() {
    let shape = firstMismatch(
      expected: Matrix.zeros(rows: 3, columns: 2), got: Matrix.zeros(rows: 2, columns: 3),
      tolerance: .standard)
    #expect(shape?.description == "shape: expected 3×2, got 2×3")
    let count = firstMismatch(expected: [1, 2, 3], got: [1, 2], tolerance: .standard)
    #expect(count?.kind == .count)
    #expect(count?.description == "count: expected 3, got 2")
  }

  @Test("arrays report their index as [i]")
  func arrayIndex() {
    let mismatch = firstMismatch(expected: [1, 2, 3], got: [1, 2, 3.5], tolerance: .standard)
    #expect(mismatch?.index == [2])
    #expect(mismatch?.description.hasPrefix("at [2]: expected 3, got 3.5, error 0.5") == true)
  }

  @Test("NaN and infinities are reported, never waved through")
  func specialValues() {
    #expect(
      firstMismatch(expected: [1], got: [.nan], tolerance: .standard)?.description.contains(
        "got nan") == true)
    #expect(firstMismatch(expected: [.infinity], got: [.infinity], tolerance: .exact) == nil)
    #expect(firstMismatch(expected: [.infinity], got: [-.infinity], tolerance: .standard) != nil)
  }

  @Test("equal inputs have no mismatch")
  func noMismatch() {
    #expect(firstMismatch(expected: [1, 2], got: [1, 2 + 1e-12], tolerance: .standard) == nil)
    #expect(firstMismatch(expected: Matrix([[1]]), got: Matrix([[1]]), tolerance: .exact) == nil)
    #expect(firstMismatch(expected: [], got: [], tolerance: .exact) == nil)
  }
}
