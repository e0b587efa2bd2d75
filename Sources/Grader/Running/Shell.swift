import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs the kit's own tools (`swift`, the graded tests, the lab) and collects what they print.
///
/// These are trusted programs; learner programs run through `LessonWire`'s links instead.
enum Shell {
  /// What a program printed and how it ended.
  struct Result {
    var status: Int32
    /// Standard output, or standard output and error together for ``run(_:in:environment:onLine:)``.
    var output: String
    var errors: String = ""
    /// Whether a signal ended the program (a crash, or the time limit).
    var crashed = false
    var timedOut = false
  }

  /// Runs `arguments` (the first is looked up on the `PATH`) in `folder`, capturing standard
  /// output and error together; `onLine` sees each line as it comes.
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` when the program cannot be started.
  static func run(
    _ arguments: [String], in folder: URL, environment: [String: String] = [:],
    onLine: (@Sendable (String) -> Void)? = nil
  ) throws(GraderError) -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw .cannotRun("cannot run '\(arguments.joined(separator: " "))': \(error)")
    }
    ChildProcesses.track(process)
    defer { ChildProcesses.untrack(process) }
    var data = Data()
    var pending = Data()
    let reading = pipe.fileHandleForReading
    while true {
      let chunk = reading.availableData
      if chunk.isEmpty { break }
      data.append(chunk)
      guard let onLine else { continue }
      pending.append(chunk)
      while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
        onLine(String(decoding: pending[pending.startIndex..<end], as: UTF8.self))
        pending.removeSubrange(pending.startIndex...end)
      }
    }
    process.waitUntilExit()
    if process.terminationStatus == 127 {
      throw .cannotRun(
        "cannot run '\(arguments[0])': it is not on the PATH. Install it, or add its folder to PATH."
      )
    }
    return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }

  /// Runs `executable` with `arguments`, stopping it (and its process group) after
  /// `timeLimit` seconds; standard output and error are kept apart.
  static func run(
    _ executable: URL, _ arguments: [String], environment: [String: String] = [:],
    in folder: URL? = nil, timeLimit: Double
  ) -> Result {
    let scratch = FileManager.default.temporaryDirectory
    let output = scratch.appendingPathComponent("gradkit-\(UUID().uuidString).out")
    let errors = scratch.appendingPathComponent("gradkit-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: output)
      try? FileManager.default.removeItem(at: errors)
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle(forWritingAtPath: output.path)
    process.standardError = FileHandle(forWritingAtPath: errors.path)
    var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    variables["SWIFT_BACKTRACE"] = variables["SWIFT_BACKTRACE"] ?? "enable=no"
    process.environment = variables
    guard (try? process.run()) != nil else {
      return Result(
        status: -1, output: "", errors: "cannot start \(executable.path)", crashed: true)
    }
    ChildProcesses.track(process)
    defer { ChildProcesses.untrack(process) }
    let deadline = Date().addingTimeInterval(timeLimit)
    var timedOut = false
    while process.isRunning {
      if Date() > deadline {
        ChildProcesses.stop(process)
        timedOut = true
        break
      }
      usleep(2_000)
    }
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      output: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
      errors: (try? String(contentsOf: errors, encoding: .utf8)) ?? "",
      crashed: process.terminationReason == .uncaughtSignal, timedOut: timedOut)
  }
}
