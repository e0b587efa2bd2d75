/// A problem that stops a command, with what to do about it.
public enum GraderError: Error, Equatable, CustomStringConvertible {
  case notInCheckout(String)
  case usage(String)
  case cannotRun(String)
  /// The kit's own sources (engine, tests, reference) do not compile: never the learner's fault.
  case kitBroken(String)

  public var description: String {
    switch self {
    case .notInCheckout(let folder):
      "gradkit runs inside a GradKit checkout, and \(folder) is not in one.\n"
        + "cd to the folder that holds GradKit's Package.swift and run 'swift run gradkit' again."
    case .usage(let message): message
    case .cannotRun(let message): message
    case .kitBroken(let errors):
      "GradKit's own sources (Sources/, Tests/, solutions/) do not compile; your exercises are"
        + " not the cause and were not touched. If you changed those folders, undo that"
        + " ('git status' lists the changes); otherwise update the kit. The errors:\n\(errors)"
    }
  }
}
