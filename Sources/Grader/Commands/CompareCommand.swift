import Foundation
import LessonWire

/// `gradkit compare MODULE`: the learner's values beside the reference's, on the same seeded inputs.
public struct CompareCommand: GraderCommand {
  public static let name = "compare"
  public static let abstract = "run your code and the reference on the same inputs, side by side"
  public static let flags: [String] = []
  public static let options = ["--seed", "--time-limit"]
  public static let help = """
    Usage: gradkit compare MODULE [--seed N] [--time-limit SECONDS]

    Runs your implementation and the reference on the same seeded inputs and
    prints the values side by side, marking every place they differ. A crash or a
    stub in your code is shown for that input only.

    Arguments:
      MODULE               a module by number (02) or name (softmax)

    Options:
      --seed N             draw the random inputs from seed N (default 1)
      --time-limit S       stop one evaluation after S seconds (default 10)
      -h, --help           show this help

    Examples:
      swift run gradkit compare 03
      swift run gradkit compare perceptron --seed 7
    """

  /// Values agree when they differ by at most this much relative to their size (and at least 1):
  /// far above the rounding noise of two correct implementations, far below any real mistake.
  static let agreement = 1e-9

  var module: CourseModule
  var seed: UInt64
  var timeLimit: Double

  public init(_ arguments: Arguments) throws(GraderError) {
    module = try Course.singleModule(named: arguments.positionals, command: Self.name)
    seed =
      try arguments.seed(command: Self.name)
      ?? 1
    timeLimit =
      try arguments.seconds(of: "--time-limit", default: 10, command: Self.name)
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    if Edition.withholds(module) {
      context.line(context.style.bold("\(module.code) · \(module.title)"))
      context.line(
        "The reference for this module is released later: your instructor publishes the"
          + " solutions module by module, and 'compare' shows them beside your values then.")
      context.line(
        "Meanwhile 'swift run gradkit grade \(module.code)' shows each failing test with the"
          + " expected value, and 'swift run gradkit check \(module.code)' your gradients.")
      return .success
    }
    guard
      let session = try LabSession.open(
        workspace, module: module, timeLimit: timeLimit, context: context)
    else { return .testsFailed }
    defer { session.finish() }
    let counted = session.run(["probe", module.name, String(seed), "count"], timeLimit: 30)
    guard let count = Int(counted.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      throw .cannotRun(
        "gradkit-lab could not list the probes of \(module.name): \(counted.errors)")
    }
    context.line(
      context.style.bold("\(module.code) · \(module.title)")
        + context.style.dim("  your code beside the reference, seed \(seed)"))
    var comparisons: [ProbeComparison] = []
    for index in 0..<count {
      let result = session.run(
        ["probe", module.name, String(seed), String(index)], timeLimit: timeLimit + 30)
      let comparison = ProbeComparison(result: result, index: index, timeLimit: timeLimit)
      comparisons.append(comparison)
      context.line()
      context.write(comparison.render(context.style))
    }
    context.line()
    guard let summary = Self.summary(of: comparisons) else {
      context.line(context.style.green("Your values match the reference on all \(count) inputs."))
      return .success
    }
    context.line(context.style.yellow(summary))
    return .testsFailed
  }

  /// What went wrong across `comparisons`, each kind counted on its own, or `nil` when every
  /// value agrees: "1 of 8 differ from the reference; 2 gave no value (a crash or the time
  /// limit); 3 reach a stub you have not written yet."
  static func summary(of comparisons: [ProbeComparison]) -> String? {
    let count = comparisons.count
    let notStarted = comparisons.count(where: \.isNotStarted)
    let noValue = comparisons.count { $0.problem != nil && !$0.isNotStarted }
    let differ = comparisons.count { $0.problem == nil && !$0.agrees }
    let parts = [
      differ > 0 ? "\(differ) of \(count) differ from the reference" : nil,
      noValue > 0
        ? "\(noValue) of \(count) gave no value (a crash or the time limit)" : nil,
      notStarted > 0
        ? "\(notStarted) of \(count) reach a stub you have not written yet" : nil,
    ].compactMap { $0 }
    return parts.isEmpty ? nil : parts.joined(separator: "; ") + "."
  }
}

