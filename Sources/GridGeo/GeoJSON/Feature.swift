/// A GeoJSON Feature: an optional id, an optional geometry, and properties.
public struct Feature: Sendable, Equatable {
    /// The feature id as text (GeoJSON allows a string or a number).
    public var id: String?
    public var geometry: Geometry?
    public var properties: JSONObject

    public init(id: String? = nil, geometry: Geometry?, properties: JSONObject = JSONObject()) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }

    /// Decodes a Feature object, with the same checks as ``GeoJSON/geometry(_:path:)``.
    public init(json v: JSONValue) throws(GeoJSONProblem) {
        guard let o = v.objectValue else {
            throw GeoJSONProblem(path: "", reason: "expected a Feature object, found \(v.typeName)")
        }
        guard o["type"]?.stringValue == "Feature" else {
            let t = o["type"].map { $0.stringValue.map { "'\($0)'" } ?? $0.typeName } ?? "none"
            throw GeoJSONProblem(path: "type", reason: "expected type 'Feature', found \(t)")
        }
        switch o["id"] {
        case nil, .null?: id = nil
        case .string(let s)?: id = s
        case .number(let d)?: id = JSONValue.number(d).jsonText
        case let other?: throw GeoJSONProblem(path: "id", reason: "an id is a string or a number, found \(other.typeName)")
        }
        switch o["geometry"] {
        case nil: throw GeoJSONProblem(path: "geometry", reason: "missing geometry member (use null for none)")
        case .null?: geometry = nil
        case let g?: geometry = try GeoJSON.geometry(g)
        }
        switch o["properties"] {
        case nil, .null?: properties = JSONObject()
        case .object(let p)?: properties = p
        case let other?: throw GeoJSONProblem(path: "properties", reason: "properties must be an object or null, found \(other.typeName)")
        }
    }

    /// Writes the Feature as compact JSON; `extra` members (e.g. OGC API `links`) go last.
    public func write(into w: inout JSONWriter, decimals: Int? = nil, extra: [(key: String, value: JSONValue)] = []) {
        w.raw("{\"type\":\"Feature\"")
        if let id {
            w.raw(",\"id\":")
            w.string(id)
        }
        w.raw(",\"geometry\":")
        if let geometry { GeoJSON.write(geometry, into: &w, decimals: decimals) } else { w.raw("null") }
        w.raw(",\"properties\":")
        w.write(.object(properties))
        for m in extra {
            w.raw(UInt8(ascii: ","))
            w.string(m.key)
            w.raw(UInt8(ascii: ":"))
            w.write(m.value)
        }
        w.raw(UInt8(ascii: "}"))
    }

    public func jsonText(decimals: Int? = nil) -> String {
        var w = JSONWriter()
        write(into: &w, decimals: decimals)
        return w.string
    }
}

extension Feature {
    /// Writes the feature with its coordinates in `crs`; converted ones are rounded to 7
    /// decimals (~1 cm), the precision of the conversion.
    public func write(into w: inout JSONWriter, in crs: CoordinateSystem, extra: [(key: String, value: JSONValue)] = []) {
        if crs == .wgs84 { write(into: &w, extra: extra) } else { inSystem(crs).write(into: &w, decimals: 7, extra: extra) }
    }

    /// The feature with its coordinates converted from WGS-84 to `crs`.
    public func inSystem(_ crs: CoordinateSystem) -> Feature {
        guard crs != .wgs84 else { return self }
        var out = self
        out.geometry = geometry?.mapCoordinates(crs.fromWGS84)
        return out
    }
}
