import Foundation
import GradKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The grader's side of one module's pipe: it starts the learner's program, sends calls,
/// runs the closures the learner's code calls back, and turns a crash, a hang or a
/// malformed reply into a ``LearnerFailure``.
///
/// A failure goes to ``failureHandler``, which does not return: the graded tests record it
/// and abandon the test (or, when that cannot be done, end their process, and `gradkit`
/// starts a fresh one for the next test), the lab prints it. No placeholder value ever
/// stands in for a result the learner's code did not give.
public final class LearnerLink: @unchecked Sendable {
  /// What to do when a call fails; set once by the program that uses links.
  ///
  /// `idle` is false when the failed call was made from a closure the grader passed into
  /// another call, to this link or another (``isIdle``): that outer call still holds its
  /// link, so the caller must not leave this thread waiting for good.
  nonisolated(unsafe) public static var failureHandler:
    (_ failure: LearnerFailure, _ idle: Bool) -> Never = { failure, _ in
      FileHandle.standardError.write(
        Data((failure.explanation.joined(separator: "\n") + "\n").utf8))
      exit(LearnerFailure.exitStatus)
    }

  /// What the time limit is counted from: a key that changes when a new test starts (the
  /// graded tests pass the running test's identifier); `nil` counts from the first call.
  nonisolated(unsafe) public static var budgetKey: () -> String? = { nil }

  private static let links = Locked([String: LearnerLink]())

  /// The link to `module`'s learner program (`03-Softmax`), from ``LearnerPlan/current``.
  public static func link(for module: String) -> LearnerLink {
    links.withValue { links in
      if let link = links[module] { return link }
      guard let server = LearnerPlan.current?.servers[module] else {
        fatalError("the learner plan has no program for module \(module)")
      }
      let link = LearnerLink(server: server, timeLimit: LearnerPlan.current?.timeLimit ?? 10)
      links[module] = link
      return link
    }
  }

  /// Where the link's answers come from.
  enum Source {
    /// A program, started on the first call (and again after a failure), its conversations
    /// recorded to a tape when `tape` is set.
    case program(LearnerPlan.Server, tape: URL?)
    /// A recorded reference, played back.
    case tape(URL)
  }

  private let source: Source
  private let timeLimit: Double
  private let lock = NSRecursiveLock()
  private var process: LearnerProcess?
  private var exchange: (any FrameExchange)?
  private var pendingReleases: [Int] = []
  /// How many programs this link has started: a handle names an object of one program, and
  /// is never sent to the next (``release(_:from:)``).
  private var programsStarted = 0
  private var budget: (key: String?, deadline: ContinuousClock.Instant)?
  /// The calls in flight, outermost first, to name the one a failure happened in.
  private var callStack: [String] = []

  convenience init(server: LearnerPlan.Server, timeLimit: Double) {
    self.init(source: .program(server, tape: nil), timeLimit: timeLimit)
  }

  init(source: Source, timeLimit: Double) {
    self.source = source
    self.timeLimit = timeLimit
    signal(SIGPIPE, SIG_IGN)
  }

  /// The program a failure's files and lines are told against.
  private var server: LearnerPlan.Server? {
    if case .program(let server, _) = source { return server }
    return nil
  }

  /// Calls the learner's function `name` with `arguments`; `callbacks` are the closures
  /// that `Callback` arguments refer to, by slot.
  public func call<each Argument: WireValue, Result: WireValue>(
    _ name: String, _ arguments: repeat each Argument, callbacks: [ClientCallback] = []
  ) -> Result {
    do throws(LearnerFailure) {
      return try attempt(name, repeat each arguments, callbacks: callbacks)
    } catch {
      Self.failureHandler(error, Self.isIdle)
    }
  }

