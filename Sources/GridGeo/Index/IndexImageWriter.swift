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

/// A 64-bit checksum of an image, four lanes of 8-byte words (so that it runs at memory speed),
/// folded 32 bytes at a time: every chunk but the last must be a multiple of 32 bytes long.
/// It detects damage (a torn write, a flipped bit, a file cut short), not tampering.
public struct IndexImageChecksum: Sendable {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63)
    private var length: UInt64 = 0

    public init() {}

    private static let prime: UInt64 = 0x9E37_79B1_85EB_CA87

    @inline(__always)
    private static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        let x = (h ^ w) &* prime
        return (x << 31 | x >> 33) &+ w
    }

    public mutating func fold(_ bytes: UnsafeRawBufferPointer) {
        let words = bytes.count / 8
        var (a, b, c, d) = lanes
        var i = 0
        while i + 4 <= words {
            a = Self.mix(a, bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            b = Self.mix(b, bytes.loadUnaligned(fromByteOffset: i * 8 + 8, as: UInt64.self))
            c = Self.mix(c, bytes.loadUnaligned(fromByteOffset: i * 8 + 16, as: UInt64.self))
            d = Self.mix(d, bytes.loadUnaligned(fromByteOffset: i * 8 + 24, as: UInt64.self))
            i += 4
        }
        // A tail shorter than 32 bytes (only at the very end) goes into the first lane.
        var k = i * 8
        while k < bytes.count {
            a = Self.mix(a, UInt64(bytes[k]))
            k += 1
        }
        lanes = (a, b, c, d)
        length &+= UInt64(bytes.count)
    }

    public var value: UInt64 {
        var h = lanes.0 ^ (lanes.1 << 7 | lanes.1 >> 57) ^ (lanes.2 << 13 | lanes.2 >> 51) ^ (lanes.3 << 29 | lanes.3 >> 35)
        h = Self.mix(h, length)
        return h
    }
}
