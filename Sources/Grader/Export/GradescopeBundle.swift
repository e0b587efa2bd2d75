import Foundation

/// The autograder Gradescope builds its image from (`gradkit export --gradescope DIR`): the
/// kit with `setup.sh` and `run_autograder` at its top, zipped. Gradescope unzips it into
/// `/autograder/source`.
enum GradescopeBundle {
  /// The Swift toolchain the image installs, pinned.
  static let swiftVersion = "6.3.1"

  /// Gradescope's default base image, which the setup script is written for.
  static let baseImage = "Ubuntu 22.04"

  /// Runs once, as root, when Gradescope builds the image: the packages Swift needs on
  /// Ubuntu 22.04, the pinned toolchain (its signature checked), bubblewrap for the sandbox,
  /// then the kit built and warmed exactly as `--exercises` uses it, so that a submission
  /// compiles only the learner's files.
  static let setup = """
    #!/usr/bin/env bash
    # GradKit's autograder image, built once by Gradescope: \(baseImage) (its default base
    # image), as root, in /autograder/source. Written by 'gradkit export --gradescope'.
    set -euo pipefail
    SWIFT_VERSION=\(swiftVersion)
    SWIFT_PLATFORM=ubuntu22.04

    if ! command -v apt-get >/dev/null; then
      echo "setup.sh is written for Ubuntu 22.04 (apt-get); choose that base image" >&2
      exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      binutils ca-certificates curl git gnupg2 libc6-dev libcurl4-openssl-dev libedit2 \\
      libgcc-11-dev libpython3-dev libsqlite3-0 libstdc++-11-dev libxml2-dev libz3-dev \\
      pkg-config python3 tzdata unzip zlib1g-dev bubblewrap util-linux

    if ! swift --version 2>/dev/null | grep -q "Swift version $SWIFT_VERSION "; then
      base="https://download.swift.org/swift-$SWIFT_VERSION-release/${SWIFT_PLATFORM//./}/swift-$SWIFT_VERSION-RELEASE"
      archive="swift-$SWIFT_VERSION-RELEASE-$SWIFT_PLATFORM.tar.gz"
      curl -fsSL "$base/$archive" -o "/tmp/$archive"
      curl -fsSL "$base/$archive.sig" -o "/tmp/$archive.sig"
      curl -fsSL https://www.swift.org/keys/all-keys.asc | gpg --batch --import -
      gpg --batch --verify "/tmp/$archive.sig" "/tmp/$archive"
      mkdir -p /opt/swift
      tar -xzf "/tmp/$archive" -C /opt/swift --strip-components 1
      rm -f "/tmp/$archive" "/tmp/$archive.sig"
    fi
    export PATH="/opt/swift/usr/bin:$PATH"

    cd /autograder/source
    swift build --product gradkit
    # Grading the stubs as a submission builds the kit and warms exactly the folders that
    # run_autograder's '--exercises' uses; it scores 0, as it must.
    .build/debug/gradkit grade --exercises exercises --format json=/tmp/warm-up.json \\
      || [ $? -eq 1 ]
    """

  /// Runs for each submission, as root, in a fresh container of the image.
  static let runAutograder = """
    #!/usr/bin/env bash
    # Grades one submission: Gradescope puts it in /autograder/submission and reads
    # /autograder/results/results.json. Written by 'gradkit export --gradescope'.
    set -uo pipefail
    export PATH="/opt/swift/usr/bin:$PATH"
    cd /autograder/source
    mkdir -p /autograder/results
    # The submission runs in the sandbox (bubblewrap, or another user where the host forbids
    # namespaces); a test stops after 10 s, the whole run after 8 minutes, well inside
    # Gradescope's own limit, and the tests not reached by then are reported as not run.
    .build/debug/gradkit grade --exercises /autograder/submission --time-limit 10 \\
      --deadline 480 --format gradescope=/autograder/results/results.json
    status=$?
    # 0: every test passed; 1: some did not; 3: nothing could be graded (an empty upload, no
    # module that compiles). results.json holds the report in all three. 2 (the command line
    # was refused, as when /autograder/submission is missing) and 4 (gradkit's own problem)
    # wrote no score, and Gradescope shows this message.
    if [ "$status" -eq 2 ] || [ "$status" -gt 3 ]; then
      echo "gradkit could not grade this submission (exit $status); no score was given" >&2
      exit "$status"
    fi
    exit 0
    """

  /// Writes the bundle into `folder`: the checkout's files and the two scripts beside them.
  static func write(from workspace: Workspace, to folder: URL) throws(GraderError) {
    try KitCopy.copy(workspace, to: folder, leavingOut: [])
    do {
      for (name, text) in [("setup.sh", setup), ("run_autograder", runAutograder)] {
        let file = folder.appendingPathComponent(name)
        try (text + "\n").write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
      }
    } catch {
      throw .cannotRun("cannot write the scripts in \(folder.path): \(error.localizedDescription)")
    }
  }
}