  /// Calls the learner's function `name` like ``call(_:_:callbacks:)``, but throws a failure
  /// instead of handing it to ``failureHandler``.
  public func attempt<each Argument: WireValue, Result: WireValue>(
    _ name: String, _ arguments: repeat each Argument, callbacks: [ClientCallback] = []
  ) throws(LearnerFailure) -> Result {
    var writer = WireWriter()
    name.write(to: &writer)
    repeat (each arguments).write(to: &writer)
    let payload = try exchange(name, writer.bytes, callbacks: callbacks)
    var reader = WireReader(payload)
    do throws(WireError) {
      let result = try Result(from: &reader)
      guard reader.isAtEnd else { throw .malformed("extra bytes after the result") }
      return result
    } catch {
      throw failure(.crashed, in: name, "its reply could not be read: \(error)")
    }
  }

  /// Whether this thread has no call in flight on any link: false for the whole of a call,
  /// the closures the grader passed into it included.
  static var isIdle: Bool {
    callsInFlightOnThisThread == 0
  }

  /// The calls this thread is inside, on every link. A call and the calls its closures
  /// make run on one thread, so a nested call always sees the calls around it.
  private static var callsInFlightOnThisThread: Int {
    get { Thread.current.threadDictionary[callsInFlightKey] as? Int ?? 0 }
    set { Thread.current.threadDictionary[callsInFlightKey] = newValue }
  }

  private static let callsInFlightKey = "gradkit.learner-link.calls-in-flight"

  /// The program that answered the last call: read it right after the call that returned a
  /// handle, and pass it to ``release(_:from:)`` with the handle.
  public var generation: Int {
    lock.withLock { programsStarted }
  }

  /// Lets the learner's program drop an object the grader no longer uses: `handle`, which
  /// came from the program of `generation`. A handle of a program that has stopped since is
  /// dropped here, so that it never names another object in the program started after it.
  public func release(_ handle: Int, from generation: Int) {
    lock.withLock {
      if generation == programsStarted { pendingReleases.append(handle) }
    }
  }

  /// Sends one call and serves callbacks until its result comes.
  private func exchange(
    _ name: String, _ payload: [UInt8], callbacks: [ClientCallback]
  ) throws(LearnerFailure) -> [UInt8] {
    lock.lock()
    defer { lock.unlock() }
    callStack.append(name)
    Self.callsInFlightOnThisThread += 1
    defer {
      callStack.removeLast()
      Self.callsInFlightOnThisThread -= 1
    }
    let exchange = try running(for: name)
    do throws(ChannelError) {
      return try converse(with: exchange, payload, callbacks: callbacks)
    } catch {
      switch error {
      case .timedOut:
        let stuck = stopStuckProgram(in: name)
        throw failure(
          .timedOut, in: name,
          "stopped after \(seconds(timeLimit)) s: look for a loop that never ends"
            + " (a counter not advanced, a condition never met)",
          location: stuck.location, printed: stuck.printed)
      case .malformed(let reason):
        stop()
        throw failure(
          .crashed, in: name, "its program sent something that is not a reply: \(reason)")
      case .unrecorded(let reason):
        throw failure(
          .crashed, in: name,
          "\(reason). A class edition grades with the reference's answers recorded for its own"
            + " seed; grade this with the instructor's full kit.")
      case .closed:
        guard let process else { throw failure(.crashed, in: name, "the reference stopped") }
        throw explainEnding(of: process)
      }
    }
  }

