import Foundation

/// `gradkit export`: the kit packaged for an autograder or for a class.
public struct ExportCommand: GraderCommand {
  public static let name = "export"
  public static let abstract = "package the kit for Gradescope, or as a class edition for learners"
  public static let flags: [String] = []
  public static let options = ["--gradescope", "--class", "--release"]
  public static let help = """
    Usage: gradkit export --gradescope DIR
           gradkit export --class DIR [--release MODULE]…

    For instructors.

      --gradescope DIR     writes Gradescope's autograder into DIR: setup.sh
                           (installs a pinned Swift \(GradescopeBundle.swiftVersion) on \(GradescopeBundle.baseImage),
                           Gradescope's default base image, and builds and warms
                           the kit), run_autograder (grades
                           /autograder/submission in the sandbox and writes
                           results.json), beside a copy of this checkout.
                           Zip the folder's contents and upload the zip.
      --class DIR          writes a class edition into DIR: the kit without the
                           reference solutions, for learners. It builds, grades
                           their work with the same tests and messages (the
                           reference's values for those tests come recorded),
                           and 'compare' says the reference is released later.
                           It carries a GitHub Actions workflow that grades
                           every push.
      --release MODULE     with --class: a module whose solutions the edition
                           includes (repeat it; by number or name)

    Examples:
      swift run gradkit export --gradescope ~/gradescope-gradkit
      swift run gradkit export --class ~/class-edition --release 01 --release 02
    """

  var gradescope: String?
  var classEdition: String?
  var released: [CourseModule]

  public init(_ arguments: Arguments) throws(GraderError) {
    gradescope = arguments.value(of: "--gradescope")
    classEdition = arguments.value(of: "--class")
    released = try Course.modules(named: arguments.values(of: "--release"), command: Self.name)
    if arguments.values(of: "--release").isEmpty { released = [] }
    guard (gradescope == nil) != (classEdition == nil), arguments.positionals.isEmpty else {
      throw .usage("give one of --gradescope DIR or --class DIR. See 'gradkit export --help'.")
    }
    if gradescope != nil, !released.isEmpty {
      throw .usage("--release goes with --class: the Gradescope autograder holds every solution.")
    }
    for (module, needed) in ClassEdition.referencesNeeded
    where released.contains(module) && !released.contains(needed) {
      throw .usage(
        "module \(module.code) (\(module.name)) trains module \(needed.code)'s network with its"
          + " reference, so releasing \(module.code) releases \(needed.code) too: add"
          + " '--release \(needed.code)'.")
    }
  }

  public func run(_ context: Context) throws(GraderError) -> ExitCode {
    let workspace = try Workspace.locate(from: context.directory)
    if let gradescope {
      let folder = URL(fileURLWithPath: gradescope, relativeTo: context.directory)
        .standardizedFileURL
      try GradescopeBundle.write(from: workspace, to: folder)
      context.line("Wrote Gradescope's autograder to \(folder.path):")
      context.line("  setup.sh and run_autograder, beside a copy of this checkout")
      context.line("Zip the folder's contents ('cd \(folder.path) && zip -r ../autograder.zip .')")
      context.line(
        "and upload the zip as the assignment's autograder (\(GradescopeBundle.baseImage) base image)."
      )
      return .success
    }
    let folder = URL(fileURLWithPath: classEdition ?? "", relativeTo: context.directory)
      .standardizedFileURL
    if Edition.isClassEdition {
      throw .usage("this kit is a class edition already: export from the instructor's full kit.")
    }
    try ClassEdition.write(from: workspace, to: folder, released: released, context: context)
    let withheld = Course.modules.filter { !released.contains($0) }
    context.line("Wrote a class edition to \(folder.path):")
    context.line(
      "  solutions of \(released.isEmpty ? "no module yet" : released.map(\.code).joined(separator: ", "));"
        + " the reference of \(withheld.map(\.code).joined(separator: ", ")) recorded for seed"
        + " \(ClassEdition.recordedSeed)")
    context.line("  a GitHub Actions workflow in \(ClassroomWorkflow.path) that grades every push")
    context.line(
      "Push it as your class's template repository; grade their work with this full kit.")
    return .success
  }
}
