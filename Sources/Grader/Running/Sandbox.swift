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
/// kills everything in its PID namespace. Where namespaces are not allowed (some container
/// hosts forbid them) and gradkit runs as root, the step runs as user 65534 without them:
/// the checkout's sources, tests and reference are first made unreadable to other users,
/// and the limits still apply (the network is then not cut off). On macOS it is
/// `sandbox-exec` with a profile that denies the network, writes outside the step's folders
/// and reads of the checkout.
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
    /// No namespaces: another user, file permissions and limits.
    case unprivilegedUser(setpriv: String, prlimit: String)
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
      guard let prlimit = Executable.find("prlimit") else {
        throw .cannotRun(
          "grading submissions needs prlimit (util-linux) to limit them:"
            + " 'sudo apt-get install util-linux'. To grade code you trust, add --no-sandbox.")
      }
      let isRoot = getuid() == 0
      let setpriv = isRoot ? Executable.find("setpriv") : nil
      if isRoot, setpriv == nil {
        throw .cannotRun(
          "grading submissions as root needs setpriv (util-linux) to drop privileges.")
      }
      if let bwrap = Executable.find("bwrap") {
        let sandbox = Sandbox(kind: .bubblewrap(bwrap: bwrap, setpriv: setpriv, prlimit: prlimit))
        if sandbox.works() { return sandbox }
      }
      guard let setpriv else {
        throw .cannotRun(
          "grading submissions needs bubblewrap, and it cannot make namespaces here:"
            + " 'sudo apt-get install bubblewrap', and allow unprivileged user namespaces"
            + " (sysctl kernel.unprivileged_userns_clone=1), or run gradkit as root so it can"
            + " drop to another user. To grade code you trust, add --no-sandbox.")
      }
      try lockDown(checkout)
      return Sandbox(kind: .unprivilegedUser(setpriv: setpriv, prlimit: prlimit))
    #else
      guard let sandboxExec = Executable.find("sandbox-exec") else {
        throw .cannotRun(
          "grading submissions needs /usr/bin/sandbox-exec; to grade code you trust, add"
            + " --no-sandbox.")
      }
      return Sandbox(kind: .seatbelt(sandboxExec: sandboxExec, checkout: checkout.path))
    #endif
  }

  /// The user a sandboxed step runs as when gradkit runs as root: the compiler as one, the
  /// learner's program as another. The compiler's user owns the folders it writes (the
  /// programs, their stamps, the module cache), so a program run as the other cannot change
  /// them for a later run, where the sandbox has no namespaces to hide them.
  static func unprivilegedUser(for purpose: Purpose) -> Int {
    purpose == .compile ? 65534 : 65533
  }

  /// Whether a trivial step runs in this sandbox: container hosts may forbid namespaces.
  func works() -> Bool {
    let probe = command(["/bin/true"], reading: [], writing: [], purpose: .run)
    let result = Shell.run(URL(fileURLWithPath: probe[0]), Array(probe.dropFirst()), timeLimit: 20)
    return result.status == 0 && !result.timedOut
  }

  /// Makes what a submission must not read unreadable to other users, and the folders it
  /// must read reachable: without namespaces, file permissions are the wall.
  ///
  /// The checkout and `.gradkit` can be crossed but not listed; `Sources`, `Tests`,
  /// `solutions`, `.build`, `.gradkit/runs` (the test process's files) and the state are
  /// closed; `.gradkit/kit` (the engine's modules and library) stays open. Git records none
  /// of these permissions.
  static func lockDown(_ checkout: URL) throws(GraderError) {
    let state = checkout.appendingPathComponent(".gradkit")
    try? FileManager.default.createDirectory(
      at: state.appendingPathComponent("runs"), withIntermediateDirectories: true)
    let modes: [(String, Int)] = [
      ("", 0o711), (".gradkit", 0o711), (".gradkit/runs", 0o700), ("Sources", 0o700),
      ("Tests", 0o700), ("solutions", 0o700), (".build", 0o700), (".git", 0o700),
      (".gradkit/state.json", 0o600),
    ]
    for (path, mode) in modes {
      let item = path.isEmpty ? checkout : checkout.appendingPathComponent(path)
      guard FileManager.default.fileExists(atPath: item.path) else { continue }
      guard chmod(item.path, mode_t(mode)) == 0 else {
        throw .cannotRun("cannot restrict \(item.path): \(String(cString: strerror(errno)))")
      }
    }
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
      var line =
        setpriv.map { Self.asUnprivilegedUser($0, owning: writing, purpose: purpose) } ?? []
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
    case .unprivilegedUser(let setpriv, let prlimit):
      return Self.asUnprivilegedUser(setpriv, owning: writing, purpose: purpose) + [prlimit]
        + Self.limits(purpose) + ["--"] + inner
    case .seatbelt(let sandboxExec, let checkout):
      return [
        sandboxExec, "-p", Self.profile(checkout: checkout, reading: reading, writing: writing),
      ]
        + inner
    }
  }

  /// The `setpriv` prefix that runs the rest of a command line as the unprivileged user of
  /// `purpose` (``unprivilegedUser(for:)``), who is first given the folders in `writing`.
  static func asUnprivilegedUser(
    _ setpriv: String, owning writing: [URL], purpose: Purpose
  ) -> [String] {
    let user = unprivilegedUser(for: purpose)
    for folder in writing {
      _ = chown(folder.path, uid_t(user), gid_t(user))
    }
    return [setpriv, "--reuid=\(user)", "--regid=\(user)", "--clear-groups", "--"]
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
