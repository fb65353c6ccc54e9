import GridGeo
import GridModel

/// A page request for a feature layer.
public struct FeaturePage: Sendable {
    public var bbox: BoundingBox?
    public var limit: Int
    public var offset: Int
    /// Equality filters on documented properties (column name → value).
    public var filters: [(column: String, value: String)]

    public init(bbox: BoundingBox? = nil, limit: Int = 100, offset: Int = 0, filters: [(column: String, value: String)] = []) {
        self.bbox = bbox
        self.limit = limit
        self.offset = offset
        self.filters = filters
    }
}

/// A page of features and how many match in all.
public struct FeatureResult: Sendable {
    public var matched: Int
    public var features: [Feature]
}

extension GridStore {
    /// Properties an area feature exposes, and the filterable ones. The grid worker's phone is
    /// left out of public layers.
    public static let areaFilterColumns = ["parent"]
    public static let buildingFilterColumns = ["grid", "community", "street", "district"]

    private static let areaSelect = "SELECT id, name, level, parent, population, worker, AsBinary(geom) FROM area"
    private static let buildingSelect = """
        SELECT id, address, name, number, floors, grid_id, community_id, street_id, district_id,
               AsBinary(COALESCE(footprint, position)) FROM building
        """

    private static func areaFeature(_ s: Statement) throws -> Feature {
        var props = JSONObject([("id", .string(s.string(0) ?? "")), ("name", .string(s.string(1) ?? "")),
                                ("level", .string(s.string(2) ?? "")), ("parent", s.string(3).map(JSONValue.string) ?? .null)])
        if let p = s.int(4) { props["population"] = .number(Double(p)) }
        if let w = s.string(5) { props["worker"] = .string(w) }
        return Feature(id: s.string(0), geometry: try WKB.decode(s.blob(6) ?? []), properties: props)
    }

    private static func buildingFeature(_ s: Statement) throws -> Feature {
        var props = JSONObject([("id", .string(s.string(0) ?? "")), ("address", .string(s.string(1) ?? ""))])
        if let n = s.string(2) { props["name"] = .string(n) }
        if let n = s.string(3) { props["number"] = .string(n) }
        if let f = s.int(4) { props["floors"] = .number(Double(f)) }
        for (k, key) in ["grid", "community", "street", "district"].enumerated() {
            props[key] = s.string(5 + k).map(JSONValue.string) ?? .null
        }
        return Feature(id: s.string(0), geometry: try WKB.decode(s.blob(9) ?? []), properties: props)
    }

    /// A page of the areas of one level, by id, with an exact count of all that match.
    public func areaFeatures(level: AreaLevel, page: FeaturePage) throws -> FeatureResult {
        try features(table: "area", indexes: ["geom"], exact: "geom", select: Self.areaSelect, base: ["level = ?"], baseArgs: [level.rawValue],
                     columns: ["parent": "parent"], page: page, decode: Self.areaFeature)
    }

    /// A page of buildings, by id, with an exact count of all that match.
    public func buildingFeatures(page: FeaturePage) throws -> FeatureResult {
        try features(table: "building", indexes: ["footprint", "position"], exact: "COALESCE(footprint, position)",
                     select: Self.buildingSelect, base: [], baseArgs: [],
                     columns: ["grid": "grid_id", "community": "community_id", "street": "street_id", "district": "district_id"],
                     page: page, decode: Self.buildingFeature)
    }

    private func features(table: String, indexes: [String], exact: String, select: String, base: [String], baseArgs: [any DatabaseValueConvertible],
                          columns: [String: String], page: FeaturePage,
                          decode: @escaping (Statement) throws -> Feature) throws -> FeatureResult {
        var conditions = base
        var args = baseArgs
        for (name, value) in page.filters {
            guard let column = columns[name] else { throw DatabaseError(code: 1, message: "no filter column \(name)") }
            conditions.append("\(column) = ?")
            args.append(value)
        }
        if let b = page.bbox {
            // The spatial indexes narrow by box; the exact test keeps only what really meets it.
            let frame = "BuildMbr(?, ?, ?, ?, 4326)"
            let box: [any DatabaseValueConvertible] = [b.minLon, b.minLat, b.maxLon, b.maxLat]
            let indexed = indexes.map { column in
                "ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '\(table)' AND f_geometry_column = '\(column)' AND search_frame = \(frame))"
            }
            conditions.append("(" + indexed.joined(separator: " OR ") + ") AND ST_Intersects(\(exact), \(frame))")
            for _ in indexes { args += box }
            args += box
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            var matched = 0
            if case .integer(let n)? = try db.scalar("SELECT count(*) FROM \(table)\(whereClause)", args) { matched = Int(n) }
            let rows = try db.query("\(select)\(whereClause) ORDER BY id LIMIT ? OFFSET ?", args + [page.limit, page.offset], decode)
            return FeatureResult(matched: matched, features: rows)
        }
    }

    public func areaFeature(level: AreaLevel, id: String) throws -> Feature? {
        try read { db in try db.query("\(Self.areaSelect) WHERE level = ? AND id = ?", [level.rawValue, id], Self.areaFeature).first }
    }

    public func buildingFeature(id: String) throws -> Feature? {
        try read { db in try db.query("\(Self.buildingSelect) WHERE id = ?", [id], Self.buildingFeature).first }
    }

    /// The bounding box of a layer, or nil when it is empty.
    public func extent(of level: AreaLevel?) throws -> BoundingBox? {
        try read { db in
            let sql = level == nil
                ? "SELECT min(MbrMinX(position)), min(MbrMinY(position)), max(MbrMaxX(position)), max(MbrMaxY(position)) FROM building"
                : "SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), max(MbrMaxY(geom)) FROM area WHERE level = ?"
            let rows = try db.query(sql, level.map { [$0.rawValue] } ?? []) { s -> BoundingBox? in
                guard let a = s.double(0), let b = s.double(1), let c = s.double(2), let d = s.double(3) else { return nil }
                return BoundingBox(minLon: a, minLat: b, maxLon: c, maxLat: d)
            }
            return rows.first ?? nil
        }
    }
}
