import Foundation
import LessonWire
import Testing

@testable import Grader

@Suite("Build progress")
struct BuildMeterTests {
  /// The notes a meter for `subject` gives on `lines`, then on `finish` after 42.4 s.
  static func notes(_ lines: [String], subject: String = "the kit") -> [String] {
    let notes = Locked([String]())
    let meter = BuildMeter(subject: subject, firstTime: "a minute or two") { note in
      notes.withValue { $0.append(note) }
    }
    for line in lines { meter.take(line) }
    meter.finish(seconds: 42.4)
    return notes.value
  }

  @Test("a build names what it builds, a note every tenth of the way, and its time")
  func tenths() {
    let lines =
      ["[0/1] Planning build", "Building for debugging..."]
      + (1...40).map { "[\($0)/40] Compiling GradKit File\($0).swift" }
    let notes = Self.notes(lines, subject: "the lab in release")
    #expect(
      notes.first
        == "Building the lab in release (40 steps; the first build takes a minute or two)…")
    #expect(notes[1] == "  2% (1/40) Compiling GradKit File1.swift")
    let percents = notes.dropFirst().dropLast().compactMap {
      Int($0.drop { $0 == " " }.prefix { $0 != "%" })
    }
    #expect(percents == [2, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    #expect(notes.last == "Built the lab in release in 42 s; later runs reuse it.")
  }

  @Test("a build with nothing to compile says nothing")
  func upToDate() {
    #expect(
      Self.notes([
        "[0/1] Planning build", "[1/3] Write swift-version.txt", "Build complete! (0.31s)",
      ]).isEmpty)
  }
}