  /// The frames of one call: the call, then callbacks served until the result.
  private func converse(
    with exchange: any FrameExchange, _ payload: [UInt8], callbacks: [ClientCallback]
  ) throws(ChannelError) -> [UInt8] {
    let deadline = currentDeadline()
    if !pendingReleases.isEmpty {
      var writer = WireWriter()
      pendingReleases.write(to: &writer)
      pendingReleases = []
      try exchange.send(Frame(.release, writer.bytes))
    }
    try exchange.send(Frame(.call, payload))
    while true {
      let frame = try exchange.receive(deadline: deadline)
      switch frame.kind {
      case .result:
        return frame.payload
      case .callback:
        var reader = WireReader(frame.payload)
        guard let slot = try? Int(from: &reader), callbacks.indices.contains(slot) else {
          throw .malformed("a call back to a closure the grader never passed")
        }
        guard let result = try? callbacks[slot].invoke(&reader) else {
          throw .malformed("an argument for the grader's closure that cannot be read")
        }
        try exchange.send(Frame(.callbackResult, result.bytes))
      case .refusal:
        var reader = WireReader(frame.payload)
        throw .malformed("a refusal (\((try? String(from: &reader)) ?? "no reason"))")
      case .call, .callbackResult, .release:
        throw .malformed("an unexpected \(frame.kind) message")
      }
    }
  }

  /// What the call's frames go through: the program (started now if it is not running),
  /// its recorder, or the tape.
  private func running(for name: String) throws(LearnerFailure) -> any FrameExchange {
    if let exchange { return exchange }
    let key: () -> String = { Self.budgetKey() ?? "" }
    switch source {
    case .tape(let file):
      do throws(WireError) {
        let player = try TapePlayer(file, test: key)
        exchange = player
        return player
      } catch {
        throw failure(.crashed, in: name, "the recorded reference cannot be read: \(error)")
      }
    case .program(let server, let tape):
      do {
        let program = try LearnerProcess(server)
        process = program
        programsStarted += 1
        pendingReleases = []
        let channel: any FrameExchange =
          try tape.map { try TapeRecorder(program.channel, into: $0, test: key) }
          ?? program.channel
        exchange = channel
        return channel
      } catch {
        throw failure(.crashed, in: name, "its program could not start: \(error)")
      }
    }
  }

  private func stop() {
    process?.stop()
    process = nil
    exchange = nil
  }

  /// When the running test's time is up.
  private func currentDeadline() -> ContinuousClock.Instant {
    let key = Self.budgetKey()
    if let budget, budget.key == key { return budget.deadline }
    let deadline = ContinuousClock.now + .milliseconds(Int64(timeLimit * 1000))
    budget = (key, deadline)
    return deadline
  }

  /// Stops the program that is stuck in the call `name` and says where it was, from the
  /// backtrace it prints when interrupted: the innermost frame in the learner's files, at its
  /// line, or, when the instruction it stopped at has no line (the debug information gives
  /// line 0 to some of a loop's instructions), where that frame's file defines its function;
  /// without such a frame, where the function called is defined. Also returns what the code
  /// printed before, often what a learner debugs a loop with.
  private func stopStuckProgram(in name: String) -> (location: String?, printed: [String]) {
    guard let process else { return (nil, []) }
    let log = CrashLog(process.interrupt())
    self.process = nil
    exchange = nil
    guard let server else { return (nil, log.printed) }
    guard let frame = log.innermostFrame(in: server.sources),
      let shown = log.location(in: server.sources, shownAs: server.displayFolder)
    else { return (definition(of: name), log.printed) }
    // "File.swift:12:5", or "File.swift" alone where the instruction has no line.
    let file = shown.dropFirst(server.displayFolder.count + 1)
    if file.contains(":") { return (shown, log.printed) }
    let location = definition(of: frame.declaredName, in: [String(file)]) ?? definition(of: name)
    return (location, log.printed)
  }

