import Foundation
import GridModel
import GridService

/// The Wangge database: one SQLite file with SpatiaLite geometry (SRID 4326), opened and
/// migrated on init. Every write that belongs together is one transaction.
///
/// `@unchecked Sendable`: the writing connection is used only while holding `lock`, so writes
/// from any thread are serialised onto it; reads take a connection of their own from `readers`
/// (WAL lets them run beside each other and beside a write), so that a long read — a million
/// petitions for the heat maps, read in the background — never holds up a `/locate`.
public final class GridStore: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private let db: Database
    private let readers: ReaderConnections?

    /// Opens the file at `path`, creating it when missing, and brings its schema up to date.
    /// A file written by a newer Wangge, or a foreign SQLite file, is refused untouched.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            db = try Database(path: path)
            try db.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL")
            try Self.migrate(db, path: path)
            // WAL lets readers (QGIS, a second wangge, this store's readers) work while an import writes.
            try db.execute("PRAGMA journal_mode = WAL")
            // An in-memory database is one connection's own: its reads share that connection.
            readers = path.isEmpty || path == ":memory:" || path.hasPrefix("file::memory:") ? nil : ReaderConnections(path: path)
        } catch let e as StoreError {
            throw e
        } catch let e as DatabaseError {
            throw .database(e)
        } catch {
            throw .database(DatabaseError(code: 1, message: "\(error)"))
        }
    }

    /// The schema version this build writes.
    public static var schemaVersion: Int { Migrations.latest }

    /// The schema version recorded in the file.
    public func storedSchemaVersion() throws -> Int {
        try read { db in
            if case .integer(let v)? = try db.scalar("SELECT max(version) FROM wangge_schema") { return Int(v) }
            return 0
        }
    }

    private static func migrate(_ db: Database, path: String) throws {
        let tables = try db.query("SELECT name FROM sqlite_schema WHERE type = 'table'") { $0.string(0) ?? "" }
        var version = 0
        if tables.contains("wangge_schema") {
            if case .integer(let v)? = try db.scalar("SELECT max(version) FROM wangge_schema") { version = Int(v) }
        } else {
            let foreign = tables.filter { !isSpatiaLiteTable($0) }
            if !foreign.isEmpty { throw StoreError.foreignDatabase(path: path, tables: foreign.sorted()) }
        }
        if version > Migrations.latest {
            throw StoreError.schemaTooNew(path: path, found: version, supported: Migrations.latest)
        }
        guard version < Migrations.latest else { return }
        try db.transaction {
            if !tables.contains("spatial_ref_sys") {
                // WGS84-only metadata: the full EPSG table would cost seconds per new file.
                // (0: inside our transaction, not one of its own.)
                try db.execute("SELECT InitSpatialMetadata(0, 'WGS84')")
            }
            try db.execute("CREATE TABLE IF NOT EXISTS wangge_schema (version INTEGER NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))")
            for step in (version + 1)...Migrations.latest {
                try db.execute(Migrations.all[step - 1])
                try db.execute("INSERT INTO wangge_schema(version) VALUES (?)", [step])
            }
            // SpatiaLite's functions report failure by returning 0, not by an SQL error.
            let registered = try db.query("SELECT f_table_name || '.' || f_geometry_column FROM geometry_columns") { $0.string(0) ?? "" }
            let missing = expectedGeometryColumns.subtracting(registered)
            if !missing.isEmpty {
                throw DatabaseError(code: 1, message: "SpatiaLite did not register geometry columns \(missing.sorted().joined(separator: ", "))")
            }
        }
    }

    static let expectedGeometryColumns: Set<String> = ["area.geom", "building.footprint", "building.position",
                                                       "petition.position", "unit.coverage"]

    private static func isSpatiaLiteTable(_ name: String) -> Bool {
        let known: Set<String> = ["spatial_ref_sys", "spatial_ref_sys_aux", "geometry_columns", "geometry_columns_auth",
                                  "geometry_columns_statistics", "geometry_columns_field_infos", "geometry_columns_time",
                                  "views_geometry_columns", "virts_geometry_columns", "spatialite_history",
                                  "sql_statements_log", "data_licenses", "SpatialIndex", "ElementaryGeometries",
                                  "KNN", "KNN2", "sqlite_sequence", "sqlite_stat1"]
        return known.contains(name) || name.hasPrefix("views_geometry_columns") || name.hasPrefix("virts_geometry_columns")
            || name.hasPrefix("vector_coverages") || name.hasPrefix("raster_coverages") || name.hasPrefix("wms_")
            || name.hasPrefix("SE_") || name.hasPrefix("se_") || name.hasPrefix("rl2map") || name.hasPrefix("topologies")
            || name.hasPrefix("networks") || name.hasPrefix("stored_") || name.hasPrefix("geometry_columns")
            || name.hasPrefix("idx_")
    }

    /// Runs `body` with a reading connection of its own (up to `ReaderConnections.limit` at
    /// once), which sees every committed write.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        guard let readers else {
            lock.lock()
            defer { lock.unlock() }
            return try body(db)
        }
        let reader = try readers.take()
        defer { readers.giveBack(reader) }
        return try body(reader)
    }

    /// Runs `body` in one transaction: all of it is stored, or none.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try db.transaction { try body(db) }
    }

    /// Records an import in `import_log` (inside the import's transaction).
    func logImport(_ db: Database, layer: String, source: String, records: Int, warnings: Int) throws {
        try db.execute("INSERT INTO import_log(layer, source, records, warnings) VALUES (?, ?, ?, ?)",
                       [layer, source, records, warnings])
        // The layers' extents in geometry_columns_statistics, which QGIS shows and zooms to:
        // SpatiaLite leaves them empty until asked.
        let touched: [String: [(String, String)]] = ["areas": [("area", "geom"), ("unit", "coverage")], "units": [("unit", "coverage")],
                                                     "buildings": [("building", "footprint"), ("building", "position")]]
        for (table, column) in touched[layer] ?? [] {
            _ = try db.scalar("SELECT UpdateLayerStatistics(?, ?)", [table, column])
        }
        if layer == "petitions" {
            // Millions of points: the count and extent in one aggregate pass. SpatiaLite's own
            // function also profiles every column through sqlite3_get_table (seconds a million
            // rows), which QGIS does not read.
            try db.execute("""
                INSERT OR REPLACE INTO geometry_columns_statistics
                    (f_table_name, f_geometry_column, last_verified, row_count, extent_min_x, extent_min_y, extent_max_x, extent_max_y)
                SELECT 'petition', 'position', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), count(position),
                       min(X(position)), min(Y(position)), max(X(position)), max(Y(position)) FROM petition
                """)
        }
        // Imports are writes too: the audit log names them (the importing user is the process's).
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        try Self.audit(db, at: now, actor: "import", action: "import.\(layer)", target: source, detail: "\(records) records")
    }

    /// Rows per registry table, for summaries.
    /// A number that changes whenever an import is logged — what in-memory snapshots compare to
    /// know they are stale.
    public func changeStamp() throws -> Int64 {
        try read { db in
            if case .integer(let v)? = try db.scalar("SELECT max(id) FROM import_log") { return v }
            return 0
        }
    }

    public func counts() throws -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for t in ["area", "building", "household", "person", "unit", "category", "petition"] {
                if case .integer(let n)? = try db.scalar("SELECT count(*) FROM \(t)") { out[t] = Int(n) }
            }
            return out
        }
    }
}
