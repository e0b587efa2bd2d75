import Foundation
import Testing

@testable import Grader

@Suite("The class edition's GitHub workflow")
struct ClassroomWorkflowTests {
  @Test("it caches the build folder only: a kit restored into a fresh checkout is never used")
  func cachesOnlyTheBuild() throws {
    let lines = ClassroomWorkflow.text.split(separator: "\n").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let cache = try #require(lines.firstIndex(of: "uses: actions/cache@v5"))
    #expect(lines[cache...].contains("path: .build"))
    #expect(!ClassroomWorkflow.text.contains(".gradkit"))
  }
}
