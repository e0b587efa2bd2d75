import GradKit
import Testing

@testable import LessonWire

/// Writes `value` and reads it back.
func roundTrip<Value: WireValue>(_ value: Value) throws -> Value {
  var writer = WireWriter()
  value.write(to: &writer)
  var reader = WireReader(writer.bytes)
  let copy = try Value(from: &reader)
  #expect(reader.isAtEnd, "every byte written is read back")
  return copy
}

/// The bytes `body` writes.
func bytes(_ body: (inout WireWriter) -> Void) -> [UInt8] {
  var writer = WireWriter()
  body(&writer)
  return writer.bytes
}

@Suite("Wire · values cross the pipe exactly")
struct WireValueTests {
  @Test("special doubles keep their bits: NaN payloads, −0, ±∞, subnormals")
  func specialDoubles() throws {
    let values = [
      Double(bitPattern: 0x7FF8_0000_0000_0123), -0.0, .infinity, -.infinity,
      .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1,
    ]
    let copy = try roundTrip(values)
    #expect(copy.map(\.bitPattern) == values.map(\.bitPattern))
  }

  @Test("matrices, datasets and networks come back equal")
  func structures() throws {
    var generator = SeededGenerator(seed: 5)
    let matrix = Matrix.gaussian(rows: 3, columns: 4, using: &generator)
    #expect(try roundTrip(matrix) == matrix)
    let data = Datasets.spiral(pointsPerClass: 5, classes: 3, using: &generator)
    #expect(try roundTrip(data) == data)
    let network = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: 4, classCount: 3, using: &generator)
    #expect(try roundTrip(network) == network)
    let progress = TrainingProgress(iteration: 7, loss: 0.25, model: network)
    let progressCopy = try roundTrip(progress)
    #expect(progressCopy.iteration == 7 && progressCopy.loss == 0.25)
    #expect(progressCopy.model == network)
    let unit = PerceptronUnit(weights: [1, -2], bias: 0.5)
    #expect(
      try roundTrip(PerceptronNetwork(hidden: [unit, unit], output: unit)).hidden == [unit, unit])
    #expect(try roundTrip(Pair(3, "three")).second == "three")
    #expect(try roundTrip([Int?.none, 4]) == [nil, 4])
  }

  @Test("a generator handed over mid-way draws the same numbers, spare normal sample included")
  func generatorState() throws {
    var generator = SeededGenerator(seed: 11)
    _ = generator.gaussian()  // leaves the pair's second sample waiting
    var copy = try roundTrip(generator)
    for _ in 0..<5 {
      #expect(copy.gaussian() == generator.gaussian())
      #expect(copy.next() == generator.next())
    }
  }

  @Test(
    "a malformed message is an error, never a crash or a huge allocation",
    arguments: [
      ("truncated", bytes { $0.write(UInt64(1)) }.dropLast(3).map { $0 }),
      ("a count past the end", bytes { $0.write(UInt64(1) << 40) }),
      (
        "a 2×3 matrix with 5 elements",
        bytes {
          $0.write(UInt64(2))
          $0.write(UInt64(3))
          $0.write(doubles: [1, 2, 3, 4, 5])
        }
      ),
      (
        "rows × columns overflowing",
        bytes {
          $0.write(UInt64(1) << 33)
          $0.write(UInt64(1) << 33)
          $0.write(doubles: [])
        }
      ),
    ])
  func malformedMatrix(case name: String, message: [UInt8]) {
    var reader = WireReader(message)
    #expect(throws: WireError.self, "\(name)") { try Matrix(from: &reader) }
  }

  @Test(
    "a dataset whose labels leave 0..<classes, or a network whose shapes do not fit, is refused")
  func malformedStructures() {
    let data = bytes {
      Matrix(rows: 2, columns: 1).write(to: &$0)
      [0, 5].write(to: &$0)
      2.write(to: &$0)
    }
    var reader = WireReader(data)
    #expect(throws: WireError.self) { try Dataset(from: &reader) }
    let network = bytes {
      Matrix(rows: 2, columns: 4).write(to: &$0)
      Matrix(rows: 1, columns: 3).write(to: &$0)
      Matrix(rows: 4, columns: 3).write(to: &$0)
      Matrix(rows: 1, columns: 3).write(to: &$0)
    }
    reader = WireReader(network)
    #expect(throws: WireError.self) { try TwoLayerNetwork(from: &reader) }
    reader = WireReader([7])
    #expect(throws: WireError.self) { try Bool(from: &reader) }
  }
}
