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
]

/// Each module's lesson, `NN-Name/README.md`: prose the compiler must not see.
let lessons = modules.map { "\($0)/README.md" }

let package = Package(
  name: "GradKit",
  products: [
    .library(name: "GradKit", targets: ["GradKit"]),
    .executable(name: "gradkit", targets: ["gradkit"]),
  ],
  targets: [
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
    // The learner's work.
    .target(
      name: "Exercises",
      dependencies: ["GradKit"],
      path: "exercises",
      exclude: lessons
    ),
    // The reference implementation, file for file.
    .target(
      name: "Solutions",
      dependencies: ["GradKit"],
      path: "solutions",
      exclude: lessons
    ),
    // The grader: the course registry, the test runner, the board and the reports.
    .target(name: "Grader"),
    // The command-line tool. It does not link the learner's code, so it builds
    // and reports even when an exercise does not compile.
    .executableTarget(name: "gradkit", dependencies: ["Grader"]),
    // The lab: the one program that links the learner's code and the reference, to run
    // them side by side (`gradkit compare`), train them (`gradkit train`) and time them.
    .executableTarget(
      name: "gradkit-lab",
      dependencies: ["GradKit", "Grader", "Exercises", "Solutions"],
      path: "Sources/Lab",
      // The benchmark's numpy peer, run by `gradkit bench`.
      exclude: ["Bench/numpy_peer.py"]
    ),
    .testTarget(name: "GradKitTests", dependencies: ["GradKit"]),
    .testTarget(name: "GraderTests", dependencies: ["Grader", "GradKit"], exclude: ["Fixtures"]),
    // The graded suites, one per module, plus the planted-bug checks that prove each suite bites.
    .testTarget(
      name: "GradedTests",
      dependencies: ["GradKit", "Exercises", "Solutions"],
      // Each module's table of contract sentences and the tests that check them.
      exclude: [
        "05-Regularization/CONTRACT.md",
        "06-Backpropagation/CONTRACT.md",
        "07-Momentum/CONTRACT.md",
        "08-SpiralMLP/CONTRACT.md",
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
