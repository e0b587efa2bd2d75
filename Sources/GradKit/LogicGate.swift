/// A two-input logic gate: the first datasets a perceptron learns (or fails to learn).
///
///     inputs  00 01 10 11
///     and      0  0  0  1
///     or       0  1  1  1
///     nand     1  1  1  0
///     nor      1  0  0  0
///     xor      0  1  1  0
public enum LogicGate: CaseIterable, Sendable, CustomStringConvertible {
  case and
  case or
  case nand
  case nor
  case xor

  /// The outputs for the inputs 00, 01, 10 and 11, in that order.
  public var truthTable: [Int] {
    switch self {
    case .and: [0, 0, 0, 1]
    case .or: [0, 1, 1, 1]
    case .nand: [1, 1, 1, 0]
    case .nor: [1, 0, 0, 0]
    case .xor: [0, 1, 1, 0]
    }
  }

  /// The output for inputs `a` and `b`, each 0 or 1.
  public func output(_ a: Int, _ b: Int) -> Int {
    require(
      (0...1).contains(a) && (0...1).contains(b), "gate inputs are 0 or 1, got \(a), \(b)")
    return truthTable[2 * a + b]
  }

  /// Whether one straight line separates the 0s from the 1s: true for every gate but XOR.
  public var isLinearlySeparable: Bool { self != .xor }

  /// The gate's name in capitals, e.g. "NAND".
  public var description: String {
    switch self {
    case .and: "AND"
    case .or: "OR"
    case .nand: "NAND"
    case .nor: "NOR"
    case .xor: "XOR"
    }
  }
}
