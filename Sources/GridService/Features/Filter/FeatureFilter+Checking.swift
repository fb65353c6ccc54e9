import GridGeo
import GridModel

extension FeatureFilter {
    /// The two encodings a request may send (`filter-lang`).
    public enum Language: String, Sendable, CaseIterable {
        case text = "cql2-text"
        case json = "cql2-json"
    }

    /// The coordinate reference system of a filter's geometries (`filter-crs`).
    public enum CRS: Sendable, Equatable {
        /// Longitude, latitude: CRS84, the default.
        case crs84
        /// EPSG:4326 as its registry orders the axes: latitude first.
        case epsg4326
        /// GCJ-02 or BD-09 longitude/latitude, as Chinese basemaps draw them.
        case chinese(CoordinateSystem)

        /// The URIs (and short forms) accepted for each.
        public init?(uri: String) {
            switch uri.trimmingWhitespace {
            case "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "https://www.opengis.net/def/crs/OGC/1.3/CRS84", "[OGC:CRS84]", "OGC:CRS84", "CRS84":
                self = .crs84
            case "http://www.opengis.net/def/crs/EPSG/0/4326", "https://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326", "[EPSG:4326]",
                 "urn:ogc:def:crs:EPSG::4326":
                self = .epsg4326
            case "urn:wangge:def:crs:gcj02": self = .chinese(.gcj02)
            case "urn:wangge:def:crs:bd09": self = .chinese(.bd09)
            default: return nil
            }
        }

        public static let accepted = ["http://www.opengis.net/def/crs/OGC/1.3/CRS84", "http://www.opengis.net/def/crs/EPSG/0/4326",
                                      "urn:wangge:def:crs:gcj02", "urn:wangge:def:crs:bd09"]

        func toWGS84(_ c: Coordinate) -> Coordinate {
            switch self {
            case .crs84: c
            case .epsg4326: Coordinate(lon: c.lat, lat: c.lon)
            case .chinese(let system): system.toWGS84(c)
            }
        }
    }

    /// Parses a filter in either encoding.
    public static func parse(_ text: String, language: Language) throws(FeatureFilterError) -> FeatureFilter {
        switch language {
        case .text: try CQL2Text.parse(text)
        case .json: try CQL2JSON.parse(text)
        }
    }

    /// The filter made safe for `layer`: every property one of its queryables, every operator
    /// given operands of the types it compares, every geometry moved from `crs` to WGS-84 and
    /// checked to lie on the globe. Anything else is refused with the reason.
    public func checked(for layer: FeatureLayer, crs: CRS = .crs84) throws(FeatureFilterError) -> FeatureFilter {
        var checker = FilterChecker(layer: layer, crs: crs)
        return try checker.check(self)
    }
}

/// Walks a filter once, typing each operand against the layer's queryables.
struct FilterChecker {
    let layer: FeatureLayer
    let crs: FeatureFilter.CRS

    /// The kinds of value CQL2 compares.
    enum Kind: String {
        case string, number, boolean, timestamp, interval, geometry
    }

