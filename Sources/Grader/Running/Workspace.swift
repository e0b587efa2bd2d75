import Foundation

/// Where things are in a GradKit checkout.
public struct Workspace: Sendable {
  /// The package root, the folder with `Package.swift`.
  public var root: URL
  /// The exercises being graded: the checkout's own, or a learner's copy.
  public var exercises: URL

  public init(root: URL, exercises: URL? = nil) {
    self.root = root
    self.exercises = exercises ?? root.appendingPathComponent("exercises")
  }

  /// The reference solutions.
  public var solutions: URL { root.appendingPathComponent("solutions") }
  /// SwiftPM's build folder.
  public var buildFolder: URL { root.appendingPathComponent(".build") }
  /// The grader's own files: progress, hints seen, builds, scratch space (ignored by git).
  public var stateFolder: URL { root.appendingPathComponent(".gradkit") }
  /// What learner programs are compiled against: the engine's and the pipe's modules and library.
  public var kitFolder: URL { stateFolder.appendingPathComponent("kit") }
  /// The learner programs, a folder for each kind of code graded.
  public var learnersFolder: URL { stateFolder.appendingPathComponent("learners") }

  /// Everything the kit's build (`swift build --product GradKitPackageTests`) compiles: the
  /// manifest, every target in `Sources` but the `gradkit` tool (the engine and the pipe, the
  /// learner programs' library; the reference's plumbing and its recordings; and, through
  /// the full kit's own tests, the grader, the lab and its pictures), the solutions, and
  /// every test target. Not the exercises. A change to any of them means the kit must be
  /// built again.
  var kitSources: [URL] {
    let sources = root.appendingPathComponent("Sources")
    let targets = ((try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? [])
      .filter { $0 != "gradkit" && !$0.hasPrefix(".") }.sorted()
      .map { sources.appendingPathComponent($0) }
    return [root.appendingPathComponent("Package.swift")] + targets
      + ["Tests", "solutions"].map { root.appendingPathComponent($0) }
  }

  /// The checkout that holds `folder` or one of its parents.
  ///
  /// - Throws: ``GraderError/notInCheckout(_:)`` when no parent holds GradKit's `Package.swift`.
  public static func locate(from folder: URL) throws(GraderError) -> Workspace {
    var candidate = folder.standardizedFileURL
    while true {
      let manifest = candidate.appendingPathComponent("Package.swift")
      if let text = try? String(contentsOf: manifest, encoding: .utf8),
        text.contains("name: \"GradKit\"")
      {
        return Workspace(root: candidate)
      }
      let parent = candidate.deletingLastPathComponent()
      if parent.path == candidate.path { throw .notInCheckout(folder.path) }
      candidate = parent
    }
  }

  /// The exercise folder of `module`.
  public func exerciseFolder(of module: CourseModule) -> URL {
    exercises.appendingPathComponent(module.folder)
  }

  /// The solution folder of `module`.
  public func solutionFolder(of module: CourseModule) -> URL {
    solutions.appendingPathComponent(module.folder)
  }
}
