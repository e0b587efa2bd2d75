import Testing

@testable import LessonWire

@Suite("Crash logs")
struct CrashLogTests {
  static let backtrace = """
    loss is 0.25
    Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range

    *** Program crashed: Illegal instruction at 0x00007f01fdf6df7f ***
    Thread 0 "learner" crashed:
      0  0x00007f01fdf6df7f closure #1 in _assertionFailure(_:_:file:line:flags:) + 623 in libswiftCore.so
      3 [ra] 0x000055eb451a2a9e static Perceptron.step(_:) + 77 in learner \
    at /home/me/GradKit/exercises/01-Perceptron/Perceptron.swift:12:50
      5 [ra] 0x000055eb451a6305 closure #1 in static PerceptronLesson.serveLesson() + 148 in learner \
    at /home/me/GradKit/Sources/LessonWire/Lessons/PerceptronWire.swift:8:40
    """

  @Test("the runtime's message, its place, the frames and what was printed are read apart")
  func parts() {
    let log = CrashLog(Self.backtrace)
    #expect(log.message == "Fatal error: Index out of range")
    #expect(log.messageLocation == "Swift/ContiguousArrayBuffer.swift:692")
    #expect(log.frames.count == 3)
    #expect(log.frames[1].function == "static Perceptron.step(_:)")
    #expect(log.printed == ["loss is 0.25"])
    #expect(!log.isStackOverflow)
  }

  @Test("a stuck loop's frame without a line is found, with its function as declared")
  func frameWithoutLine() {
    let log = CrashLog(
      """
      *** Program crashed: Aborted at 0x0000000000003353 ***
      Thread 0 "learner" crashed:
        0      0x000055acdb8c13a6 static Perceptron.step(_:) + 86 in learner at /work/ex/Perceptron.swift
        1 [ra] 0x000055acdb8c0b42 static Perceptron.predict(_:unit:) + 49 in learner at /work/ex/Perceptron.swift:15:16
      Backtrace took 0.04s
      """)
    let frame = log.innermostFrame(in: "/work/ex")
    #expect(frame?.location == "/work/ex/Perceptron.swift")
    #expect(frame?.declaredName == "step(_:)")
    #expect(
      log.location(in: "/work/ex", shownAs: "exercises/01") == "exercises/01/Perceptron.swift")
    #expect(
      CrashLog.Frame(function: "spin(while:)", location: nil).declaredName == "spin(while:)")
  }

  @Test("the learner's frame is chosen over the kit's, and shown relative to the checkout")
  func learnersFrame() {
    let log = CrashLog(Self.backtrace)
    #expect(
      log.location(
        in: "/home/me/GradKit/exercises/01-Perceptron", shownAs: "exercises/01-Perceptron")
        == "exercises/01-Perceptron/Perceptron.swift:12:50")
    #expect(log.location(in: "/elsewhere", shownAs: "x") == nil)
  }

  @Test("without a fatal error the backtracer names the crash; tab-indented frames are read")
  func backtracerOnly() {
    let log = CrashLog(
      "\t*** Program crashed: Bad pointer dereference at 0x0000000000000000 ***\n"
        + "\t0 0x000055eb451a2a9e f(_:) + 12 in learner at /p/x.swift:3:1 \t\n")
    #expect(log.message == "Program crashed: Bad pointer dereference at 0x0000000000000000")
    #expect(log.messageLocation == nil)
    #expect(log.frames == [CrashLog.Frame(function: "f(_:)", location: "/p/x.swift:3:1")])
  }

  @Test("a fatal error without a place has no message location")
  func placelessFatalError() {
    let log = CrashLog("  : Fatal error: boom  ")
    #expect(log.message == "Fatal error: boom")
    #expect(log.messageLocation == nil)
  }

  @Test("a message-less crash has no message and no frame")
  func silent() {
    let log = CrashLog("")
    #expect(log.message == nil && log.frames.isEmpty && log.printed.isEmpty)
  }
}
