import GradKit

// The engine's and the contracts' types on the wire. Every reader checks what the type's
// initializer would `require`, so a malformed reply is an error, never a crash of the grader.

extension Matrix: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(UInt64(rows))
    writer.write(UInt64(columns))
    writer.write(doubles: storage)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    let rows = try reader.readUInt64()
    let columns = try reader.readUInt64()
    let storage = try reader.readDoubles()
    // With no elements, one side can be anything (2⁶³ × 0), so each must fit in an Int too.
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard !overflow, count == UInt64(storage.count), let rowCount = Int(exactly: rows),
      let columnCount = Int(exactly: columns)
    else {
      throw .malformed("a \(rows)×\(columns) matrix with \(storage.count) elements")
    }
    self.init(rows: rowCount, columns: columnCount, storage: storage)
  }
}

extension Dataset: WireValue {
  public func write(to writer: inout WireWriter) {
    inputs.write(to: &writer)
    labels.write(to: &writer)
    classCount.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    let inputs = try Matrix(from: &reader)
    let labels = try [Int](from: &reader)
    let classCount = try Int(from: &reader)
    guard labels.count == inputs.rows, labels.allSatisfy({ (0..<max(classCount, 0)).contains($0) })
    else {
      throw .malformed("a dataset of \(inputs.rows) rows with \(labels.count) labels")
    }
    self.init(inputs: inputs, labels: labels, classCount: classCount)
  }
}

extension PerceptronUnit: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(doubles: weights)
    bias.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(weights: try reader.readDoubles(), bias: try Double(from: &reader))
  }
}

extension PerceptronNetwork: WireValue {
  public func write(to writer: inout WireWriter) {
    hidden.write(to: &writer)
    output.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      hidden: try [PerceptronUnit](from: &reader), output: try PerceptronUnit(from: &reader))
  }
}

extension LogisticUnit: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(doubles: weights)
    bias.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(weights: try reader.readDoubles(), bias: try Double(from: &reader))
  }
}

extension NeuronGradients: WireValue {
  public func write(to writer: inout WireWriter) {
    output.write(to: &writer)
    writer.write(doubles: weightGradient)
    writer.write(doubles: inputGradient)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      output: try Double(from: &reader), weightGradient: try reader.readDoubles(),
      inputGradient: try reader.readDoubles())
  }
}

extension FrozenNetwork: WireValue {
  public func write(to writer: inout WireWriter) {
    hiddenWeights.write(to: &writer)
    hiddenBias.write(to: &writer)
    outputWeights.write(to: &writer)
    outputBias.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    let (w1, b1, w2, b2) = try readLayers(from: &reader)
    self.init(hiddenWeights: w1, hiddenBias: b1, outputWeights: w2, outputBias: b2)
  }
}

extension LinearClassifier: WireValue {
  public func write(to writer: inout WireWriter) {
    weights.write(to: &writer)
    bias.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    let weights = try Matrix(from: &reader)
    let bias = try Matrix(from: &reader)
    guard bias.rows == 1, bias.columns == weights.columns else {
      throw .malformed(
        "a linear classifier with W \(weights.shapeDescription) and b \(bias.shapeDescription)")
    }
    self.init(weights: weights, bias: bias)
  }
}

extension TwoLayerNetwork: WireValue {
  public func write(to writer: inout WireWriter) {
    hiddenWeights.write(to: &writer)
    hiddenBias.write(to: &writer)
    outputWeights.write(to: &writer)
    outputBias.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    let (w1, b1, w2, b2) = try readLayers(from: &reader)
    self.init(hiddenWeights: w1, hiddenBias: b1, outputWeights: w2, outputBias: b2)
  }
}

/// W₁, b₁, W₂, b₂ of a two-layer network, checked to fit together: D×H, 1×H, H×K, 1×K.
private func readLayers(
  from reader: inout WireReader
) throws(WireError) -> (Matrix, Matrix, Matrix, Matrix) {
  let w1 = try Matrix(from: &reader)
  let b1 = try Matrix(from: &reader)
  let w2 = try Matrix(from: &reader)
  let b2 = try Matrix(from: &reader)
  guard b1.rows == 1, b1.columns == w1.columns, w2.rows == w1.columns, b2.rows == 1,
    b2.columns == w2.columns
  else {
    throw .malformed(
      "a network with W1 \(w1.shapeDescription), b1 \(b1.shapeDescription), "
        + "W2 \(w2.shapeDescription), b2 \(b2.shapeDescription)")
  }
  return (w1, b1, w2, b2)
}

extension TrainingSettings: WireValue {
  public func write(to writer: inout WireWriter) {
    learningRate.write(to: &writer)
    regularization.write(to: &writer)
    iterations.write(to: &writer)
    momentum.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      learningRate: try Double(from: &reader), regularization: try Double(from: &reader),
      iterations: try Int(from: &reader), momentum: try Double(from: &reader))
  }
}

extension TrainingProgress: WireValue where Model: WireValue {
  public func write(to writer: inout WireWriter) {
    iteration.write(to: &writer)
    loss.write(to: &writer)
    model.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      iteration: try Int(from: &reader), loss: try Double(from: &reader),
      model: try Model(from: &reader))
  }
}

