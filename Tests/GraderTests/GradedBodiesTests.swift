import Foundation
import Testing

/// Every graded test runs its body through `Graded.run`, so that a failed call into the
/// learner's program ends that test alone and the test process goes on with the next one
/// (CONTRIBUTING.md). A test written without it still gets its verdict, but each of its
/// failures costs a new test process.
@Suite("Graded test bodies")
struct GradedBodiesTests {
  /// The graded tests of the module folders, as `(file, test)`: the source from `@Test(` to
  /// the end of the function. Planted-bug tables grade planted bugs in this process, not a
  /// learner, and are left out.
  static func gradedTests() -> [(file: String, source: String)] {
    let graded = ContractTablesTests.testsFolder.appendingPathComponent("GradedTests")
    let files =
      FileManager.default.enumerator(at: graded, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }
      .filter {
        $0.pathExtension == "swift" && !$0.lastPathComponent.contains("PlantedBugs")
          && $0.deletingLastPathComponent().lastPathComponent.first?.isNumber == true
      } ?? []
    return files.flatMap { file in
      let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
      return text.components(separatedBy: "  @Test(").dropFirst().map { test in
        (file.lastPathComponent, test.components(separatedBy: "\n  }\n")[0])
      }
    }
  }

  @Test("every graded test is async and runs its body through Graded.run")
  func bodiesRunThroughGradedRun() {
    let tests = Self.gradedTests()
    #expect(tests.count >= 100, "found only \(tests.count) graded tests")
    for (file, source) in tests
    where !source.contains("() async {") || !source.contains("await Graded.run {") {
      Issue.record("\(file): a graded test without `await Graded.run { … }`:\n\(source)")
    }
  }
}
