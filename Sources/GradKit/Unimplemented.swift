import Foundation

/// The marker the grader looks for to tell an untouched stub from a crash.
public let unimplementedMarker = "not implemented yet:"

/// Stops the program because an exercise still has its stub body.
///
/// Every stub in `exercises/` calls this until the learner replaces it. It prints the
/// marker, the function and the stub's file and line, then ends the program, so the grader
/// reports the test as "not started" (with the place to write) instead of "crashed".
public func unimplemented(
  _ function: StaticString = #function,
  file: StaticString = #filePath,
  line: UInt = #line
) -> Never {
  FileHandle.standardError.write(
    Data("\(unimplementedMarker) \(function) — write it in \(file):\(line)\n".utf8))
  exit(unimplementedExitStatus)
}

/// The exit status of a program that reached a stub.
let unimplementedExitStatus: Int32 = 64
