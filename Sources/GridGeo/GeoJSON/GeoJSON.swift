/// Reading and writing RFC 7946 geometries.
public enum GeoJSON {
    /// Decodes a GeoJSON geometry object, refusing what no consumer could use: wrong nesting,
    /// positions that are not 2–3 finite numbers, lon/lat out of range, rings with fewer than
    /// 4 positions or not closed. Self-intersections are not refused (see ``warnings(for:)``).
    public static func geometry(_ v: JSONValue, path: String = "geometry") throws(GeoJSONProblem) -> Geometry {
        guard let o = v.objectValue else {
            throw GeoJSONProblem(path: path, reason: "expected a geometry object, found \(v.typeName)")
        }
        guard let type = o["type"]?.stringValue else {
            throw GeoJSONProblem(path: path + ".type", reason: "missing geometry type")
        }
        guard let coords = o["coordinates"] else {
            if type == "GeometryCollection" {
                throw GeoJSONProblem(path: path, reason: "GeometryCollection is not supported; use a Multi* geometry")
            }
            throw GeoJSONProblem(path: path + ".coordinates", reason: "missing coordinates")
        }
        let p = path + ".coordinates"
        switch type {
        case "Point": return .point(try position(coords, path: p))
        case "MultiPoint": return .multiPoint(try positions(coords, path: p))
        case "LineString":
            let cs = try positions(coords, path: p)
            guard cs.count >= 2 else { throw GeoJSONProblem(path: p, reason: "a LineString needs at least 2 positions") }
            return .lineString(cs)
        case "MultiLineString":
            return .multiLineString(try array(coords, path: p, of: "line strings").enumerated().map { k, l throws(GeoJSONProblem) in
                try positions(l, path: "\(p)[\(k)]")
            })
        case "Polygon": return .polygon(try polygon(coords, path: p))
        case "MultiPolygon":
            let parts = try array(coords, path: p, of: "polygons")
            guard !parts.isEmpty else { throw GeoJSONProblem(path: p, reason: "a MultiPolygon needs at least one polygon") }
            var polys: [Polygon] = []
            for (k, part) in parts.enumerated() { polys.append(try polygon(part, path: "\(p)[\(k)]")) }
            return .multiPolygon(MultiPolygon(polys))
        default:
            throw GeoJSONProblem(path: path + ".type", reason: "unknown geometry type '\(type)'")
        }
    }

    private static func array(_ v: JSONValue, path: String, of what: String) throws(GeoJSONProblem) -> [JSONValue] {
        guard let a = v.arrayValue else {
            throw GeoJSONProblem(path: path, reason: "wrong nesting: expected an array of \(what), found \(v.typeName)")
        }
        return a
    }

    static func position(_ v: JSONValue, path: String) throws(GeoJSONProblem) -> Coordinate {
        guard let a = v.arrayValue else {
            throw GeoJSONProblem(path: path, reason: "wrong nesting: expected a position [lon, lat], found \(v.typeName)")
        }
        guard a.count == 2 || a.count == 3 else {
            if a.first?.arrayValue != nil {
                throw GeoJSONProblem(path: path, reason: "wrong nesting: expected a position [lon, lat], found an array of arrays")
            }
            throw GeoJSONProblem(path: path, reason: "a position needs 2 or 3 numbers, found \(a.count)")
        }
        guard let lon = a[0].doubleValue, let lat = a[1].doubleValue else {
            throw GeoJSONProblem(path: path, reason: "wrong nesting: a position holds numbers, found \(a[0].typeName), \(a[1].typeName)")
        }
        guard lon.isFinite, lat.isFinite else { throw GeoJSONProblem(path: path, reason: "non-finite coordinate") }
        guard (-180...180).contains(lon), (-90...90).contains(lat) else {
            throw GeoJSONProblem(path: path, reason: "lon/lat out of range: [\(lon), \(lat)] (lon must be within ±180, lat within ±90; axis order is lon, lat)")
        }
        return Coordinate(lon: lon, lat: lat)
    }

    private static func positions(_ v: JSONValue, path: String) throws(GeoJSONProblem) -> [Coordinate] {
        var out: [Coordinate] = []
        let items = try array(v, path: path, of: "positions")
        if let first = items.first, first.doubleValue != nil {
            throw GeoJSONProblem(path: path, reason: "wrong nesting: expected an array of positions, found a single position \(v.jsonText)")
        }
        for (k, item) in items.enumerated() {
            out.append(try position(item, path: "\(path)[\(k)]"))
        }
        return out
    }

