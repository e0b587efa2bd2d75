import Foundation

/// Labelled examples: one input per row and one class label per input.
public struct Dataset: Sendable, Equatable {
  /// The inputs, one example per row (`count×features`).
  public var inputs: Matrix
  /// The class of each row, in `0..<classCount`.
  public var labels: [Int]
  /// How many classes there are, including any that no example happens to have.
  public let classCount: Int

  /// A dataset; `classCount` defaults to one more than the largest label.
  public init(inputs: Matrix, labels: [Int], classCount: Int? = nil) {
    require(
      inputs.rows == labels.count,
      "a dataset needs one label per input row, "
        + "got \(labels.count) labels for \(inputs.shapeDescription) inputs")
    let classCount = classCount ?? ((labels.max() ?? -1) + 1)
    let outside = labels.filter { !(0..<classCount).contains($0) }
    require(outside.isEmpty, "labels must lie in 0..<\(classCount), got \(outside)")
    self.inputs = inputs
    self.labels = labels
    self.classCount = classCount
  }

  /// The number of examples.
  public var count: Int { labels.count }
}

/// The course's datasets, all made from a `SeededGenerator` so every run sees the same data.
public enum Datasets {
  /// The truth table of `gate`: inputs 00, 01, 10, 11 as a 4×2 matrix, labels 0 or 1.
  public static func truthTable(_ gate: LogicGate) -> Dataset {
    Dataset(
      inputs: Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]), labels: gate.truthTable, classCount: 2)
  }

  /// `count` points in [−1, 1]², labelled 0 or 1 by which side of a random line they lie
  /// on, with no point closer to the line than `margin`.
  ///
  ///     line: n · x + c = 0,   n = (cos θ, sin θ),  θ uniform in [0, 2π),  c uniform in [−0.5, 0.5]
  ///     label = 1 if n · x + c > 0 else 0,   keep a point only if |n · x + c| ≥ margin
  ///
  /// The generator draws θ, then c, then (x₁, x₂) for each candidate point; rejected
  /// points still use up their draws. `margin` must be below 0.5, so both sides of the
  /// line keep some area of the square.
  public static func linearlySeparable(
    count: Int,
    margin: Double = 0.1,
    using generator: inout SeededGenerator
  ) -> Dataset {
    require(count >= 0, "count must be ≥ 0, got \(count)")
    require((0..<0.5).contains(margin), "margin must lie in [0, 0.5), got \(margin)")
    let angle = generator.uniform(in: 0...(2 * Double.pi))
    let normal = [cos(angle), sin(angle)]
    let offset = generator.uniform(in: -0.5...0.5)
    var points: [Double] = []
    var labels: [Int] = []
    while labels.count < count {
      let point = [generator.uniform(in: -1...1), generator.uniform(in: -1...1)]
      let signedDistance = dot(normal, point) + offset
      guard abs(signedDistance) >= margin else { continue }
      points += point
      labels.append(signedDistance > 0 ? 1 : 0)
    }
    return Dataset(
      inputs: Matrix(rows: count, columns: 2, storage: points), labels: labels, classCount: 2)
  }

  /// `classes` interleaved spiral arms of `pointsPerClass` points each, the classic data
  /// set that no linear classifier can separate.
  ///
  ///     class j:  r = linspace(0, 1, N),  t = linspace(4j, 4(j + 1), N) + noise · gaussian
  ///               x = (r · sin t, r · cos t),  label j
  ///
  /// Rows come in class order, class 0 first; the gaussians are drawn class by class,
  /// point by point. Each arm starts at the origin, where the classes overlap.
  public static func spiral(
    pointsPerClass: Int,
    classes: Int,
    noise: Double = 0.2,
    using generator: inout SeededGenerator
  ) -> Dataset {
    require(
      pointsPerClass >= 0 && classes > 0,
      "need points ≥ 0 and classes > 0, got \(pointsPerClass), \(classes)")
    var inputs = Matrix(rows: pointsPerClass * classes, columns: 2)
    var labels: [Int] = []
    let radii = linspace(from: 0, to: 1, count: pointsPerClass)
    for j in 0..<classes {
      let angles = linspace(from: 4 * Double(j), to: 4 * Double(j + 1), count: pointsPerClass)
      for (i, (r, angle)) in zip(radii, angles).enumerated() {
        let t = angle + noise * generator.gaussian()
        let row = j * pointsPerClass + i
        inputs[row, 0] = r * sin(t)
        inputs[row, 1] = r * cos(t)
        labels.append(j)
      }
    }
    return Dataset(inputs: inputs, labels: labels, classCount: classes)
  }

  /// `count` evenly spaced numbers from `from` to `to`, both included (as NumPy's `linspace`).
  ///
  ///     xᵢ = from + i · (to − from) / (count − 1),   i = 0 … count − 1
  ///
  /// The last value is set to `to` exactly, which the formula can miss by a rounding;
  /// `count == 1` gives `[from]`.
  public static func linspace(from: Double, to: Double, count: Int) -> [Double] {
    require(count >= 0, "linspace needs count ≥ 0, got \(count)")
    guard count > 1 else { return count == 1 ? [from] : [] }
    let step = (to - from) / Double(count - 1)
    var values = (0..<count).map { from + Double($0) * step }
    values[count - 1] = to
    return values
  }

  /// Splits `d` at random into a training and a validation set.
  ///
  ///     validation size = round(validationFraction · count),  the rest is training
  ///
  /// Shuffles the row indices with `generator`, so the split is reproducible; both parts
  /// keep `d.classCount`.
  public static func split(
    _ d: Dataset,
    validationFraction: Double,
    using generator: inout SeededGenerator
  ) -> (training: Dataset, validation: Dataset) {
    require(
      (0...1).contains(validationFraction),
      "validationFraction must lie in [0, 1], got \(validationFraction)")
    let order = generator.shuffled(Array(0..<d.count))
    let validationCount = Int((validationFraction * Double(d.count)).rounded())
    let validation = Array(order.prefix(validationCount))
    let training = Array(order.dropFirst(validationCount))
    func subset(_ rows: [Int]) -> Dataset {
      Dataset(
        inputs: d.inputs.rows(rows), labels: rows.map { d.labels[$0] }, classCount: d.classCount)
    }
    return (subset(training), subset(validation))
  }
}
