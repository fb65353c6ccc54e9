import GridGeo
import GridModel

/// How every store's rows become a layer's features: the columns each layer's query returns,
/// in order, and the properties made of them — one place, so that the SQLite file and
/// PostgreSQL serve the very same features.
public enum FeatureRecord {
    /// Separates the items of a list column (jurisdiction, categories).
    public static let listSeparator = "\u{1F}"

    /// A feature from a row of the layer's columns (see each case).
    public static func feature(of layer: FeatureLayer, from s: some StoredRow) throws -> Feature {
        switch layer {
        // id, name, level, parent, population, worker, WKB geometry
        case .areas:
            var props = JSONObject([("id", .string(s.string(0) ?? "")), ("name", .string(s.string(1) ?? "")),
                                    ("level", .string(s.string(2) ?? "")), ("parent", optional(s, 3))])
            if let p = s.int(4) { props["population"] = .number(Double(p)) }
            if let w = s.string(5) { props["worker"] = .string(w) }
            return Feature(id: s.string(0), geometry: try WKB.decode(s.bytes(6) ?? []), properties: props)
        // id, address, name, number, floors, grid, community, street, district, WKB geometry
        case .buildings:
            var props = JSONObject([("id", .string(s.string(0) ?? "")), ("address", .string(s.string(1) ?? ""))])
            if let n = s.string(2) { props["name"] = .string(n) }
            if let n = s.string(3) { props["number"] = .string(n) }
            if let f = s.int(4) { props["floors"] = .number(Double(f)) }
            for (k, key) in ["grid", "community", "street", "district"].enumerated() { props[key] = optional(s, 5 + k) }
            return Feature(id: s.string(0), geometry: try WKB.decode(s.bytes(9) ?? []), properties: props)
        // id, name, level, parent, jurisdiction list, categories list, WKB geometry
        case .units:
            func list(_ i: Int) -> JSONValue {
                .array((s.string(i) ?? "").split(separator: Character(listSeparator)).map { .string(String($0)) })
            }
            let props = JSONObject([("id", .string(s.string(0) ?? "")), ("name", .string(s.string(1) ?? "")),
                                    ("level", .string(s.string(2) ?? "")), ("parent", optional(s, 3)),
                                    ("jurisdiction", list(4)), ("categories", list(5))])
            return Feature(id: s.string(0), geometry: try s.bytes(6).map { try WKB.decode($0) }, properties: props)
        // the petitions' public properties, then WKB geometry
        case .petitions:
            var props = JSONObject()
            for (k, key) in petitionProperties.enumerated() { props[key] = optional(s, k) }
            return Feature(id: s.string(0), geometry: try s.bytes(14).map { try WKB.decode($0) }, properties: props)
        }
    }

    /// The petitions layer's properties, in column order: nothing personal.
    public static let petitionProperties = ["id", "received_at", "channel", "kind", "category", "urgency", "status", "building",
                                            "grid", "community", "street", "district", "resolve_by", "unit"]

    private static func optional(_ s: some StoredRow, _ i: Int) -> JSONValue { s.string(i).map(JSONValue.string) ?? .null }

    /// A filter's values: a comma-separated value is a list, meaning any of them (`status=received,dispatched`).
    public static func values(of filter: String) -> [String] {
        filter.split(separator: ",").map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
    }
}
