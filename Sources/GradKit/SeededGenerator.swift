import Foundation

/// A small, fast random number generator that gives the same numbers for the same seed
/// on every platform: xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
///
///     result = rotl(s₁ · 5, 7) · 9        then the 256-bit state s₀…s₃ is shuffled
///
/// Pass it `inout` to everything that draws numbers, so a whole run is reproducible from
/// one seed. Not for cryptography.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)
  /// The second normal sample of the last Box–Muller pair, not yet handed out.
  private var spareGaussian: Double?

  /// A generator whose whole sequence is fixed by `seed`.
  ///
  ///     sᵢ = SplitMix64(seed), four consecutive outputs
  ///
  /// SplitMix64 spreads any seed, even 0, over the 256 state bits, which xoshiro needs
  /// (an all-zero state would only ever produce zeros).
  public init(seed: UInt64) {
    var mixer = SplitMix64(state: seed)
    state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
  }

  /// The next 64 random bits.
  ///
  ///     result = rotl(s₁ · 5, 7) · 9   (multiplications wrap modulo 2⁶⁴)
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, by: 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = rotateLeft(state.3, by: 45)
    return result
  }

  /// A uniform sample from [0, 1) with 53 random bits, the precision of a `Double`.
  ///
  ///     u = (next() >> 11) · 2⁻⁵³
  ///
  /// Every value is a multiple of 2⁻⁵³; 0 is possible, 1 never is.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform sample from `range`.
  ///
  ///     x = lower + (upper − lower) · u,   u uniform in [0, 1)
  ///
  /// The upper bound is reached only when the rounding of the last step lands on it.
  public mutating func uniform(in range: ClosedRange<Double>) -> Double {
    range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
  }

  /// A normal sample, by the Box–Muller transform.
  ///
  ///     z₀ = √(−2 ln u₁) · cos(2π u₂),   z₁ = √(−2 ln u₁) · sin(2π u₂),   u₁ ∈ (0, 1]
  ///     x = mean + standardDeviation · z
  ///
  /// Each pair of uniforms gives two independent standard normals: z₀ is returned now and
  /// z₁ by the next call. Uses 1 − uniform() for u₁ so ln never sees 0. The samples are
  /// exact functions of the seed, up to how the platform's `log`, `cos` and `sin` round
  /// (`sqrt` is always correctly rounded).
  public mutating func gaussian(mean: Double = 0, standardDeviation: Double = 1) -> Double {
    mean + standardDeviation * standardNormal()
  }

  private mutating func standardNormal() -> Double {
    if let spare = spareGaussian {
      spareGaussian = nil
      return spare
    }
    let u1 = 1 - uniform()
    let u2 = uniform()
    let radius = sqrt(-2 * log(u1))
    let angle = 2 * Double.pi * u2
    spareGaussian = radius * sin(angle)
    return radius * cos(angle)
  }

  /// A uniform random integer in `0..<n`, without modulo bias.
  ///
  ///     accept r = next() only if r ≥ 2⁶⁴ mod n, then return r mod n
  ///
  /// Rejecting the lowest (2⁶⁴ mod n) values leaves a whole number of copies of 0..<n;
  /// for any n used in practice a rejection almost never happens.
  public mutating func index(below n: Int) -> Int {
    require(n > 0, "index(below:) needs n > 0, got \(n)")
    let bound = UInt64(n)
    let threshold = (0 &- bound) % bound
    while true {
      let r = next()
      if r >= threshold {
        return Int(r % bound)
      }
    }
  }

  /// The elements of `a` in a random order (Fisher–Yates).
  ///
  ///     for i = n−1 down to 1: swap a[i] with a[index(below: i + 1)]
  ///
  /// Written out rather than using the standard library's `shuffle(using:)`, whose way of
  /// drawing numbers is not promised to stay the same across Swift versions.
  public mutating func shuffled<T>(_ a: [T]) -> [T] {
    var result = a
    for i in stride(from: result.count - 1, to: 0, by: -1) {
      result.swapAt(i, index(below: i + 1))
    }
    return result
  }
}

extension SeededGenerator {
  /// The generator's whole state: the four xoshiro words, then the spare normal sample.
  ///
  /// For handing a generator to the learner's process and back, so that draws made there
  /// continue the same sequence.
  package var snapshot: (words: [UInt64], spareGaussian: Double?) {
    ([state.0, state.1, state.2, state.3], spareGaussian)
  }

  /// The generator a ``snapshot`` describes; `words` holds exactly four values.
  package init(words: [UInt64], spareGaussian: Double?) {
    require(words.count == 4, "a generator's state is 4 words, got \(words.count)")
    state = (words[0], words[1], words[2], words[3])
    self.spareGaussian = spareGaussian
  }
}

private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
  (x << k) | (x >> (64 - k))
}

/// SplitMix64 (Steele, Lea and Flood): turns a counter into well-mixed 64-bit values.
///
///     state += 0x9E3779B97F4A7C15;  z = mix(state)
private struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
