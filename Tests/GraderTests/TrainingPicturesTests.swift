import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Module 09's pictures as `gradkit train training --solutions` writes them: the lab run on
/// the reference, into a scratch folder, once for every test of the suite.
@Suite("gradkit train training: the pictures")
struct TrainingPicturesTests {
  /// The pictures, by file name, and what the lab printed.
  struct Run: Sendable {
    let pictures: [String: String]
    let output: String
  }

  /// `gradkit-lab`, built beside the test product.
  static let lab: URL = {
    let products =
      Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?
      .deletingLastPathComponent()
      ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return products.appendingPathComponent("gradkit-lab")
  }()

  static let names = [
    "training-early-stopping.svg", "training-batches.svg", "training-dropout.svg",
    "training-dropout-curves.svg", "training-gradients.svg",
  ]

  /// The lab's run, on a thread of its own: it trains for a few seconds.
  static let run = Task { try? await onOwnThread(runLab) }

  static func runLab() -> Run? {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradkit-train-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = lab
    process.arguments = [
      "train", "training", "--side", "reference", "--seed", "3", "--no-color", "--output",
      folder.path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return nil }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    var pictures: [String: String] = [:]
    for name in names {
      pictures[name] = try? String(
        contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }
    return Run(pictures: pictures, output: output)
  }

  /// The nodes an XPath query finds, or none.
  static func nodes(_ query: String, in node: XMLNode) -> [XMLNode] {
    (try? node.nodes(forXPath: query)) ?? []
  }

  /// The elements with `class` among `node`'s descendants.
  static func elements(class name: String, in node: XMLNode) -> [XMLNode] {
    nodes(".//*[@class='\(name)']", in: node)
  }

  @Test("each picture is an SVG that scales to the window, with a legend and ticked axes")
  func wellFormed() async throws {
    let run = try #require(await Self.run.value, "the lab did not run: \(Self.lab.path)")
    for name in Self.names {
      let text = try #require(run.pictures[name], "\(name) was not written")
      let document = try XMLDocument(xmlString: text)
      let root = try #require(document.rootElement())
      #expect(root.localName == "svg", "\(name)")
      let viewBox = (Self.nodes("@viewBox", in: root).first?.stringValue ?? "")
        .split(separator: " ").compactMap { Double($0) }
      #expect(viewBox.count == 4 && viewBox[2] > 0 && viewBox[3] > 0, "\(name): viewBox")
      #expect(Self.nodes("@width", in: root).first?.stringValue == "100%", "\(name)")
      let legend = Self.elements(class: "legend", in: root)
      #expect(legend.count == 1, "\(name): one legend")
      #expect(
        legend.flatMap { Self.elements(class: "legend-entry", in: $0) }.count >= 2,
        "\(name): the legend names at least two things")
      let panels = Self.elements(class: "panel", in: root)
      #expect(!panels.isEmpty, "\(name): panels")
      for panel in panels {
        for axis in ["x-axis", "y-axis"] {
          let group = try #require(Self.elements(class: axis, in: panel).first, "\(name) \(axis)")
          let ticks = Self.elements(class: "tick", in: group)
          #expect(ticks.count >= 2, "\(name) \(axis): ticks")
          #expect(
            Self.elements(class: "tick-label", in: group).count == ticks.count,
            "\(name) \(axis): a label per tick")
          #expect(Self.elements(class: "axis-label", in: group).count == 1, "\(name) \(axis)")
        }
      }
      #expect(run.output.contains(name), "the run names where \(name) went")
    }
  }

  @Test("early stopping marks the checkpoint and the stop in both panels")
  func earlyStoppingMarkers() async throws {
    let run = try #require(await Self.run.value, "the lab did not run")
    let text = try #require(run.pictures["training-early-stopping.svg"])
    let root = try #require(try XMLDocument(xmlString: text).rootElement())
    let panels = Self.elements(class: "panel", in: root)
    try #require(panels.count == 2)
    for panel in panels {
      let markers = Self.elements(class: "marker", in: panel)
      #expect(markers.count == 2, "the checkpoint and the stop")
    }
    let legend = Self.elements(class: "legend-entry", in: root).compactMap(\.stringValue)
      .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    try #require(legend.count == 4, "\(legend)")
    #expect(Array(legend.prefix(2)) == ["training", "validation"])
    #expect(legend[2].hasPrefix("checkpoint: epoch "))
    #expect(legend[3].hasPrefix("stopped: epoch "))
  }

  @Test("gradient norms sit on a logarithmic axis ticked at powers of ten")
  func logarithmicNorms() async throws {
    let run = try #require(await Self.run.value, "the lab did not run")
    let text = try #require(run.pictures["training-gradients.svg"])
    let root = try #require(try XMLDocument(xmlString: text).rootElement())
    let panels = Self.elements(class: "panel", in: root)
    try #require(panels.count == 2, "a panel for tanh and one for ReLU")
    for panel in panels {
      let yAxis = try #require(Self.elements(class: "y-axis", in: panel).first)
      let labels = Self.elements(class: "tick-label", in: yAxis).compactMap(\.stringValue)
      #expect(labels.count >= 4 && labels.allSatisfy { $0.hasPrefix("10") }, "\(labels)")
      #expect(Self.elements(class: "curve", in: panel).count == 3, "one line per scale")
    }
  }
}
