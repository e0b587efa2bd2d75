import Foundation
import Testing

@testable import Grader

@Suite("The kit's fingerprint")
struct FingerprintTests {
  /// A file in each folder the kit's build compiles, and one exercise.
  static let files = [
    "Package.swift", "Sources/GradKit/Matrix.swift", "Sources/LessonWire/WireValue.swift",
    "Sources/References/References.swift", "Sources/Grader/Running/Workspace.swift",
    "Sources/Lab/main.swift", "Tests/GradedTests/Support/Graded.swift",
    "solutions/01-Perceptron/Perceptron.swift", "exercises/01-Perceptron/Perceptron.swift",
  ]

  /// A scratch checkout holding one short file at each of ``files``.
  static func scratchCheckout() throws -> Workspace {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-fingerprint-\(UUID().uuidString)")
    for file in files {
      let url = root.appendingPathComponent(file)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try "// 1".write(to: url, atomically: true, encoding: .utf8)
    }
    return Workspace(root: root)
  }

  @Test(
    "a change to any source the kit's build compiles changes the kit's fingerprint",
    arguments: files.filter { !$0.hasPrefix("exercises/") })
  func kitSourceChanged(file: String) throws {
    let workspace = try Self.scratchCheckout()
    defer { try? FileManager.default.removeItem(at: workspace.root) }
    let before = Fingerprint.ofMetadata(sourcesOf: workspace)
    // A new size, so the change shows whatever the file system's clock resolution.
    try "// changed".write(
      to: workspace.root.appendingPathComponent(file), atomically: true, encoding: .utf8)
    #expect(
      Fingerprint.ofMetadata(sourcesOf: workspace) != before,
      "\(file) changed, yet the kit would not be built again")
  }

  @Test("a change to an exercise leaves the kit's fingerprint alone")
  func exerciseChanged() throws {
    let workspace = try Self.scratchCheckout()
    defer { try? FileManager.default.removeItem(at: workspace.root) }
    let before = Fingerprint.ofMetadata(sourcesOf: workspace)
    try "// changed".write(
      to: workspace.exerciseFolder(of: .perceptron).appendingPathComponent("Perceptron.swift"),
      atomically: true, encoding: .utf8)
    #expect(Fingerprint.ofMetadata(sourcesOf: workspace) == before)
  }
}