    private static func polygon(_ v: JSONValue, path: String) throws(GeoJSONProblem) -> Polygon {
        let rings = try array(v, path: path, of: "linear rings")
        guard !rings.isEmpty else { throw GeoJSONProblem(path: path, reason: "a polygon needs an exterior ring") }
        var out: [[Coordinate]] = []
        for (k, r) in rings.enumerated() {
            let rp = "\(path)[\(k)]"
            let ring = try positions(r, path: rp)
            guard ring.count >= 4 else {
                throw GeoJSONProblem(path: rp, reason: "a linear ring needs at least 4 positions, found \(ring.count)")
            }
            guard ring.first == ring.last else {
                throw GeoJSONProblem(path: rp, reason: "ring not closed: first position \(ring.first!) differs from last \(ring.last!)")
            }
            out.append(ring)
        }
        return Polygon(rings: out)
    }

    /// Problems that do not stop a geometry from being used, in words for a data steward:
    /// self-intersecting or self-touching rings (containment then follows the even-odd rule)
    /// and holes outside their exterior ring.
    public static func warnings(for g: Geometry) -> [String] {
        switch g {
        case .polygon(let p): return polygonWarnings(p, label: "polygon")
        case .multiPolygon(let m):
            return m.polygons.enumerated().flatMap { polygonWarnings($1, label: "polygon \($0)") }
        default: return []
        }
    }

    private static func polygonWarnings(_ p: Polygon, label: String) -> [String] {
        var out: [String] = []
        if let hit = RingIntersections.firstCrossing(p.rings) {
            let where_ = hit.ringA == hit.ringB ? "ring \(hit.ringA)" : "rings \(hit.ringA) and \(hit.ringB)"
            out.append("\(label): \(where_) self-intersect near \(hit.point); containment uses the even-odd rule")
        }
        if p.rings.count > 1 {
            let outer = PolygonIndex([MultiPolygon([Polygon(rings: [p.exterior])])])
            for (k, hole) in p.holes.enumerated() {
                if let c = hole.first, !outer.contains(item: 0, lon: c.lon, lat: c.lat) {
                    out.append("\(label): hole \(k + 1) lies outside the exterior ring")
                }
            }
        }
        return out
    }

    /// Writes a geometry object; `decimals` rounds coordinates (7 ≈ 1 cm) when given.
    public static func write(_ g: Geometry, into w: inout JSONWriter, decimals: Int? = nil) {
        let scale: Double? = decimals.map { d in (0..<d).reduce(1.0) { r, _ in r * 10 } }
        func pos(_ c: Coordinate) {
            w.raw(UInt8(ascii: "["))
            if let scale, let decimals {
                w.fixed(c.lon, decimals: decimals, scale: scale)
                w.raw(UInt8(ascii: ","))
                w.fixed(c.lat, decimals: decimals, scale: scale)
            } else {
                w.number(c.lon); w.raw(UInt8(ascii: ",")); w.number(c.lat)
            }
            w.raw(UInt8(ascii: "]"))
        }
        func list(_ cs: [Coordinate]) {
            w.raw(UInt8(ascii: "["))
            for (k, c) in cs.enumerated() { if k > 0 { w.raw(UInt8(ascii: ",")) }; pos(c) }
            w.raw(UInt8(ascii: "]"))
        }
        func rings(_ rs: [[Coordinate]]) {
            w.raw(UInt8(ascii: "["))
            for (k, r) in rs.enumerated() { if k > 0 { w.raw(UInt8(ascii: ",")) }; list(r) }
            w.raw(UInt8(ascii: "]"))
        }
        w.raw("{\"type\":\"\(g.typeName)\",\"coordinates\":")
        switch g {
        case .point(let c): pos(c)
        case .multiPoint(let cs), .lineString(let cs): list(cs)
        case .multiLineString(let ls): rings(ls)
        case .polygon(let p): rings(p.rings)
        case .multiPolygon(let m):
            w.raw(UInt8(ascii: "["))
            for (k, p) in m.polygons.enumerated() { if k > 0 { w.raw(UInt8(ascii: ",")) }; rings(p.rings) }
            w.raw(UInt8(ascii: "]"))
        }
        w.raw(UInt8(ascii: "}"))
    }
}
