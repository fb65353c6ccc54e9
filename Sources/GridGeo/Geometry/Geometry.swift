/// A GeoJSON geometry (RFC 7946 §3.1), less GeometryCollection which no Wangge layer uses.
public enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString([Coordinate])
    case multiLineString([[Coordinate]])
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)

    /// The GeoJSON `type` name.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        }
    }

    /// The polygonal content as a MultiPolygon, or nil for points and lines.
    public var asMultiPolygon: MultiPolygon? {
        switch self {
        case .polygon(let p): MultiPolygon([p])
        case .multiPolygon(let m): m
        default: nil
        }
    }

    public var boundingBox: BoundingBox {
        switch self {
        case .point(let c): BoundingBox(covering: [c])
        case .multiPoint(let cs), .lineString(let cs): BoundingBox(covering: cs)
        case .multiLineString(let ls): BoundingBox(covering: ls.joined())
        case .polygon(let p): p.boundingBox
        case .multiPolygon(let m): m.boundingBox
        }
    }

    /// The same geometry with every coordinate mapped (used for CRS conversion).
    public func mapCoordinates(_ f: (Coordinate) -> Coordinate) -> Geometry {
        func ring(_ r: [Coordinate]) -> [Coordinate] { r.map(f) }
        func poly(_ p: Polygon) -> Polygon { Polygon(rings: p.rings.map(ring)) }
        switch self {
        case .point(let c): return .point(f(c))
        case .multiPoint(let cs): return .multiPoint(cs.map(f))
        case .lineString(let cs): return .lineString(cs.map(f))
        case .multiLineString(let ls): return .multiLineString(ls.map(ring))
        case .polygon(let p): return .polygon(poly(p))
        case .multiPolygon(let m): return .multiPolygon(MultiPolygon(m.polygons.map(poly)))
        }
    }
}
