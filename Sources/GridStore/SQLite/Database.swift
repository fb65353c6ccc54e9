import CSQLite
import CSpatiaLite

/// One SQLite connection with SpatiaLite loaded. Not thread-safe: a single owner uses it
/// (``GridStore`` serialises access).
public final class Database {
    let handle: OpaquePointer
    private var spatialiteCache: UnsafeMutableRawPointer?
    public let path: String

    /// Opens (creating if asked) the file and loads SpatiaLite into the connection.
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws(DatabaseError) {
        self.path = path
        var h: OpaquePointer?
        var flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
        let rc = sqlite3_open_v2(path, &h, flags, nil)
        guard rc == SQLITE_OK, let h else {
            let message = h.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            // A failed open still allocates a handle that must be closed.
            if let h { sqlite3_close_v2(h) }
            throw DatabaseError(code: rc, message: "cannot open \(path): \(message)")
        }
        handle = h
        sqlite3_extended_result_codes(h, 1)
        let cache = spatialite_alloc_connection()
        spatialite_init_ex(h, cache, 0)
        // GEOS and RTTOPO otherwise print every warning on stderr; Wangge reports invalid
        // geometry itself (ST_IsValidReason) where it matters.
        spatialite_set_silent_mode(cache)
        spatialiteCache = cache
        do {
            try execute("PRAGMA busy_timeout = 5000")
            // Fail early and clearly on a file that is not SQLite at all.
            try execute("SELECT count(*) FROM sqlite_schema")
        } catch {
            close()
            if error.code == SQLITE_NOTADB {
                throw DatabaseError(code: error.code, message: "\(path) is not an SQLite database")
            }
            throw error
        }
    }

    deinit { close() }

    private var closed = false

    private func close() {
        guard !closed else { return }
        closed = true
        sqlite3_close_v2(handle)
        if let cache = spatialiteCache { spatialite_cleanup_ex(cache) }
        spatialiteCache = nil
    }

    func error(_ rc: Int32, sql: String?) -> DatabaseError {
        DatabaseError(code: rc & 0xFF, extendedCode: sqlite3_extended_errcode(handle),
                      message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements that return no rows of interest.
    /// A table, column or trigger name quoted for SQL, its own quotes doubled.
    static func quoted(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    public func execute(_ sql: String) throws(DatabaseError) {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errmsg)
            throw DatabaseError(code: rc & 0xFF, extendedCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Runs one statement with arguments.
    public func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws(DatabaseError) {
        let s = try prepare(sql)
        try s.bind(arguments)
        try s.run()
    }

    public func prepare(_ sql: String) throws(DatabaseError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// The rows of a query, each mapped by `row`.
    public func query<T>(_ sql: String, _ arguments: [any DatabaseValueConvertible] = [],
                         _ row: (Statement) throws -> T) throws -> [T] {
        let s = try prepare(sql)
        try s.bind(arguments)
        var out: [T] = []
        while try s.step() { out.append(try row(s)) }
        return out
    }

    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws(DatabaseError) -> DatabaseValue? {
        let s = try prepare(sql)
        try s.bind(arguments)
        return try s.step() ? s.value(0) : nil
    }

    /// Runs `body` in one IMMEDIATE transaction: committed if it returns, rolled back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}
