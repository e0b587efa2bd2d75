extension CourseModule {
  /// Module 09: training in practice, from minibatches to the checks that catch a broken run.
  public static let training = CourseModule(
    number: 9,
    name: "training",
    title: "Training in practice",
    folder: "09-Training",
    suite: "TrainingTests",
    summary:
      "Train with seeded minibatches and a learning-rate schedule, initialise layers the Xavier "
      + "and He way and watch gradients vanish and explode down a deep stack, add inverted "
      + "dropout and early stopping, and run the sanity checks that catch a broken training run.",
    hints: [
      "minibatches: let order = generator.shuffled(Array(0..<count)), then "
        + "stride(from: 0, to: count, by: batchSize).map { Array(order[$0..<min($0 + batchSize, "
        + "count)]) }. The min keeps the short last batch. Use the generator you were given "
        + "(inout), never a copy, or every epoch gets the same batches.",
      "trainMinibatch: for each epoch e, let α = learningRate(e) once; for each batch of "
        + "minibatches(count: data.count, …, using: &generator) build "
        + "Dataset(inputs: data.inputs.rows(batch), labels: batch.map { data.labels[$0] }, "
        + "classCount: data.classCount), call lossAndGradient once, add batch.count × loss to a "
        + "running sum, and set every parameter p ← p − α·∇p (network.parameters and "
        + "TwoLayerNetwork(parameters:) do it by name). After the epoch, observe the sum / N. "
        + "compareFullBatchAndMinibatch is two calls of it, batch size N first, recording "
        + "lossAndGradient(network, data).loss in observe.",
      "Initialisation: Matrix.gaussian(rows: fanIn, columns: fanOut, standardDeviation: σ, "
        + "using: &generator) with σ = √(2/(fanIn + fanOut)) (Xavier) or √(2/fanIn) (He): the "
        + "formulas give the variance, the function wants its square root.",
      "The deep stack: keep every h_{l−1} and z_l on the way up. On the way down start from "
        + "dh = upstream; dz = dh ⊙ act′ (1 − h_l² for tanh, z_l > 0 ? 1 : 0 for ReLU); "
        + "dW_l = h_{l−1}.transposedTimes(dz); dh = dz.timesTransposed(W_l), which is "
        + "inputs[l − 1]. You collect them from the top: reverse both lists before returning. "
        + "gradientNormsByLayer draws Z once (layer 1 is D×width, the rest width×width) and for "
        + "each σ maps the norms √(squaredNorm()) of deepStackBackward(σ·Z).inputs.",
      "Dropout: in training, mask = x.map { _ in generator.uniform() < p ? 1 / p : 0 } (map goes "
        + "row by row), output = x .* mask; in evaluation return (x, ones) and draw nothing. The "
        + "backward pass is upstream .* mask: the same numbers that scaled the values scale "
        + "their gradients.",
      "Early stopping: keep bestEpoch and best; after each epoch append the accuracy, replace "
        + "the best only when e == 0 or the accuracy is strictly greater, then break when "
        + "e − bestEpoch == patience. Diagnostics: initialLossCheck is |loss − log(C)| ≤ "
        + "tolerance with C = data.classCount; overfitTinyBatch is the step loop on the whole "
        + "batch with accuracy asked once at the end; updateToWeightRatios is ‖after − before‖ "
        + "/ ‖before‖ by name, 0 when nothing moved.",
    ]
  )
}
