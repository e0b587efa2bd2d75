import Foundation
import GradKit

/// The colours of every picture, chosen by meaning: one set of hues stands for classes,
/// another for series (models, or any named line), and no hue is in both.
///
///     classes:  blue, orange, green, cyan, olive, brown    a point: the hue; a region: its tint
///     series:   red, purple, pink, grey                    a curve, a model's mark
///
/// The ten hues are Tableau 10's, split in two. A region's tint mixes its class's hue with
/// white, channel by channel:
///
///     tint = hue + regionLightness · (255 − hue)
///
/// An index beyond a list starts the list again, so more than six classes (or four series)
/// share colours; the legend then tells them apart by its words only.
public enum Palette {
  /// The hues of classes 0, 1, 2, …: blue, orange, green, cyan, olive, brown.
  public static let classHues = ["#1f77b4", "#ff7f0e", "#2ca02c", "#17becf", "#bcbd22", "#8c564b"]
  /// The hues of series 0, 1, 2, …: red, purple, pink, grey.
  public static let seriesHues = ["#d62728", "#9467bd", "#e377c2", "#7f7f7f"]

  /// How far a region's tint goes from its hue towards white: light enough that points of
  /// every class stand out on it, dark enough that the three tints stay apart.
  static let regionLightness = 0.7

  /// The strong colour of class `label`: its points, its legend entry.
  public static func classColor(_ label: Int) -> String {
    entry(label, cyclingThrough: classHues)
  }

  /// The light colour of class `label`: the region where a model predicts it.
  public static func regionColor(_ label: Int) -> String {
    let hue = entry(label, cyclingThrough: classHues)
    let channels = stride(from: 1, to: 7, by: 2).map { offset in
      let start = hue.index(hue.startIndex, offsetBy: offset)
      let value = Double(Int(hue[start..<hue.index(start, offsetBy: 2)], radix: 16)!)
      return Int((value + regionLightness * (255 - value)).rounded())
    }
    return "#" + channels.map { String(format: "%02x", $0) }.joined()
  }

  /// The colour of series `index`: a model's curves, and its mark in every picture.
  public static func seriesColor(_ index: Int) -> String {
    entry(index, cyclingThrough: seriesHues)
  }

  /// The entry of `list` for class or series `index`, starting the list again past its end
  /// (and for negative indices): how the pictures and the terminal pick every colour.
  static func entry<Entry>(_ index: Int, cyclingThrough list: [Entry]) -> Entry {
    list[((index % list.count) + list.count) % list.count]
  }
}
