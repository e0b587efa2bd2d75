#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The learner's side of the pipe: a small program, built from one module's exercise files,
/// that runs the learner's functions when the grader asks and sends back their results.
///
/// It holds nothing of the reference and decides nothing: it only computes. The grader
/// compares what it returns with the reference in its own process, which the learner's code
/// cannot reach. The protocol is a loop of calls:
///
///     grader → call(name, arguments)
///     learner → result(value)            or, while running, callback(slot, argument)
///     grader → callbackResult(value)        for a closure the grader passed in
///
/// Standard output is the reply channel, so the server moves it away first: anything the
/// learner's code prints goes to standard error, where the grader shows it beside a crash.
public final class LessonServer {
  /// A function the grader can call: reads its arguments, runs, writes its result.
  ///
  /// Its errors are untyped (they are always ``WireError``s): a typed-throws closure that
  /// captures a parameter pack's function crashes Swift 6.3's compiler.
  public typealias Endpoint = (inout WireReader) throws -> WireWriter

  /// The one server of this process, for the callbacks and handles endpoints use.
  nonisolated(unsafe) static var current: LessonServer?

  private let channel: FrameChannel
  private var endpoints: [String: Endpoint] = [:]
  private var objects: [Int: Any] = [:]
  private var nextHandle = 1

  private init(channel: FrameChannel) {
    self.channel = channel
  }

  /// Serves the endpoints `register` adds until the grader closes the pipe, then exits.
  public static func run(_ register: (LessonServer) -> Void) -> Never {
    // Replies go to a private copy of standard output; the learner's prints go to standard error.
    let replies = dup(1)
    dup2(2, 1)
    lineBufferStandardOutput()
    let server = LessonServer(channel: FrameChannel(input: 0, output: replies))
    current = server
    register(server)
    while true {
      guard let frame = try? server.channel.receive() else { exit(0) }
      server.handle(frame)
    }
  }

  /// Adds the function `name`, whose arguments are read in order and whose result is sent back.
  public func add<each Argument: WireValue, Result: WireValue>(
    _ name: String, _ body: @escaping (repeat each Argument) -> Result
  ) {
    let function = PackedFunction(body: body)
    endpoints[name] = { (reader: inout WireReader) throws -> WireWriter in
      let arguments = ArgumentList(reader)
      let result = try function.apply(to: arguments)
      reader = arguments.reader
      var writer = WireWriter()
      result.write(to: &writer)
      return writer
    }
  }

  /// Keeps `object` for later calls and returns its handle.
  public func store(_ object: Any) -> Int {
    defer { nextHandle += 1 }
    objects[nextHandle] = object
    return nextHandle
  }

  /// The object behind `handle`, which must be a `T`.
  public func object<T>(_ handle: Int, as type: T.Type) throws(WireError) -> T {
    guard let object = objects[handle] as? T else {
      throw .malformed("no \(T.self) has handle \(handle)")
    }
    return object
  }

  /// Replaces the object behind `handle`, e.g. an optimizer after a step.
  public func replace(_ handle: Int, with object: Any) {
    objects[handle] = object
  }

  /// Runs the grader's closure in `slot` on `argument` and returns its result.
  func invoke<Argument: WireValue, Result: WireValue>(
    slot: Int, _ argument: Argument
  ) -> Result {
    var writer = WireWriter()
    slot.write(to: &writer)
    argument.write(to: &writer)
    send(Frame(.callback, writer.bytes))
    while true {
      guard let frame = try? channel.receive() else { exit(0) }
      guard frame.kind == .callbackResult else {
        handle(frame)
        continue
      }
      var reader = WireReader(frame.payload)
      guard let result = try? Result(from: &reader) else {
        refuse("the grader's closure returned something that is not a \(Result.self)")
      }
      return result
    }
  }

  /// Answers one frame from the grader.
  private func handle(_ frame: Frame) {
    var reader = WireReader(frame.payload)
    switch frame.kind {
    case .call:
      do throws(WireError) {
        let name = try String(from: &reader)
        guard let endpoint = endpoints[name] else {
          throw .malformed("this lesson has no function '\(name)'")
        }
        let result: WireWriter
        do {
          result = try endpoint(&reader)
        } catch {
          throw error as? WireError ?? .malformed("\(error)")
        }
        send(Frame(.result, result.bytes))
      } catch {
        refuse("cannot read the grader's call: \(error)")
      }
    case .release:
      for handle in (try? [Int](from: &reader)) ?? [] {
        objects[handle] = nil
      }
    case .result, .callback, .callbackResult, .refusal:
      refuse("unexpected message \(frame.kind) from the grader")
    }
  }

  private func send(_ frame: Frame) {
    if (try? channel.send(frame)) == nil { exit(0) }
  }

  /// Tells the grader a call could not be read, then stops: a bug on the grader's side.
  private func refuse(_ reason: String) -> Never {
    var writer = WireWriter()
    reason.write(to: &writer)
    send(Frame(.refusal, writer.bytes))
    exit(70)
  }
}

/// Makes C's `stdout`, which Swift's `print` writes through, flush at every line, so a
/// print just before a crash is not lost in a buffer.
///
/// The `FILE *` is looked up by symbol: Swift 6 does not allow naming the C global itself.
private func lineBufferStandardOutput() {
  #if canImport(Darwin)
    let name = "__stdoutp"
  #else
    let name = "stdout"
  #endif
  guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return }
  let stream = symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
  setvbuf(stream, nil, _IOLBF, 0)
}

/// A closure the grader passed into a call, usable by the learner's code as a function.
///
/// On the wire it is the closure's slot in the call; calling ``function`` sends the argument
/// back to the grader, which runs the closure and answers.
public struct Callback<Argument: WireValue, Result: WireValue>: WireValue {
  let slot: Int

  public init(slot: Int) {
    self.slot = slot
  }

  /// The closure, as the learner's code sees it.
  public var function: (Argument) -> Result {
    let slot = slot
    return { argument in
      guard let server = LessonServer.current else {
        fatalError("a grader's closure was called outside the lesson server")
      }
      return server.invoke(slot: slot, argument)
    }
  }

  public func write(to writer: inout WireWriter) {
    slot.write(to: &writer)
  }

  public init(from reader: inout WireReader) throws(WireError) {
    slot = try Int(from: &reader)
  }
}

/// The arguments of one call, read in order.
///
/// A class, so a parameter pack's expansion can read from it without an `inout`.
final class ArgumentList {
  var reader: WireReader

  init(_ reader: WireReader) {
    self.reader = reader
  }

  /// The next argument, a `Value`.
  func next<Value: WireValue>(_ type: Value.Type) throws -> Value {
    try Value(from: &reader)
  }

}

/// A function of any number of wire arguments, kept in a struct: capturing a parameter
/// pack's function in a closure directly crashes Swift 6.3's compiler.
struct PackedFunction<each Argument: WireValue, Result> {
  let body: (repeat each Argument) -> Result

  /// `body` applied to the arguments, read in order.
  func apply(to arguments: ArgumentList) throws -> Result {
    body(repeat try arguments.next((each Argument).self))
  }
}
