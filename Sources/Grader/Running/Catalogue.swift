import Foundation

/// One graded test, as the suites declare it.
public struct CatalogueEntry: Codable, Sendable, Equatable {
  /// Swift Testing's identifier without the source location: `GradedTests.SoftmaxTests/rowWise()`.
  public var id: String
  /// The test's display name, the requirement the learner reads.
  public var name: String
  /// Its line in the suite's file, for source order.
  public var line: Int

  public init(id: String, name: String, line: Int) {
    self.id = id
    self.name = name
    self.line = line
  }
}

/// Every graded test of every module, known without running any: the total possible
/// score never depends on whether the learner's code compiles.
///
/// Read from a run of the graded tests in which every graded suite is disabled
/// (`GRADKIT_LIST_TESTS`): Swift Testing still lists each test, with its display name,
/// before it skips it.
public struct Catalogue: Codable, Sendable, Equatable {
  /// The tests of each module, by module name, in source order.
  public var tests: [String: [CatalogueEntry]]

  public init(tests: [String: [CatalogueEntry]]) {
    self.tests = tests
  }

  /// `module`'s tests.
  public func entries(of module: CourseModule) -> [CatalogueEntry] {
    tests[module.name] ?? []
  }

  /// Lists the graded tests with `launcher`, writing scratch files in `scratch`.
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` when the listing lists no test.
  static func list(with launcher: TestLauncher, scratch: URL) throws(GraderError) -> Catalogue {
    let events = scratch.appendingPathComponent("catalogue.jsonl")
    _ = FileManager.default.createFile(atPath: events.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: events) }
    let result = Shell.run(
      launcher.executable,
      launcher.arguments(filters: ["^GradedTests\\."], eventsPath: events.path),
      environment: ["GRADKIT_LIST_TESTS": "1"], in: launcher.directory, timeLimit: 120)
    let text = (try? String(contentsOf: events, encoding: .utf8)) ?? ""
    var tests: [String: [CatalogueEntry]] = [:]
    for line in text.split(separator: "\n") {
      guard case .planned(let id, let name, let number) = TestEvent(line: line),
        let module = Course.module(ofTest: id)
      else { continue }
      tests[module.name, default: []].append(CatalogueEntry(id: id, name: name, line: number))
    }
    guard !tests.isEmpty else {
      throw .cannotRun(
        "the graded tests could not be listed: \(result.errors.suffix(2000))")
    }
    for module in tests.keys { tests[module]?.sort { $0.line < $1.line } }
    return Catalogue(tests: tests)
  }
}
