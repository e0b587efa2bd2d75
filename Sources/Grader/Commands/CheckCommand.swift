import Foundation
import LessonWire

/// `gradkit check MODULE`: the learner's analytic gradients beside numeric ones, worst first.
public struct CheckCommand: GraderCommand {
  public static let name = "check"
  public static let abstract = "check your gradients: analytic beside numeric, worst first"
  public static let flags = ["--all"]
  public static let options = ["--seed", "--time-limit"]
  public static let help = """
    Usage: gradkit check MODULE [--all] [--seed N] [--time-limit SECONDS]

    The gradient view. For each parameter of the module's backward pass, shows
    your analytic gradient beside a numeric one (centered differences with a step
    of 1e-5·max(1, |x|)) and the checker's estimate of the numeric value's own
    error, the rejected coordinates first, coloured by the verdict:
      ≤ 1e-7 good · ≤ 1e-4 acceptable only where the function has kinks
      · > 1e-2 wrong
      · inconclusive where the numeric error is too large to judge (never a failure)

    Arguments:
      MODULE               a module by number (03) or name (softmax)

    Options:
      --all                show every checked coordinate, not only the worst ten
      --seed N             seed of the inputs (default 1)
      --time-limit S       stop one check after S seconds (default 10)
      -h, --help           show this help

    Example:
      swift run gradkit check softmax
    """

  var module: CourseModule
  var showAll: Bool
  var seed: UInt64
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    module = try Course.singleModule(named: arguments.positionals, command: Self.name)
    showAll = arguments.has("--all")
    seed =
      try arguments.seed(command: Self.name)
      ?? 1
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    guard
      let session = try LabSession.open(
        workspace, module: module, timeLimit: timeLimit, context: context)
    else { return .testsFailed }
    defer { session.finish() }
    let arguments = ["gradients", module.name, String(seed)]
    let names = session.run(arguments + ["names"], timeLimit: 30).output
      .split(separator: "\n").map(String.init)
    let count = names.count
    context.line(
      context.style.bold("\(module.code) · \(module.title)")
        + context.style.dim("  gradient check, seed \(seed)"))
    guard count > 0 else {
      context.line(Self.noGradientNote)
      return .success
    }
    var wrong = 0
    var notStarted = 0
    for index in 0..<count {
      let result = session.run(arguments + [String(index)], timeLimit: timeLimit + 30)
      let rows = result.output.split(separator: "\n").compactMap {
        try? ProbeOutput.decoder.decode(GradientOutput.self, from: Data($0.utf8))
      }
      context.line()
      if let problem = LabSession.problem(
        in: result, hasValue: !rows.isEmpty, ifTimedOut: "stopped after \(seconds(timeLimit)) s")
      {
        context.line("  " + context.style.bold(names[index]))
        for line in problem.lines { context.line("    " + context.style.red(line)) }
        if problem.isNotStarted { notStarted += 1 } else { wrong += 1 }
        continue
      }
      if rows.contains(where: { !$0.isAccepted }) {
        wrong += 1
      }
      context.write(Self.table(rows, limit: showAll ? rows.count : 10, style: context.style))
    }
    context.line()
    if notStarted > 0 {
      context.line(
        context.style.dim(
          "\(notStarted) of \(count) checks reach a stub: write those functions first."))
    }
    if wrong > 0 {
      context.line(
        context.style.yellow(
          "\(wrong) of \(count) checks disagree or crash: start with the worst coordinate."))
    } else if notStarted == 0 {
      context.line(context.style.green("Every gradient agrees with its numeric estimate."))
    }
    return wrong == 0 && notStarted == 0 ? .success : .testsFailed
  }

  /// What `check` says for a module without a backward pass (01: the step function has no
  /// gradient): every other module's lab probes check one.
  static let noGradientNote =
    "This module has no gradient to check. Modules with a backward pass: 02 to 09."

  /// One check's coordinates as a table, worst first: rejected ones, then by relative error.
  static func table(_ rows: [GradientOutput], limit: Int, style: Style) -> String {
    let sorted = rows.sorted {
      ($0.isAccepted ? 1 : 0, -$0.relativeError) < ($1.isAccepted ? 1 : 0, -$1.relativeError)
    }
    var lines = [
      "  " + style.bold(sorted[0].check) + style.dim("  (\(rows.count) coordinates)"),
      "    " + padded("coordinate", to: 14) + padded("analytic", to: 16) + padded("numeric", to: 16)
        + padded("± error", to: 11) + padded("rel. error", to: 12) + "verdict",
    ]
    for row in sorted.prefix(limit) {
      let verdict: String
      if row.verdict == "good" {
        verdict = style.green(row.verdict)
      } else if row.isAccepted {
        verdict = style.yellow(row.verdict)
      } else {
        verdict = style.red(row.verdict)
      }
      lines.append(
        "    " + padded(row.coordinate, to: 14)
          + padded(ProbeComparison.number(row.analytic), to: 16)
          + padded(ProbeComparison.number(row.numeric), to: 16)
          + padded(row.numericError.map { String(format: "%.1e", $0) } ?? "—", to: 11)
          + padded(String(format: "%.2e", row.relativeError), to: 12) + verdict)
    }
    if sorted.count > limit {
      lines.append(style.dim("    … \(sorted.count - limit) more (--all shows them)"))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
