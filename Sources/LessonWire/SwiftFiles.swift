import Foundation

/// The names of the Swift files directly in `folder`, sorted: a module's sources, as the
/// grader screens and compiles them and as a failure points into them. None when `folder`
/// cannot be read.
public func swiftFileNames(in folder: URL) -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    .filter { $0.hasSuffix(".swift") }.sorted()
}
