import Foundation

/// What a stopped process left on standard error: the runtime's message, the backtrace,
/// and anything else it printed.
///
/// Swift's runtime writes `File.swift:12: Fatal error: …` for a trap, and its backtracer
/// (`SWIFT_BACKTRACE=enable=yes`) a report whose frames end in `at /path/File.swift:12:5`.
public struct CrashLog: Equatable, Sendable {
  /// The backtracer's settings (`SWIFT_BACKTRACE`) for a process whose crash is read here:
  /// on, never waiting for a debugger, without colour, and only the crashed thread's frames.
  public static let backtraceSettings =
    "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none"

  /// The last line of the backtracer's report, "Backtrace took 0.04s": once it is written,
  /// the report is whole.
  static let endOfBacktrace = "Backtrace took "

  /// One frame of the backtrace.
  public struct Frame: Equatable, Sendable {
    /// The function, e.g. `softmax(_:)`, as the backtracer names it.
    public var function: String
    /// The source location, `/path/File.swift:12:5`, when the frame has one.
    public var location: String?

    /// The function as its declaration names it: `train(on:)` for the backtracer's
    /// `static Perceptron.train(on:)`, `spin(while:)` for `spin(while:)`.
    var declaredName: String {
      let signature = function.replacingOccurrences(of: "static ", with: "")
      let head = signature.prefix { $0 != "(" }
      return String(head.split(separator: ".").last ?? "") + signature.dropFirst(head.count)
    }
  }

  /// The runtime's message: `Fatal error: …`, or the backtracer's `Program crashed: …`.
  public var message: String?
  /// The `File.swift:12` a fatal error names: the caller's `#fileID` and line.
  public var messageLocation: String?
  /// The crashed thread's frames, innermost first.
  public var frames: [Frame]
  /// The lines that are not part of the crash report: what the code printed.
  public var printed: [String]

  /// Reads `text`, the whole standard error of a process.
  public init(_ text: String) {
    var message: String?
    var messageLocation: String?
    var frames: [Frame] = []
    var printed: [String] = []
    var inReport = false
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = sanitized(String(raw))
      let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
      if let range = trimmed.range(of: "Fatal error") {
        let prefix = trimmed[..<range.lowerBound].trimmingCharacters(
          in: CharacterSet(charactersIn: ": "))
        if message == nil {
          message = String(trimmed[range.lowerBound...])
          messageLocation = prefix.isEmpty ? nil : prefix
        }
        inReport = true
      } else if trimmed.hasPrefix("*** Program crashed:") {
        let reason = trimmed.dropFirst(4).trimmingCharacters(in: CharacterSet(charactersIn: "* "))
        message = message ?? reason
        inReport = true
      } else if trimmed.hasPrefix("*** Signal") || trimmed.hasPrefix("Thread ") {
        inReport = true
      } else if inReport, let frame = Self.frame(in: trimmed) {
        frames.append(frame)
      } else if !inReport, !trimmed.isEmpty {
        printed.append(String(line.prefix(200)))
      }
    }
    self.message = message
    self.messageLocation = messageLocation
    self.frames = frames
    self.printed = Array(printed.suffix(10))
  }

  /// The frame a backtrace line describes: `3 [ra] 0x5565… f(_:) + 32 in prog at /p/f.swift:1:30`.
  static func frame(in line: String) -> Frame? {
    let words = line.split(separator: " ", omittingEmptySubsequences: true)
    guard let first = words.first, Int(first) != nil,
      let address = words.firstIndex(where: { $0.hasPrefix("0x") })
    else { return nil }
    let rest = words[(address + 1)...].joined(separator: " ")
    let function = rest.components(separatedBy: " + ").first ?? rest
    let location = rest.range(of: " at /", options: .backwards).map { "/" + rest[$0.upperBound...] }
    return Frame(function: function, location: location)
  }

  /// The first frame in a file under `folder` (absolute), with the folder replaced by `display`.
  public func location(in folder: String, shownAs display: String) -> String? {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    return innermostFrame(in: folder)?.location.map { display + "/" + $0.dropFirst(prefix.count) }
  }

  /// The innermost frame in a file under `folder` (absolute), with or without a line.
  func innermostFrame(in folder: String) -> Frame? {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    return frames.first { $0.location?.hasPrefix(prefix) == true }
  }

  /// Whether the stack overflowed: the innermost frames are one function calling itself.
  public var isStackOverflow: Bool {
    guard frames.count >= 8 else { return false }
    let innermost = frames.prefix(8).map(\.function)
    return Set(innermost).count == 1
  }
}

/// `text` without control characters, escape sequences or Unicode non-characters, so that
/// a learner's message is safe in a terminal, in XML and in JSON.
public func sanitized(_ text: String) -> String {
  var result = String.UnicodeScalarView()
  var skippingEscape = false
  for scalar in text.unicodeScalars {
    if skippingEscape {
      // An escape sequence ends at its first letter (CSI) or right after ESC otherwise.
      if scalar.properties.isAlphabetic || scalar == "~" { skippingEscape = false }
      continue
    }
    switch scalar.value {
    case 0x1B:
      skippingEscape = true
    case 0x09, 0x0A:
      result.append(scalar)
    case 0x00..<0x20, 0x7F..<0xA0, 0xFDD0...0xFDEF:
      continue
    default:
      if scalar.value & 0xFFFE == 0xFFFE { continue }
      result.append(scalar)
    }
  }
  return String(result)
}
