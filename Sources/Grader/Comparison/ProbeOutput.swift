import Foundation

/// A value an implementation produced for a probe of `gradkit compare`.
public enum ProbeValue: Codable, Sendable, Equatable {
  case number(Double)
  case numbers([Double])
  case matrix(rows: Int, columns: Int, values: [Double])
  case text(String)

  /// The value's numbers in order, for element-by-element comparison.
  public var elements: [Double] {
    switch self {
    case .number(let value): [value]
    case .numbers(let values): values
    case .matrix(_, _, let values): values
    case .text: []
    }
  }
}

/// One line that `gradkit-lab probe` prints: a probe's value from one implementation.
public struct ProbeOutput: Codable, Sendable, Equatable {
  /// Which implementation produced the value.
  public enum Side: String, Codable, Sendable {
    case reference
    case learner
  }

  public var probe: Int
  public var name: String
  public var input: String
  public var side: Side
  public var value: ProbeValue

  public init(probe: Int, name: String, input: String, side: Side, value: ProbeValue) {
    self.probe = probe
    self.name = name
    self.input = input
    self.side = side
    self.value = value
  }

  /// JSON lines with NaN and infinities spelled out, so a learner's NaN survives the trip.
  public static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }()

  /// The decoder that reads what ``encoder`` wrote.
  public static let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }()
}
