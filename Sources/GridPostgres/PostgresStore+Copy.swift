import GridService

/// Whole tables out and in, for `wangge copy`, read back in the same form as the SQLite store
/// gives them (`StoreTables`), so that a copy's checksums compare.
extension PostgresStore {
    public func rows(of table: StoreTables.Table) throws -> [[StoredValue]] {
        let select = table.columns.map { c -> String in
            switch c.kind {
            case .geometry: "ST_AsBinary(\(c.name))"
            case .boolean: "\(c.name)::int"
            case .time: #"to_char(\#(c.name) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#
            case .text, .integer, .real: c.name
            }
        }.joined(separator: ", ")
        return try read { s in
            try s.query("SELECT \(select) FROM \(table.name) ORDER BY \(table.order)") { r in
                table.columns.indices.map { i -> StoredValue in
                    switch table.columns[i].kind {
                    case .text, .time: StoredValue(r.string(i))
                    case .integer, .boolean: StoredValue(r.int64(i))
                    case .real: StoredValue(r.double(i))
                    case .geometry: r.bytes(i).map { .bytes($0) } ?? .null
                    }
                }
            }
        }
    }

    public func load(_ tables: [(table: StoreTables.Table, rows: [[StoredValue]])]) throws {
        try write { s in
            for (t, _) in tables {
                if let n = try s.query("SELECT count(*) FROM \(t.name)").first?.int(0), n > 0 {
                    throw CopyRefused(description: "\(path) is not empty (\(t.name) has \(n) rows): copy into a new database")
                }
            }
            try s.execute("SET CONSTRAINTS ALL DEFERRED")
            for (t, rows) in tables where !rows.isEmpty {
                var template = t.columns.map { c -> String in
                    switch c.kind {
                    case .geometry: "ST_GeomFromWKB(?, 4326)"
                    case .boolean: "(?::int)::boolean"
                    case .time: "?::timestamptz"
                    case .text, .integer, .real: "?"
                    }
                }
                var values = rows.map { $0 as [any SQLArgument] }
                var columns = t.columnList
                if t.name == "petition" {
                    try ensurePartitions(s, epochs: rows.compactMap { if case .integer(let e) = $0[2] { e } else { nil } })
                }
                if t.name == "petition_event" {
                    // Events sit in their petition's partition: its receipt time comes along.
                    columns += ", received_epoch"
                    template.append("(SELECT received_epoch FROM petition WHERE id = ? LIMIT 1)")
                    values = rows.map { $0 + [$0[0]] }
                }
                try s.insert(into: t.name, columns: columns, rowTemplate: "(" + template.joined(separator: ", ") + ")", rows: values)
                if t.counted {
                    try s.execute("SELECT setval(pg_get_serial_sequence('\(t.name)', 'id'), (SELECT max(id) FROM \(t.name)))")
                }
            }
            try s.execute("UPDATE household h SET district_id = b.district_id FROM building b WHERE b.id = h.building_id")
            try s.execute("UPDATE person p SET district_id = h.district_id FROM household h WHERE h.id = p.household_id")
        }
    }

    public func adoptContactKey(_ key: [UInt8]) throws {
        try write { s in
            try s.execute("INSERT INTO wangge_secret(name, value) VALUES ('contact_key', ?) ON CONFLICT (name) DO NOTHING", [key])
            guard try s.query("SELECT value FROM wangge_secret WHERE name = 'contact_key'").first?.bytes(0) == key else {
                throw CopyRefused(description: "\(path) already has another contact key: copy into a new database")
            }
        }
    }
}
