extension CourseModule {
  /// Module 07: momentum, Nesterov, Adagrad, RMSprop and Adam, and learning-rate schedules.
  public static let momentum = CourseModule(
    number: 7,
    name: "momentum",
    title: "Momentum and its family",
    folder: "07-Momentum",
    suite: "MomentumTests",
    summary:
      "Write SGD, momentum, Nesterov (both forms), Adagrad, RMSprop and Adam behind one "
      + "Optimizer interface, race them on an ill-conditioned bowl and the Rosenbrock valley, "
      + "and decay the learning rate on a schedule.",
    hints: [
      "Start with SGD and the test functions. Every step loops over parameters.indices and "
        + "reads gradient[i]. quadraticBowlGradient is [x₁, 50·x₂]; for Rosenbrock differentiate "
        + "each square with the chain rule: 100·(y − x²)² gives 200·(y − x²)·(−2x) in x and "
        + "200·(y − x²) in y.",
      "Stateful optimizers: the state arrays start empty. On the first step, if velocity (or "
        + "cache, or the moments) is empty, set it to Array(repeating: 0, count: parameters.count). "
        + "Momentum: velocity[i] = momentum * velocity[i] − learningRate * gradient[i], THEN "
        + "parameters[i] += velocity[i]. The gradient never touches the parameters directly. "
        + "Keep every optimizer a struct with its state in stored properties: a copy must step "
        + "on with a state of its own.",
      "Nesterov, v_prev form: keep `let previous = velocity[i]` before updating the velocity "
        + "exactly as momentum does, then parameters[i] += −momentum·previous + (1 + momentum)·"
        + "velocity[i]. Look-ahead form: compute ahead = x + μ·v for every coordinate, call "
        + "gradient(ahead) once, then update v and x like momentum with that gradient.",
      "Adagrad: cache[i] += g·g (a running sum), then parameters[i] −= α·g / (cache[i]."
        + "squareRoot() + ε). RMSprop: cache[i] = ρ·cache[i] + (1 − ρ)·g·g: ρ multiplies the old "
        + "cache. Put ε outside the square root; with ε = 0 and g = 0 you would compute 0/0.",
      "Adam: increment stepCount FIRST, so t = 1 on the first step (1 − β⁰ would be 0). Update "
        + "m = β₁·m + (1 − β₁)·g and v = β₂·v + (1 − β₂)·g², then m̂ = m / (1 − pow(β₁, t)), "
        + "v̂ = v / (1 − pow(β₂, t)) and parameters[i] −= α·m̂ / (v̂.squareRoot() + ε). With a "
        + "constant gradient and ε = 0 every step moves each coordinate by exactly α: a quick check.",
      "Schedules: stepDecay is initial · pow(factor, Double(t / period)), where t / period is "
        + "Int division, i.e. the floor. exponentialDecay is initial · exp(−rate · Double(t)). "
        + "To use one, set optimizer.learningRate before each step.",
    ]
  )
}
