/// A fixed-size, immutable-after-build buffer of plain values, freed with its owner — or a view
/// into memory another object keeps alive (a mapped index image), which it keeps alive in turn.
///
/// The hot paths (tree walks, point-in-polygon) read through raw pointers so that no
/// reference counting happens per query; Swift arrays would retain and release their storage
/// on every access from another module.
@usableFromInline
final class FlatBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked Sendable: written only in init, read-only afterwards.
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int
    /// What keeps viewed memory alive; nil when the buffer owns its memory.
    private let owner: AnyObject?

    init(_ array: [Element]) {
        count = array.count
        owner = nil
        base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(1, array.count))
        HugePages.advise(UnsafeMutableRawPointer(base), bytes: array.count * MemoryLayout<Element>.stride)
        array.withUnsafeBufferPointer { src in
            if let s = src.baseAddress { base.initialize(from: s, count: array.count) }
        }
    }

    /// A view of `count` elements at `base`, in memory `owner` keeps alive.
    init(viewing base: UnsafeMutablePointer<Element>, count: Int, owner: AnyObject) {
        self.base = base
        self.count = count
        self.owner = owner
    }

    deinit { if owner == nil { base.deallocate() } }

    /// The elements, for writing into an image.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    var bytes: Int { count * MemoryLayout<Element>.stride }

    @inlinable subscript(i: Int) -> Element {
        @inline(__always) get { base[i] }
    }
}
