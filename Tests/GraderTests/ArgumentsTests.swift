import Foundation
import Testing

@testable import Grader

@Suite("Command-line parsing")
struct ArgumentsTests {
  static func parse(_ words: [String]) throws(GraderError) -> Arguments {
    try Arguments(
      words, command: "grade", flags: ["--solutions"], options: ["--seed", "--time-limit"])
  }

  @Test("flags, options in both spellings, and positionals are told apart")
  func sorting() throws {
    let arguments = try Self.parse([
      "02", "--solutions", "--seed", "7", "softmax", "--time-limit=3",
    ])
    #expect(arguments.positionals == ["02", "softmax"])
    #expect(arguments.has("--solutions"))
    #expect(arguments.value(of: "--seed") == "7")
    #expect(arguments.value(of: "--time-limit") == "3")
    #expect(!arguments.has("--help"))
  }

  @Test("an option may repeat, and -- ends the options")
  func repeatsAndEnd() throws {
    let arguments = try Self.parse(["--seed", "1", "--seed=2", "--", "--solutions", "-7"])
    #expect(arguments.values(of: "--seed") == ["1", "2"])
    #expect(arguments.value(of: "--seed") == "2")
    #expect(arguments.positionals == ["--solutions", "-7"])
    #expect(!arguments.has("--solutions"))
  }

  @Test("a module's typo gets the nearest module's name")
  func moduleTypo() {
    #expect {
      try Course.modules(named: ["sofmax"], command: "grade")
    } throws: { error in
      "\(error)".contains("there is no module 'sofmax'. Did you mean 'softmax'?")
    }
  }

  @Test("-h means --help for every command")
  func shortHelp() throws {
    #expect(try Self.parse(["-h"]).has("--help"))
  }

  @Test("an unknown option names the closest known one and where to read more")
  func typoSuggestion() {
    #expect(
      throws: GraderError.usage(
        "unknown option '--sed' for 'gradkit grade'. Did you mean '--seed'? See 'gradkit grade --help'."
      )
    ) {
      try Self.parse(["--sed", "3"])
    }
  }

  @Test("an option without its value says what to type")
  func missingValue() {
    #expect(
      throws: GraderError.usage(
        "option --seed needs a value, e.g. '--seed 42'. See 'gradkit grade --help'.")
    ) {
      try Self.parse(["--seed"])
    }
  }

  @Test("a value of the wrong kind is refused with the kind expected")
  func wrongKind() throws {
    let arguments = try Self.parse(["--seed", "abc"])
    #expect(
      throws: GraderError.usage(
        "--seed takes a whole number, not 'abc'. See 'gradkit grade --help'.")
    ) {
      try arguments.value(
        of: "--seed", as: UInt64.self, meaning: "a whole number", command: "grade")
    }
  }

  @Test("a time limit must be a positive number of seconds; without one the default holds")
  func seconds() throws {
    #expect(try Self.parse([]).seconds(of: "--time-limit", default: 10, command: "grade") == 10)
    #expect(
      try Self.parse(["--time-limit", "2.5"]).seconds(
        of: "--time-limit", default: 10, command: "grade")
        == 2.5)
    for refused in ["0", "-3", "inf", "nan"] {
      #expect(throws: GraderError.self, "--time-limit \(refused)") {
        try Self.parse(["--time-limit", refused]).seconds(
          of: "--time-limit", default: 10, command: "grade")
      }
    }
    #expect(
      throws: GraderError.usage(
        "--time-limit takes a positive, finite number of seconds, e.g. '--time-limit 5', not 'inf'."
      )
    ) {
      try Self.parse(["--time-limit", "inf"]).seconds(
        of: "--time-limit", default: 10, command: "grade")
    }
  }

  @Test("edit distance", arguments: [("seed", "sed", 1), ("", "abc", 3), ("kitten", "sitting", 3)])
  func editDistance(a: String, b: String, distance: Int) {
    #expect(Arguments.editDistance(a, b) == distance)
  }

  @Test("every command's --help, and gradkit's own, fits an 80-column terminal")
  func helpFitsEightyColumns() {
    let texts =
      [("gradkit", Gradkit.overview)] + Gradkit.commands.map { ("gradkit \($0.name)", $0.help) }
    for (command, text) in texts {
      // Characters, not bytes: the texts hold ≤, · and —, one column each.
      for line in text.split(separator: "\n", omittingEmptySubsequences: false)
      where line.count > 80 {
        Issue.record("'\(command) --help' has a line of \(line.count) characters:\n\(line)")
      }
    }
  }
}

@Suite("Naming modules")
struct CourseLookupTests {
  @Test("a module is found by number, with or without its zero, and by name")
  func lookups() {
    #expect(Course.module(named: "01") == .perceptron)
    #expect(Course.module(named: "1") == .perceptron)
    #expect(Course.module(named: "perceptron") == .perceptron)
    #expect(Course.module(named: "Perceptron") == .perceptron)
    #expect(Course.module(named: "stepvssigmoid") == .stepVsSigmoid)
    #expect(Course.module(named: "03-Softmax") == .softmax)
    #expect(Course.module(named: "99") == nil)
  }

  @Test("an unknown module is refused with the list of modules")
  func unknownModule() {
    #expect {
      try Course.modules(named: ["percepton"], command: "grade")
    } throws: { error in
      "\(error)".contains("there is no module 'percepton'") && "\(error)".contains("01  perceptron")
    }
  }

  @Test("every module has a distinct number, name, folder and suite, and at least three hints")
  func registryIsConsistent() {
    let modules = Course.modules
    #expect(modules.map(\.number) == Array(1...modules.count))
    #expect(Set(modules.map(\.name)).count == modules.count)
    #expect(Set(modules.map(\.suite)).count == modules.count)
    for module in modules {
      #expect(module.folder.hasPrefix(module.code + "-"))
      #expect(module.hints.count >= 3, "\(module.name) has \(module.hints.count) hints")
    }
  }

  @Test("a class edition that releases module 09 must release module 08, whose reference it trains")
  func releaseNeedsItsReference() throws {
    func export(_ words: [String]) throws(GraderError) -> ExportCommand {
      try ExportCommand(
        Arguments(
          ["--class", "edition"] + words, command: "export", flags: ExportCommand.flags,
          options: ExportCommand.options))
    }
    #expect {
      try export(["--release", "09"])
    } throws: { error in
      "\(error)".contains("add '--release 08'")
    }
    #expect(
      try export(["--release", "08", "--release", "training"]).released == [.spiral, .training])
  }

  @Test(
    "every module has a stub and a reference with the same files, a lesson, and a contract table")
  func moduleFilesMirror() throws {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    func files(_ folder: String) throws -> [String] {
      try FileManager.default.contentsOfDirectory(
        atPath: root.appendingPathComponent(folder).path
      ).sorted()
    }
    for module in Course.modules {
      let stub = try files("exercises/\(module.folder)")
      #expect(stub.contains("README.md"), "exercises/\(module.folder) has no lesson")
      #expect(
        try files("solutions/\(module.folder)") == stub,
        "exercises/\(module.folder) and solutions/\(module.folder) hold different files")
      #expect(try files("Tests/GradedTests/\(module.folder)").contains("CONTRACT.md"))
    }
  }
}
