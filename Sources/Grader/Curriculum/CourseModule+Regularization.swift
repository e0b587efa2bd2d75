extension CourseModule {
  /// Module 05: L2, L1 and elastic-net penalties on the weights, and their (sub)gradients.
  public static let regularization = CourseModule(
    number: 5,
    name: "regularization",
    title: "L1/L2 regularization",
    folder: "05-Regularization",
    suite: "RegularizationTests",
    summary:
      "Penalise large weights with L2 (½λΣw²), L1 (λΣ|w|) and elastic net, write their "
      + "(sub)gradients, and see L1 set irrelevant weights to exactly zero.",
    hints: [
      "l2Penalty and l2Gradient: this course writes the L2 penalty with a ½, as ½·λ·Σw², so its "
        + "gradient is λ·w: the 2 from d(w²)/dw = 2w cancels the ½. weights.squaredNorm() gives "
        + "Σw², and a Double times a Matrix scales every entry. Returning 2λ·w is the other "
        + "course's convention and fails here.",
      "l1Penalty: the sum of the absolute values of every weight, times λ. weights.map(abs) "
        + "then .sum() does it. A negative weight costs as much as a positive one of the same "
        + "size.",
      "l1Subgradient: three cases for each weight: +λ when w > 0, −λ when w < 0, and 0 when w is "
        + "exactly 0. Compare with 0 yourself. Double's w.sign is .plus for 0.0 (and .minus for "
        + "−0.0), so a sign function built on it gives a zero weight a push of ±λ, which the "
        + "test does not accept; w/|w| is 0/0 = NaN there. −0.0 == 0 is true, so w > 0 and "
        + "w < 0 sort every weight, −0.0 included, and no tolerance is needed.",
      "elasticNetPenalty and elasticNetSubgradient: penalties add, and so do their gradients. "
        + "Call your own functions: l1Penalty with λ₁ plus l2Penalty with λ₂, and l1Subgradient "
        + "with λ₁ plus l2Gradient with λ₂. The usual slip is to forget one of the two parts.",
      "The regression test trains the same model three times (no penalty, L2, L1) with your "
        + "gradients. If L1 does not leave most irrelevant weights at 0, your l1Subgradient "
        + "probably scales with w (that is L2's shape); if a penalty makes the weights larger "
        + "than no penalty at all, a gradient points away from 0: it must have the sign of w.",
    ]
  )
}
