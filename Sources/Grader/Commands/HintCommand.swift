/// `gradkit hint MODULE`: the module's hints, one level at a time.
public struct HintCommand: GraderCommand {
  public static let name = "hint"
  public static let abstract = "show the next hint for a module, one level at a time"
  public static let flags = ["--all", "--reset"]
  public static let options = ["--level"]
  public static let help = """
    Usage: gradkit hint MODULE [--level N | --all | --reset]

    Shows the module's next hint. Hints go from a gentle nudge to a near-solution;
    each call shows one more level, and gradkit remembers how far you have read.
    When the module has been graded, the first hint shown is the one about the topic
    of its first failing test; the earlier ones stay a --level away.

    Arguments:
      MODULE               a module by number (02) or name (softmax)

    Options:
      --level N            show hint N (from 1) without moving on
      --all                show every hint you have seen so far and the next one
      --reset              start again from the first hint
      -h, --help           show this help

    Examples:
      swift run gradkit hint 01
      swift run gradkit hint softmax --level 2
    """

  var module: CourseModule
  var level: Int?
  var showAll: Bool
  var reset: Bool

  public init(_ arguments: Arguments) throws(GraderError) {
    module = try Course.singleModule(named: arguments.positionals, command: Self.name)
    level = try arguments.value(
      of: "--level", as: Int.self, meaning: "a hint number", command: Self.name)
    if let level, !module.hints.indices.contains(level - 1) {
      throw .usage(
        "module \(module.code) has hints 1 to \(module.hints.count); --level \(level) is not one of them."
      )
    }
    showAll = arguments.has("--all")
    reset = arguments.has("--reset")
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let store = ProgressStore(workspace: try Workspace.locate(from: context.directory))
    var progress = store.load(warn: context.warn)
    if reset {
      progress.hintsSeen[module.name] = 0
      try store.save(progress)
      context.line("Hints for \(module.code) start again from the first.")
      return .success
    }
    let seen = progress.hintsSeen[module.name] ?? 0
    let failing = progress.modules[module.name]?.result.tests.first { $0.status != .passed }
    let topic = failing.flatMap { module.hintIndex(forTest: $0.name) }.map { $0 + 1 }
    let shown: ClosedRange<Int>
    if let level {
      shown = level...level
    } else {
      // The hint for the first failing test's topic comes first, unless it was read already.
      let next = min(max(seen + 1, topic ?? 0), module.hints.count)
      if let topic, let failing, next == topic, topic > seen + 1 {
        context.line(
          context.style.dim(
            "For your first failing test, \"\(failing.name)\" (hints 1 to \(topic - 1):"
              + " --level N)."))
      }
      shown = (showAll ? 1 : next)...next
      progress.hintsSeen[module.name] = max(seen, next)
      try store.save(progress)
    }
    context.line(context.style.bold("\(module.code) · \(module.title)"))
    for number in shown {
      context.line()
      context.line(context.style.yellow("Hint \(number) of \(module.hints.count)"))
      context.line(module.hints[number - 1])
    }
    context.line()
    if shown.upperBound < module.hints.count {
      context.line(
        context.style.dim("Run 'swift run gradkit hint \(module.code)' again for the next hint."))
    } else {
      context.line(
        context.style.dim(
          "That was the last hint. Still stuck? 'swift run gradkit compare \(module.code)'"
            + " shows your values beside the reference's."))
    }
    return .success
  }
}
