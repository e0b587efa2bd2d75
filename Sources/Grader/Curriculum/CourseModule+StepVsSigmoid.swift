extension CourseModule {
  /// Module 02: the step and the sigmoid, why gradient descent needs the sigmoid, and
  /// logistic regression trained on the log-loss.
  public static let stepVsSigmoid = CourseModule(
    number: 2,
    name: "sigmoid",
    title: "Step vs. sigmoid",
    folder: "02-StepVsSigmoid",
    suite: "StepVsSigmoidTests",
    summary:
      "Swap the perceptron's step for the sigmoid, see why gradient descent cannot move a step "
      + "unit, and train logistic regression on the log-loss.",
    hints: [
      "step and stepDerivative: step is module 01's, 1 for x ≥ 0. The step is flat on both "
        + "sides of its jump, so its slope is 0 everywhere it has one; the contract asks for 0 "
        + "at the jump too. Nothing more to it: that 0 is the whole lesson of the module.",
      "sigmoid: 1 / (1 + e^(−x)) is right, but e^(−x) overflows to ∞ for x below about −709 and "
        + "the tests also try the other obvious form, e^x / (1 + e^x), which is ∞/∞ = NaN above "
        + "709. Use each form only where its exponent is ≤ 0: branch on the sign of x "
        + "(1 − σ(−x) for negative x loses the tiny values of the tail). "
        + "sigmoidDerivative: σ(x)·(1 − σ(x)), not σ(x) — at 0 that is 0.25, not 0.5.",
      "squaredError and squaredErrorGradient: loop over the rows i of data.inputs, with "
        + "z = dot(w, row) + b and y = Double(label). The error adds (y − f(z))² and divides by "
        + "2n at the end. The gradient adds −(y − f(z))·f′(z)·row to the weights' part and "
        + "−(y − f(z))·f′(z) to the bias's part, then divides both by n. Mind the minus sign: "
        + "the test steps w − α·gradient and expects the sigmoid's error to fall.",
      "The stuck-step test needs nothing new: it runs your squaredErrorGradient with step and "
        + "stepDerivative, and with sigmoid and sigmoidDerivative. If the step unit moves, your "
        + "gradient forgot the factor f′(z); if the sigmoid's error rises, the sign is flipped.",
      "probability is sigmoid(dot(w, x) + b). logLoss averages −ln ŷ over points labelled 1 and "
        + "−ln(1 − ŷ) over points labelled 0 — divide by n, and keep the minus: the loss is "
        + "positive. A unit of zeros must give ln 2 ≈ 0.693 on any data. For confident "
        + "scores work from z, not ŷ: −ln ŷ = ln(1 + e^(−z)), −ln(1 − ŷ) = ln(1 + e^z), and "
        + "ln(1 + e^t) = max(t, 0) + log1p(e^(−|t|)) never overflows.",
      "update: e = y − probability(x); return w + α·e·x and b + α·e. No σ′ here: that factor "
        + "belongs to the squared error, and the log-loss's logarithm cancels it (the lesson "
        + "derives both). train: losses = [logLoss(initial)], then for each epoch update on "
        + "every row in order and append logLoss(unit) — epochs + 1 numbers in all. accuracy: "
        + "class 1 when w·x + b ≥ 0.",
    ]
  )
}
