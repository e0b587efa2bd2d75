/// A problem that stops a command, with what to do about it.
public enum GraderError: Error, Equatable, CustomStringConvertible {
  case notInCheckout(String)
  case usage(String)
  case cannotRun(String)
  /// The package does not compile; the message holds the compiler's errors.
  case buildFailed(String)

  public var description: String {
    switch self {
    case .notInCheckout(let folder):
      "gradkit runs inside a GradKit checkout, and \(folder) is not in one.\n"
        + "cd to the folder that holds GradKit's Package.swift and run 'swift run gradkit' again."
    case .usage(let message): message
    case .cannotRun(let message): message
    case .buildFailed(let errors): "the package does not compile:\n\(errors)"
    }
  }
}