    mutating func check(_ f: FeatureFilter) throws(FeatureFilterError) -> FeatureFilter {
        switch f {
        case .and(let parts):
            var out: [FeatureFilter] = []
            for p in parts { out.append(try check(p)) }
            return .and(out)
        case .or(let parts):
            var out: [FeatureFilter] = []
            for p in parts { out.append(try check(p)) }
            return .or(out)
        case .not(let p): return .not(try check(p))
        case .constant: return f
        case .compare(let op, let a, let b):
            let (ka, kb) = (try kind(a), try kind(b))
            try comparable(ka, kb, a, b, what: "'\(op.rawValue)'")
            guard ka != .geometry, ka != .interval else {
                throw FeatureFilterError("", "\(shown(a)) is a \(ka.rawValue); compare it with an S_ or T_ function, not '\(op.rawValue)'")
            }
            if ka == .boolean, op != .equal, op != .notEqual { throw FeatureFilterError("", "booleans are compared only with = and <>") }
            return f
        case .like(let a, _):
            guard try kind(a) == .string else { throw FeatureFilterError("", "LIKE compares text; \(shown(a)) is a \(try kind(a).rawValue)") }
            return f
        case .between(let a, let low, let high):
            let k = try kind(a)
            guard [.number, .timestamp, .string].contains(k) else { throw FeatureFilterError("", "BETWEEN needs a number, text or time; \(shown(a)) is a \(k.rawValue)") }
            try comparable(k, try kind(low), a, low, what: "BETWEEN")
            try comparable(k, try kind(high), a, high, what: "BETWEEN")
            return f
        case .isIn(let a, let list):
            let k = try kind(a)
            guard k != .geometry, k != .interval else { throw FeatureFilterError("", "IN lists values; \(shown(a)) is a \(k.rawValue)") }
            for item in list { try comparable(k, try kind(item), a, item, what: "IN") }
            return f
        case .isNull(let a):
            _ = try kind(a)
            return f
        case .spatial(let relation, let a, let b):
            var out: [FilterOperand] = []
            for o in [a, b] {
                guard try kind(o) == .geometry else {
                    throw FeatureFilterError("", "\(relation.rawValue.uppercased()) relates geometries; \(shown(o)) is a \(try kind(o).rawValue)")
                }
                out.append(try wgs84(o))
            }
            return .spatial(relation, out[0], out[1])
        case .temporal(let relation, let a, let b):
            for o in [a, b] {
                let k = try kind(o)
                guard k == .timestamp || k == .interval else {
                    throw FeatureFilterError("", "\(relation.rawValue.uppercased()) relates times; \(shown(o)) is a \(k.rawValue) (write TIMESTAMP('…'), DATE('…') or INTERVAL('…', '…'))")
                }
            }
            return f
        }
    }

    func kind(_ o: FilterOperand) throws(FeatureFilterError) -> Kind {
        switch o {
        case .property(let name):
            guard let q = layer.queryable(name) else {
                throw FeatureFilterError("", "no queryable '\(name)' in collection '\(layer.collectionID)'; queryables: \(layer.queryables.map(\.name).joined(separator: ", "))")
            }
            switch q.type {
            case .string: return .string
            case .integer, .number: return .number
            case .timestamp: return .timestamp
            case .geometry: return .geometry
            }
        case .string: return .string
        case .number: return .number
        case .boolean: return .boolean
        case .timestamp, .date: return .timestamp
        case .interval: return .interval
        case .geometry: return .geometry
        }
    }

    func comparable(_ ka: Kind, _ kb: Kind, _ a: FilterOperand, _ b: FilterOperand, what: String) throws(FeatureFilterError) {
        guard ka == kb else {
            let hint = ka == .timestamp && kb == .string ? " (write TIMESTAMP('2026-05-01T09:00:00+08:00') or DATE('2026-05-01'))" : ""
            throw FeatureFilterError("", "\(what) compares like with like: \(shown(a)) is a \(ka.rawValue), \(shown(b)) a \(kb.rawValue)\(hint)")
        }
    }

    func shown(_ o: FilterOperand) -> String {
        switch o {
        case .property(let name): "'\(name)'"
        case .string(let s): "the string '\(s)'"
        case .number(let d): "the number \(d)"
        case .boolean(let b): b ? "TRUE" : "FALSE"
        case .timestamp, .date: "the time"
        case .interval: "the interval"
        case .geometry: "the geometry"
        }
    }

    /// A geometry literal in WGS-84 longitude/latitude, refused if off the globe.
    func wgs84(_ o: FilterOperand) throws(FeatureFilterError) -> FilterOperand {
        guard case .geometry(let g) = o else { return o }
        var bad: Coordinate?
        let moved = g.mapCoordinates { c in
            let w = crs.toWGS84(c)
            if bad == nil, !((-180...180).contains(w.lon) && (-90...90).contains(w.lat)) { bad = c }
            return w
        }
        if let bad {
            let order = crs == .epsg4326 ? "latitude first, as EPSG:4326 orders them" : "longitude first"
            throw FeatureFilterError("", "(\(bad.lon) \(bad.lat)) is not a position in degrees (\(order)); filter-crs says which order the filter uses")
        }
        return .geometry(moved)
    }
}
