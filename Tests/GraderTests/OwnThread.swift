import Foundation

/// Waits for `work`, run on a thread of its own, without holding a thread that runs tests.
///
/// Swift Testing runs tests concurrently on the cooperative pool, one thread a core. A test
/// that blocks a pool thread while a child process compiles, trains or sits out a time limit
/// keeps other tests from starting: on two cores, two such tests idle the whole suite. Keep
/// the assertions in the test, after the `await`, where Swift Testing attributes them.
func onOwnThread<Value: Sendable>(
  _ work: @escaping @Sendable () throws -> Value
) async throws -> Value {
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result(catching: work)) }.start()
  }
}
