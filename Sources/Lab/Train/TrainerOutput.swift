import Foundation
import GradKit

/// Writes one line to standard output at once, so progress shows while training runs.
func say(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// A loss with four decimals, e.g. `0.7712`.
func fixed(_ x: Double) -> String {
  String(format: "%.4f", x)
}

/// A fraction as a percentage with one decimal, e.g. `51.2%`; padded to six characters
/// (` 51.2%`) for columns.
func percent(_ x: Double, padded: Bool = true) -> String {
  String(format: padded ? "%5.1f%%" : "%.1f%%", 100 * x)
}

/// One picture a trainer writes: its file name, its document and what it shows.
struct Picture {
  let name: String
  let document: SVGDocument
  let description: String
}

/// Writes `pictures` into the folder `output` and names each; 0, or 1 when the folder cannot
/// be written.
func write(_ pictures: [Picture], into output: String) -> Int32 {
  let folder = URL(fileURLWithPath: output, isDirectory: true)
  do {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    say("\nPictures (open them in a browser):")
    for picture in pictures {
      let url = folder.appendingPathComponent(picture.name)
      try picture.document.write(to: url)
      say("  \(url.path)   \(picture.description)")
    }
    return 0
  } catch {
    FileHandle.standardError.write(
      Data("gradkit-lab train: cannot write into \(folder.path): \(error)\n".utf8))
    return 1
  }
}
