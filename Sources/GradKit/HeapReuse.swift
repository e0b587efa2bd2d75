#if canImport(Glibc)
  import Glibc
#endif

/// Asks glibc's allocator, once, to keep the memory of freed matrices for the next ones.
///
///     mallopt(M_MMAP_THRESHOLD, 32 MiB),   mallopt(M_TRIM_THRESHOLD, 64 MiB)
///
/// By default glibc maps large blocks straight from the kernel, and gives the top of its
/// heap back as soon as about twice the largest block lies free there. One training step
/// of a network allocates and frees several matrices that large at once (300×100 is
/// 240 KB), so every step returned their pages and faulted them in again: more than
/// three quarters of the step's time. These are the largest values glibc's own adaptive
/// thresholds can reach; the process keeps at most 64 MiB that it no longer uses. Swift's
/// Glibc module does not import `<malloc.h>`, so `mallopt` is looked up by name and its
/// two option numbers are written out. Other platforms are left as they are.
@usableFromInline
let heapReusesFreedMatrices: Bool = {
  #if canImport(Glibc)
    typealias Mallopt = @convention(c) (_ option: Int32, _ value: Int32) -> Int32
    // dlsym(RTLD_DEFAULT, …); RTLD_DEFAULT is the null handle.
    guard let symbol = dlsym(nil, "mallopt") else { return false }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // from <malloc.h>
    return mallopt(mmapThreshold, 32 << 20) == 1 && mallopt(trimThreshold, 64 << 20) == 1
  #else
    return false
  #endif
}()
