import Foundation

/// What the benchmark says about the machine it ran on.
struct Machine {
  var model: String
  /// The core's clock in GHz, when the system says.
  var gigahertz: Double?
  /// Double-precision operations one core can start a cycle, from its vector extensions.
  var flopsPerCycle: Double?
  var cores: Int

  /// One core's nominal peak: clock × operations a cycle.
  var peakGigaflops: Double? {
    guard let gigahertz, let flopsPerCycle else { return nil }
    return gigahertz * flopsPerCycle
  }

  var description: String {
    var text = "\(model), \(cores) cores"
    if let gigahertz, let flopsPerCycle, let peak = peakGigaflops {
      text +=
        String(
          format: ", %.2f GHz × %.0f double flops a cycle = %.1f GFLOP/s nominal peak a core",
          gigahertz, flopsPerCycle, peak)
    }
    return text
  }

  /// Reads `/proc/cpuinfo` on Linux; elsewhere reports what it can.
  ///
  /// Operations a cycle: two fused multiply-adds a cycle on 512-bit vectors (AVX-512, 32),
  /// on 256-bit vectors (AVX2 with FMA, 16), one add and one multiply on 256-bit (AVX, 8)
  /// or on 128-bit vectors (SSE2, 4).
  static func current() -> Machine {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
      return Machine(model: "unknown processor", cores: cores)
    }
    func field(_ name: String) -> String? {
      info.split(separator: "\n").first { $0.hasPrefix(name) }?
        .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
    }
    let flags = Set((field("flags") ?? "").split(separator: " ").map(String.init))
    let flopsPerCycle: Double? =
      flags.contains("avx512f")
      ? 32
      : flags.contains("avx2") && flags.contains("fma")
        ? 16
        : flags.contains("avx") ? 8 : flags.contains("sse2") ? 4 : nil
    let maximum =
      (try? String(
        contentsOfFile: "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", encoding: .utf8))
      .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map { $0 / 1e6 }
    let current = field("cpu MHz").flatMap(Double.init).map { $0 / 1000 }
    return Machine(
      model: field("model name") ?? "unknown processor", gigahertz: maximum ?? current,
      flopsPerCycle: flopsPerCycle, cores: cores)
  }
}
