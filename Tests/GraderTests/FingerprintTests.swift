import Foundation
import Testing

@testable import Grader

@Suite("The kit's fingerprint")
struct FingerprintTests {
  /// The checkout these tests were built from.
  static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The kit's targets: every folder of the checkout's `Sources` but the `gradkit` tool's.
  static let kitTargets =
    ((try? FileManager.default.contentsOfDirectory(
      atPath: checkout.appendingPathComponent("Sources").path)) ?? [])
    .filter { $0 != "gradkit" && !$0.hasPrefix(".") }.sorted()

  /// A file in each folder the kit's build compiles, and one exercise.
  static let files =
    ["Package.swift"] + kitTargets.map { "Sources/\($0)/File.swift" } + [
      "Tests/GradedTests/Support/Graded.swift", "solutions/01-Perceptron/Perceptron.swift",
      "exercises/01-Perceptron/Perceptron.swift",
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

  @Test("the kit's targets are this checkout's, the pictures and the reference among them")
  func everyTarget() {
    #expect(Set(["GradKit", "Plotting", "References"]).isSubset(of: Self.kitTargets))
  }

  @Test(
    "a change to the gradkit tool or an exercise leaves the kit's fingerprint alone",
    arguments: ["Sources/gradkit/main.swift", "exercises/01-Perceptron/Perceptron.swift"])
  func outsideTheKit(file: String) throws {
    let workspace = try Self.scratchCheckout()
    defer { try? FileManager.default.removeItem(at: workspace.root) }
    let tool = workspace.root.appendingPathComponent("Sources/gradkit/main.swift")
    try FileManager.default.createDirectory(
      at: tool.deletingLastPathComponent(), withIntermediateDirectories: true)
    try "// 1".write(to: tool, atomically: true, encoding: .utf8)
    let before = Fingerprint.ofMetadata(sourcesOf: workspace)
    try "// changed".write(
      to: workspace.root.appendingPathComponent(file), atomically: true, encoding: .utf8)
    #expect(Fingerprint.ofMetadata(sourcesOf: workspace) == before)
  }

  @Test("a save that keeps the size but moves the modification time changes the kit's fingerprint")
  func sameSizeSave() throws {
    let workspace = try Self.scratchCheckout()
    defer { try? FileManager.default.removeItem(at: workspace.root) }
    let file = workspace.root.appendingPathComponent("solutions/01-Perceptron/Perceptron.swift")
    let before = Fingerprint.ofMetadata(sourcesOf: workspace)
    try "// 2".write(to: file, atomically: true, encoding: .utf8)
    // Set apart by a whole second, so the change shows whatever the file system's resolution.
    let later = Date(timeIntervalSinceNow: 10)
    try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: file.path)
    let saved = Fingerprint.ofMetadata(sourcesOf: workspace)
    #expect(saved != before)
    // Two saves within one second: the nanoseconds tell them apart.
    try FileManager.default.setAttributes(
      [.modificationDate: later.addingTimeInterval(0.5)], ofItemAtPath: file.path)
    #expect(Fingerprint.ofMetadata(sourcesOf: workspace) != saved)
  }

  @Test("a module's fingerprint follows its files' bytes, not their times")
  func moduleBytes() throws {
    let workspace = try Self.scratchCheckout()
    defer { try? FileManager.default.removeItem(at: workspace.root) }
    let folder = workspace.root.appendingPathComponent("exercises/01-Perceptron")
    let file = folder.appendingPathComponent("Perceptron.swift")
    let before = Fingerprint.of([folder])
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: 10)], ofItemAtPath: file.path)
    #expect(Fingerprint.of([folder]) == before, "touched, not changed")
    try "// 2".write(to: file, atomically: true, encoding: .utf8)
    #expect(Fingerprint.of([folder]) != before, "one byte changed, the size the same")
  }

  @Test(
    "the hash is 64-bit FNV-1a of the bytes",
    arguments: [
      ("", "cbf29ce484222325"), ("a", "af63dc4c8601ec8c"), ("foobar", "85944171f73967e8"),
    ])
  func fnvVectors(text: String, expected: String) {
    var hash = FNV()
    hash.mix(text)
    #expect(hash.text == expected)
    var fromData = FNV()
    fromData.mix(Data(text.utf8))
    #expect(fromData.text == expected)
  }

  @Test("a number is mixed as its eight bytes, least significant first")
  func fnvNumber() {
    var number = FNV()
    number.mix(Int64(0x0102))
    var bytes = FNV()
    bytes.mix(Data([0x02, 0x01, 0, 0, 0, 0, 0, 0]))
    #expect(number.text == bytes.text)
  }
}
