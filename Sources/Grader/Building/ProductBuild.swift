import Foundation

/// One `swift build` of a product of the kit, in the workspace's build folder, with its
/// progress reported as it goes.
struct ProductBuild {
  /// The product to build: `GradKitPackageTests` or `gradkit-lab`.
  let product: String
  /// `debug` or `release`.
  let configuration: String
  /// What the progress notes call it: "the kit".
  let subject: String
  /// How long a first build takes, as the first note says: "a minute or two".
  let firstTime: String

  /// Builds the product.
  ///
  /// - Throws: ``GraderError/kitBroken(_:)`` with the compiler's errors when it does not
  ///   build: the kit's products hold only the kit's code, never the learner's.
  func run(
    in workspace: Workspace, progress: @escaping @Sendable (String) -> Void
  ) throws(GraderError) {
    let start = Date()
    let meter = BuildMeter(subject: subject, firstTime: firstTime, report: progress)
    let result = try Shell.run(
      [
        "swift", "build", "-c", configuration, "--product", product, "--scratch-path",
        workspace.buildFolder.path,
      ],
      in: workspace.root, onLine: { meter.take($0) })
    guard result.status == 0 else {
      let errors = result.output.split(separator: "\n").filter { $0.contains(": error: ") }
      throw .kitBroken(
        errors.isEmpty ? String(result.output.suffix(4000)) : errors.joined(separator: "\n"))
    }
    meter.finish(seconds: Date().timeIntervalSince(start))
  }
}

/// Turns SwiftPM's `[37/217] Compiling …` lines into a few progress notes.
final class BuildMeter: @unchecked Sendable {
  private let report: @Sendable (String) -> Void
  private let subject: String
  private let firstTime: String
  private var lastShown = -1
  private var started = false
  private let lock = NSLock()

  /// A meter for building `subject` ("the kit"), whose first build takes `firstTime`.
  init(subject: String, firstTime: String, report: @escaping @Sendable (String) -> Void) {
    self.subject = subject
    self.firstTime = firstTime
    self.report = report
  }

  /// Takes one line of SwiftPM's output.
  func take(_ line: String) {
    guard line.hasPrefix("["), let slash = line.firstIndex(of: "/"),
      let close = line.firstIndex(of: "]"), slash < close,
      let done = Int(line[line.index(after: line.startIndex)..<slash]),
      let total = Int(line[line.index(after: slash)..<close]), total > 0
    else { return }
    let percent = done * 100 / total
    // A build with nothing to compile (SwiftPM's own bookkeeping) says nothing.
    let working =
      line.contains("Compiling") || line.contains("Linking") || line.contains("Emitting")
    lock.withLock {
      if !started, !working { return }
      if !started {
        started = true
        report("Building \(subject) (\(total) steps; the first build takes \(firstTime))…")
      }
      // A note every tenth of the way, so a long first build never looks stuck.
      if percent / 10 > lastShown / 10 || lastShown < 0 {
        lastShown = percent
        report(
          "  \(percent)% (\(done)/\(total)) \(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))"
        )
      }
    }
  }

  /// Says how long the build took, if it built anything.
  func finish(seconds: Double) {
    lock.withLock {
      if started {
        report("Built \(subject) in \(Int(seconds.rounded())) s; later runs reuse it.")
      }
    }
  }
}
