import CSQLite

/// A prepared statement, finalized when released.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    public let sql: String

    init(database: Database, sql: String) throws(DatabaseError) {
        var h: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &h, nil)
        guard rc == SQLITE_OK, let h else { throw database.error(rc, sql: sql) }
        self.handle = h
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds the arguments to ?1, ?2, …
    public func bind(_ arguments: [any DatabaseValueConvertible]) throws(DatabaseError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (k, a) in arguments.enumerated() { try bind(a.databaseValue, at: Int32(k + 1)) }
    }

    /// Binds one value to ?`i`.
    func bind(_ value: DatabaseValue, at i: Int32) throws(DatabaseError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, i)
        case .integer(let v): rc = sqlite3_bind_int64(handle, i, v)
        case .real(let v): rc = sqlite3_bind_double(handle, i, v)
        case .text(let v):
            // With its byte length, not -1: a NUL inside the text is kept, never a silent cut.
            var v = v
            rc = v.withUTF8 { sqlite3_bind_text(handle, i, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self),
                                                Int32(clamping: $0.count), wangge_sqlite_transient()) }
        case .blob(let v):
            rc = v.withUnsafeBytes { sqlite3_bind_blob(handle, i, $0.baseAddress, Int32($0.count), wangge_sqlite_transient()) }
        }
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }

    /// Advances to the next row; false when done.
    public func step() throws(DatabaseError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.error(rc, sql: sql)
    }

    /// Steps to completion, ignoring rows.
    public func run() throws(DatabaseError) {
        while try step() {}
    }

    /// Binds and runs once (for repeated inserts).
    public func run(_ arguments: [any DatabaseValueConvertible]) throws(DatabaseError) {
        try bind(arguments)
        try run()
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func value(_ i: Int) -> DatabaseValue {
        let c = Int32(i)
        switch sqlite3_column_type(handle, c) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, c))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, c))
        case SQLITE_TEXT: return .text(string(i) ?? "")
        case SQLITE_BLOB: return .blob(blob(i) ?? [])
        default: return .null
        }
    }

    public func isNull(_ i: Int) -> Bool { sqlite3_column_type(handle, Int32(i)) == SQLITE_NULL }

    public func string(_ i: Int) -> String? {
        let c = Int32(i)
        guard let p = sqlite3_column_text(handle, c) else { return nil }
        // By its byte length, as bound: a NUL inside stays part of the text.
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, c))), as: UTF8.self)
    }

    public func int(_ i: Int) -> Int? {
        isNull(i) ? nil : Int(sqlite3_column_int64(handle, Int32(i)))
    }

    public func double(_ i: Int) -> Double? {
        isNull(i) ? nil : sqlite3_column_double(handle, Int32(i))
    }

    public func blob(_ i: Int) -> [UInt8]? {
        let c = Int32(i)
        guard let p = sqlite3_column_blob(handle, c) else { return isNull(i) ? nil : [] }
        let n = Int(sqlite3_column_bytes(handle, c))
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}
