import GradKit

/// The bottom and left axes of a plot area, with ticks and labels in data coordinates.
///
///     screen x = fraction(x) · width,   screen y = (1 − fraction(y)) · height
///
/// measured from the plot area's top-left corner (SVG's y points down). Drawn as a
/// `<g class="x-axis">` and a `<g class="y-axis">`, each holding its `axis-line`, its
/// `tick` marks pointing outwards, a `tick-label` per tick and the `axis-label`, its name.
struct PlotAxes {
  /// The horizontal axis.
  let x: AxisScale
  /// The vertical axis.
  let y: AxisScale
  /// The horizontal axis's name, e.g. "iteration".
  let xLabel: String
  /// The vertical axis's name, e.g. "loss".
  let yLabel: String
  /// The plot area's width in user units.
  let width: Double
  /// The plot area's height in user units.
  let height: Double

  /// Room left of the plot area: the widest tick label (about six digits) and the
  /// rotated axis name.
  static let leftRoom = 56.0
  /// Room below the plot area: one line of tick labels and the axis name.
  static let bottomRoom = 40.0
  /// How far a tick sticks out of the plot area.
  static let tickLength = 5.0
  /// The colour of axis lines, ticks and their words: dark grey, quieter than the data.
  static let ink = "#444444"

  /// The screen x of the data value `value`.
  func screenX(_ value: Double) -> Double {
    x.fraction(value) * width
  }

  /// The screen y of the data value `value`.
  func screenY(_ value: Double) -> Double {
    (1 - y.fraction(value)) * height
  }

  /// The two axes, the x axis first.
  var elements: [SVGElement] {
    let tickLength = Self.tickLength
    var xAxis = [line(0, height, width, height, class: "axis-line")]
    for value in x.ticks {
      let at = screenX(value)
      xAxis.append(line(at, height, at, height + tickLength, class: "tick"))
      xAxis.append(
        text(x.tickLabel(value), x: at, y: height + tickLength + 12, anchor: "middle"))
    }
    xAxis.append(
      text(
        xLabel, x: width / 2, y: height + Self.bottomRoom - 4, anchor: "middle",
        class: "axis-label"))

    var yAxis = [line(0, 0, 0, height, class: "axis-line")]
    for value in y.ticks {
      let at = screenY(value)
      yAxis.append(line(-tickLength, at, 0, at, class: "tick"))
      yAxis.append(text(y.tickLabel(value), x: -tickLength - 3, y: at + 4, anchor: "end"))
    }
    var name = text(yLabel, x: 0, y: 0, anchor: "middle", class: "axis-label")
    let n = SVGDocument.number
    name.attributes.append(
      ("transform", "translate(\(n(14 - Self.leftRoom)) \(n(height / 2))) rotate(-90)"))
    yAxis.append(name)

    return [
      SVGElement("g", [("class", "x-axis")], children: xAxis),
      SVGElement("g", [("class", "y-axis")], children: yAxis),
    ]
  }

  /// Faint lines across the plot area at the y ticks, to read a curve's values off the
  /// axis; drawn first, under the data.
  var gridlines: SVGElement {
    SVGElement(
      "g", [("class", "gridlines"), ("stroke", "#e6e6e6")],
      children: y.ticks.map { value in
        let n = SVGDocument.number
        let at = n(screenY(value))
        return SVGElement("line", [("x1", "0"), ("y1", at), ("x2", n(width)), ("y2", at)])
      })
  }

  private func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, class name: String
  ) -> SVGElement {
    let n = SVGDocument.number
    return SVGElement(
      "line",
      [
        ("class", name), ("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)),
        ("stroke", Self.ink),
      ])
  }

  private func text(
    _ words: String, x: Double, y: Double, anchor: String, class name: String = "tick-label"
  ) -> SVGElement {
    SVGElement(
      "text",
      [
        ("class", name), ("x", SVGDocument.number(x)), ("y", SVGDocument.number(y)),
        ("text-anchor", anchor), ("font-size", name == "axis-label" ? "13" : "11"),
        ("fill", Self.ink),
      ],
      text: words)
  }
}
