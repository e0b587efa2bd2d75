import Foundation
import GradKit

/// A scalar that remembers how it was computed, so `backward()` can send gradients back
/// through the graph: a small automatic-differentiation engine in the style of micrograd.
///
///     each operation:  out = op(children);  out.backwardStep: child.grad += local · out.grad
///     backward():      out.grad = 1, then every node's backwardStep, users before what they use
///
/// Subtraction, division, whole-number powers and the mixes with `Double` come from
/// ``AutodiffValue``, built from the operations below.
public final class Value: AutodiffValue {
  /// The number the forward pass computed.
  public let data: Double
  /// ∂(the node `backward()` was called on)/∂(this node).
  public internal(set) var grad = 0.0
  /// The nodes this one was computed from; empty for a leaf.
  let children: [Value]
  /// Adds this node's share of the gradient to its children's `grad`; set by the operation
  /// that made the node. A leaf has nothing to send.
  var backwardStep: () -> Void = {}

  public convenience init(_ data: Double) {
    self.init(data, children: [])
  }

  init(_ data: Double, children: [Value]) {
    self.data = data
    self.children = children
  }

  // Every operation below has the same shape: compute the forward value, then store on
  // the new node a closure that applies the chain rule, local gradient × out.grad.
  // The closure lives on `out` and reads `out`, so it captures `out` unowned: a strong
  // capture would be a reference cycle and no graph would ever be freed. Capturing the
  // children strongly is fine, `out` owns them anyway. Every update is `+=`, never `=`:
  // a node used twice (a + a) must receive both contributions.

  public static func + (a: Value, b: Value) -> Value {
    let out = Value(a.data + b.data, children: [a, b])
    out.backwardStep = { [unowned out] in
      a.grad += out.grad
      b.grad += out.grad
    }
    return out
  }

  public static func * (a: Value, b: Value) -> Value {
    let out = Value(a.data * b.data, children: [a, b])
    out.backwardStep = { [unowned out] in
      // Each factor's local gradient is the other factor.
      a.grad += b.data * out.grad
      b.grad += a.data * out.grad
    }
    return out
  }

  public func pow(_ exponent: Double) -> Value {
    // Inside this class `pow`, `exp`, `log` and `tanh` name the methods, so the math
    // functions need their module's name.
    let out = Value(Foundation.pow(data, exponent), children: [self])
    out.backwardStep = { [unowned out] in
      self.grad += exponent * Foundation.pow(self.data, exponent - 1) * out.grad
    }
    return out
  }

  public func exp() -> Value {
    let out = Value(Foundation.exp(data), children: [self])
    out.backwardStep = { [unowned out] in
      // eˣ is its own derivative: reuse the cached output instead of computing it again.
      self.grad += out.data * out.grad
    }
    return out
  }

  public func log() -> Value {
    let out = Value(Foundation.log(data), children: [self])
    out.backwardStep = { [unowned out] in
      self.grad += out.grad / self.data
    }
    return out
  }

  public func tanh() -> Value {
    let out = Value(Foundation.tanh(data), children: [self])
    out.backwardStep = { [unowned out] in
      // 1 − tanh²(x), from the cached output.
      self.grad += (1 - out.data * out.data) * out.grad
    }
    return out
  }

  public func relu() -> Value {
    let out = Value(data > 0 ? data : 0, children: [self])
    out.backwardStep = { [unowned out] in
      // A gate that lets the gradient through where the input was positive.
      self.grad += (self.data > 0 ? 1 : 0) * out.grad
    }
    return out
  }

  public func backward() {
    // Seed with ∂self/∂self = 1, then let each node pass its gradient on once every node
    // that uses it has added its share, which reverse topological order guarantees.
    grad = 1
    for node in topologicalOrder().reversed() {
      node.backwardStep()
    }
  }

  public func zeroGrad() {
    for node in topologicalOrder() {
      node.grad = 0
    }
  }

  /// This node and everything it was computed from, each node after all of its children.
  ///
  /// A depth-first search that appends a node once its children are in; the visited set
  /// makes a node used many times appear once.
  private func topologicalOrder() -> [Value] {
    var order: [Value] = []
    var visited: Set<ObjectIdentifier> = []
    func visit(_ node: Value) {
      guard visited.insert(ObjectIdentifier(node)).inserted else { return }
      for child in node.children {
        visit(child)
      }
      order.append(node)
    }
    visit(self)
    return order
  }
}
