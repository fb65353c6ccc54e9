import CSQLite
import GridService

// The records both stores share (`PetitionRecord`) bind and read through SQLite's own types.

extension StoredValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue {
        switch self {
        case .text(let s): .text(s)
        case .integer(let n): .integer(n)
        case .real(let d): .real(d)
        case .bytes(let b): .blob(b)
        case .null: .null
        }
    }
}

extension Statement: StoredRow {
    public func bytes(_ i: Int) -> [UInt8]? { blob(i) }
}

extension Statement {
    /// Binds stored values and runs once: the bulk import's path, without a boxed value per
    /// argument.
    public func run(stored values: [StoredValue]) throws(DatabaseError) {
        sqlite3_reset(handle)
        for (k, a) in values.enumerated() {
            let i = Int32(k + 1)
            let rc: Int32
            switch a {
            case .null: rc = sqlite3_bind_null(handle, i)
            case .integer(let v): rc = sqlite3_bind_int64(handle, i, v)
            case .real(let v): rc = sqlite3_bind_double(handle, i, v)
            case .text(var v):
                rc = v.withUTF8 { sqlite3_bind_text(handle, i, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self),
                                                    Int32(clamping: $0.count), wangge_sqlite_transient()) }
            case .bytes(let v):
                rc = v.withUnsafeBytes { sqlite3_bind_blob(handle, i, $0.baseAddress, Int32($0.count), wangge_sqlite_transient()) }
            }
            guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
        }
        try run()
    }
}
