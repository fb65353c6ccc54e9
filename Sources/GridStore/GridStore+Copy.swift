import GridService

/// Whole tables out and in, for `wangge copy` (`StoreTables` names them and their kinds).
extension GridStore {
    public func rows(of table: StoreTables.Table) throws -> [[StoredValue]] {
        let select = table.columns.map { $0.kind == .geometry ? "AsBinary(\($0.name))" : $0.name }.joined(separator: ", ")
        return try read { db in
            try db.query("SELECT \(select) FROM \(table.name) ORDER BY \(table.order)") { s in
                table.columns.indices.map { i in Self.stored(s.value(i), as: table.columns[i].kind) }
            }
        }
    }

    static func stored(_ v: DatabaseValue, as kind: StoreTables.Kind) -> StoredValue {
        switch (v, kind) {
        case (.null, _): .null
        case (.integer(let n), .real): .real(Double(n))
        case (.integer(let n), _): .integer(n)
        case (.real(let d), _): .real(d)
        case (.text(let s), _): .text(s)
        case (.blob(let b), _): .bytes(b)
        }
    }

    public func load(_ tables: [(table: StoreTables.Table, rows: [[StoredValue]])]) throws {
        try write { db in
            for (t, _) in tables {
                if case .integer(let n)? = try db.scalar("SELECT count(*) FROM \(t.name)"), n > 0 {
                    throw CopyRefused(description: "\(path) is not empty (\(t.name) has \(n) rows): copy into a new database")
                }
            }
            for (t, rows) in tables where !rows.isEmpty {
                let marks = t.columns.map { $0.kind == .geometry ? "GeomFromWKB(?, 4326)" : "?" }.joined(separator: ", ")
                let insert = try db.prepare("INSERT INTO \(t.name)(\(t.columnList)) VALUES (\(marks))")
                for row in rows { try insert.run(row) }
            }
        }
    }

    public func adoptContactKey(_ key: [UInt8]) throws {
        try ContactKeys.adopt(key, besideDatabase: path)
    }
}
