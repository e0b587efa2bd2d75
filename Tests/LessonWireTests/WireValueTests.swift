import Foundation
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

  @Test("module 09's results and activations come back equal")
  func trainingValues() throws {
    var generator = SeededGenerator(seed: 9)
    let network = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: 3, classCount: 2, using: &generator)
    let progress = EpochProgress(epoch: 2, learningRate: 0.25, loss: 0.5, network: network)
    #expect(try roundTrip(progress) == progress)
    let comparison = BatchComparison(
      fullBatchLosses: [1, 0.9], minibatchLosses: [1, 0.5], fullBatchUpdates: 1,
      minibatchUpdates: 4)
    #expect(try roundTrip(comparison) == comparison)
    let gradients = DeepStackGradients(
      weights: [.gaussian(rows: 2, columns: 3, using: &generator)],
      inputs: [.gaussian(rows: 4, columns: 2, using: &generator)])
    #expect(try roundTrip(gradients) == gradients)
    let stopping = EarlyStoppingResult(
      best: network, bestEpoch: 1, validationAccuracies: [0.5, 0.75, 0.5])
    #expect(try roundTrip(stopping) == stopping)
    let check = InitialLossCheck(loss: .nan, expected: log(3), passes: false)
    #expect(try roundTrip(check).loss.isNaN)
    let report = OverfitReport(losses: [1, 0.5], network: network, accuracy: 1, overfits: true)
    #expect(try roundTrip(report) == report)
    let ratios = ["W1": 1e-3, "b1": .infinity, "W2": 0, "b2": 2e-3]
    #expect(try roundTrip(ratios) == ratios)
    #expect(try Activation.allCases.map(roundTrip) == Activation.allCases)
  }

  @Test(
    "an early-stopping result whose best epoch was not trained, a repeated key or an unknown activation is refused"
  )
  func malformedTrainingValues() {
    var generator = SeededGenerator(seed: 9)
    let network = TwoLayerNetwork.random(
      inputCount: 2, hiddenCount: 3, classCount: 2, using: &generator)
    var reader = WireReader(
      bytes {
        network.write(to: &$0)
        3.write(to: &$0)
        [0.5, 0.75].write(to: &$0)
      })
    #expect(throws: WireError.self) { try EarlyStoppingResult(from: &reader) }
    reader = WireReader(
      bytes {
        $0.write(UInt64(2))
        "W1".write(to: &$0)
        1.0.write(to: &$0)
        "W1".write(to: &$0)
        2.0.write(to: &$0)
      })
    #expect(throws: WireError.self) { try [String: Double](from: &reader) }
    reader = WireReader(bytes { "sigmoid".write(to: &$0) })
    #expect(throws: WireError.self) { try Activation(from: &reader) }
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
      ("truncated", bytes { $0.write(UInt64(1)) }.dropLast(3).map { $0 }, WireError.truncated),
      (
        "a count past the end",
        bytes {
          $0.write(UInt64(1))
          $0.write(UInt64(1))
          $0.write(UInt64(1) << 40)
        },
        .malformed("a count of 1099511627776 does not fit in the rest of the message")
      ),
      (
        "a 2×3 matrix with 5 elements",
        bytes {
          $0.write(UInt64(2))
          $0.write(UInt64(3))
          $0.write(doubles: [1, 2, 3, 4, 5])
        },
        .malformed("a 2×3 matrix with 5 elements")
      ),
      (
        "rows × columns overflowing",
        bytes {
          $0.write(UInt64(1) << 33)
          $0.write(UInt64(1) << 33)
          $0.write(doubles: [])
        },
        .malformed("a 8589934592×8589934592 matrix with 0 elements")
      ),
      (
        "2⁶³ rows of no columns: more rows than an Int holds",
        bytes {
          $0.write(UInt64(1) << 63)
          $0.write(UInt64(0))
          $0.write(doubles: [])
        },
        .malformed("a 9223372036854775808×0 matrix with 0 elements")
      ),
      (
        "no rows of 2⁶³ columns: more columns than an Int holds",
        bytes {
          $0.write(UInt64(0))
          $0.write(UInt64(1) << 63)
          $0.write(doubles: [])
        },
        .malformed("a 0×9223372036854775808 matrix with 0 elements")
      ),
    ])
  func malformedMatrix(_ example: (name: String, message: [UInt8], error: WireError)) {
    var reader = WireReader(example.message)
    #expect(throws: example.error, "\(example.name)") { try Matrix(from: &reader) }
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
