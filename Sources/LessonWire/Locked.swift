import Foundation

/// A value shared between threads behind a lock.
package final class Locked<Value>: @unchecked Sendable {
  private var stored: Value
  private let lock = NSLock()

  package init(_ value: Value) {
    stored = value
  }

  /// A copy of the value as it is now.
  package var value: Value {
    lock.withLock { stored }
  }

  /// Runs `body` on the value with the lock held, and returns what it returns.
  @discardableResult
  package func withValue<Result>(_ body: (inout Value) -> Result) -> Result {
    lock.withLock { body(&stored) }
  }
}
