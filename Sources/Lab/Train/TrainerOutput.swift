import Foundation
import GradKit
import Plotting

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

/// `text` right-aligned in `width` columns, e.g. `   42` in five; as it is when it is wider.
func rightAligned(_ text: String, width: Int) -> String {
  String(repeating: " ", count: max(0, width - text.count)) + text
}

/// A model's final figures, under its title in a region picture, e.g.
/// `accuracy: training 97.5%, validation 95.0%`.
func accuracySubtitle(training: Double, validation: Double) -> String {
  "accuracy: training \(percent(training, padded: false)), "
    + "validation \(percent(validation, padded: false))"
}

extension RegionGrid {
  /// The grid of the decision regions drawn in the terminal, a character a cell: twice as
  /// many columns as rows looks square.
  static let terminal = RegionGrid(columns: 38, rows: 19)

  /// The grid of the decision regions in the SVG pictures. Edges are placed from the scores,
  /// so they are smooth on any grid; a cell of 1.5 user units (of the 360-unit panels) also
  /// catches a network's small turns, and the outlines still take only a few kilobytes.
  static let picture = RegionGrid(columns: 240, rows: 240)
}

extension Palette {
  /// The colour of everything measured on the training set: its curves, its marks.
  static let trainingColor = seriesColor(0)
  /// The colour of everything measured on the validation set.
  static let validationColor = seriesColor(1)
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
