import Foundation
import GridGeo
import GridModel
import GridService
import Logging
import Synchronization

/// Wangge's data in a PostgreSQL + PostGIS database, for several application servers over one
/// database (with streaming replicas): the same protocols as the embedded SQLite store.
/// Opened and migrated on init; every write that belongs together is one transaction.
///
/// Every server hears the others' writes through `LISTEN`/`NOTIFY` (`changeFeed`).
public final class PostgresStore: Sendable {
    /// The database's URL without its password.
    public let path: String
    /// Where this machine keeps the locator's image for this database (`LocatorImageFile`): a
    /// cache folder — `WANGGE_CACHE_DIR`, else `$XDG_CACHE_HOME/wangge`, else `~/.cache/wangge`
    /// — one file per database. Each machine builds it once per import (the importing one at the
    /// import) and its processes map it; the version inside says when it is out of date.
    public let locatorImagePath: String?
    let pool: PostgresPool
    /// The months whose petition partitions are known to exist.
    let partitions = Mutex<Set<Int>>([])
    private let listener: PostgresChangeListener?
    /// Changes made by any server, heard as they commit (none on a read-only replica, where
    /// PostgreSQL cannot listen).
    public let changeFeed: StoreChangeFeed?

    /// Connects to the database `url` names and brings its schema up to date. A database written
    /// by a newer Wangge, or one holding other tables, is refused untouched.
    /// - Parameter readOnly: a streaming replica, read and never migrated: its schema must be
    ///   this build's already (the primary's migration reaches it by replication).
    public init(url text: String, readOnly: Bool = false, logger: Logger = Logger(label: "wangge.postgres")) throws {
        let url = try PostgresURL(text)
        path = url.redacted
        locatorImagePath = Self.cacheFolder().map { folder in
            let name = "\(url.host)-\(url.port)-\(url.database)".map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" }
            return folder + "/" + String(name) + ".locator"
        }
        pool = try PostgresPool(url: url, logger: logger)
        let listener = readOnly ? nil : PostgresChangeListener(pool: pool, logger: logger)
        self.listener = listener
        changeFeed = listener.map { listener in StoreChangeFeed { [weak listener] feed in listener?.start(feeding: feed) } }
        if readOnly {
            let found = try storedSchemaVersion()
            guard found == PostgresMigrations.latest else {
                throw PostgresStoreError.refused(sql: "wangge_schema", message: "\(url.redacted) has schema version \(found), this wangge writes \(PostgresMigrations.latest): start the primary first so that the replica follows it")
            }
        } else {
            try pool.with { try Self.migrate($0, url: url.redacted) }
        }
    }

    deinit { listener?.stop() }

    /// The schema version this build writes.
    public static var schemaVersion: Int { PostgresMigrations.latest }

    public func storedSchemaVersion() throws -> Int {
        try read { s in try s.query("SELECT coalesce(max(version), 0) FROM wangge_schema").first?.int(0) ?? 0 }
    }

    /// The advisory lock that lets one process migrate at a time ("wangge" on a phone keypad).
    static let migrationLock: Int64 = 9_426_443

    private static func migrate(_ s: PostgresSession, url: String) throws {
        try s.transaction {
            // One migrating server at a time; the others wait here, then find it done.
            try s.execute("SELECT pg_advisory_xact_lock($1)", [Self.migrationLock])
            let tables = Set(try s.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()") { $0.string(0) ?? "" })
            var version = 0
            if tables.contains("wangge_schema") {
                version = try s.query("SELECT coalesce(max(version), 0) FROM wangge_schema").first?.int(0) ?? 0
            } else {
                let foreign = tables.subtracting(["spatial_ref_sys"])
                if !foreign.isEmpty { throw PostgresStoreError.foreignDatabase(url: url, tables: foreign.sorted()) }
                try s.execute("CREATE TABLE wangge_schema (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
            }
            if version > PostgresMigrations.latest {
                throw PostgresStoreError.schemaTooNew(url: url, found: version, supported: PostgresMigrations.latest)
            }
            guard version < PostgresMigrations.latest else { return }
            for step in (version + 1)...PostgresMigrations.latest {
                try s.script(PostgresMigrations.all[step - 1])
                try s.execute("INSERT INTO wangge_schema(version) VALUES ($1)", [step])
            }
        }
    }

    /// Runs `body` with a connection.
    func read<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try pool.with(body)
    }

    /// Runs `body` in one transaction: all of it is stored, or none.
    func write<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try pool.with { s in try s.transaction { try body(s) } }
    }

    /// Records an import in `import_log` and the audit log (inside the import's transaction).
    func logImport(_ s: PostgresSession, layer: String, source: String, records: Int, warnings: Int) throws {
        try s.execute("INSERT INTO import_log(layer, source, records, warnings) VALUES ($1, $2, $3, $4)", [layer, source, records, warnings])
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        try Self.audit(s, at: now, actor: "import", action: "import.\(layer)", target: source, detail: "\(records) records")
    }

    /// A number that changes whenever an import is logged.
    public func changeStamp() throws -> Int64 {
        try read { s in try s.query("SELECT coalesce(max(id), 0) FROM import_log").first?.int64(0) ?? 0 }
    }

    /// Rows per registry table.
    public func counts() throws -> [String: Int] {
        try read { s in
            var out: [String: Int] = [:]
            for t in ["area", "building", "household", "person", "unit", "category"] {
                out[t] = try s.query("SELECT count(*) FROM \(t)").first?.int(0) ?? 0
            }
            return out
        }
    }

    static func timestamp(_ text: String?) -> Timestamp? {
        guard let text, case .success(let t) = Timestamp.parse(text) else { return nil }
        return t
    }

    static func json(_ text: String?) -> JSONValue? { text.flatMap { try? JSONParser.parse($0) } }

    /// A two-column query as first column → second-column values, in query order.
    static func grouped(_ s: PostgresSession, _ sql: String) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (key, value) in try s.query(sql, [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) { out[key, default: []].append(value) }
        return out
    }

    func grouped(_ sql: String) throws -> [String: [String]] {
        try read { try Self.grouped($0, sql) }
    }
}
