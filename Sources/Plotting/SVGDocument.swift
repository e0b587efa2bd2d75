import Foundation
import GradKit

/// One SVG element: a name, attributes in the order given, and either text or children.
///
///     <name a="1" b="2">text</name>      <name a="1"><child/>…</name>      <name a="1"/>
///
/// Attribute values and text are escaped when rendered, so any string (a title with `<`
/// or `&`) gives well-formed XML.
public struct SVGElement: Sendable {
  /// The tag, e.g. `rect`.
  public var name: String
  /// The attributes, written in this order.
  public var attributes: [(name: String, value: String)]
  /// Character data inside the element, e.g. the words of a `text`.
  public var text: String?
  /// The nested elements, written after `text`.
  public var children: [SVGElement]

  public init(
    _ name: String,
    _ attributes: [(name: String, value: String)] = [],
    text: String? = nil,
    children: [SVGElement] = []
  ) {
    self.name = name
    self.attributes = attributes
    self.text = text
    self.children = children
  }

  /// The element as XML, each element on its own line, indented two spaces per level.
  public func rendered(depth: Int = 0) -> String {
    let indent = String(repeating: "  ", count: depth)
    let attributeText = attributes.map { " \($0.name)=\"\(SVGDocument.escaped($0.value))\"" }
      .joined()
    let open = "\(indent)<\(name)\(attributeText)"
    if text == nil && children.isEmpty {
      return open + "/>"
    }
    let body = text.map(SVGDocument.escaped) ?? ""
    if children.isEmpty {
      return "\(open)>\(body)</\(name)>"
    }
    let inner = children.map { $0.rendered(depth: depth + 1) }.joined(separator: "\n")
    return "\(open)>\(body)\n\(inner)\n\(indent)</\(name)>"
  }
}

/// A whole SVG picture: a canvas of `width×height` user units and the elements drawn on it.
///
///     <svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%"
///          viewBox="0 0 W H" preserveAspectRatio="xMidYMid meet"><title>…</title>…</svg>
///
/// The origin is the top-left corner and y grows downwards. The picture fills the window it
/// is opened in, scaled without distortion and centred, so it is as large as the screen
/// allows and never cut off. Written by hand, without dependencies; any browser opens it.
public struct SVGDocument: Sendable {
  /// The canvas width, in user units.
  public var width: Double
  /// The canvas height, in user units.
  public var height: Double
  /// What the picture shows, in a `<title>`: the name of a browser's tab, and read aloud by
  /// screen readers.
  public var title: String?
  /// The top-level elements, drawn in order (later ones on top).
  public var elements: [SVGElement]

  public init(width: Double, height: Double, title: String? = nil, elements: [SVGElement] = []) {
    self.width = width
    self.height = height
    self.title = title
    self.elements = elements
  }

  /// Adds `element` on top of everything drawn so far.
  public mutating func append(_ element: SVGElement) {
    elements.append(element)
  }

  /// The document as the text of an `.svg` file.
  public var text: String {
    let (w, h) = (SVGDocument.number(width), SVGDocument.number(height))
    let root = SVGElement(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("width", "100%"), ("height", "100%"),
        ("viewBox", "0 0 \(w) \(h)"), ("preserveAspectRatio", "xMidYMid meet"),
        ("font-family", "Helvetica, Arial, sans-serif"),
      ],
      children: (title.map { [SVGElement("title", text: $0)] } ?? []) + elements)
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.rendered() + "\n"
  }

  /// Writes ``text`` to `url` as UTF-8.
  public func write(to url: URL) throws {
    try Data(text.utf8).write(to: url, options: .atomic)
  }

  /// `text` with the five XML special characters replaced by entities.
  ///
  ///     & → &amp;   < → &lt;   > → &gt;   " → &quot;   ' → &apos;
  ///
  /// Safe both in attribute values (which are written in double quotes) and in text.
  public static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default: result.append(character)
      }
    }
    return result
  }

  /// A coordinate as short text: at most two decimals, no trailing zeros (`12.5`, `3`, `-0.25`).
  ///
  /// Two decimals of a user unit are finer than any screen pixel. Non-finite values
  /// have no place in SVG; callers leave them out.
  public static func number(_ x: Double) -> String {
    var text = String(format: "%.2f", x)
    while text.contains("."), let last = text.last, last == "0" || last == "." {
      text.removeLast()
    }
    return text == "-0" ? "0" : text
  }
}
