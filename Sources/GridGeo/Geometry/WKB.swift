/// Well-Known Binary (ISO/OGC, 2D, little-endian) for the geometries the store keeps.
public enum WKB {
    public struct DecodingError: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { "WKB: \(reason)" }
    }

    public static func encode(_ g: Geometry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(g, into: &out)
        return out
    }

    private static func write(_ g: Geometry, into out: inout [UInt8]) {
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        func header(_ type: UInt32) { out.append(1); u32(type) }
        func points(_ cs: [Coordinate]) { u32(UInt32(cs.count)); for c in cs { f64(c.lon); f64(c.lat) } }
        func polygon(_ p: Polygon) { header(3); u32(UInt32(p.rings.count)); for r in p.rings { points(r) } }
        switch g {
        case .point(let c): header(1); f64(c.lon); f64(c.lat)
        case .lineString(let cs): header(2); points(cs)
        case .polygon(let p): polygon(p)
        case .multiPoint(let cs):
            header(4); u32(UInt32(cs.count))
            for c in cs { header(1); f64(c.lon); f64(c.lat) }
        case .multiLineString(let ls):
            header(5); u32(UInt32(ls.count))
            for l in ls { header(2); points(l) }
        case .multiPolygon(let m):
            header(6); u32(UInt32(m.polygons.count))
            for p in m.polygons { polygon(p) }
        }
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(DecodingError) -> Geometry {
        var r = Reader(bytes: Array(bytes))
        let g = try r.geometry()
        return g
    }

    private struct Reader {
        var bytes: [UInt8]
        var i = 0
        var little = true

        mutating func byte() throws(DecodingError) -> UInt8 {
            guard i < bytes.count else { throw DecodingError(reason: "truncated") }
            defer { i += 1 }
            return bytes[i]
        }

        mutating func u32() throws(DecodingError) -> UInt32 {
            guard i + 4 <= bytes.count else { throw DecodingError(reason: "truncated") }
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[i + k]) << (8 * UInt32(k)) }
            i += 4
            return little ? v : v.byteSwapped
        }

        mutating func f64() throws(DecodingError) -> Double {
            guard i + 8 <= bytes.count else { throw DecodingError(reason: "truncated") }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            i += 8
            return Double(bitPattern: little ? v : v.byteSwapped)
        }

        mutating func coords() throws(DecodingError) -> [Coordinate] {
            let n = Int(try u32())
            guard n <= (bytes.count - i) / 16 else { throw DecodingError(reason: "point count \(n) exceeds data") }
            var cs: [Coordinate] = []
            cs.reserveCapacity(n)
            for _ in 0..<n { cs.append(Coordinate(lon: try f64(), lat: try f64())) }
            return cs
        }

        mutating func polygonBody() throws(DecodingError) -> Polygon {
            let n = Int(try u32())
            var rings: [[Coordinate]] = []
            for _ in 0..<n { rings.append(try coords()) }
            return Polygon(rings: rings)
        }

        mutating func geometry() throws(DecodingError) -> Geometry {
            little = try byte() == 1
            let type = try u32()
            // ISO Z/M variants are refused: the store keeps 2D only.
            switch type {
            case 1: return .point(Coordinate(lon: try f64(), lat: try f64()))
            case 2: return .lineString(try coords())
            case 3: return .polygon(try polygonBody())
            case 4, 5, 6:
                let n = Int(try u32())
                var parts: [Geometry] = []
                for _ in 0..<n { parts.append(try geometry()) }
                if type == 4 {
                    return .multiPoint(parts.compactMap { if case .point(let c) = $0 { c } else { nil } })
                } else if type == 5 {
                    return .multiLineString(parts.compactMap { if case .lineString(let l) = $0 { l } else { nil } })
                } else {
                    return .multiPolygon(MultiPolygon(parts.compactMap { if case .polygon(let p) = $0 { p } else { nil } }))
                }
            default:
                throw DecodingError(reason: "unsupported geometry type \(type)")
            }
        }
    }
}
