import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a command to the end and returns what it printed.
enum Shell {
  struct Result {
    var status: Int32
    var output: String
  }

  /// Runs `arguments` (the first is looked up on the `PATH`) in `folder`, capturing standard output and error together.
  static func run(
    _ arguments: [String], in folder: URL, environment: [String: String] = [:]
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
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 127 {
      throw .cannotRun(
        "cannot run '\(arguments[0])': it is not on the PATH. Install it, or add its folder to PATH."
      )
    }
    return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }
}

extension Shell {
  /// What a program run under a time limit left behind.
  struct LimitedResult {
    var output: String
    var errors: String
    /// Whether a signal ended the program (a crash, or the time limit).
    var crashed: Bool
    var timedOut: Bool
  }

  /// Runs `executable` with `arguments`, stopping it after `timeLimit` seconds.
  static func run(
    _ executable: URL, _ arguments: [String], timeLimit: Double, scratch: URL
  ) -> LimitedResult {
    let output = scratch.appendingPathComponent("\(UUID().uuidString).out")
    let errors = scratch.appendingPathComponent("\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: output)
      try? FileManager.default.removeItem(at: errors)
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle(forWritingAtPath: output.path)
    process.standardError = FileHandle(forWritingAtPath: errors.path)
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    guard (try? process.run()) != nil else {
      return LimitedResult(
        output: "", errors: "cannot start \(executable.path)", crashed: true, timedOut: false)
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
      usleep(5_000)
    }
    process.waitUntilExit()
    return LimitedResult(
      output: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
      errors: (try? String(contentsOf: errors, encoding: .utf8)) ?? "",
      crashed: process.terminationReason == .uncaughtSignal, timedOut: timedOut)
  }
}
