import Foundation

/// What the grader remembers between runs, in `.gradkit/state.json` (ignored by git).
public struct Progress: Codable, Sendable, Equatable {
  /// The fingerprint of the sources the stored results were graded from.
  public var fingerprint: String = ""
  /// The seed of the stored results.
  public var seed: UInt64 = 0
  /// The last results of the learner's exercises, by module name.
  public var results: [String: ModuleResult] = [:]
  /// How many hints of each module the learner has seen.
  public var hintsSeen: [String: Int] = [:]

  public init() {}
}

/// Reads and writes ``Progress`` for one workspace.
public struct ProgressStore: Sendable {
  public var file: URL

  public init(workspace: Workspace) {
    file = workspace.stateFolder.appendingPathComponent("state.json")
  }

  /// The stored progress, or a fresh one when there is none or it cannot be read.
  public func load() -> Progress {
    guard let data = try? Data(contentsOf: file),
      let progress = try? JSONDecoder().decode(Progress.self, from: data)
    else { return Progress() }
    return progress
  }

  /// Stores `progress`.
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` when the state folder cannot be written.
  public func save(_ progress: Progress) throws(GraderError) {
    do {
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(progress).write(to: file, options: .atomic)
    } catch {
      throw .cannotRun("cannot save progress to \(file.path): \(error.localizedDescription)")
    }
  }
}