/// One probe's two values and where they differ.
struct ProbeComparison {
  var name: String
  var input: String
  var reference: ProbeValue?
  var learner: ProbeValue?
  /// Why there is no learner value: a crash, a stub, the time limit.
  var problem: String?
  /// Whether that is a stub the learner has not written yet.
  var isNotStarted = false

  init(result: Shell.Result, index: Int, timeLimit: Double) {
    let outputs = result.output.split(separator: "\n").compactMap {
      try? ProbeOutput.decoder.decode(ProbeOutput.self, from: Data($0.utf8))
    }
    let first = outputs.first
    name = first?.name ?? "probe \(index + 1)"
    input = first?.input ?? ""
    reference = outputs.first { $0.side == .reference }?.value
    learner = outputs.first { $0.side == .learner }?.value
    if let problem = LabSession.problem(
      in: result, hasValue: learner != nil,
      ifTimedOut: "stopped after \(seconds(timeLimit)) s: look for a loop that never ends")
    {
      self.problem = problem.lines.joined(separator: "\n               ")
      isNotStarted = problem.isNotStarted
    }
  }

  /// The indices where the two values differ, or all of them when their shapes do.
  var differingIndices: [Int] {
    guard let reference, let learner else { return [] }
    let (a, b) = (reference.elements, learner.elements)
    guard a.count == b.count, reference.shapeDescription == learner.shapeDescription else {
      return Array(0..<max(a.count, b.count, 1))
    }
    if case .text(let x) = reference, case .text(let y) = learner { return x == y ? [] : [0] }
    return a.indices.filter { !Self.agree(a[$0], b[$0]) }
  }

  var agrees: Bool { problem == nil && differingIndices.isEmpty }

  static func agree(_ a: Double, _ b: Double) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a == b { return true }
    return abs(a - b) <= CompareCommand.agreement * max(1, abs(a), abs(b))
  }

  func render(_ style: Style) -> String {
    let differing = Set(differingIndices)
    var lines = ["  " + style.bold(name)]
    if !input.isEmpty { lines.append("    input      \(input)") }
    lines.append("    reference  \(reference.map { Self.format($0, marking: [], style) } ?? "—")")
    if let problem {
      lines.append("    yours      " + style.red(problem))
    } else if let learner {
      lines.append("    yours      \(Self.format(learner, marking: differing, style))")
      if let first = differingIndices.first, let reference {
        let (a, b) = (reference.elements, learner.elements)
        let detail =
          a.indices.contains(first) && b.indices.contains(first)
            && reference.shapeDescription == learner.shapeDescription
          ? "first at element \(first): reference \(Self.number(a[first])), yours \(Self.number(b[first]))"
          : "shape: reference \(reference.shapeDescription), yours \(learner.shapeDescription)"
        lines.append(
          "    " + style.yellow("✘ differs in \(differing.count) of \(max(a.count, 1)); \(detail)"))
      } else {
        lines.append("    " + style.green("✔ same"))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Formats a value, painting the elements at `marking`; long values show their first 12 elements.
  static func format(_ value: ProbeValue, marking: Set<Int>, _ style: Style) -> String {
    func list(_ values: [Double], offset: Int) -> String {
      let shown = values.prefix(12).enumerated().map { index, value in
        marking.contains(offset + index) ? style.red(number(value)) : number(value)
      }
      return "[" + shown.joined(separator: ", ") + (values.count > 12 ? ", …" : "") + "]"
    }
    switch value {
    case .number(let x): return marking.isEmpty ? number(x) : style.red(number(x))
    case .numbers(let xs): return list(xs, offset: 0)
    case .text(let text): return marking.isEmpty ? text : style.red(text)
    case .matrix(let rows, let columns, let values):
      let shownRows = (0..<min(rows, 6)).map { row in
        list(Array(values[row * columns..<(row + 1) * columns]), offset: row * columns)
      }
      return "\(rows)×\(columns) [" + shownRows.joined(separator: ", ") + (rows > 6 ? ", …]" : "]")
    }
  }

  static func number(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return String(format: "%.6g", x)
  }
}

extension ProbeValue {
  /// The value's shape in words: `scalar`, `vector of 3`, `2×3`, `text`.
  var shapeDescription: String {
    switch self {
    case .number: "scalar"
    case .numbers(let values): "vector of \(values.count)"
    case .matrix(let rows, let columns, _): "\(rows)×\(columns)"
    case .text: "text"
    }
  }
}
