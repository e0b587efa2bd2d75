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

/// Each module's lesson, `NN-Name/README.md`: prose the compiler must not see.
let lessons = modules.map { "\($0)/README.md" }

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
          ["-target-cpu", "native"], .when(platforms: [.linux], configuration: .release))
      ]
    ),
    // The pipe between the graded tests and a learner's program: the learner's side
    // serves a lesson's functions, the grader's side calls them as if they were local.
    .target(name: "LessonWire", dependencies: ["GradKit"]),
    // The reference implementation, file for file.
    .target(
      name: "Solutions",
      dependencies: ["GradKit"],
      path: "solutions",
      exclude: lessons
    ),
    // The grader: the course registry, the builds, the test runner, the board and the reports.
    .target(name: "Grader", dependencies: ["LessonWire"]),
    // The command-line tool. It links none of the learner's code, so it builds and
    // reports whatever state the exercises are in.
    .executableTarget(name: "gradkit", dependencies: ["Grader"]),
    // The lab: the reference beside the learner's programs (`gradkit compare`, `check`,
    // `train`), and the training benchmark.
    .executableTarget(
      name: "gradkit-lab",
      dependencies: ["GradKit", "LessonWire", "Grader", "Solutions"],
      path: "Sources/Lab",
      // The benchmark's numpy peer, run by `gradkit bench`.
      exclude: ["Bench/numpy_peer.py"]
    ),
    .testTarget(name: "GradKitTests", dependencies: ["GradKit"]),
    // A learner program with known faults (crashes, hangs, stray output), for the wire's tests.
    .executableTarget(
      name: "wire-fixture", dependencies: ["LessonWire"], path: "Tests/WireFixture"),
    .testTarget(name: "LessonWireTests", dependencies: ["LessonWire", "wire-fixture"]),
    .testTarget(
      name: "GraderTests", dependencies: ["Grader", "GradKit"], exclude: ["Fixtures"]),
    // The graded suites, one per module, plus the planted-bug checks that prove each suite bites.
    // Each module's CONTRACT.md traces its contract's promises to tests: prose, like the lessons.
    .testTarget(
      name: "GradedTests", dependencies: ["GradKit", "LessonWire", "Solutions"],
      exclude: [
        "01-Perceptron/CONTRACT.md", "02-StepVsSigmoid/CONTRACT.md", "03-Softmax/CONTRACT.md",
        "04-CrossEntropy/CONTRACT.md",
        "09-Training/CONTRACT.md",
      ]),
  ],
  swiftLanguageModes: [.v6]
)
