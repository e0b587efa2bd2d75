// swift-tools-version: 6.0
import PackageDescription

/// The course modules, in order. Each is a folder of the same name in
/// `exercises/` and in `solutions/`; its lesson (README.md) is prose, not code.
let modules = [
  "01-Perceptron",
  "02-StepVsSigmoid",
  "03-Softmax",
  "04-CrossEntropy",
  "05-Regularization",
  "06-Backpropagation",
  "07-Momentum",
  "08-SpiralMLP",
  "09-Training",
]

/// In a class edition (`gradkit export --class`), the modules whose solutions it holds so
/// far; `nil` in the full kit, which holds every module's solutions and its own tests.
let released: [String]? = nil

/// The modules whose solutions this kit compiles.
let solved = released ?? modules

/// The targets a class edition leaves out: the reference of the modules it withholds, the
/// kit's own tests of the grader and the pipe, and the benchmark (which trains the reference).
let fullKitOnly = released == nil

/// One library target a module for the learner's editor (`SoftmaxExercise` for
/// `exercises/03-Softmax`): each module compiles on its own, so a mistake in one never
/// hides another's completions. The grader does not use these targets: it compiles each
/// module's files into a program of their own (see `Sources/Grader/Building`).
let exerciseTargets: [Target] = modules.map { folder in
  .target(
    name: String(folder.drop { $0 != "-" }.dropFirst()) + "Exercise",
    dependencies: ["GradKit"],
    path: "exercises/\(folder)",
    exclude: ["README.md"]
  )
}

let package = Package(
  name: "GradKit",
  products: [
    .library(name: "GradKit", targets: ["GradKit"]),
    .executable(name: "gradkit", targets: ["gradkit"]),
  ],
  targets: exerciseTargets + [
    // The numeric engine and the contract each module's exercise and solution implement.
    // Release builds on Linux use the vector instructions of the machine that builds them
    // (AVX2 where there is one): the kit is always built from source where it runs.
    .target(
      name: "GradKit",
      swiftSettings: [
        .unsafeFlags(
          ["-target-cpu", "native"], .when(platforms: [.linux], configuration: .release)),
        // Optimised in debug builds too: the graded tests and every learner program run the
        // engine, and its vector kernels are about six times slower unoptimised. Learners
        // debug their own code, which stays unoptimised.
        .unsafeFlags(["-O"], .when(configuration: .debug)),
      ]
    ),
    // Pictures of training: loss curves, decision regions and their SVG and terminal
    // renderings, for the lab. Apart from the engine so that the engine's optimised build
    // stays small, and so that no learner program links them.
    .target(name: "Plotting", dependencies: ["GradKit"]),
    // The pipe between the graded tests and a learner's program: the learner's side
    // serves a lesson's functions, the grader's side calls them as if they were local.
    .target(name: "LessonWire", dependencies: ["GradKit"]),
    // The reference as the graded tests and the lab reach it: the solutions compiled in, or,
    // in a class edition, what was recorded of them (its Tapes folder).
    .target(
      name: "References", dependencies: ["GradKit", "LessonWire"] + solutions,
      exclude: fullKitOnly ? [] : ["Tapes"]),
    // The grader: the course registry, the builds, the test runner, the board and the reports.
    .target(name: "Grader", dependencies: ["LessonWire"]),
    // The command-line tool. It links none of the learner's code, so it builds and
    // reports whatever state the exercises are in.
    .executableTarget(name: "gradkit", dependencies: ["Grader"]),
    // The lab: the reference beside the learner's programs (`gradkit compare`, `check`,
    // `train`), and the training benchmark.
    .executableTarget(
      name: "gradkit-lab",
      dependencies: ["GradKit", "LessonWire", "Grader", "References", "Plotting"] + solutions,
      path: "Sources/Lab",
      // The benchmark's numpy peer, run by `gradkit bench`, and the record of its tuning;
      // a class edition has no benchmark.
      exclude: fullKitOnly ? ["Bench/numpy_peer.py", "Bench/numpy_tuning.py"] : ["Bench"],
      swiftSettings: fullKitOnly ? [] : [.define("GRADKIT_CLASS_EDITION")]
    ),
    .testTarget(name: "GradKitTests", dependencies: ["GradKit", "Plotting"]),
    // The graded suites, one per module, plus the planted-bug checks that prove each suite bites.
    // Each module's CONTRACT.md traces its contract's promises to tests: prose, like the lessons.
    .testTarget(
      name: "GradedTests", dependencies: ["GradKit", "LessonWire", "References"] + solutions,
      exclude: modules.map { "\($0)/CONTRACT.md" }),
  ] + solutionTargets + kitTests,
  swiftLanguageModes: [.v6]
)

/// The reference implementation, file for file: every module's, or a class edition's
/// released ones (none, at first).
var solutionTargets: [Target] {
  guard !solved.isEmpty else { return [] }
  return [
    .target(
      name: "Solutions", dependencies: ["GradKit"], path: "solutions",
      exclude: solved.map { "\($0)/README.md" } + (fullKitOnly ? [] : ["README.md"]),
      // Optimised in debug builds too, like the engine: the graded tests, the lab and
      // `gradkit train` run the reference's training loops, about twice as fast optimised.
      // Optimisation changes no result (Swift never reorders floating-point arithmetic).
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))])
  ]
}

/// What depends on the reference implementation, when the kit compiles one.
var solutions: [Target.Dependency] {
  solved.isEmpty ? [] : ["Solutions"]
}

/// The kit's tests of its grader and its pipe, which a class edition leaves out.
var kitTests: [Target] {
  guard fullKitOnly else { return [] }
  return [
    // A learner program with known faults (crashes, hangs, stray output), for the wire's tests.
    .executableTarget(
      name: "wire-fixture", dependencies: ["LessonWire"], path: "Tests/WireFixture"),
    .testTarget(name: "LessonWireTests", dependencies: ["LessonWire", "wire-fixture"]),
    // The lab is built for the tests that run it, as `gradkit train` does.
    .testTarget(
      name: "GraderTests", dependencies: ["Grader", "GradKit", "gradkit-lab"],
      exclude: ["Fixtures"]),
  ]
}
