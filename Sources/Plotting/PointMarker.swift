import GradKit

/// How a data point is drawn, by the set it comes from; its colour says its class.
///
///     training:    ●  a disc filled with the colour, outlined in near-black
///     validation:  ○  a white disc ringed with the colour, a little larger
///
/// The same marks stand in the legend, so a reader learns them once.
enum PointMarker: String {
  case training
  case validation

  /// The radius of a training point: large enough to see its colour on a tint, small
  /// enough that a spiral arm of a hundred points stays a line of dots.
  static let trainingRadius = 3.5
  /// The ring's radius: a ring looks smaller than a disc of the same size, so a little
  /// larger, with the ring's width outside it.
  static let validationRadius = 3.6
  /// The ring's width: half of it inside, leaving a white centre about as wide as the ring.
  static let ringWidth = 1.8

  /// A circle centred at (x, y) in `color`, with `class` naming the marker.
  func circle(x: Double, y: Double, color: String) -> SVGElement {
    let n = SVGDocument.number
    let position = [("class", rawValue), ("cx", n(x)), ("cy", n(y))]
    switch self {
    case .training:
      return SVGElement(
        "circle",
        position + [
          ("r", n(Self.trainingRadius)), ("fill", color), ("stroke", "#222222"),
          ("stroke-width", "0.6"),
        ])
    case .validation:
      return SVGElement(
        "circle",
        position + [
          ("r", n(Self.validationRadius)), ("fill", "#ffffff"), ("stroke", color),
          ("stroke-width", n(Self.ringWidth)),
        ])
    }
  }
}
