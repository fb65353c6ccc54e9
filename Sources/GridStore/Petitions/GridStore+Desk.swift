import GridGeo
import GridModel
import GridService

/// The petition desk's storage: intake with its first events, appended events, the calendar,
/// the rules and the queries the supervision list and statistics need.
extension GridStore {
    /// Stores a new petition and its first events in one transaction. An empty `id` gets the
    /// next of the day: `SQ` + the China date of receipt + a six-digit counter.
    /// - Parameter origin: where the request came from, for the audit log.
    /// - Returns: the stored petition (with its id).
    public func insertPetition(_ petition: Petition, events: [PetitionEvent], origin: String? = nil) throws -> Petition {
        try write { db in
            var p = petition
            if p.id.isEmpty { p.id = try Self.nextPetitionID(db, receivedAt: p.receivedAt) }
            try Self.petitionInsert(db).run(PetitionRecord.values(of: p))
            let insert = try Self.eventInsert(db)
            for e in events {
                try insert.run(PetitionRecord.values(of: e, petition: p.id))
                try Self.audit(db, at: e.at, actor: e.actor, action: "petition.\(e.action.rawValue)", target: p.id, origin: origin, detail: nil)
                if let n = DeskNotice.notice(for: e, on: p) { try Self.insertNotice(db, n) }
            }
            return p
        }
    }

    private static func nextPetitionID(_ db: Database, receivedAt: Timestamp) throws -> String {
        let day = Timestamp.date(ofDay: receivedAt.chinaDay).filter { $0 != "-" }
        while true {
            try db.execute("INSERT INTO petition_counter(day, last) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1", [day])
            guard case .integer(let n)? = try db.scalar("SELECT last FROM petition_counter WHERE day = ?", [day]) else {
                throw StoreError.invalidQuery("petition counter for \(day) is missing")
            }
            let id = "SQ" + day + (n < 1_000_000 ? String(String(n + 1_000_000).dropFirst()) : String(n))
            // A history import may hold ids of the same form; skip over them.
            if case .integer(0)? = try db.scalar("SELECT count(*) FROM petition WHERE id = ?", [id]) { return id }
        }
    }

    /// The petition with this id, or nil.
    /// The petitions from one caller (by the keyed hash of the phone), newest first.
    public func petitions(contactKey: String, limit: Int) throws -> [Petition] {
        try read { db in
            try db.query("SELECT \(PetitionRecord.columns), X(position), Y(position) FROM petition WHERE contact_key = ? ORDER BY received_epoch DESC, id LIMIT ?",
                         [contactKey, limit], PetitionRecord.petition(from:))
        }
    }

    /// Petitions that have ever been supervised (督办), oldest first.
    public func supervisedPetitions() throws -> [Petition] {
        try read { db in try petitions(db, where: "case_state LIKE '%\"supervisions\"%'", []) }
    }


    public func petition(id: String) throws -> Petition? {
        try read { db in try petitions(db, where: "id = ?", [id]).first }
    }

    /// A petition by id if `scope` covers it, else nil — for a petition outside the scope by the
    /// very same query as for one that does not exist, so neither the answer nor the time it
    /// takes tells them apart.
    public func petition(id: String, scope: PetitionScope) throws -> Petition? {
        var conditions = ["id = ?"]
        var arguments: [any DatabaseValueConvertible] = [id]
        try restrict(to: scope, &conditions, &arguments)
        return try read { db in try petitions(db, where: conditions.joined(separator: " AND "), arguments).first }
    }

    /// A petition's events, in order.
    public func events(of id: String) throws -> [PetitionEvent] {
        try read { db in
            try db.query("SELECT \(PetitionRecord.eventColumns) FROM petition_event WHERE petition_id = ? ORDER BY seq", [id], PetitionRecord.event(from:))
        }
    }

    /// Reads a petition and its last event number, lets `change` decide what happens, and
    /// stores the changed petition and the new events — all in one transaction, so two
    /// dispatchers acting on one case at once cannot both act on the same state.
    /// - Returns: nil when there is no such petition, else what `change` returned.
    public func updatePetition<T>(id: String, origin: String? = nil,
                                  _ change: (inout Petition, _ nextSequence: Int) throws -> (events: [PetitionEvent], result: T)) throws -> T? {
        try updatePetitions(ids: [id], origin: origin, change).first ?? nil
    }