extension Hyperparameters: WireValue {
  public func write(to writer: inout WireWriter) {
    learningRate.write(to: &writer)
    regularization.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(learningRate: try Double(from: &reader), regularization: try Double(from: &reader))
  }
}

extension SearchSpace: WireValue {
  public func write(to writer: inout WireWriter) {
    for range in [learningRateExponents, regularizationExponents] {
      range.lowerBound.write(to: &writer)
      range.upperBound.write(to: &writer)
    }
  }

  public init(from reader: inout WireReader) throws(WireError) {
    func range() throws(WireError) -> ClosedRange<Double> {
      let lower = try Double(from: &reader)
      let upper = try Double(from: &reader)
      guard lower <= upper else { throw .malformed("a range from \(lower) to \(upper)") }
      return lower...upper
    }
    self.init(learningRateExponents: try range(), regularizationExponents: try range())
  }
}

extension SearchTrial: WireValue {
  public func write(to writer: inout WireWriter) {
    hyperparameters.write(to: &writer)
    network.write(to: &writer)
    validationAccuracy.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      hyperparameters: try Hyperparameters(from: &reader),
      network: try TwoLayerNetwork(from: &reader),
      validationAccuracy: try Double(from: &reader))
  }
}

extension RandomSearchResult: WireValue {
  public func write(to writer: inout WireWriter) {
    trials.write(to: &writer)
    best.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(trials: try [SearchTrial](from: &reader), best: try SearchTrial(from: &reader))
  }
}

extension SeededGenerator: WireValue {
  public func write(to writer: inout WireWriter) {
    let snapshot = snapshot
    for word in snapshot.words {
      writer.write(word)
    }
    snapshot.spareGaussian.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    var words: [UInt64] = []
    for _ in 0..<4 {
      words.append(try reader.readUInt64())
    }
    self.init(words: words, spareGaussian: try Double?(from: &reader))
  }
}

extension Activation: WireValue {
  public func write(to writer: inout WireWriter) {
    rawValue.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    let name = try String(from: &reader)
    guard let activation = Activation(rawValue: name) else {
      throw .malformed("'\(name)' is not an activation")
    }
    self = activation
  }
}

extension EpochProgress: WireValue {
  public func write(to writer: inout WireWriter) {
    epoch.write(to: &writer)
    learningRate.write(to: &writer)
    loss.write(to: &writer)
    network.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      epoch: try Int(from: &reader), learningRate: try Double(from: &reader),
      loss: try Double(from: &reader), network: try TwoLayerNetwork(from: &reader))
  }
}

extension BatchComparison: WireValue {
  public func write(to writer: inout WireWriter) {
    fullBatchLosses.write(to: &writer)
    minibatchLosses.write(to: &writer)
    fullBatchUpdates.write(to: &writer)
    minibatchUpdates.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      fullBatchLosses: try [Double](from: &reader), minibatchLosses: try [Double](from: &reader),
      fullBatchUpdates: try Int(from: &reader), minibatchUpdates: try Int(from: &reader))
  }
}

extension DeepStackGradients: WireValue {
  public func write(to writer: inout WireWriter) {
    weights.write(to: &writer)
    inputs.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(weights: try [Matrix](from: &reader), inputs: try [Matrix](from: &reader))
  }
}

extension EarlyStoppingResult: WireValue {
  public func write(to writer: inout WireWriter) {
    best.write(to: &writer)
    bestEpoch.write(to: &writer)
    validationAccuracies.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    let best = try TwoLayerNetwork(from: &reader)
    let bestEpoch = try Int(from: &reader)
    let accuracies = try [Double](from: &reader)
    guard accuracies.indices.contains(bestEpoch) else {
      throw .malformed("best epoch \(bestEpoch) of \(accuracies.count) epochs trained")
    }
    self.init(best: best, bestEpoch: bestEpoch, validationAccuracies: accuracies)
  }
}

extension InitialLossCheck: WireValue {
  public func write(to writer: inout WireWriter) {
    loss.write(to: &writer)
    expected.write(to: &writer)
    passes.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      loss: try Double(from: &reader), expected: try Double(from: &reader),
      passes: try Bool(from: &reader))
  }
}

extension OverfitReport: WireValue {
  public func write(to writer: inout WireWriter) {
    losses.write(to: &writer)
    network.write(to: &writer)
    accuracy.write(to: &writer)
    overfits.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    self.init(
      losses: try [Double](from: &reader), network: try TwoLayerNetwork(from: &reader),
      accuracy: try Double(from: &reader), overfits: try Bool(from: &reader))
  }
}

/// A dictionary keyed by name, sent in the order of its keys so that equal dictionaries
/// give equal bytes.
extension Dictionary: WireValue where Key == String, Value: WireValue {
  public func write(to writer: inout WireWriter) {
    writer.write(UInt64(count))
    for key in keys.sorted() {
      key.write(to: &writer)
      self[key]!.write(to: &writer)
    }
  }

  public init(from reader: inout WireReader) throws(WireError) {
    // Every entry takes at least its key's length, so the count cannot outrun the message.
    let count = try reader.readCount(itemSize: 1)
    self.init()
    for _ in 0..<count {
      let key = try String(from: &reader)
      guard self[key] == nil else { throw .malformed("the key '\(key)' twice") }
      self[key] = try Value(from: &reader)
    }
  }
}
