/// A fixed-size, immutable-after-build buffer of plain values, freed with its owner.
///
/// The hot paths (tree walks, point-in-polygon) read through raw pointers so that no
/// reference counting happens per query; Swift arrays would retain and release their storage
/// on every access from another module.
@usableFromInline
final class FlatBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked Sendable: written only in init, read-only afterwards.
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    init(_ array: [Element]) {
        count = array.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(1, array.count))
        HugePages.advise(UnsafeMutableRawPointer(base), bytes: array.count * MemoryLayout<Element>.stride)
        array.withUnsafeBufferPointer { src in
            if let s = src.baseAddress { base.initialize(from: s, count: array.count) }
        }
    }

    deinit { base.deallocate() }

    var bytes: Int { count * MemoryLayout<Element>.stride }

    @inlinable subscript(i: Int) -> Element {
        @inline(__always) get { base[i] }
    }
}
