import GridGeo
import GridModel
import GridService

/// Early warnings, their status changes, the days scanned and meter readings — the same
/// records as the SQLite store's (`EarlyWarningRecord`).
extension PostgresStore {
    public func putWarning(_ w: EarlyWarning, notice: DeskNotice?) throws {
        try write { s in
            let marks = Array(repeating: "?", count: EarlyWarningRecord.columnCount).joined(separator: ", ")
            try s.execute("""
                INSERT INTO early_warning(\(EarlyWarningRecord.columns)) VALUES (\(marks))
                ON CONFLICT (id) DO UPDATE SET \(EarlyWarningRecord.extendedColumns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                """, EarlyWarningRecord.values(of: w))
            if let notice { try Self.insertNotice(s, notice) }
        }
    }

    public func warnings(fromDay: Int?, toDay: Int?, kind: EarlyWarning.Kind?, category: String?, status: EarlyWarning.Status?) throws -> [EarlyWarning] {
        let (conditions, arguments) = EarlyWarningRecord.conditions(fromDay: fromDay, toDay: toDay, kind: kind, category: category, status: status)
        return try read { s in
            try s.query("SELECT \(EarlyWarningRecord.columns) FROM early_warning WHERE \(conditions) ORDER BY end_day DESC, id",
                        arguments, EarlyWarningRecord.warning(from:))
        }
    }

    public func warning(id: String) throws -> EarlyWarning? {
        try read { s in try s.query("SELECT \(EarlyWarningRecord.columns) FROM early_warning WHERE id = ?", [id], EarlyWarningRecord.warning(from:)).first }
    }

    public func setWarningStatus(id: String, to status: EarlyWarning.Status, note: String?, at: Timestamp, by actor: String, origin: String?) throws -> Bool {
        try write { s in
            guard !(try s.query("UPDATE early_warning SET status = ? WHERE id = ? RETURNING id", [status.rawValue, id])).isEmpty else { return false }
            try s.execute("INSERT INTO early_warning_event(warning_id, at, actor, status, note) VALUES (?, ?, ?, ?, ?)",
                          [id, at.description, actor, status.rawValue, note])
            try Self.audit(s, at: at, actor: actor, action: "warning.\(status.rawValue)", target: id, origin: origin, detail: note)
            return true
        }
    }

    public func warningEvents(id: String) throws -> [(at: String, actor: String, status: String, note: String?)] {
        try read { s in
            try s.query("SELECT at, actor, status, note FROM early_warning_event WHERE warning_id = ? ORDER BY id", [id]) {
                (at: $0.string(0) ?? "", actor: $0.string(1) ?? "", status: $0.string(2) ?? "", note: $0.string(3))
            }
        }
    }

    public func nextWarningNumber(day: Int) throws -> Int {
        try read { s in
            (try s.query("SELECT count(*) FROM early_warning WHERE id LIKE ?", ["W" + Timestamp.date(ofDay: day).filter { $0 != "-" } + "%"]).first?.int(0) ?? 0) + 1
        }
    }

    public func scanned(day: Int) throws -> Bool {
        try read { s in try !s.query("SELECT 1 FROM warning_scan WHERE day = ?", [day]).isEmpty }
    }

    public func markScanned(day: Int, at: Timestamp) throws {
        try write { s in
            try s.execute("INSERT INTO warning_scan(day, at) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET at = excluded.at", [day, at.description])
        }
    }

    public func lastScannedDay() throws -> Int? {
        try read { s in try s.query("SELECT max(day) FROM warning_scan").first?.int(0) }
    }

    public func storeReadings(_ readings: [MeterReading], source: String) throws {
        try write { s in
            for r in readings {
                try s.execute("""
                    INSERT INTO meter_reading(building_id, meter, kind, day, value) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (building_id, meter, kind, day) DO UPDATE SET value = excluded.value
                    """, [r.building, r.meter, r.kind, r.day, r.value])
            }
            try logImport(s, layer: "readings", source: source, records: readings.count, warnings: 0)
        }
    }

    public func meterSeries(fromDay: Int, toDay: Int) throws -> [(building: String, meter: String, kind: String, values: [Int: Double])] {
        let rows = try read { s in
            try s.query("SELECT building_id, meter, kind, day, value FROM meter_reading WHERE day BETWEEN ? AND ? ORDER BY building_id, meter, kind, day",
                        [fromDay, toDay]) { (building: $0.string(0) ?? "", meter: $0.string(1) ?? "", kind: $0.string(2) ?? "", day: $0.int(3) ?? 0, value: $0.double(4) ?? 0) }
        }
        return MeterReading.series(rows)
    }
}
