import GridGeo
import GridModel
import GridService

/// Early warnings, their status changes, the days already scanned, meter readings, and the lean
/// view of petitions the scans read.
extension GridStore {

    /// Petitions received on days `from...to` (China time), not rejected, oldest first.
    public func petitionSightings(fromDay from: Int, toDay to: Int) throws -> [PetitionSighting] {
        let start = Int64(from) * 86_400 - 8 * 3600, end = Int64(to + 1) * 86_400 - 8 * 3600
        return try read { db in
            try db.query("""
                SELECT id, category, X(position), Y(position), received_epoch, resolved_at, building_id, grid_id, unit_id FROM petition
                WHERE received_epoch >= ? AND received_epoch < ? AND status <> 'rejected' ORDER BY received_epoch, id
                """, [start, end]) { s in
                let point: Coordinate? = s.isNull(2) ? nil : Coordinate(lon: s.double(2) ?? 0, lat: s.double(3) ?? 0)
                return PetitionSighting(id: s.string(0) ?? "", category: s.string(1) ?? "", location: point,
                                        receivedDay: Timestamp(seconds: Int64(s.int(4) ?? 0)).chinaDay,
                                        resolvedDay: Self.timestamp(s.string(5))?.chinaDay, building: s.string(6), grid: s.string(7), unit: s.string(8))
            }
        }
    }

    /// Stores a warning (new or changed) and, for a new one, the notice that tells the people of
    /// its place — in one transaction.
    public func putWarning(_ w: EarlyWarning, notice: DeskNotice?) throws {
        try write { db in
            let marks = Array(repeating: "?", count: EarlyWarningRecord.columnCount).joined(separator: ", ")
            try db.execute("""
                INSERT INTO early_warning(\(EarlyWarningRecord.columns)) VALUES (\(marks))
                ON CONFLICT(id) DO UPDATE SET \(EarlyWarningRecord.extendedColumns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                """, EarlyWarningRecord.values(of: w))
            if let notice { try Self.insertNotice(db, notice) }
        }
    }

    /// Warnings whose days meet `fromDay...toDay` (either end open), newest first.
    public func warnings(fromDay: Int? = nil, toDay: Int? = nil, kind: EarlyWarning.Kind? = nil, category: String? = nil,
                         status: EarlyWarning.Status? = nil) throws -> [EarlyWarning] {
        let (conditions, arguments) = EarlyWarningRecord.conditions(fromDay: fromDay, toDay: toDay, kind: kind, category: category, status: status)
        return try read { db in
            try db.query("SELECT \(EarlyWarningRecord.columns) FROM early_warning WHERE \(conditions) ORDER BY end_day DESC, id",
                         arguments, EarlyWarningRecord.warning(from:))
        }
    }

    /// One warning, or nil.
    public func warning(id: String) throws -> EarlyWarning? {
        try read { db in
            try db.query("SELECT \(EarlyWarningRecord.columns) FROM early_warning WHERE id = ?", [id], EarlyWarningRecord.warning(from:)).first
        }
    }

    /// Changes a warning's status with a note, audited; false when there is no such warning.
    public func setWarningStatus(id: String, to status: EarlyWarning.Status, note: String?, at: Timestamp, by actor: String,
                                 origin: String?) throws -> Bool {
        try write { db in
            try db.execute("UPDATE early_warning SET status = ? WHERE id = ?", [status.rawValue, id])
            guard case .integer(let n)? = try db.scalar("SELECT changes()"), n > 0 else { return false }
            try db.execute("INSERT INTO early_warning_event(warning_id, at, actor, status, note) VALUES (?, ?, ?, ?, ?)",
                           [id, at.description, actor, status.rawValue, note ?? DatabaseValue.null])
            try Self.audit(db, at: at, actor: actor, action: "warning.\(status.rawValue)", target: id, origin: origin, detail: note)
            return true
        }
    }

    /// A warning's status changes, oldest first: time, actor, status, note.
    public func warningEvents(id: String) throws -> [(at: String, actor: String, status: String, note: String?)] {
        try read { db in
            try db.query("SELECT at, actor, status, note FROM early_warning_event WHERE warning_id = ? ORDER BY id", [id]) {
                (at: $0.string(0) ?? "", actor: $0.string(1) ?? "", status: $0.string(2) ?? "", note: $0.string(3))
            }
        }
    }

    /// The next warning number for a day's ids.
    public func nextWarningNumber(day: Int) throws -> Int {
        try read { db in
            guard case .integer(let n)? = try db.scalar("SELECT count(*) FROM early_warning WHERE id LIKE ?", ["W" + String(Timestamp.date(ofDay: day).filter { $0 != "-" }) + "%"]) else { return 1 }
            return Int(n) + 1
        }
    }

    /// Whether a day was scanned; marks it.
    public func scanned(day: Int) throws -> Bool {
        try read { db in try db.scalar("SELECT 1 FROM warning_scan WHERE day = ?", [day]) != nil }
    }

    public func markScanned(day: Int, at: Timestamp) throws {
        try write { db in try db.execute("INSERT OR REPLACE INTO warning_scan(day, at) VALUES (?, ?)", [day, at.description]) }
    }

    /// The last day scanned, if any.
    public func lastScannedDay() throws -> Int? {
        try read { db in
            guard case .integer(let n)? = try db.scalar("SELECT max(day) FROM warning_scan") else { return nil }
            return Int(n)
        }
    }

    // MARK: meter readings

    /// Stores readings in one transaction (a reading of the same meter and day is replaced).
    public func storeReadings(_ readings: [MeterReading], source: String) throws {
        try write { db in
            let insert = try db.prepare("INSERT OR REPLACE INTO meter_reading(building_id, meter, kind, day, value) VALUES (?, ?, ?, ?, ?)")
            for r in readings { try insert.run([r.building, r.meter, r.kind, r.day, r.value]) }
            try logImport(db, layer: "readings", source: source, records: readings.count, warnings: 0)
        }
    }

    /// Every series with a reading on `day`, with its readings from `fromDay` on.
    public func meterSeries(fromDay: Int, toDay: Int) throws -> [(building: String, meter: String, kind: String, values: [Int: Double])] {
        let rows = try read { db in
            try db.query("SELECT building_id, meter, kind, day, value FROM meter_reading WHERE day BETWEEN ? AND ? ORDER BY building_id, meter, kind, day",
                         [fromDay, toDay]) { (building: $0.string(0) ?? "", meter: $0.string(1) ?? "", kind: $0.string(2) ?? "", day: $0.int(3) ?? 0, value: $0.double(4) ?? 0) }
        }
        return MeterReading.series(rows)
    }
}

extension GridStore {
    /// A building's position, footprint and placement, or nil.
    public func buildingPlace(id: String) throws -> (centre: Coordinate, footprint: MultiPolygon?, placement: AreaPlacement)? {
        try read { db in
            try db.query("""
                SELECT AsBinary(footprint), X(position), Y(position), province_id, city_id, district_id, street_id, community_id, grid_id
                FROM building WHERE id = ?
                """, [id]) { s in
                var footprint: MultiPolygon?
                if let blob = s.blob(0), case .multiPolygon(let m) = try WKB.decode(blob) { footprint = m }
                var p = AreaPlacement()
                for (k, level) in AreaLevel.allCases.enumerated() { p[level] = s.string(3 + k) }
                return (centre: Coordinate(lon: s.double(1) ?? 0, lat: s.double(2) ?? 0), footprint: footprint, placement: p)
            }.first
        }
    }

}
