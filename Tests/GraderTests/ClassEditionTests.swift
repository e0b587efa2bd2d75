import Foundation
import Testing

@testable import Grader

@Suite("Class edition")
struct ClassEditionTests {
  /// A scratch folder with the checkout's files an edition rewrites.
  static func rewritable() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-edition-\(UUID().uuidString)")
    for path in [
      "Package.swift", "Sources/References/References.swift",
      "Sources/Grader/Curriculum/Edition.swift",
    ] {
      let target = folder.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        at: TestKit.checkout.appendingPathComponent(path), to: target)
    }
    return folder
  }

  @Test("the edition's Edition.swift names the withheld modules and the recorded seed")
  func editionFile() throws {
    let folder = try Self.rewritable()
    defer { try? FileManager.default.removeItem(at: folder) }
    let released = Array(Course.modules.prefix(1))
    let withheld = Array(Course.modules.dropFirst())
    try ClassEdition.rewrite(folder, released: released, withheld: withheld)
    let text = try String(
      contentsOf: folder.appendingPathComponent("Sources/Grader/Curriculum/Edition.swift"),
      encoding: .utf8)
    let list = withheld.map { "\"\($0.folder)\"" }.joined(separator: ", ")
    #expect(text.contains("public static let withheld: Set<String> = [\(list)]\n"))
    #expect(
      text.contains("public static let recordedSeed: UInt64 = \(ClassEdition.recordedSeed)\n"))
    #expect(text.contains("public static func withholds(_ module: CourseModule) -> Bool {"))
    #expect(text.contains("public static var isClassEdition: Bool {"))
  }

  @Test("an Edition.swift without the declarations an edition sets is an error")
  func changedEditionFile() throws {
    let folder = try Self.rewritable()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "public enum Edition {}\n".write(
      to: folder.appendingPathComponent("Sources/Grader/Curriculum/Edition.swift"),
      atomically: true, encoding: .utf8)
    #expect(throws: GraderError.self) {
      try ClassEdition.rewrite(folder, released: [], withheld: Course.modules)
    }
  }
}
