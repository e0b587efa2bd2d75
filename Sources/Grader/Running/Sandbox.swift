import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a submission's code is compiled and run when an instructor grades a class: a
/// view of the machine with only the toolchain and the files the step needs, no network,
/// no other process, limits on memory, CPU time, processes and file size.
///
/// On Linux it is bubblewrap (Debian and Ubuntu's `bubblewrap` package): new user, PID,
/// network, IPC and mount namespaces, the system read-only, `/tmp` a small private tmpfs,
/// and nothing of the checkout but the folders named for the step (never `solutions/`,
/// `Tests/` or `.build/`). Run as root (as on Gradescope), the step first drops to the
/// unprivileged user 65534 with `setpriv`. Limits come from `prlimit`. Killing the sandbox
/// kills everything in its PID namespace. On macOS it is `sandbox-exec` with a profile that
/// denies the network, writes outside the step's folders and reads of the checkout.
public struct Sandbox: Sendable, Equatable {
  /// What the step is, which sets its limits.
  public enum Purpose: Sendable {
    case compile
    case run
  }

  enum Kind: Equatable {
    /// The learner's own machine and code: no sandbox.
    case none
    case bubblewrap(bwrap: String, setpriv: String?, prlimit: String)
    case seatbelt(sandboxExec: String, checkout: String)
  }

  let kind: Kind

  /// No sandbox: the learner grading their own work.
  public static let none = Sandbox(kind: .none)

  /// The sandbox for grading someone else's code.
  ///
  /// - Throws: ``GraderError/cannotRun(_:)`` naming what to install when the platform's
  ///   sandbox is missing.
  public static func forSubmissions(checkout: URL) throws(GraderError) -> Sandbox {
    #if os(Linux)
      guard let bwrap = Executable.find("bwrap"), let prlimit = Executable.find("prlimit") else {
        throw .cannotRun(
          "grading submissions needs bubblewrap and prlimit to keep them from the rest of"
            + " the machine: 'sudo apt-get install bubblewrap util-linux'. To grade code you"
            + " trust without them, add --no-sandbox.")
      }
      let setpriv = getuid() == 0 ? Executable.find("setpriv") : nil
      if getuid() == 0, setpriv == nil {
        throw .cannotRun(
          "grading submissions as root needs setpriv (util-linux) to drop privileges.")
      }
      return Sandbox(kind: .bubblewrap(bwrap: bwrap, setpriv: setpriv, prlimit: prlimit))
    #else
      guard let sandboxExec = Executable.find("sandbox-exec") else {
        throw .cannotRun(
          "grading submissions needs /usr/bin/sandbox-exec; to grade code you trust, add"
            + " --no-sandbox.")
      }
      return Sandbox(kind: .seatbelt(sandboxExec: sandboxExec, checkout: checkout.path))
    #endif
  }

  /// The user a sandboxed step runs as when gradkit runs as root.
  static let unprivilegedUser = 65534

  /// Whether steps run as another user, whose folders must be handed over first.
  var dropsPrivileges: Bool {
    if case .bubblewrap(_, let setpriv, _) = kind { return setpriv != nil }
    return false
  }

  /// The command line that runs `arguments` (a program on the `PATH` or a path) in the
  /// sandbox, able to read `reading` and to write `writing`.
  func command(
    _ arguments: [String], reading: [URL], writing: [URL], purpose: Purpose
  ) -> [String] {
    let program =
      arguments[0].contains("/") ? arguments[0] : Executable.find(arguments[0]) ?? arguments[0]
    let inner = [program] + arguments.dropFirst()
    switch kind {
    case .none:
      return inner
    case .bubblewrap(let bwrap, let setpriv, let prlimit):
      var line: [String] = []
      if let setpriv {
        line += [
          setpriv, "--reuid=\(Self.unprivilegedUser)", "--regid=\(Self.unprivilegedUser)",
          "--clear-groups", "--",
        ]
        for folder in writing {
          _ = chown(folder.path, uid_t(Self.unprivilegedUser), gid_t(Self.unprivilegedUser))
        }
      }
      line += [bwrap, "--unshare-all", "--die-with-parent", "--new-session"]
      for system in [
        "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc/ld.so.cache",
        "/etc/localtime", "/etc/alternatives", "/etc/passwd", "/etc/group",
      ] {
        line += ["--ro-bind-try", system, system]
      }
      if let toolchain = Executable.toolchainRoot, !toolchain.hasPrefix("/usr/") {
        line += ["--ro-bind", toolchain, toolchain]
      }
      line += [
        "--proc", "/proc", "--dev", "/dev", "--size", "\(Self.temporarySpace(purpose))",
        "--tmpfs", "/tmp",
      ]
      for folder in Set(reading.map(\.path)).sorted() { line += ["--ro-bind", folder, folder] }
      for folder in writing { line += ["--bind", folder.path, folder.path] }
      line += [
        "--ro-bind", program, program, "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp",
      ]
      line += ["--chdir", writing.first?.path ?? "/tmp", "--", prlimit] + Self.limits(purpose)
      return line + ["--"] + inner
    case .seatbelt(let sandboxExec, let checkout):
      return [
        sandboxExec, "-p", Self.profile(checkout: checkout, reading: reading, writing: writing),
      ]
        + inner
    }
  }

  /// Bytes of `/tmp`: the compiler writes its temporary objects there.
  static func temporarySpace(_ purpose: Purpose) -> Int {
    purpose == .compile ? 512 << 20 : 16 << 20
  }

  /// `prlimit`'s options: address space, CPU seconds, file size, processes, no core files.
  static func limits(_ purpose: Purpose) -> [String] {
    switch purpose {
    case .compile:
      ["--as=\(8 << 30)", "--cpu=600", "--fsize=\(1 << 30)", "--nproc=256", "--core=0"]
    case .run:
      ["--as=\(6 << 30)", "--cpu=900", "--fsize=\(64 << 20)", "--nproc=128", "--core=0"]
    }
  }

  /// The seatbelt profile of a step: no network, no reads of the checkout but `reading`,
  /// no writes but `writing` and the temporary folders.
  static func profile(checkout: String, reading: [URL], writing: [URL]) -> String {
    func quoted(_ path: String) -> String {
      "\""
        + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
          of: "\"", with: "\\\"") + "\""
    }
    let reads = reading.map { "(subpath \(quoted($0.path)))" }.joined(separator: " ")
    let writes = writing.map { "(subpath \(quoted($0.path)))" }.joined(separator: " ")
    return """
      (version 1)
      (allow default)
      (deny network*)
      (deny file-read* (subpath \(quoted(checkout))))
      (allow file-read* \(reads))
      (deny file-write*)
      (allow file-write* \(writes) (subpath "/private/tmp") (subpath "/private/var/folders") (literal "/dev/null"))
      """
  }
}

/// Finding programs on the `PATH`.
enum Executable {
  /// The full path of `name` on the `PATH`, if it is there.
  static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// The folder the Swift toolchain is installed in (`/opt/swift` for `/opt/swift/usr/bin/swiftc`).
  static let toolchainRoot: String? = {
    guard let swiftc = find("swiftc") else { return nil }
    let real = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
    // …/usr/bin/swiftc → …
    return real.deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }()
}
