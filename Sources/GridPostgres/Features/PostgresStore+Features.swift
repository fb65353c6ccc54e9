import GridGeo
import GridModel
import GridService

/// The layers as features (`FeatureRecord` makes them from the same columns as in SQLite),
/// boxes through the GiST indexes.
extension PostgresStore {
    private struct LayerQuery {
        var table: String
        /// The geometry the box test and extents use, and the indexed columns it is made of.
        var geometry: String
        var columns: [String]
        var select: String
        var base: [String] = []
        var baseArgs: [any SQLArgument] = []
    }

    private static func query(_ layer: FeatureLayer) -> LayerQuery {
        switch layer {
        case .areas(let level):
            return LayerQuery(table: "area", geometry: "geom", columns: ["geom"], select: "SELECT id, name, level, parent, population, worker, ST_AsBinary(geom) FROM area",
                       base: ["level = ?"], baseArgs: [level.rawValue])
        case .buildings:
            return LayerQuery(table: "building", geometry: "COALESCE(footprint, position)", columns: ["footprint", "position"], select: """
                SELECT id, address, name, number, floors, grid_id, community_id, street_id, district_id,
                       ST_AsBinary(COALESCE(footprint, position)) FROM building
                """)
        case .units:
            let separator = FeatureRecord.listSeparator
            return LayerQuery(table: "unit", geometry: "coverage", columns: ["coverage"], select: """
                SELECT id, name, level, parent,
                       (SELECT string_agg(area_id, '\(separator)' ORDER BY area_id) FROM unit_jurisdiction WHERE unit_id = unit.id),
                       (SELECT string_agg(category_code, '\(separator)' ORDER BY category_code) FROM unit_category WHERE unit_id = unit.id),
                       ST_AsBinary(coverage) FROM unit
                """)
        case .petitions:
            return LayerQuery(table: "petition", geometry: "position", columns: ["position"], select: """
                SELECT id, received_at, channel, kind, category, urgency, status, building_id,
                       grid_id, community_id, street_id, district_id, resolve_by, unit_id, ST_AsBinary(position) FROM petition
                """)
        }
    }

    /// A filter's SQL condition with one `?` for the value (the names are `FeatureLayer.filterNames`).
    private static func condition(filter name: String, in layer: FeatureLayer) -> String {
        switch (layer, name) {
        case (.units, "category"): "id IN (SELECT unit_id FROM unit_category WHERE category_code = ?)"
        case (.units, "area"): "id IN (SELECT unit_id FROM unit_jurisdiction WHERE area_id = ?)"
        case (.buildings, _), (.petitions, "building"), (.petitions, "grid"), (.petitions, "community"), (.petitions, "street"),
             (.petitions, "district"), (.petitions, "unit"):
            "\(name)_id = ?"
        default: "\(name) = ?"
        }
    }

    public func features(in layer: FeatureLayer, page: FeaturePage) throws -> FeatureResult {
        let q = Self.query(layer)
        var conditions = q.base
        var args = q.baseArgs
        for (name, value) in page.filters {
            guard layer.filterNames.contains(name) else {
                throw PostgresStoreError.refused(sql: q.table, message: "no filter '\(name)' on this layer; filters: \(layer.filterNames.joined(separator: ", "))")
            }
            let condition = Self.condition(filter: name, in: layer)
            let values = FeatureRecord.values(of: value)
            if values.count > 1, condition.hasSuffix("= ?") {
                conditions.append(String(condition.dropLast(3)) + "IN (" + values.map { _ in "?" }.joined(separator: ", ") + ")")
                args += values.map { $0 as any SQLArgument }
            } else {
                conditions.append(condition)
                args.append(value)
            }
        }
        if let time = page.time, layer.hasTime {
            if let from = time.from { conditions.append("received_epoch >= ?"); args.append(from) }
            if let to = time.to { conditions.append("received_epoch <= ?"); args.append(to) }
        }
        if let after = page.afterID {
            conditions.append("id > ?")
            args.append(after)
        }
        if layer == .petitions, let scope = page.petitionScope { try restrict(to: scope, &conditions, &args) }
        if let filter = page.filter {
            var sql = FeatureFilterSQL(layer: layer, dialect: PostGISFilterDialect(columns: q.columns, geometryColumn: q.geometry))
            conditions.append(sql.condition(filter))
            args += sql.arguments.map { $0 as any SQLArgument }
        }
        if let b = page.bbox {
            conditions.append("ST_Intersects(\(q.geometry), ST_MakeEnvelope(?, ?, ?, ?, 4326))")
            args += [b.minLon, b.minLat, b.maxLon, b.maxLat]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { s in
            let rows = try s.query("\(q.select)\(whereClause) ORDER BY id LIMIT ? OFFSET ?", args + [page.limit, page.offset]) {
                try FeatureRecord.feature(of: layer, from: $0)
            }
            let matched = page.countsMatches ? try s.query("SELECT count(*) FROM \(q.table)\(whereClause)", args).first?.int(0) ?? 0 : page.offset + rows.count
            return FeatureResult(matched: matched, features: rows)
        }
    }

    public func feature(in layer: FeatureLayer, id: String, petitionScope: PetitionScope?) throws -> Feature? {
        let q = Self.query(layer)
        var conditions = q.base + ["id = ?"]
        var args = q.baseArgs + [id]
        if layer == .petitions, let petitionScope { try restrict(to: petitionScope, &conditions, &args) }
        return try read { s in
            try s.query("\(q.select) WHERE \(conditions.joined(separator: " AND "))", args) { try FeatureRecord.feature(of: layer, from: $0) }.first
        }
    }

    public func extent(of layer: FeatureLayer) throws -> BoundingBox? {
        let q = Self.query(layer)
        let whereClause = q.base.isEmpty ? "" : " WHERE " + q.base.joined(separator: " AND ")
        return try read { s in
            let r = try s.query("""
                SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(\(q.geometry))::geometry AS e FROM \(q.table)\(whereClause)) x
                """, q.baseArgs).first
            guard let r, let a = r.double(0), let b = r.double(1), let c = r.double(2), let d = r.double(3) else { return nil }
            return BoundingBox(minLon: a, minLat: b, maxLon: c, maxLat: d)
        }
    }

    public func temporalExtent(of layer: FeatureLayer) throws -> (first: String, last: String)? {
        guard layer.hasTime else { return nil }
        return try read { s in
            let r = try s.query("""
                SELECT (SELECT received_at FROM petition ORDER BY received_epoch LIMIT 1),
                       (SELECT received_at FROM petition ORDER BY received_epoch DESC LIMIT 1)
                """).first
            guard let r, let a = r.string(0), let b = r.string(1) else { return nil }
            return (a, b)
        }
    }
}
