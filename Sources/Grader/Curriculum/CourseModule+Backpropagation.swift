extension CourseModule {
  /// Module 06: gates, the sigmoid neuron, a scalar autodiff engine, matrix layers, and
  /// backpropagation used for inference.
  public static let backpropagation = CourseModule(
    number: 6,
    name: "backprop",
    title: "Backpropagation",
    folder: "06-Backpropagation",
    suite: "BackpropagationTests",
    summary:
      "Send gradients backwards through gates, a sigmoid neuron, your own autodiff Value, "
      + "linear and ReLU layers, and a frozen network whose input you fit by gradient descent.",
    hints: [
      "Gates: every backward pass is local gradient × upstream. For x + y the local gradients "
        + "are 1 and 1; for x · y they are y (for x) and x (for y): each input gets the OTHER "
        + "input. For max, the input that won gets everything and the other 0 (a tie goes to x). "
        + "sigmoidBackward gets the cached output σ, not x: return σ·(1 − σ)·upstream.",
      "sigmoidNeuron: do it gate by gate as in the lesson's table. Forward: products wᵢ·xᵢ, "
        + "their sum plus the bias (the last weight), then σ. Backward: start from 1 at the "
        + "output, go through sigmoidBackward to get dz, hand dz unchanged to every product and "
        + "to the bias (add gates), then use multiplyBackward(x: wᵢ, y: xᵢ, upstream: dz) to "
        + "get (∂wᵢ, ∂xᵢ). At w = (2, −3, −3), x = (−1, −2) you should see dz ≈ 0.20.",
      "Value operations: each one makes `let out = Value(forward, children: [...])`, sets "
        + "`out.backwardStep = { [unowned out] in ... }` and returns out. Inside the closure "
        + "add (never assign) local × out.grad to each child's grad: a.grad += b.data * out.grad. "
        + "For exp and tanh reuse out.data (eˣ and 1 − y²). Inside Value, write Foundation.exp, "
        + "Foundation.log, Foundation.tanh, Foundation.pow: the bare names mean your own methods.",
      "backward and zeroGrad: build a topological order with a depth-first search that appends "
        + "a node after visiting all its children, skipping nodes already visited (a "
        + "Set<ObjectIdentifier>). backward sets grad = 1 on self, then calls backwardStep on "
        + "the nodes in REVERSED order. zeroGrad walks the same list and sets every grad to 0. "
        + "Pseudo-code: visit(n): if seen, return; mark; for c in n.children: visit(c); append n.",
      "Layers: let the shapes pick the products. dx must be N×D: G (N×H) times Wᵀ (H×D). "
        + "dW must be D×H: xᵀ (D×N) times G (N×H); GradKit has x.transposedTimes(G) and "
        + "G.timesTransposed(W). db is 1×H: the bias was added to every row, so sum G over "
        + "the rows (columnSums). ReLU backward: keep G where the forward INPUT was > 0, else 0 "
        + "(upstream.zipMap(x) { g, v in ... }).",
      "Inference: reconstructionLoss is your layers in a row. Forward h = linear(x, W₁, b₁), "
        + "a = relu(h), y = linear(a, W₂, b₂), r = y − target, loss = ½·r.squaredNorm(). "
        + "Backward starts from r: linearBackward(r, x: a, weights: W₂).dx, then reluBackward "
        + "with x: h, then linearBackward(…, x: x, weights: W₁).dx. infer repeats "
        + "x -= learningRate * dx `steps` times; the weights never change.",
    ]
  )
}
