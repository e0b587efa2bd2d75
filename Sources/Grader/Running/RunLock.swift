import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One grading run at a time in a checkout: runs share the kit's build and the learner
/// programs' folders, so a second run waits for the first instead of replacing a program
/// the first is using.
///
/// An advisory lock (`flock`) on `.gradkit/lock`; the system releases it when the process
/// ends, however it ends.
public final class RunLock: Sendable {
  private let descriptor: Int32

  /// Takes the lock of `workspace`, waiting (and saying so) while another run holds it.
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` when the state folder cannot be written.
  public init(_ workspace: Workspace, note: (String) -> Void) throws(GraderError) {
    let file = workspace.stateFolder.appendingPathComponent("lock")
    do {
      try FileManager.default.createDirectory(
        at: workspace.stateFolder, withIntermediateDirectories: true)
    } catch {
      throw .cannotRun(
        "cannot write \(workspace.stateFolder.path): \(error.localizedDescription). gradkit keeps"
          + " its builds and progress there; run it as a user who can write the checkout.")
    }
    descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw .cannotRun("cannot open \(file.path): \(String(cString: strerror(errno)))")
    }
    if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      note("Waiting for another gradkit run in this checkout to finish…")
      while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
