#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The processor time this process has used, user and system, in seconds.
///
///     clock_gettime(CLOCK_PROCESS_CPUTIME_ID)
///
/// The benchmark times both sides with it (numpy with `time.process_time()`, the same
/// clock): on a machine shared with other work, time spent waiting for a core is not the
/// code's own, and wall-clock figures swing with the other work by ±30%.
func processorSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
