extension CourseModule {
  /// Module 04: binary and categorical cross-entropy, computed stably, and the gradient.
  public static let crossEntropy = CourseModule(
    number: 4,
    name: "cross-entropy",
    title: "Cross-entropy",
    folder: "04-CrossEntropy",
    suite: "CrossEntropyTests",
    summary:
      "Score a classifier's probabilities with binary and categorical cross-entropy, keep the "
      + "loss finite on extreme inputs, and derive its gradient, softmax − one-hot.",
    hints: [
      "binaryCrossEntropy: for each example only one of the two terms matters. When y is 1 the "
        + "cost is −log p; when y is 0 it is −log(1 − p). Choose the term with an if (or ?:) "
        + "instead of multiplying both by y and 1 − y: for p = 1, y = 1 the unused term is "
        + "0·log 0 = 0·(−∞), which is NaN in Double. Add the costs and divide by the count. "
        + "Do not clamp p: a certain wrong answer really costs +∞.",
      "crossEntropy: work row by row (logits.row(i)). The loss of one row is −f_y + log Σⱼ e^(fⱼ). "
        + "Never build the probability and take its log: e^1000 is ∞, and a probability of "
        + "e^−2000 is 0, whose log is −∞. Use the log-sum-exp trick: with m the row's largest "
        + "score, log Σ e^(fⱼ) = m + log Σ e^(fⱼ − m). Average the rows' losses.",
      "Check your loss with the sanity test: tiny random scores make every probability ≈ 1/C, so "
        + "the loss must come out ≈ ln C (1.0986 for C = 3, 2.3026 for C = 10). If you get about "
        + "N times that, you summed instead of averaging; Foundation's log is the natural log.",
      "crossEntropyGradient: the derivative of −f_y + log Σ e^f with respect to fⱼ is "
        + "softmax(f)ⱼ − (1 if j = y else 0). Per row: compute a shifted softmax (subtract the "
        + "row's maximum before exp), subtract 1 at the label's column, then divide every entry "
        + "by N, the number of rows, because the loss is a mean. Write the softmax as a private "
        + "helper in your file; this module does not use module 03's code.",
      "Worked example: scores log[0.2, 0.3, 0.5] with class 1 have softmax [0.2, 0.3, 0.5], so "
        + "the gradient is [0.2, −0.7, 0.5]. If your signs are all the other way round you "
        + "computed one-hot − softmax. If the check against your own loss passes but the check "
        + "against the reference fails, your loss and gradient share a mistake, typically a "
        + "summed loss with a gradient missing its 1/N.",
    ]
  )
}
