import GridGeo
import GridModel
import GridService

extension GridStore {
    /// How a layer is read: the table, its geometry columns, and the SELECT that makes features.
    private struct LayerQuery {
        var table: String
        /// Columns with a spatial index, and the expression the exact bbox test uses.
        var indexes: [String]
        var exact: String
        var select: String
        var base: [String] = []
        var baseArgs: [any DatabaseValueConvertible] = []
        var decode: (Statement) throws -> Feature
    }

    private static func query(_ layer: FeatureLayer) -> LayerQuery {
        switch layer {
        case .areas(let level):
            LayerQuery(table: "area", indexes: ["geom"], exact: "geom",
                       select: "SELECT id, name, level, parent, population, worker, AsBinary(geom) FROM area",
                       base: ["level = ?"], baseArgs: [level.rawValue], decode: { try FeatureRecord.feature(of: .areas(level), from: $0) })
        case .buildings:
            LayerQuery(table: "building", indexes: ["footprint", "position"], exact: "COALESCE(footprint, position)",
                       select: """
                           SELECT id, address, name, number, floors, grid_id, community_id, street_id, district_id,
                                  AsBinary(COALESCE(footprint, position)) FROM building
                           """, decode: { try FeatureRecord.feature(of: .buildings, from: $0) })
        case .units:
            LayerQuery(table: "unit", indexes: ["coverage"], exact: "coverage",
                       select: """
                           SELECT id, name, level, parent,
                                  (SELECT group_concat(area_id, char(31)) FROM (SELECT area_id FROM unit_jurisdiction WHERE unit_id = unit.id ORDER BY area_id)),
                                  (SELECT group_concat(category_code, char(31)) FROM (SELECT category_code FROM unit_category WHERE unit_id = unit.id ORDER BY category_code)),
                                  AsBinary(coverage) FROM unit
                           """, decode: { try FeatureRecord.feature(of: .units, from: $0) })
        case .petitions:
            LayerQuery(table: "petition", indexes: ["position"], exact: "position",
                       select: """
                           SELECT id, received_at, channel, kind, category, urgency, status, building_id,
                                  grid_id, community_id, street_id, district_id, resolve_by, unit_id, AsBinary(position) FROM petition
                           """, decode: { try FeatureRecord.feature(of: .petitions, from: $0) })
        }
    }

    /// A filter's SQL condition with one `?` for the value (the names are `FeatureLayer.filterNames`).
    private static func condition(filter name: String, in layer: FeatureLayer) -> String? {
        switch (layer, name) {
        case (.units, "category"): "id IN (SELECT unit_id FROM unit_category WHERE category_code = ?)"
        case (.units, "area"): "id IN (SELECT unit_id FROM unit_jurisdiction WHERE area_id = ?)"
        case (.buildings, _), (.petitions, "building"), (.petitions, "grid"), (.petitions, "community"), (.petitions, "street"),
             (.petitions, "district"), (.petitions, "unit"):
            "\(name)_id = ?"
        default: "\(name) = ?"
        }
    }

