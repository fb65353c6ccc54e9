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
        for (k, a) in values.enumerated() { try bind(a.databaseValue, at: Int32(k + 1)) }
        try run()
    }

    /// Binds several rows' values one after another (for an insert of as many rows) and runs once.
    func run(stored rows: ArraySlice<[StoredValue]>) throws(DatabaseError) {
        sqlite3_reset(handle)
        var k: Int32 = 1
        for values in rows {
            for a in values {
                try bind(a.databaseValue, at: k)
                k += 1
            }
        }
        try run()
    }
}