    /// `updatePetition` for many petitions in one transaction (one disk sync for all).
    /// - Returns: per id, nil when there is no such petition, else what `change` returned.
    public func updatePetitions<T>(ids: [String], origin: String? = nil,
                                   _ change: (inout Petition, _ nextSequence: Int) throws -> (events: [PetitionEvent], result: T)) throws -> [T?] {
        try write { db in
            let drop = try db.prepare("DELETE FROM petition WHERE id = ?")
            let insert = try Self.petitionInsert(db)
            let event = try Self.eventInsert(db)
            let stale = try db.prepare("UPDATE petition SET warn_at_epoch = ?1 WHERE id = ?2 AND warn_at_epoch IS NOT ?1")
            return try ids.map { id -> T? in
                guard var p = try petitions(db, where: "id = ?", [id]).first else { return nil }
                var last = 0
                if case .integer(let n)? = try db.scalar("SELECT max(seq) FROM petition_event WHERE petition_id = ?", [id]) { last = Int(n) }
                let stored = p.nextWarningAt?.seconds
                let (events, result) = try change(&p, last + 1)
                guard !events.isEmpty else {
                    // Nothing happened (the row stays as read), but its stored warning time may be
                    // behind it (a migrated row).
                    try stale.run([StoredValue(stored), StoredValue(id)])
                    return result
                }
                // Same row, new values: delete and insert keeps one code path for every column.
                try drop.run([id])
                try insert.run(PetitionRecord.values(of: p))
                for e in events {
                    try event.run(PetitionRecord.values(of: e, petition: p.id))
                    try Self.audit(db, at: e.at, actor: e.actor, action: "petition.\(e.action.rawValue)", target: p.id, origin: origin,
                                   detail: nil)
                    // In the same transaction as the event: a notice is never lost nor told twice.
                    if let n = DeskNotice.notice(for: e, on: p) { try Self.insertNotice(db, n) }
                }
                return result
            }
        }
    }

    public func petitionsDueForWarning(at now: Timestamp) throws -> [String] {
        try read { db in
            try db.query("SELECT id FROM petition WHERE warn_at_epoch < ? ORDER BY warn_at_epoch, id", [now.seconds]) { $0.string(0) ?? "" }
        }
    }

    /// Open petitions, optionally only those of a unit (lead) or placed in an area of any level.
    public func openPetitions(unit: String? = nil, area: String? = nil, status: Petition.Status? = nil) throws -> [Petition] {
        try petitions(scope: "status NOT IN (\(PetitionRecord.closedStatusList))", [], status: status, unit: unit, area: area)
    }

    /// What the desk's work lists draw from, inside `scope`: open petitions, resolved ones waiting
    /// for the resident's judgement, and closed ones picked for a callback and not yet rated
    /// (`WorkQueue.awaitsCallback`), oldest first.
    public func workListPetitions(scope: PetitionScope) throws -> [Petition] {
        var conditions = ["""
            (status NOT IN (\(PetitionRecord.closedStatusList)) OR status = '\(Petition.Status.resolved.rawValue)'
             OR (status = '\(Petition.Status.closed.rawValue)' AND callback = 1 AND rating IS NULL))
            """]
        var arguments: [any DatabaseValueConvertible] = []
        try restrict(to: scope, &conditions, &arguments)
        return try read { db in try petitions(db, where: conditions.joined(separator: " AND "), arguments) }
    }

    public func petitions(matching query: PetitionQuery, scope: PetitionScope) throws -> [Petition] {
        var (conditions, values) = query.conditions
        var arguments: [any DatabaseValueConvertible] = values
        try restrict(to: scope, &conditions, &arguments)
        return try read { db in
            try db.query("SELECT \(PetitionRecord.columns), X(position), Y(position) FROM petition WHERE \(conditions.joined(separator: " AND "))"
                         + " ORDER BY received_epoch DESC, id DESC LIMIT \(max(0, query.limit))", arguments, PetitionRecord.petition(from:))
        }
    }

    /// Petitions in one status, optionally of a unit or placed in an area, oldest first.
    public func petitions(status: Petition.Status, unit: String? = nil, area: String? = nil) throws -> [Petition] {
        try petitions(scope: "1", [], status: status, unit: unit, area: area)
    }

    private func petitions(scope: String, _ arguments: [any DatabaseValueConvertible], status: Petition.Status?,
                           unit: String?, area: String?) throws -> [Petition] {
        var conditions = [scope]
        var arguments = arguments
        if let status { conditions.append("status = ?"); arguments.append(status.rawValue) }
        if let unit { conditions.append("unit_id = ?"); arguments.append(unit) }
        if let area {
            conditions.append("? IN (province_id, city_id, district_id, street_id, community_id, grid_id)")
            arguments.append(area)
        }
        return try read { db in try petitions(db, where: conditions.joined(separator: " AND "), arguments) }
    }

    /// Open petitions of `category` received in `since...until` within the box around a point
    /// (the desk measures the true distance), for the likely-repeat check.
    public func openPetitions(category: String, near box: BoundingBox, since: Timestamp, until: Timestamp) throws -> [Petition] {
        try read { db in
            try petitions(db, where: """
                category = ? AND received_epoch BETWEEN ? AND ? AND status NOT IN (\(PetitionRecord.closedStatusList))
                AND position IS NOT NULL AND ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'petition'
                    AND f_geometry_column = 'position' AND search_frame = BuildMbr(?, ?, ?, ?, 4326))
                """, [category, since.seconds, until.seconds, box.minLon, box.minLat, box.maxLon, box.maxLat])
        }
    }

