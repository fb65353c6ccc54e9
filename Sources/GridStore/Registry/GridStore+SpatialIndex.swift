import GridService

extension GridStore {
    /// Runs a bulk rewrite of `table` with its per-row triggers off, then checks its geometry
    /// columns and builds each spatial index in one pass.
    ///
    /// SpatiaLite's triggers cost more than the rows: before each insert a subquery that checks
    /// the geometry's type and SRID, after it an update of `geometry_columns_time` and an
    /// R*Tree insertion — about ten times a plain insert. Here the triggers are dropped and
    /// created again from their own SQL, the same constraint is checked once over the table, and
    /// each index's R*Tree is packed whole (`RTreeBulkLoader`). Call inside a transaction: DDL is
    /// transactional in SQLite, so a failure rolls triggers and indexes back with the rows.
    static func withSpatialIndexesRebuilt<T>(_ db: Database, table: String, columns: [String],
                                             _ body: () throws -> T) throws -> T {
        // SpatiaLite's own triggers only (`ggi_petition_position` …): any other trigger stays.
        let spatiaLite = Set(["ggi", "ggu", "gii", "giu", "gid", "tmi", "tmu", "tmd"].flatMap { kind in columns.map { "\(kind)_\(table)_\($0)" } })
        let triggers: [String] = try db.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
                                               [table]) { s in
            (s.string(0) ?? "", s.string(1) ?? "")
        }.filter { spatiaLite.contains($0.0) }.map { name, sql in
            try db.execute("DROP TRIGGER \(Database.quoted(name))")
            return sql
        }
        var indexes: [(column: String, sql: String)] = []
        for c in columns {
            let name = "idx_\(table)_\(c)"
            if case .text(let sql)? = try db.scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) {
                try db.execute("DROP TABLE \(Database.quoted(name))")
                indexes.append((c, sql))
            }
        }
        let result = try body()
        for c in columns { try checkGeometryConstraint(db, table: table, column: c) }
        for index in indexes {
            try db.execute(index.sql)
            try RTreeBulkLoader(db: db, table: "idx_\(table)_\(index.column)").load(try boxes(db, table: table, column: index.column))
        }
        for sql in triggers { try db.execute(sql) }
        // What the dropped time-stamping trigger would have written, once.
        if case .integer(1)? = try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'geometry_columns_time'") {
            try db.execute("""
                UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE lower(f_table_name) = lower(?)
                """, [table])
        }
        return result
    }

    /// Refuses a geometry whose type or SRID the column does not allow, as SpatiaLite's
    /// insert trigger would have, naming the first such row.
    private static func checkGeometryConstraint(_ db: Database, table: String, column: String) throws {
        let bad = try db.query("""
            SELECT t.rowid FROM \(Database.quoted(table)) AS t, geometry_columns AS g
            WHERE lower(g.f_table_name) = lower(?) AND lower(g.f_geometry_column) = lower(?)
              AND t.\(Database.quoted(column)) IS NOT NULL AND GeometryConstraints(t.\(Database.quoted(column)), g.geometry_type, g.srid) IS NOT 1
            LIMIT 1
            """, [table, column]) { $0.int(0) ?? 0 }
        if let row = bad.first {
            throw DatabaseError(code: 19, message: "\(table).\(column) violates Geometry constraint [geom-type or SRID not allowed] (row \(row))")
        }
    }

    /// Every row's box in a geometry column, for packing its index.
    private static func boxes(_ db: Database, table: String, column: String) throws -> [RTreeBulkLoader.Entry] {
        let c = Database.quoted(column)
        return try db.query("SELECT rowid, MbrMinX(\(c)), MbrMaxX(\(c)), MbrMinY(\(c)), MbrMaxY(\(c)) FROM \(Database.quoted(table)) WHERE MbrMinX(\(c)) IS NOT NULL") { s in
            RTreeBulkLoader.Entry(id: Int64(s.int(0) ?? 0), minX: s.double(1) ?? 0, maxX: s.double(2) ?? 0,
                                  minY: s.double(3) ?? 0, maxY: s.double(4) ?? 0)
        }
    }
}
