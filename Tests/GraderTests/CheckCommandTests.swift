import Foundation
import Testing

@testable import Grader

/// What `gradkit check` says about the modules it can check.
@Suite("gradkit check: the modules with gradients")
struct CheckCommandTests {
  /// The names of `module`'s gradient checks, as `gradkit check` asks the lab for them.
  static func checkNames(of module: CourseModule) -> [String] {
    let process = Process()
    process.executableURL = TrainingPicturesTests.lab
    process.arguments = ["gradients", module.name, "1", "names"]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return [] }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return output.split(separator: "\n").map(String.init)
  }

  @Test("the note for a module without gradients names every module the lab checks")
  func noGradientNote() async throws {
    let checked = try await onOwnThread {
      Course.modules.filter { !Self.checkNames(of: $0).isEmpty }
    }
    let first = try #require(checked.first)
    let last = try #require(checked.last)
    let range = Course.modules.filter { first.number...last.number ~= $0.number }
    #expect(checked == range, "the checked modules are not one run of modules")
    #expect(
      CheckCommand.noGradientNote.hasSuffix("\(first.code) to \(last.code)."),
      "\(CheckCommand.noGradientNote) — the lab checks \(checked.map(\.code))")
  }
}
