/// What `gradkit bench` passes to `gradkit-lab bench` and `kernels`: `--points N --seed S`,
/// and for `bench` also `--iterations I --export PATH`. Each benchmark takes the options it
/// needs and prints its usage when one is missing.
struct BenchmarkOptions {
  /// Points per class of the seeded spiral.
  var points: Int?
  /// Training iterations.
  var iterations: Int?
  var seed: UInt64?
  /// Where to write the job that the numpy peer reads.
  var export: String?

  /// The options in `arguments`.
  init(parsing arguments: [String]) throws(UsageError) {
    var cursor = OptionCursor(arguments)
    while let flag = cursor.next() {
      switch flag {
      case "--points": points = try cursor.count(of: flag, atLeast: 1)
      case "--iterations": iterations = try cursor.count(of: flag, atLeast: 1)
      case "--seed": seed = try cursor.seed(of: flag)
      case "--export": export = try cursor.value(of: flag)
      default: throw UsageError("unknown option '\(flag)'")
      }
    }
  }
}
