import Foundation

/// What the grader remembers of one module.
public struct ModuleRecord: Codable, Sendable, Equatable {
  /// The hash of the module's files and the kit the result was graded from.
  public var fingerprint: String
  /// The latest result: its tests, or why they could not run.
  public var result: ModuleResult
  /// The latest result whose tests ran: kept while the module does not compile.
  public var lastGraded: ModuleResult?
  /// The seed of the latest result.
  public var seed: UInt64

  public init(fingerprint: String, result: ModuleResult, lastGraded: ModuleResult?, seed: UInt64) {
    self.fingerprint = fingerprint
    self.result = result
    self.lastGraded = lastGraded
    self.seed = seed
  }
}

/// What the grader remembers between runs, in `.gradkit/state.json` (ignored by git).
public struct Progress: Codable, Sendable, Equatable {
  /// Each module's record, by module name.
  public var modules: [String: ModuleRecord] = [:]
  /// How many hints of each module the learner has seen.
  public var hintsSeen: [String: Int] = [:]

  public init() {}

  /// Stores `result` for its module, keeping the last result that ran when this one did not.
  public mutating func record(_ result: ModuleResult, fingerprint: String, seed: UInt64) {
    let earlier = modules[result.module]
    let ran = result.problem == nil ? result : earlier?.lastGraded
    modules[result.module] = ModuleRecord(
      fingerprint: fingerprint, result: result, lastGraded: ran, seed: seed)
  }

  enum CodingKeys: String, CodingKey {
    case modules, hintsSeen
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    // A state file from an earlier version has no module records: its hints still count.
    modules = try container.decodeIfPresent([String: ModuleRecord].self, forKey: .modules) ?? [:]
    hintsSeen = try container.decodeIfPresent([String: Int].self, forKey: .hintsSeen) ?? [:]
  }
}

/// Reads and writes ``Progress`` for one workspace.
public struct ProgressStore: Sendable {
  public var file: URL

  public init(workspace: Workspace) {
    file = workspace.stateFolder.appendingPathComponent("state.json")
  }

  /// The stored progress, or a fresh one when there is none.
  ///
  /// A file that cannot be read is not lost: it is kept beside the new one
  /// (`state.json.unreadable-DATE`) and `warn` says so.
  public func load(warn: (String) -> Void = { _ in }) -> Progress {
    guard let data = try? Data(contentsOf: file) else { return Progress() }
    if let progress = try? JSONDecoder().decode(Progress.self, from: data) { return progress }
    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
    let backup = file.deletingLastPathComponent()
      .appendingPathComponent("state.json.unreadable-\(stamp)")
    if (try? FileManager.default.moveItem(at: file, to: backup)) != nil {
      warn(
        "warning: \(file.path) could not be read; it is kept as \(backup.lastPathComponent)"
          + " and a fresh progress file is started (your exercises are not affected).")
    } else {
      warn("warning: \(file.path) could not be read; progress starts afresh.")
    }
    return Progress()
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
