import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `gradkit-lab` program, which links the learner's code and the reference.
enum Lab {
  /// Builds `gradkit-lab` in `configuration` (`debug` or `release`) and returns where it is.
  ///
  /// - Throws: ``GraderError/buildFailed(_:)`` with the compiler's errors when it does not build.
  static func build(_ workspace: Workspace, configuration: String = "debug") throws(GraderError)
    -> URL
  {
    let build = try Shell.run(
      [
        "swift", "build", "-c", configuration, "--product", "gradkit-lab", "--scratch-path",
        workspace.buildFolder.path,
      ],
      in: workspace.root)
    guard build.status == 0 else {
      let errors = build.output.split(separator: "\n").filter { $0.contains(": error: ") }
      throw .buildFailed(errors.isEmpty ? build.output : errors.joined(separator: "\n"))
    }
    return workspace.buildFolder.appendingPathComponent("\(configuration)/gradkit-lab")
  }

  /// How a streamed run ended.
  enum Ending {
    case finished(Int32)
    case crashed(CrashReport)
    case timedOut
  }

  /// Runs the lab with its output going straight to this terminal; its errors are kept to explain a crash.
  static func stream(_ lab: URL, _ arguments: [String], timeLimit: Double, context: Context)
    -> Ending
  {
    let errors = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-lab-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errors) }
    let process = Process()
    process.executableURL = lab
    process.arguments = arguments
    process.standardError = FileHandle(forWritingAtPath: errors.path)
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    do {
      try process.run()
    } catch {
      return .crashed(
        CrashReport(standardError: "Fatal error: cannot start \(lab.path)", sourceFolders: []))
    }
    ChildProcesses.track(process)
    defer { ChildProcesses.untrack(process) }
    let deadline = Date().addingTimeInterval(timeLimit)
    while process.isRunning {
      if Date() > deadline {
        ChildProcesses.stop(process)
        return .timedOut
      }
      usleep(20_000)
    }
    let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    if process.terminationReason == .uncaughtSignal {
      return .crashed(CrashReport(standardError: text, sourceFolders: ["exercises"]))
    }
    if !text.isEmpty { context.writeNote(text) }
    return .finished(process.terminationStatus)
  }
}
