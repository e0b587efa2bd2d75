import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One running learner program: its pipes, and what it writes on standard error.
///
/// It starts in a session of its own, so that everything it starts (even a child that
/// puts itself in another process group, as Foundation's `Process` does) can be found and
/// stopped with it; inside the class-grading sandbox a PID namespace does the same job.
final class LearnerProcess: @unchecked Sendable {
  let channel: FrameChannel
  private let pid: pid_t
  /// The learner's program file: the last argument, after any sandbox's wrappers.
  private let program: String
  private let errorText = ErrorTail()
  private let errorsDone = DispatchSemaphore(value: 0)
  private var exitStatus: Int32?

  /// Starts the program `server` describes.
  init(_ server: LearnerPlan.Server) throws {
    let calls = try Self.pipe()
    let replies = try Self.pipe()
    let errors = try Self.pipe()
    #if os(Linux)
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
      // glibc's POSIX_SPAWN_SETSID, which Swift's Glibc module does not export.
      let newSession: Int32 = 0x80
    #else
      var actions: posix_spawn_file_actions_t?
      var attributes: posix_spawnattr_t?
      let newSession = Int32(POSIX_SPAWN_SETSID)
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_adddup2(&actions, calls.read, 0)
    posix_spawn_file_actions_adddup2(&actions, replies.write, 1)
    posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
    // The grader ignores SIGPIPE; the learner's program gets the default back.
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    // No signal blocked, whatever the starting thread blocks: the program must take the
    // SIGABRT that asks a stuck program for its backtrace (``interrupt(patience:)``).
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    posix_spawnattr_setflags(
      &attributes,
      Int16(newSession | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)))
    let arguments = server.arguments.map { strdup($0) } + [nil]
    let environment =
      server.environment.sorted { $0.key < $1.key }
      .map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in arguments + environment { free(pointer) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(
      &pid, server.arguments[0], &actions, &attributes, arguments, environment)
    for descriptor in [calls.read, replies.write, errors.write] { close(descriptor) }
    guard status == 0 else {
      for descriptor in [calls.write, replies.read, errors.read] { close(descriptor) }
      throw SpawnError(program: server.arguments[0], code: status)
    }
    self.pid = pid
    program = server.arguments.last ?? server.arguments[0]
    channel = FrameChannel(input: replies.read, output: calls.write)
    let tail = errorText
    let done = errorsDone
    let errorsRead = errors.read
    Thread.detachNewThread {
      var buffer = [UInt8](repeating: 0, count: 1 << 14)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(errorsRead, $0.baseAddress!, $0.count) }
        if count < 0, errno == EINTR { continue }
        if count <= 0 { break }
        tail.append(buffer[0..<count])
      }
      close(errorsRead)
      done.signal()
    }
  }

  deinit {
    stop()
    channel.close()
  }

  /// Stops the program and everything it started.
  func stop() {
    killSession()
    _ = waitForExit(until: .now + .seconds(2))
  }

  /// Stops a program that is stuck, first asking it where: SIGABRT to the program itself
  /// (the innermost process of what was started, inside any sandbox), whose Swift runtime
  /// then prints the stack of the thread that was running, the learner's loop among its
  /// frames. Waits until the backtrace is complete (the runtime then lets the program go on,
  /// the signal having come from outside), at most `patience`, then stops everything as
  /// ``stop()`` does.
  ///
  /// - Returns: what the program wrote on standard error, the backtrace at its end.
  ///
  /// The default patience is far above the 0.05 s a backtrace takes here, so that a loaded
  /// machine still gets it, and well below the margin a test process has past its limit.
  func interrupt(patience: Duration = .seconds(3)) -> String {
    var target = pid
    #if os(Linux)
      // A sandbox starts the program below a chain of wrappers (bwrap, prlimit): signal the
      // process running the learner's file, not a child the learner's code started.
      let table = ProcessTable.snapshot().filter { !$0.isZombie }
      let running = URL(fileURLWithPath: program).resolvingSymlinksInPath().path
      target =
        ([pid] + ProcessTable.descendants(of: pid, in: table)).first {
          (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/exe"))
            == running
        } ?? pid
    #endif
    kill(target, SIGABRT)
    let deadline = ContinuousClock.now + patience
    while ContinuousClock.now < deadline, waitForExit(until: .now) == nil,
      !errorText.text.contains(CrashLog.endOfBacktrace)
    {
      usleep(10_000)
    }
    killSession()
    _ = waitForExit(until: .now + .seconds(2))
    _ = errorsDone.wait(timeout: .now() + 1)
    return errorText.text
  }

  /// How the program ended and what it wrote on standard error; stops it if it lingers.
  func ending() -> (signaled: Bool, status: Int32, errors: String) {
    if waitForExit(until: .now + .seconds(2)) == nil { killSession() }
    let status = waitForExit(until: .now + .seconds(2)) ?? 0
    // A child the program started may hold standard error open: stop it, wait a moment only.
    killSession()
    _ = errorsDone.wait(timeout: .now() + 1)
    let signaled = status & 0x7F != 0
    return (signaled, signaled ? status & 0x7F : (status >> 8) & 0xFF, errorText.text)
  }

  /// The raw wait status once the program has ended, or `nil` at the deadline.
  private func waitForExit(until deadline: ContinuousClock.Instant) -> Int32? {
    if let exitStatus { return exitStatus }
    while true {
      var status: Int32 = 0
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid || (result < 0 && errno == ECHILD) {
        exitStatus = status
        return status
      }
      if ContinuousClock.now >= deadline { return nil }
      usleep(1_000)
    }
  }

  /// Sends SIGKILL to the program and to every process of its session.
  private func killSession() {
    kill(-pid, SIGKILL)
    kill(pid, SIGKILL)
    #if os(Linux)
      // Children that moved to process groups of their own are still in the session.
      for _ in 0..<3 {
        let members = ProcessTable.snapshot().filter {
          $0.session == pid && $0.pid != pid && !$0.isZombie
        }
        if members.isEmpty { break }
        for member in members { kill(member.pid, SIGKILL) }
      }
    #endif
  }

  private static func pipe() throws -> (read: Int32, write: Int32) {
    var descriptors: [Int32] = [0, 0]
    #if canImport(Glibc)
      let made = Glibc.pipe(&descriptors)
    #else
      let made = Darwin.pipe(&descriptors)
    #endif
    guard made == 0 else { throw SpawnError(program: "pipe", code: errno) }
    for descriptor in descriptors {
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    return (descriptors[0], descriptors[1])
  }
}

/// A learner program that could not be started.
struct SpawnError: Error, CustomStringConvertible {
  var program: String
  var code: Int32

  var description: String {
    "cannot start \(program): \(String(cString: strerror(code)))"
  }
}

/// The last part of a stream, at most ``limit`` bytes: a runaway print loop cannot fill memory.
final class ErrorTail: @unchecked Sendable {
  static let limit = 256 << 10
  private var bytes: [UInt8] = []
  private let lock = NSLock()

  func append(_ chunk: ArraySlice<UInt8>) {
    lock.withLock {
      bytes.append(contentsOf: chunk)
      if bytes.count > 2 * Self.limit { bytes.removeFirst(bytes.count - Self.limit) }
    }
  }

  var text: String {
    lock.withLock { String(decoding: bytes.suffix(Self.limit), as: UTF8.self) }
  }
}
