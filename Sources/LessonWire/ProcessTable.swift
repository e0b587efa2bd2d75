import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The machine's processes as the kernel lists them, for stopping a whole family of them.
///
/// A process can leave its parent's process group (SwiftPM starts every compiler in a group
/// of its own) and its parent can die first, which hands its children to `init`. Sending a
/// signal to one group therefore misses part of a build; reading the table of parents does
/// not.
package enum ProcessTable {
  /// What `/proc/PID/stat` says of one process's family.
  package struct Entry: Sendable, Equatable {
    package let pid: pid_t
    package let parent: pid_t
    package let session: pid_t
    package let isZombie: Bool
  }

  /// Every process of the machine, on Linux; empty where there is no `/proc`.
  package static func snapshot() -> [Entry] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
      return []
    }
    return names.compactMap { name in
      guard pid_t(name) != nil,
        let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8)
      else { return nil }
      return entry(stat: stat)
    }
  }

  /// The entry a `/proc/PID/stat` line describes: "pid (name) state ppid pgrp session …",
  /// where the name may itself hold spaces and parentheses.
  package static func entry(stat: String) -> Entry? {
    guard let open = stat.firstIndex(of: " "), let pid = pid_t(stat[..<open]),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 3, let parent = pid_t(fields[1]), let session = pid_t(fields[3]) else {
      return nil
    }
    return Entry(pid: pid, parent: parent, session: session, isZombie: fields[0] == "Z")
  }

  /// The processes descended from `root` in `table`, children before grandchildren.
  package static func descendants(of root: pid_t, in table: [Entry]) -> [pid_t] {
    var children: [pid_t: [pid_t]] = [:]
    for entry in table where entry.pid != root {
      children[entry.parent, default: []].append(entry.pid)
    }
    var found = children[root] ?? []
    var index = 0
    while index < found.count {
      found += children[found[index]] ?? []
      index += 1
    }
    return found
  }

  /// Stops `root` and every process descended from it with SIGKILL.
  ///
  /// The family is frozen first (SIGSTOP), reading the table again until no new member
  /// appears, so that nothing forks or is orphaned while it is collected; then every member
  /// is killed. Without `/proc` only `root` and its process group are reached.
  package static func killFamily(of root: pid_t) {
    var family: Set<pid_t> = [root]
    kill(root, SIGSTOP)
    for _ in 0..<8 {
      let members = Set(descendants(of: root, in: snapshot())).subtracting(family)
      if members.isEmpty { break }
      for member in members { kill(member, SIGSTOP) }
      family.formUnion(members)
    }
    kill(-root, SIGKILL)
    for member in family { kill(member, SIGKILL) }
  }
}
