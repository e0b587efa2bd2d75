import Foundation
import Testing

@testable import LessonWire

@Suite("Process table")
struct ProcessTableTests {
  @Test("a stat line is read past a name that holds spaces and parentheses")
  func statLine() {
    let line = "4242 (swift (frontend) x) S 4200 4242 4100 0 -1 4194304 1203 0 0 0"
    #expect(
      ProcessTable.entry(stat: line)
        == ProcessTable.Entry(pid: 4242, parent: 4200, session: 4100, isZombie: false))
    #expect(ProcessTable.entry(stat: "17 (sh) Z 1 17 17 0")?.isZombie == true)
    #expect(ProcessTable.entry(stat: "not a stat line") == nil)
  }

  @Test("descendants are found through every generation, and no one else")
  func descendants() {
    func entry(_ pid: pid_t, _ parent: pid_t) -> ProcessTable.Entry {
      ProcessTable.Entry(pid: pid, parent: parent, session: 1, isZombie: false)
    }
    let table = [entry(10, 1), entry(11, 10), entry(12, 11), entry(13, 10), entry(20, 1)]
    #expect(Set(ProcessTable.descendants(of: 10, in: table)) == [11, 12, 13])
    #expect(ProcessTable.descendants(of: 20, in: table).isEmpty)
  }

  #if os(Linux)
    @Test("killing a family reaches a grandchild that left for a process group of its own")
    func killFamily() throws {
      // `setsid` gives the grandchild a process group of its own, as SwiftPM does for every
      // compiler it starts: a signal to the shell's group would miss it.
      let shell = Process()
      shell.executableURL = URL(fileURLWithPath: "/bin/sh")
      shell.arguments = ["-c", "setsid sleep 300 >/dev/null 2>&1 & echo $!; wait"]
      let output = Pipe()
      shell.standardOutput = output
      try shell.run()
      let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
      let sleeper = try #require(pid_t(line.trimmingCharacters(in: .whitespacesAndNewlines)))
      defer { kill(sleeper, SIGKILL) }
      let started = Date().addingTimeInterval(5)
      while getpgid(sleeper) != sleeper, Date() < started { usleep(1_000) }
      #expect(getpgid(sleeper) == sleeper, "the grandchild leads a group of its own")

      // No `waitUntilExit()`: Foundation learns of the shell's end from a socket that every
      // descendant inherits, so it would wait for the sleeper too.
      ProcessTable.killFamily(of: shell.processIdentifier)

      // The orphaned grandchild is reaped by init once killed; give it a moment.
      let deadline = Date().addingTimeInterval(5)
      var alive: Bool {
        ProcessTable.snapshot().contains { $0.pid == sleeper && !$0.isZombie }
      }
      while alive, Date() < deadline { usleep(10_000) }
      #expect(!alive, "sleep \(sleeper) outlived its family")
    }
  #endif
}