    /// A page of a layer, by id, with an exact count of all that match.
    public func features(in layer: FeatureLayer, page: FeaturePage) throws -> FeatureResult {
        let q = Self.query(layer)
        var conditions = q.base
        var args = q.baseArgs
        for (name, value) in page.filters {
            guard layer.filterNames.contains(name), let condition = Self.condition(filter: name, in: layer) else {
                throw StoreError.invalidQuery("no filter '\(name)' on this layer; filters: \(layer.filterNames.joined(separator: ", "))")
            }
            // A comma-separated value is a list: any of them (status=received,dispatched).
            let values = FeatureRecord.values(of: value)
            if values.count > 1, condition.hasSuffix("= ?") {
                conditions.append(String(condition.dropLast(3)) + "IN (" + values.map { _ in "?" }.joined(separator: ", ") + ")")
                args += values.map { $0 as any DatabaseValueConvertible }
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
            var sql = FeatureFilterSQL(layer: layer, dialect: SpatiaLiteFilterDialect(table: q.table, indexes: q.indexes, geometryColumn: q.exact))
            conditions.append(sql.condition(filter))
            args += sql.arguments.map { $0 as any DatabaseValueConvertible }
        }
        if let b = page.bbox {
            // The spatial indexes narrow by box; the exact test keeps only what really meets it.
            let frame = "BuildMbr(?, ?, ?, ?, 4326)"
            let box: [any DatabaseValueConvertible] = [b.minLon, b.minLat, b.maxLon, b.maxLat]
            let indexed = q.indexes.map { column in
                "ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '\(q.table)' AND f_geometry_column = '\(column)' AND search_frame = \(frame))"
            }
            conditions.append("(" + indexed.joined(separator: " OR ") + ") AND ST_Intersects(\(q.exact), \(frame))")
            for _ in q.indexes { args += box }
            args += box
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            let rows = try db.query("\(q.select)\(whereClause) ORDER BY id LIMIT ? OFFSET ?", args + [page.limit, page.offset], q.decode)
            var matched = page.offset + rows.count
            if page.countsMatches, case .integer(let n)? = try db.scalar("SELECT count(*) FROM \(q.table)\(whereClause)", args) { matched = Int(n) }
            return FeatureResult(matched: matched, features: rows)
        }
    }

    /// SQL conditions keeping the petitions of a scope.
    func restrict(to scope: PetitionScope, _ conditions: inout [String], _ args: inout [any DatabaseValueConvertible]) throws {
        // A unit reads every case routed to it, of any category (PetitionScope.contains).
        if scope.unit == nil, !scope.hiddenCategories.isEmpty {
            conditions.append("category NOT IN (\(scope.hiddenCategories.map { _ in "?" }.joined(separator: ", ")))")
            args += scope.hiddenCategories.sorted().map { $0 as any DatabaseValueConvertible }
        }
        if let unit = scope.unit {
            conditions.append("(unit_id = ? OR EXISTS (SELECT 1 FROM json_each(assisting_units) WHERE value = ?))")
            args += [unit, unit]
        }
        if let area = scope.area {
            // The area's own level column, which an index serves; an unknown area holds nothing.
            let level = try read { db in try db.query("SELECT level FROM area WHERE id = ?", [area]) { $0.string(0) }.first ?? nil }
            if let level = level.flatMap(AreaLevel.init(rawValue:)) {
                conditions.append("\(level.rawValue)_id = ?")
                args.append(area)
            } else {
                conditions.append("0")
            }
        }
    }

    /// One feature of a layer by id, or nil (also when a petition lies outside `petitionScope`).
    public func feature(in layer: FeatureLayer, id: String, petitionScope: PetitionScope? = nil) throws -> Feature? {
        let q = Self.query(layer)
        var conditions = q.base + ["id = ?"]
        var args = q.baseArgs + [id]
        if layer == .petitions, let petitionScope { try restrict(to: petitionScope, &conditions, &args) }
        return try read { db in
            try db.query("\(q.select) WHERE \(conditions.joined(separator: " AND "))", args, q.decode).first
        }
    }

    /// The bounding box of a layer, or nil when it has no geometry.
    public func extent(of layer: FeatureLayer) throws -> BoundingBox? {
        let q = Self.query(layer)
        let g = q.exact
        let whereClause = q.base.isEmpty ? "" : " WHERE " + q.base.joined(separator: " AND ")
        return try read { db in
            let rows = try db.query("SELECT min(MbrMinX(\(g))), min(MbrMinY(\(g))), max(MbrMaxX(\(g))), max(MbrMaxY(\(g))) FROM \(q.table)\(whereClause)",
                                    q.baseArgs) { s -> BoundingBox? in
                guard let a = s.double(0), let b = s.double(1), let c = s.double(2), let d = s.double(3) else { return nil }
                return BoundingBox(minLon: a, minLat: b, maxLon: c, maxLat: d)
            }
            return rows.first ?? nil
        }
    }

    /// The first and last time of a layer's features (RFC 3339 as stored), for layers with time.
    public func temporalExtent(of layer: FeatureLayer) throws -> (first: String, last: String)? {
        guard layer.hasTime else { return nil }
        return try read { db in
            let rows = try db.query("""
                SELECT (SELECT received_at FROM petition ORDER BY received_epoch LIMIT 1),
                       (SELECT received_at FROM petition ORDER BY received_epoch DESC LIMIT 1)
                """) { s -> (String, String)? in
                guard let a = s.string(0), let b = s.string(1) else { return nil }
                return (a, b)
            }
            return rows.first ?? nil
        }
    }
}
