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
