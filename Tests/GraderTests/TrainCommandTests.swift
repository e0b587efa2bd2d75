import Foundation
import Testing

@testable import Grader

@Suite("gradkit train: which modules train")
struct TrainCommandTests {
  /// What a command printed to standard error, collected from any thread.
  final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func append(_ more: String) { lock.withLock { text += more } }
    var contents: String { lock.withLock { text } }
  }

  /// Runs `gradkit train WORDS…` and returns its exit code and what it printed on standard
  /// error, where usage messages go.
  static func train(_ words: [String]) -> (code: ExitCode, errors: String) {
    let errors = Transcript()
    let context = Context(
      directory: URL(fileURLWithPath: NSTemporaryDirectory()), style: Style(usesColor: false),
      environment: [:], write: { _ in }, writeNote: { errors.append($0) })
    let code = Gradkit.main(["train"] + words, context: context)
    return (code, errors.contents)
  }

  static func parse(_ words: [String]) throws(GraderError) -> TrainCommand {
    try TrainCommand(
      Arguments(
        words, command: TrainCommand.name, flags: TrainCommand.flags,
        options: TrainCommand.options))
  }

  @Test("with no module, the usage names only the modules that train, and exits 2")
  func noModule() {
    let (code, errors) = Self.train([])
    #expect(code == .usage)
    #expect(
      errors
        == "gradkit train: only modules 08 (spiral) and 09 (training) train a model. Name the"
        + " module to train: 'gradkit train spiral' (08) or 'gradkit train training' (09).\n")
  }

  @Test(
    "a module that does not train is refused: only 08 and 09 train", arguments: ["03", "softmax"])
  func notTraining(name: String) {
    let (code, errors) = Self.train([name])
    #expect(code == .usage)
    #expect(errors.contains("only modules 08 (spiral) and 09 (training) train a model"))
    #expect(errors.contains("module 03 (softmax) does not"))
    #expect(errors.contains("'gradkit grade 03'"))
  }

  @Test("08 and 09 train, by number or by name")
  func trainingModules() throws {
    for (words, module) in [
      (["spiral"], CourseModule.spiral), (["08"], .spiral), (["training"], .training),
      (["09"], .training), (["9", "--solutions", "--seed", "7"], .training),
    ] {
      #expect(try Self.parse(words).module == module, "gradkit train \(words)")
    }
    #expect(try Self.parse(["09", "--solutions"]).side == "reference")
  }

  @Test("--points and --iterations are module 08's")
  func spiralOptions() throws {
    #expect(try Self.parse(["spiral", "--points", "50", "--iterations", "10"]).points == 50)
    #expect {
      try Self.parse(["training", "--points", "50"])
    } throws: { error in
      "\(error)".contains("--points and --iterations are module 08's")
    }
  }
}
