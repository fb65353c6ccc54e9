/// Writes indexes as a flat image: scalars and whole tables one after another, each table
/// 8-byte aligned and preceded by its length, so that a reader over the mapped image can hand
/// out its tables in place (`IndexImageReader`). Bytes go to `sink` in chunks of `chunkSize`
/// (a multiple of 32, as `IndexImageChecksum` folds), so an image of gigabytes is never whole
/// in memory; `checksum` covers everything written.
public struct IndexImageWriter {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void
    public private(set) var checksum = IndexImageChecksum()
    /// Bytes written so far (the next write's offset in the image).
    public private(set) var offset = 0
    static let chunkSize = 4 << 20

    public init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(Self.chunkSize)
    }

    public mutating func int(_ v: Int) throws { try raw(Int64(v)) }
    public mutating func double(_ v: Double) throws { try raw(v.bitPattern) }

    /// A table of plain values: its count, then its elements, 8-byte aligned.
    public mutating func table<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>) throws {
        try int(values.count)
        try bytes(UnsafeRawBufferPointer(values))
        try pad()
    }

    public mutating func table<T: BitwiseCopyable>(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { try table($0) }
    }

    /// Texts as one table of UTF-8 bytes and one of their starts.
    public mutating func strings(_ values: [String]) throws {
        var starts: [Int64] = [0]
        var utf8: [UInt8] = []
        starts.reserveCapacity(values.count + 1)
        for s in values {
            utf8 += s.utf8
            starts.append(Int64(utf8.count))
        }
        try table(starts)
        try table(utf8)
    }

    /// Writes what is buffered; the image ends padded to 32 bytes with zeros.
    public mutating func finish() throws {
        while offset % 32 != 0 { try raw(UInt8(0)) }
        try flush()
    }

    private mutating func raw<T: BitwiseCopyable>(_ v: T) throws {
        try withUnsafeBytes(of: v) { try bytes($0) }
    }

    private mutating func pad() throws {
        while offset % 8 != 0 { try raw(UInt8(0)) }
    }

    private mutating func bytes(_ b: UnsafeRawBufferPointer) throws {
        var rest = b[...]
        while !rest.isEmpty {
            let n = Swift.min(rest.count, Self.chunkSize - buffer.count)
            buffer += rest.prefix(n)
            rest = rest.dropFirst(n)
            offset += n
            if buffer.count == Self.chunkSize { try flush() }
        }
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { checksum.fold($0) }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
