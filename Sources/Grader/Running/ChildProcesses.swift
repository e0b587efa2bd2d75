import Foundation
import LessonWire

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The child processes gradkit has running, so that none outlives it.
///
/// Children run in a process group of their own (Foundation makes each child a group
/// leader), so a Ctrl-C in the terminal does not reach them, nor what they started: gradkit
/// stops each child and all its descendants itself, on a time limit and when it is
/// interrupted.
enum ChildProcesses {
  private static let running = Locked(Set<Int32>())
  private static let handlers = Locked([any DispatchSourceSignal]())

  /// Remembers a started child.
  static func track(_ process: Process) {
    let pid = process.processIdentifier
    running.withValue { $0.insert(pid) }
  }

  /// Forgets a child that has ended.
  static func untrack(_ process: Process) {
    let pid = process.processIdentifier
    running.withValue { $0.remove(pid) }
  }

  /// Stops `process` and everything it started.
  static func stop(_ process: Process) {
    stop(pid: process.processIdentifier)
    process.waitUntilExit()
    untrack(process)
  }

  /// Stops `pid`, its process group, and every process descended from it: SwiftPM starts
  /// each compiler in a group of its own, so the group alone would leave them running.
  private static func stop(pid: Int32) {
    ProcessTable.killFamily(of: pid)
  }

  /// On Ctrl-C or a termination request: stops every child, prints `farewell`, and exits.
  static func stopAllOnInterrupt(farewell: String, write: @escaping @Sendable (String) -> Void) {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler {
        for pid in running.value { stop(pid: pid) }
        write(farewell)
        exit(130)
      }
      source.resume()
      handlers.withValue { $0.append(source) }
    }
  }
}
