import GridGeo
#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory: pages are read from the page cache when first touched
/// and shared with every other process that maps the same file, so an index of gigabytes costs
/// a process only the pages its queries reach.
public final class MappedFile: @unchecked Sendable {
    // @unchecked Sendable: the mapping is read-only and never changes while mapped.
    public let base: UnsafeRawPointer
    public let count: Int

    /// Maps the whole file at `path`.
    public init(path: String) throws(LocatorImageError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, why: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, why: String(cString: strerror(errno))) }
        count = Int(info.st_size)
        guard count > 0 else { throw .corrupt(path: path, why: "the file is empty") }
        guard let p = mmap(nil, count, PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else {
            throw .unreadable(path: path, why: "mmap: " + String(cString: strerror(errno)))
        }
        base = UnsafeRawPointer(p)
        // Lookups jump around the tables: read-ahead would fetch pages nobody asked for.
        _ = madvise(p, count, MADV_RANDOM)
        HugePages.advise(p, bytes: count)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }

    /// Lets the kernel take back the pages of `range` from this process (they stay in the page
    /// cache): after a checksum has read every page once, only those queries touch stay counted.
    public func release(_ range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let from = (range.lowerBound + page - 1) / page * page, to = range.upperBound / page * page
        guard to > from else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + from), to - from, MADV_DONTNEED)
    }
}