  /// Why the learner's program stopped in the middle of a call.
  private func explainEnding(of process: LearnerProcess) -> LearnerFailure {
    let ending = process.ending()
    self.process = nil
    exchange = nil
    let sources = server?.sources ?? ""
    let displayFolder = server?.displayFolder ?? ""
    let log = CrashLog(ending.errors)
    let name = callStack.last ?? "?"
    let printed = log.printed.filter { !$0.contains(unimplementedMarker) }
    if let stub = (log.printed + [log.message ?? ""]).first(where: {
      $0.contains(unimplementedMarker)
    }) {
      let text = stub.replacingOccurrences(of: sources + "/", with: displayFolder + "/")
      return failure(.notStarted, in: name, text, printed: printed)
    }
    let location =
      log.location(in: sources, shownAs: displayFolder)
      ?? learnerFile(log.messageLocation) ?? definition(of: name)
    let message: String
    if log.isStackOverflow {
      message =
        "the stack overflowed: \(log.frames[0].function) calls itself without end"
        + " (is a base case missing?)"
    } else if let text = log.message {
      message = text
    } else if ending.signaled {
      message = "the process was stopped by \(Self.signalName(ending.status))"
    } else {
      message =
        "the process ended with exit status \(ending.status) in the middle of the call"
        + " (does the code call exit()?)"
    }
    return failure(.crashed, in: name, message, location: location, printed: printed)
  }

  /// `Exercises/File.swift:12`, the `#fileID` of the learner's module, as a path in the checkout.
  private func learnerFile(_ fileID: String?) -> String? {
    guard let fileID, fileID.hasPrefix(Self.moduleName + "/"), let server else { return nil }
    return server.displayFolder + "/" + fileID.dropFirst(Self.moduleName.count + 1)
  }

  /// Where the learner's `files` (all of the module's by default) define the function `call`
  /// names, e.g. `softmax(_: Matrix)`.
  private func definition(of call: String, in files: [String]? = nil) -> String? {
    let base = call.prefix { $0 != "(" && $0 != " " }
    guard !base.isEmpty, let server else { return nil }
    for file in files ?? swiftFileNames(in: URL(fileURLWithPath: server.sources)) {
      let path = server.sources + "/" + file
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      where line.contains("func \(base)(") || line.contains("func \(base) (") {
        return "\(server.displayFolder)/\(file):\(index + 1) (in \(call))"
      }
    }
    return nil
  }

  private func failure(
    _ status: LearnerFailure.Status, in call: String, _ message: String, location: String? = nil,
    printed: [String] = []
  ) -> LearnerFailure {
    LearnerFailure(
      status: status, call: call, message: sanitized(message), location: location,
      printed: printed)
  }

  /// The module name the learner's files are compiled under, which `#fileID` starts with.
  public static let moduleName = "Exercises"

  static func signalName(_ number: Int32) -> String {
    switch number {
    case SIGKILL: "SIGKILL: killed from outside, for example for using too much memory"
    case SIGSEGV: "SIGSEGV: a bad memory access"
    case SIGABRT: "SIGABRT: abort() was called"
    case SIGILL: "SIGILL: a runtime trap"
    case SIGBUS: "SIGBUS: a bad memory access"
    case SIGFPE: "SIGFPE: an arithmetic trap"
    case SIGXCPU: "SIGXCPU: the CPU time limit"
    case SIGXFSZ: "SIGXFSZ: the output size limit"
    default: "signal \(number)"
    }
  }
}

/// A closure the grader passes into a call, as the link runs it when the learner's code
/// calls back: it reads the argument, runs, and writes the result.
public struct ClientCallback {
  let invoke: (inout WireReader) throws(WireError) -> WireWriter

  /// Wraps `body` for one call; the link runs it only while that call is in flight.
  public init<Argument: WireValue, Result: WireValue>(_ body: @escaping (Argument) -> Result) {
    invoke = { (reader: inout WireReader) throws(WireError) -> WireWriter in
      let argument = try Argument(from: &reader)
      var writer = WireWriter()
      body(argument).write(to: &writer)
      return writer
    }
  }
}

/// Whose program a remote lesson calls: the learner's (``Learner``), or another side such
/// as a recorded reference.
public protocol LinkSide {
  /// The link to `module`'s program (`03-Softmax`).
  static func link(for module: String) -> LearnerLink
}

/// The learner's programs, as ``LearnerPlan/current`` names them.
public enum Learner: LinkSide {
  public static func link(for module: String) -> LearnerLink {
    LearnerLink.link(for: module)
  }
}
