import Foundation

/// How the graded tests reach a reference that is not compiled into them: recorded from the
/// reference's programs by the full kit (`gradkit export --class`), or played back from
/// those recordings by a class edition, which ships no solutions.
public struct ReferencePlan: Codable, Equatable, Sendable {
  /// The folder of the tapes, one a module (`03-Softmax.tape`).
  public var folder: String
  /// When recording, the reference's programs by module folder; `nil` to play the tapes.
  public var servers: [String: LearnerPlan.Server]?

  public init(folder: String, servers: [String: LearnerPlan.Server]?) {
    self.folder = folder
    self.servers = servers
  }

  /// The environment variable that holds the plan file's path.
  public static let environmentKey = "GRADKIT_REFERENCE_TAPES"

  /// The plan this process was started with, if any; one that is named but cannot be read
  /// stops the process.
  public static let current: ReferencePlan? = {
    guard let path = ProcessInfo.processInfo.environment[environmentKey] else { return nil }
    guard let data = FileManager.default.contents(atPath: path),
      let plan = try? JSONDecoder().decode(ReferencePlan.self, from: data)
    else { fatalError("cannot read the reference plan \(path) that \(environmentKey) names") }
    return plan
  }()
}

/// The reference as recorded: each module's program while a tape records it, or its tape.
public enum RecordedReference: LinkSide {
  /// Where a class edition keeps its tapes, when no ``ReferencePlan`` names a folder.
  nonisolated(unsafe) public static var defaultFolder: URL?

  private static let links = Locked([String: LearnerLink]())

  public static func link(for module: String) -> LearnerLink {
    links.withValue { links in
      if let link = links[module] { return link }
      let plan = ReferencePlan.current
      guard let folder = plan.map({ URL(fileURLWithPath: $0.folder) }) ?? defaultFolder else {
        fatalError(
          "no recorded reference: neither \(ReferencePlan.environmentKey) nor a default folder")
      }
      let tape = ReferenceTape.file(of: module, in: folder)
      let source: LearnerLink.Source
      if let server = plan?.servers?[module] {
        source = .program(server, tape: tape)
      } else {
        source = .tape(tape)
      }
      let link = LearnerLink(source: source, timeLimit: 600)
      links[module] = link
      return link
    }
  }
}
