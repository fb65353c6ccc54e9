#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back large, randomly read buffers with 2 MiB pages.
///
/// A lookup over a city-sized index, or a batch written back to input order, touches a
/// different 4 KiB page almost every time: the TLB misses, not the cache misses, set the pace.
/// On Linux with transparent huge pages in `madvise` mode (Debian's default) memory is only
/// given huge pages where asked. Must run before the memory is first written; elsewhere, and
/// for small buffers, it does nothing.
public enum HugePages {
    /// Buffers smaller than this keep ordinary pages (a huge page would be mostly empty).
    public static let threshold = 4 << 20

    /// `WANGGE_HUGE_PAGES=off` turns the advice off, to measure what it brings.
    static let enabled = getenv("WANGGE_HUGE_PAGES").map { String(cString: $0) != "off" } ?? true

    /// Advises the whole 2 MiB-aligned part of `bytes` bytes from `start`.
    public static func advise(_ start: UnsafeMutableRawPointer?, bytes: Int) {
        #if os(Linux)
        guard let start, bytes >= threshold, enabled else { return }
        let huge = UInt(2 << 20)
        let from = (UInt(bitPattern: start) + huge - 1) & ~(huge - 1)
        let to = (UInt(bitPattern: start) + UInt(bytes)) & ~(huge - 1)
        guard to > from, let p = UnsafeMutableRawPointer(bitPattern: from) else { return }
        _ = madvise(p, Int(to - from), MADV_HUGEPAGE)
        #endif
    }

    /// An array of `count` elements built by `initialize`, on huge pages when it is large.
    @inlinable
    public static func array<T>(count: Int, _ initialize: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            advise(UnsafeMutableRawPointer(buffer.baseAddress), bytes: count * MemoryLayout<T>.stride)
            initialize(buffer)
            initialized = count
        }
    }
}
