extension Course {
  /// The modules `names` select, in course order; all of them when `names` is empty.
  ///
  /// - Throws: ``GraderError/usage(_:)`` for a name no module has, listing the modules.
  public static func modules(named names: [String], command: String) throws(GraderError)
    -> [CourseModule]
  {
    if names.isEmpty { return modules }
    var chosen: [CourseModule] = []
    for name in names {
      guard let module = module(named: name) else {
        let guess = Arguments.closest(to: name.lowercased(), among: modules.map(\.name))
        throw .usage(
          "there is no module '\(name)'."
            + (guess.map { " Did you mean '\($0)'?" } ?? "")
            + " Name one by number or name:\n\(listing)\n"
            + "e.g. 'gradkit \(command) 01' or 'gradkit \(command) \(modules[0].name)'.")
      }
      if !chosen.contains(module) { chosen.append(module) }
    }
    return chosen.sorted { $0.number < $1.number }
  }

  /// The one module `names` selects.
  ///
  /// - Throws: ``GraderError/usage(_:)`` unless exactly one known module is named.
  public static func singleModule(named names: [String], command: String) throws(GraderError)
    -> CourseModule
  {
    guard names.count == 1 else {
      throw .usage(
        "'gradkit \(command)' takes one module, by number or name:\n\(listing)\n"
          + "e.g. 'gradkit \(command) 01'.")
    }
    return try modules(named: names, command: command)[0]
  }

  /// The modules, a line each: `  01  perceptron   The perceptron`.
  public static var listing: String {
    modules.map { "  \($0.code)  \(padded($0.name, to: 16)) \($0.title)" }
      .joined(separator: "\n")
  }
}

extension Course {
  /// The module whose graded suite holds the test `id` (`GradedTests.SoftmaxTests/…`).
  public static func module(ofTest id: String) -> CourseModule? {
    guard id.hasPrefix("GradedTests.") else { return nil }
    let suite = id.dropFirst("GradedTests.".count).prefix { $0 != "/" && $0 != "." }
    return modules.first { $0.suite == suite }
  }
}
