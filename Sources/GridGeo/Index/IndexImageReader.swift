/// Reads an image `IndexImageWriter` wrote, from memory that `owner` keeps alive (a mapped
/// file): tables come back as views into that memory, never copied, so an index is ready as
/// soon as its few scalars are read. Every length is checked against the image: a damaged one
/// is an error, never a read out of bounds.
public struct IndexImageReader {
    let base: UnsafeRawPointer
    let count: Int
    let owner: AnyObject
    /// Where the next read starts.
    public private(set) var offset: Int

    /// - Parameters:
    ///   - base: the image's first byte, 8-byte aligned.
    ///   - owner: what keeps the memory alive as long as any table read from it.
    public init(base: UnsafeRawPointer, count: Int, offset: Int = 0, owner: AnyObject) {
        precondition(Int(bitPattern: base) % 8 == 0, "an image must be 8-byte aligned")
        self.base = base
        self.count = count
        self.offset = offset
        self.owner = owner
    }

    public mutating func int() throws(IndexImageError) -> Int {
        let v = try raw(Int64.self)
        guard let n = Int(exactly: v) else { throw .damaged("a count out of range at byte \(offset - 8)") }
        return n
    }

    public mutating func double() throws(IndexImageError) -> Double { Double(bitPattern: try raw(UInt64.self)) }

    /// A count that must lie in `range` (what the reader will index with it).
    public mutating func int(in range: ClosedRange<Int>) throws(IndexImageError) -> Int {
        let n = try int()
        guard range.contains(n) else { throw .damaged("\(n) at byte \(offset - 8) is outside \(range)") }
        return n
    }

    /// A table as a view into the image.
    mutating func flat<T: BitwiseCopyable>(_: T.Type = T.self) throws(IndexImageError) -> FlatBuffer<T> {
        let n = try int()
        let size = MemoryLayout<T>.stride
        guard n >= 0, n <= (count - offset) / Swift.max(size, 1) else { throw .damaged("a table of \(n) runs past the image's end at byte \(offset)") }
        let p = UnsafeMutableRawPointer(mutating: base + offset).assumingMemoryBound(to: T.self)
        offset += (n * size + 7) / 8 * 8
        return FlatBuffer(viewing: p, count: n, owner: owner)
    }

    /// A table copied into an array (for small ones the reader keeps as arrays).
    public mutating func table<T: BitwiseCopyable>(_: T.Type = T.self) throws(IndexImageError) -> [T] {
        let f: FlatBuffer<T> = try flat()
        return Array(UnsafeBufferPointer(start: f.base, count: f.count))
    }

    /// Texts `IndexImageWriter.strings` wrote.
    public mutating func strings() throws(IndexImageError) -> [String] {
        let starts: FlatBuffer<Int64> = try flat()
        let utf8: FlatBuffer<UInt8> = try flat()
        guard starts.count >= 1 else { throw .damaged("a text table without its starts") }
        var out: [String] = []
        out.reserveCapacity(starts.count - 1)
        for k in 0..<(starts.count - 1) {
            let a = Int(starts[k]), b = Int(starts[k + 1])
            guard a >= 0, a <= b, b <= utf8.count else { throw .damaged("text \(k) out of its table") }
            out.append(String(decoding: UnsafeBufferPointer(start: utf8.base + a, count: b - a), as: UTF8.self))
        }
        return out
    }

    private mutating func raw<T: BitwiseCopyable>(_: T.Type) throws(IndexImageError) -> T {
        guard offset + MemoryLayout<T>.size <= count else { throw .damaged("the image ends at byte \(count), in the middle of a value") }
        let v = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return v
    }
}