    public func ledgerEntries() throws -> [PetitionLedger.Entry] {
        try read { db in
            try db.query("SELECT \(PetitionRecord.ledgerColumns), X(position), Y(position) FROM petition ORDER BY received_epoch, id",
                         [], PetitionRecord.ledgerEntry(from:))
        }
    }

    /// Petitions received in `from..<to` (open ends when nil), and for repeat counting those
    /// received up to `lookbackDays` earlier.
    public func petitionsForStatistics(from: Timestamp?, to: Timestamp?, lookbackDays: Int) throws -> [Petition] {
        let start = from.map { $0.seconds - Int64(lookbackDays) * 86_400 } ?? Int64.min
        let end = to?.seconds ?? Int64.max
        return try read { db in try petitions(db, where: "received_epoch >= ? AND received_epoch < ?", [start, end]) }
    }

    // MARK: Calendar and rules

    /// Replaces the calendar days of the years the file covers; other years stay.
    public func storeCalendar(_ days: [CalendarDay], years: Set<Int>, source: String) throws {
        try write { db in
            for y in years {
                try db.execute("DELETE FROM calendar_day WHERE day BETWEEN ? AND ?",
                               [Timestamp.daysFromCivil(year: y, month: 1, day: 1), Timestamp.daysFromCivil(year: y, month: 12, day: 31)])
            }
            let insert = try db.prepare("INSERT INTO calendar_day(day, date, working, name) VALUES (?, ?, ?, ?)")
            for d in days { try insert.run([d.day, Timestamp.date(ofDay: d.day), d.working, d.name]) }
            try logImport(db, layer: "calendar", source: source, records: days.count, warnings: 0)
        }
    }

    /// Every holiday and make-up workday stored.
    public func calendarDays() throws -> [CalendarDay] {
        try read { db in
            try db.query("SELECT day, working, name FROM calendar_day ORDER BY day") {
                CalendarDay(day: $0.int(0) ?? 0, working: ($0.int(1) ?? 0) != 0, name: $0.string(2) ?? "")
            }
        }
    }

    /// Stores the rules file as given (after it was checked), replacing the previous one.
    public func storeDeskPolicy(_ document: JSONValue, rules: Int, source: String) throws {
        try write { db in
            try db.execute("INSERT OR REPLACE INTO desk_policy(id, document) VALUES (1, ?)", [document.jsonText])
            try logImport(db, layer: "rules", source: source, records: rules, warnings: 0)
        }
    }

    /// The stored rules document, or nil before any was imported.
    public func deskPolicyDocument() throws -> JSONValue? {
        try read { db in
            if case .text(let t)? = try db.scalar("SELECT document FROM desk_policy WHERE id = 1") { return Self.json(t) }
            return nil
        }
    }

    /// The id of the last boundary import (areas), the version placements are made against.
    public func boundaryVersion() throws -> Int64 {
        try read { db in
            if case .integer(let v)? = try db.scalar("SELECT max(id) FROM import_log WHERE layer = 'areas'") { return v }
            return 0
        }
    }

    public func locatorVersion() throws -> Int64 {
        try read { db in
            if case .integer(let v)? = try db.scalar("SELECT max(id) FROM import_log WHERE layer IN ('areas', 'buildings', 'units')") { return v }
            return 0
        }
    }

    /// A number that changes whenever petitions change (imports or desk events): what
    /// petition snapshots (heat maps) compare to know they are stale.
    public func petitionChangeStamp() throws -> Int64 {
        try read { db in
            var stamp: Int64 = 0
            if case .integer(let v)? = try db.scalar("SELECT max(id) FROM import_log") { stamp = v }
            if case .integer(let v)? = try db.scalar("SELECT max(rowid) FROM petition_event") { stamp += v << 20 }
            return stamp
        }
    }

    /// The building's point (footprint centroid, or the point it was imported as), for
    /// placing a petition by its building.
    public func buildingPosition(id: String) throws -> Coordinate? {
        try read { db in
            try db.query("SELECT X(position), Y(position) FROM building WHERE id = ?", [id]) { s in
                s.double(0).flatMap { lon in s.double(1).map { Coordinate(lon: lon, lat: $0) } }
            }.first ?? nil
        }
    }
}

extension GridStore {
    /// Every area's name and level (no geometry) and the units answering for each, for naming
    /// ids in answers and statistics.
    public func areaDirectory() throws -> AreaDirectory {
        let areas = try read { db in
            var out: [String: AreaDirectory.Entry] = [:]
            for (id, entry) in try db.query("SELECT id, name, level, worker, parent FROM area", [], { s in
                (s.string(0) ?? "", AreaDirectory.Entry(name: s.string(1) ?? "", level: AreaLevel(rawValue: s.string(2) ?? "") ?? .grid,
                                                        worker: s.string(3), parent: s.string(4)))
            }) { out[id] = entry }
            return out
        }
        return AreaDirectory(areas: areas, units: try units())
    }
}
