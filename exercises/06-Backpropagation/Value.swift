import Foundation
import GradKit

/// A scalar that remembers how it was computed, so `backward()` can send gradients back
/// through the graph. Subtraction, division, whole-number powers and the mixes with
/// `Double` come from ``AutodiffValue``, built from the operations you write here.
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

  public static func + (a: Value, b: Value) -> Value {
    // TODO: Return a node holding a + b whose backward step adds its gradient to a's and b's.
    unimplemented()
  }

  public static func * (a: Value, b: Value) -> Value {
    // TODO: Return a node holding a · b whose backward step adds ∂(ab)/∂a · grad to a and
    // ∂(ab)/∂b · grad to b.
    unimplemented()
  }

  public func pow(_ exponent: Double) -> Value {
    // TODO: Return a node holding this value to the power `exponent`, with its backward step.
    unimplemented()
  }

  public func exp() -> Value {
    // TODO: Return a node holding e to the power of this value, with its backward step.
    unimplemented()
  }

  public func log() -> Value {
    // TODO: Return a node holding the natural logarithm of this value, with its backward step.
    unimplemented()
  }

  public func tanh() -> Value {
    // TODO: Return a node holding the hyperbolic tangent of this value, with its backward step.
    unimplemented()
  }

  public func relu() -> Value {
    // TODO: Return a node holding max(0, this value), with its backward step.
    unimplemented()
  }

  public func backward() {
    // TODO: Set this node's gradient to 1, then run the backward step of this node and of
    // every node it was computed from, each node only after every node that uses it.
    unimplemented()
  }

  public func zeroGrad() {
    // TODO: Set the gradient of this node and of every node it was computed from to 0.
    unimplemented()
  }
}
