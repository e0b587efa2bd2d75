extension CourseModule {
  /// Module 03: softmax and log-softmax, computed stably, and their backward passes.
  public static let softmax = CourseModule(
    number: 3,
    name: "softmax",
    title: "Softmax",
    folder: "03-Softmax",
    suite: "SoftmaxTests",
    summary:
      "Turn scores into probabilities with a softmax that never overflows, take its logarithm "
      + "safely, and write both backward passes.",
    hints: [
      "softmax of a vector: exponentiate, add up, divide each exponential by the sum. Before "
        + "exponentiating, subtract the largest score from every score: the result is the same "
        + "(e^(−max) cancels above and below the line) and no exponent is above 0, so 1000 "
        + "cannot overflow. scores.max() gives the shift.",
      "softmax of a matrix: rows are examples, columns are classes. Take each row with "
        + "scores.row(i), apply your vector softmax, and put the results back in a matrix of the "
        + "same shape (Matrix(rows:columns:storage:) with the rows concatenated). Each row gets "
        + "its own maximum; one maximum for the whole matrix turns a row far below it into 0/0.",
      "logSoftmax: do not take the log of softmax — a probability that underflows to 0 gives "
        + "ln 0 = −∞. Work in logs from the start: with m = max, every entry is "
        + "x − m − ln(Σ e^(x − m)). The sum is between 1 and n, so its log is safe. "
        + "logSoftmax([1000, 0]) must be exactly [0, −1000].",
      "softmaxBackward: for each row, s = softmax(row) and G = that row of upstream. First the "
        + "single number Σₖ Gₖ·sₖ (dot(s, G)); then entry j is sⱼ·(Gⱼ − that number). Returning "
        + "s ⊙ G alone forgets that raising one score lowers every other probability. Check: with "
        + "G all ones the answer is all zeros.",
      "logSoftmaxBackward: for each row, the single number Σₖ Gₖ (the row's sum of upstream), "
        + "then entry j is Gⱼ − sⱼ·(that sum). With G = −one-hot(label) you get s − one-hot: "
        + "the famous cross-entropy gradient of the next module.",
    ]
  )
}
