import Foundation
import LessonWire
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One graded test's body, run on threads of its own so that a failed call into the
/// learner's program ends this test alone and the test process goes on to the next.
///
/// A call into the learner's program must return a value, and after a crash, a hang or a
/// stub there is none to return: no placeholder ever stands in for one. So the failure
/// handler records the failure, lets the test's caller return (Swift Testing ends the test
/// there, failed, and starts the next one in the same process) and leaves the body's
/// thread waiting for good. Without this the test process would end at every failure and
/// `gradkit` would start a new one for the next test: about 45 ms a test, most of the time
/// the first board spends on stubs.
@available(macOS 15, *)
final class AbandonableTest: Sendable {
  /// The test whose body is running, when it runs under ``run(_:)``.
  @TaskLocal static var current: AbandonableTest?

  /// The suspended caller of ``run(_:)``, until the body returns or is abandoned.
  private let caller: Locked<CheckedContinuation<Void, Never>?>

  private init(_ caller: CheckedContinuation<Void, Never>) {
    self.caller = Locked(caller)
  }

  /// Runs `body` on a thread of its own, and returns when the body returns or is abandoned.
  static func run(_ body: @escaping @Sendable () -> Void) async {
    await withCheckedContinuation { caller in
      let test = AbandonableTest(caller)
      Task(executorPreference: ThreadPerJob.shared) {
        $current.withValue(test) { body() }
        test.resumeCaller()
      }
    }
  }

  /// Lets the caller of ``run(_:)`` return, and keeps the body's thread waiting for good.
  ///
  /// Call it only where nothing on this thread's stack holds a lock that the next test
  /// needs: outside every call into a learner's program (``LearnerLink``'s `idle`).
  func abandon() -> Never {
    resumeCaller()
    while true { pause() }
  }

  private func resumeCaller() {
    let suspended = caller.withValue { caller in
      defer { caller = nil }
      return caller
    }
    suspended?.resume()
  }
}

/// A task executor that runs each job on a new thread, so that a thread that an abandoned
/// test leaves waiting is never one that other work needs (Swift's shared pool has one
/// thread a core).
@available(macOS 15, *)
final class ThreadPerJob: TaskExecutor {
  static let shared = ThreadPerJob()

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    let executor = asUnownedTaskExecutor()
    Thread { job.runSynchronously(on: executor) }.start()
  }
}
