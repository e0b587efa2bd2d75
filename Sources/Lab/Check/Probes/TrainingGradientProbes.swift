import GradKit

/// What `gradkit check 09` runs on the learner's backward passes: the deep stack's and
/// dropout's.
enum TrainingGradientProbes {
  /// The checks, with the random inputs drawn from `seed`.
  static func make(seed: UInt64) -> [GradientProbe<any TrainingLesson.Type>] {
    var generator = SeededGenerator(seed: seed)
    // Three layers of different widths, so that every gradient has a shape of its own;
    // N(0, 0.8²) weights keep tanh away from saturation and mix ReLU's signs.
    let widths = [3, 4, 5, 3]
    let weights = (0..<3).map {
      Matrix.gaussian(
        rows: widths[$0], columns: widths[$0 + 1], standardDeviation: 0.8, using: &generator)
    }
    let inputs = Matrix.gaussian(rows: 5, columns: 3, using: &generator)
    let upstream = Matrix.gaussian(rows: 5, columns: 3, using: &generator)
    let dropoutInputs = Matrix.uniform(rows: 3, columns: 4, in: -2...2, using: &generator)
    let dropoutUpstream = Matrix.uniform(rows: 3, columns: 4, in: -2...2, using: &generator)
    let draws = generator
    let names = ["W1", "W2", "W3"]

    /// Σ G ⊙ output, or NaN (an inconclusive check) when the output is not shaped like G.
    func weighted(_ output: Matrix, by g: Matrix) -> Double {
      output.shape == g.shape ? (output .* g).sum() : .nan
    }

    /// Ends the check when `output`, of the forward function `name`, cannot be weighted by
    /// `g`: checked before the numeric gradient, which would otherwise see only NaN.
    func requireShape(of name: String, _ output: Matrix, like g: Matrix) {
      if output.shape != g.shape {
        Lab.stop(
          "your \(name) returned \(output.shapeDescription), expected \(g.shapeDescription) "
            + "(a row per example, a column per output)")
      }
    }

    var probes: [GradientProbe<any TrainingLesson.Type>] = []
    for activation in Activation.allCases {
      let kinks: KinkRule? = activation == .relu ? .detectFromOneSidedDifferences : nil
      probes.append(
        GradientProbe(
          name:
            "deepStackBackward(.\(activation.rawValue)) ∂L/∂W₁, ∂L/∂W₂, ∂L/∂W₃ against your "
            + "deepStackForward: layers 3→4→5→3, L = Σ G ⊙ output, 5 seeded examples"
            + (kinks == nil ? "" : ", ReLU kinks skipped"),
          hasKinks: kinks != nil,
          check: { lesson in
            let analytic = lesson.deepStackBackward(
              weights, activation: activation, inputs: inputs, upstream: upstream
            ).weights
            let shapes = analytic.map(\.shapeDescription)
            guard shapes == weights.map(\.shapeDescription) else {
              Lab.stop(
                "your deepStackBackward's weight gradients are \(shapes), expected "
                  + "\(weights.map(\.shapeDescription))")
            }
            let output = lesson.deepStackForward(weights, activation: activation, inputs: inputs)
            requireShape(of: "deepStackForward", output, like: upstream)
            return checkGradient(
              of: { p in
                weighted(
                  lesson.deepStackForward(
                    names.map { p[$0]! }, activation: activation, inputs: inputs),
                  by: upstream)
              },
              at: Dictionary(uniqueKeysWithValues: zip(names, weights)),
              analytic: Dictionary(uniqueKeysWithValues: zip(names, analytic)), skipping: kinks)
          }))
      probes.append(
        GradientProbe(
          name:
            "deepStackBackward(.\(activation.rawValue)) ∂L/∂X against your deepStackForward: "
            + "the same stack and examples" + (kinks == nil ? "" : ", ReLU kinks skipped"),
          hasKinks: kinks != nil,
          check: { lesson in
            let gradients = lesson.deepStackBackward(
              weights, activation: activation, inputs: inputs, upstream: upstream)
            guard let first = gradients.inputs.first, first.shape == inputs.shape else {
              Lab.stop(
                "your deepStackBackward's inputs[0] is "
                  + "\(gradients.inputs.first?.shapeDescription ?? "missing"), expected "
                  + inputs.shapeDescription)
            }
            let output = lesson.deepStackForward(weights, activation: activation, inputs: inputs)
            requireShape(of: "deepStackForward", output, like: upstream)
            return checkGradient(
              of: { x in
                weighted(
                  lesson.deepStackForward(weights, activation: activation, inputs: x),
                  by: upstream)
              },
              at: inputs, analytic: first, name: "X", skipping: kinks)
          }))
    }
    probes.append(
      GradientProbe(
        name:
          "dropoutBackward against your dropoutForward (keepProbability 0.5, the same "
          + "generator state each time): 3×4 seeded x and upstream",
        hasKinks: false,
        check: { lesson in
          var first = draws
          let forward = lesson.dropoutForward(
            dropoutInputs, keepProbability: 0.5, training: true, using: &first)
          let mask = forward.mask
          guard mask.shape == dropoutInputs.shape else {
            Lab.stop("your dropoutForward's mask is \(mask.shapeDescription), expected 3×4")
          }
          requireShape(of: "dropoutForward", forward.output, like: dropoutUpstream)
          return checkGradient(
            of: { x in
              var again = draws
              let output = lesson.dropoutForward(
                x, keepProbability: 0.5, training: true, using: &again
              ).output
              return weighted(output, by: dropoutUpstream)
            },
            at: dropoutInputs, analytic: lesson.dropoutBackward(dropoutUpstream, mask: mask),
            name: "x")
        }))
    return probes
  }
}
