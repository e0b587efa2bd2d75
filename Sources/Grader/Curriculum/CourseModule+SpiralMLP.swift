extension CourseModule {
  /// Module 08: a linear classifier fails on the spiral, a two-layer network solves it.
  public static let spiral = CourseModule(
    number: 8,
    name: "spiral",
    title: "The spiral MLP",
    folder: "08-SpiralMLP",
    suite: "SpiralTests",
    summary:
      "Watch a linear softmax classifier fail on three interleaved spirals, then train a "
      + "two-layer ReLU network that solves them, tune it by random search on a log scale "
      + "and average an ensemble.",
    hints: [
      "The pieces: relu keeps the positive elements and turns the rest, 0 included, into 0 "
        + "(Matrix.map does it element by element). softmax works row by row: subtract the "
        + "row's maximum, exponentiate, divide by the row's sum (a maximum over the whole "
        + "matrix turns some rows into 0/0). accuracy compares scores.argmaxPerRow() with the "
        + "labels and divides the count of matches by labels.count as a Double.",
      "softmaxCrossEntropy: per row, the loss is log Σ e^s − s_label, with the log-sum-exp "
        + "shifted by the row's maximum m: m + log Σ e^(s − m). The gradient starts from "
        + "softmax(scores); subtract 1 in each row's label column; divide the whole matrix by "
        + "N, the number of rows, because the loss is a mean. Check: each gradient row sums to 0.",
      "The linear classifier: scores = X·W + b (the 1×K bias broadcasts). Loss = data loss + "
        + "0.5·λ·W.squaredNorm(). Backward: dW = X.transposedTimes(dS) + λ·W and "
        + "db = dS.columnSums() — a sum, since one bias row served every example. At 0.01 "
        + "weights the loss must be ≈ ln 3 ≈ 1.0986; anything else means the loss is off.",
      "The network, step by step. Forward: Z = X·W1 + b1, H = relu(Z), S = H·W2 + b2; keep Z "
        + "and H. Loss: softmaxCrossEntropy(S) + ½λ(ΣW1² + ΣW2²). Backward: dW2 = "
        + "H.transposedTimes(dS) + λW2, db2 = dS.columnSums(), dH = dS.timesTransposed(W2), "
        + "dZ = dH .* (1 where Z > 0, else 0), dW1 = X.transposedTimes(dZ) + λW1, "
        + "db1 = dZ.columnSums(). Return them in a TwoLayerNetwork. If the checker flags only "
        + "b1 and W1, look at the ReLU mask; if only the W's, look at λW.",
      "train: keep a velocity per parameter, starting at zeros of its shape. Each iteration: "
        + "(loss, gradient) = lossAndGradient(model); observe(TrainingProgress(iteration: t, "
        + "loss: loss, model: model)) before changing anything; then for every parameter "
        + "v = μ·v − α·g and θ = θ + v. model.parameters and Model(parameters:) let one loop "
        + "serve both models. The test checks the first two steps exactly against these formulas.",
      "Search and ensembles: sampleHyperparameters draws the exponent, not the value: "
        + "α = pow(10, generator.uniform(in: space.learningRateExponents)), then λ the same way. "
        + "randomSearch: for each trial sample, copy settings with that α and λ, train a copy of "
        + "initial on the training set, score its accuracy on the validation set; keep the first "
        + "best (compare with >). ensembleProbabilities: add up softmax(scores(network, X)) over "
        + "the networks and divide by their count — probabilities, not scores.",
    ]
  )
}
