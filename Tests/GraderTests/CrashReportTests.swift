import GradKit
import Testing

@testable import Grader

@Suite("Crash reports")
struct CrashReportTests {
  static let backtrace = """
    Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range

    *** Program crashed: Illegal instruction at 0x00007f01fdf6df7f ***
    Thread 4 "oot.default-qos" crashed:
      0  0x00007f01fdf6df7f closure #1 in _assertionFailure(_:_:file:line:flags:) + 623 in libswiftCore.so
      3 [ra] 0x000055eb451a2a9e static Perceptron.step(_:) + 77 in GradKitPackageTests.xctest \
    at /home/me/GradKit/exercises/01-Perceptron/Perceptron.swift:12:50
      5 [ra] 0x000055eb451a6305 PerceptronTests.step() + 148 in GradKitPackageTests.xctest \
    at /home/me/GradKit/Tests/GradedTests/01-Perceptron/PerceptronTests.swift:6:40
    """

  @Test("the runtime's message and the first frame in the learner's folder are found")
  func messageAndLocation() {
    let report = CrashReport(standardError: Self.backtrace, sourceFolders: ["exercises"])
    #expect(
      report.message == "Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range")
    #expect(report.location == "exercises/01-Perceptron/Perceptron.swift:12:50")
    #expect(!report.isUnimplemented)
  }

  @Test("a stub's crash is recognised by the engine's own marker")
  func stubRecognised() {
    let report = CrashReport(
      standardError: "Exercises/P.swift:3: Fatal error: \(GradKit.unimplementedMarker) step(_:)",
      sourceFolders: ["exercises"])
    #expect(report.isUnimplemented)
    #expect(Grader.unimplementedMarker == GradKit.unimplementedMarker)
  }

  @Test("a crash without a message still says so")
  func silentCrash() {
    let report = CrashReport(standardError: "", sourceFolders: ["exercises"])
    #expect(report.message == "the test process stopped without a message")
    #expect(report.location == nil)
  }
}
