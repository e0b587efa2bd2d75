import Foundation

/// Where a run's time goes, printed on standard error when `GRADKIT_TIMINGS` is set:
/// the numbers behind BENCHMARKS.md's feedback figures.
enum PhaseClock {
  private static let start = Date()
  private static let enabled = ProcessInfo.processInfo.environment["GRADKIT_TIMINGS"] != nil

  /// Notes that `phase` ended now, with the seconds since the process started.
  static func mark(_ phase: @autoclosure () -> String) {
    guard enabled else { return }
    let seconds = String(format: "%.3f", Date().timeIntervalSince(start))
    FileHandle.standardError.write(Data("[\(seconds) s] \(phase())\n".utf8))
  }
}
