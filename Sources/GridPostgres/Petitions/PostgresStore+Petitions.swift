import Foundation
import GridGeo
import GridModel
import GridService
import Synchronization

/// Petitions and their events, the same records as in the SQLite store (`PetitionRecord`),
/// partitioned by the month of receipt.
extension PostgresStore {
    static let petitionSelect = "SELECT \(PetitionRecord.columns), ST_X(position), ST_Y(position) FROM petition"
    static var petitionInsert: String {
        let marks = Array(repeating: "?", count: PetitionRecord.columnCount).joined(separator: ", ")
        return "INSERT INTO petition(\(PetitionRecord.columns), position) VALUES (\(marks), ST_SetSRID(ST_MakePoint(?, ?), 4326))"
    }
    static var petitionUpdate: String {
        let columns = PetitionRecord.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return "UPDATE petition SET " + columns.map { "\($0) = ?" }.joined(separator: ", ")
            + ", position = ST_SetSRID(ST_MakePoint(?, ?), 4326) WHERE id = ? AND received_epoch = ?"
    }
    static let eventInsert = "INSERT INTO petition_event(\(PetitionRecord.eventInsertColumns), received_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    /// Makes the monthly partitions of petitions and events that `epochs` fall in, once each
    /// (under a lock, so that two servers do not make the same one at once).
    func ensurePartitions(_ s: PostgresSession, epochs: [Int64]) throws {
        let months = Set(epochs.map { Self.month(of: $0) }).subtracting(partitions.withLock { $0 })
        guard !months.isEmpty else { return }
        try s.execute("SELECT pg_advisory_xact_lock(?)", [Self.migrationLock + 1])
        for m in months.sorted() {
            let (from, to) = (Self.epoch(ofMonth: m), Self.epoch(ofMonth: m + 1))
            let suffix = "y\(m / 12)m\(String(format: "%02d", m % 12 + 1))"
            try s.execute("CREATE TABLE IF NOT EXISTS petition_\(suffix) PARTITION OF petition FOR VALUES FROM (\(from)) TO (\(to))")
            try s.execute("CREATE TABLE IF NOT EXISTS petition_event_\(suffix) PARTITION OF petition_event FOR VALUES FROM (\(from)) TO (\(to))")
        }
        partitions.withLock { $0.formUnion(months) }
    }

    /// Months since year 0 in China time (the platforms' calendar), for partitioning.
    static func month(of epoch: Int64) -> Int {
        let (y, m, _) = Timestamp.civil(fromDays: Timestamp(seconds: epoch).chinaDay)
        return y * 12 + m - 1
    }

    static func epoch(ofMonth m: Int) -> Int64 {
        Int64(Timestamp.daysFromCivil(year: m / 12, month: m % 12 + 1, day: 1)) * 86_400 - 8 * 3600
    }

    func insertRows(_ s: PostgresSession, _ p: Petition, events: [PetitionEvent]) throws {
        try s.execute(Self.petitionInsert, PetitionRecord.values(of: p))
        for e in events { try s.execute(Self.eventInsert, PetitionRecord.values(of: e, petition: p.id) + [StoredValue(p.receivedAt.seconds)]) }
    }

    /// Stores a new petition and its first events in one transaction; an empty id gets the
    /// next of the day (`SQ` + China date + six digits), unique across every server.
    public func insertPetition(_ petition: Petition, events: [PetitionEvent], origin: String?) throws -> Petition {
        try write { s in
            var p = petition
            try ensurePartitions(s, epochs: [p.receivedAt.seconds])
            if p.id.isEmpty { p.id = try Self.nextPetitionID(s, receivedAt: p.receivedAt) }
            try insertRows(s, p, events: events)
            for e in events {
                try Self.audit(s, at: e.at, actor: e.actor, action: "petition.\(e.action.rawValue)", target: p.id, origin: origin, detail: nil)
                if let n = DeskNotice.notice(for: e, on: p) { try Self.insertNotice(s, n) }
            }
            return p
        }
    }

    private static func nextPetitionID(_ s: PostgresSession, receivedAt: Timestamp) throws -> String {
        let day = Timestamp.date(ofDay: receivedAt.chinaDay).filter { $0 != "-" }
        while true {
            // The row lock of the upsert orders concurrent intakes of one day across servers.
            let n = try s.query("""
                INSERT INTO petition_counter(day, last) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET last = petition_counter.last + 1
                RETURNING last
                """, [day]).first?.int(0) ?? 1
            let id = "SQ" + day + (n < 1_000_000 ? String(String(n + 1_000_000).dropFirst()) : String(n))
            // A history import may hold ids of the same form; skip over them.
            if try s.query("SELECT 1 FROM petition WHERE id = ?", [id]).isEmpty { return id }
        }
    }

    /// Stores petitions in one transaction; one already stored with the same id is replaced with its events.
    public func storePetitions(_ petitions: [Petition], events: [String: [PetitionEvent]], source: String, warnings: Int) throws {
        try write { s in
            try ensurePartitions(s, epochs: petitions.map(\.receivedAt.seconds))
            let ids = SQLValue.texts(petitions.map(\.id))
            try s.execute("DELETE FROM petition_event WHERE petition_id = ANY(?)", [ids])
            try s.execute("DELETE FROM petition WHERE id = ANY(?)", [ids])
            let marks = Array(repeating: "?", count: PetitionRecord.columnCount).joined(separator: ", ")
            try s.insert(into: "petition", columns: PetitionRecord.columns + ", position",
                         rowTemplate: "(\(marks), ST_SetSRID(ST_MakePoint(?, ?), 4326))", rows: petitions.map { PetitionRecord.values(of: $0) })
            try s.insert(into: "petition_event", columns: PetitionRecord.eventInsertColumns + ", received_epoch",
                         rowTemplate: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         rows: petitions.flatMap { p in (events[p.id] ?? []).map { PetitionRecord.values(of: $0, petition: p.id) + [StoredValue(p.receivedAt.seconds)] } })
            try logImport(s, layer: "petitions", source: source, records: petitions.count, warnings: warnings)
        }
    }

    public func importPetitions(source: String, expected: Int,
                                _ body: (any PetitionImportSink) throws -> (records: Int, warnings: Int)) throws {
        try write { s in
            let stored = try s.query("SELECT count(*) FROM petition").first?.int(0) ?? 0
            // A load larger than the table: its indexes (all but the keys) go and are built
            // again at the end, by sorting, once — as in the SQLite store. The petition tables
            // stay locked against reads meanwhile (DROP INDEX takes an exclusive lock), which
            // is what a first history load can afford; smaller loads keep them and lock nothing.
            let indexes: [(name: String, sql: String)] = expected > stored ? try s.query("""
                SELECT c.relname, pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relname IN ('petition', 'petition_event') AND t.relnamespace = current_schema()::regnamespace
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                ORDER BY c.relname
                """) { ($0.string(0) ?? "", $0.string(1) ?? "") } : []
            for i in indexes { try s.execute("DROP INDEX \"\(i.name)\"") }
            let totals = try body(PetitionCopyWriter(store: self, session: s, replacing: stored > 0))
            if !indexes.isEmpty {
                try s.execute("SET LOCAL maintenance_work_mem = '256MB'")
                for i in indexes { try s.execute(i.sql) }
            }
            try logImport(s, layer: "petitions", source: source, records: totals.records, warnings: totals.warnings)
        }
    }

    /// Writes an import's batches with `COPY` into the month partitions (made first as needed).
    final class PetitionCopyWriter: PetitionImportSink {
        let store: PostgresStore
        let session: PostgresSession
        let replacing: Bool
        static let petitionColumns = (PetitionRecord.columns + ", position").split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        static let eventColumns = (PetitionRecord.eventInsertColumns + ", received_epoch").split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }

        init(store: PostgresStore, session: PostgresSession, replacing: Bool) {
            self.store = store
            self.session = session
            self.replacing = replacing
        }

        func write(_ petitions: [Petition], events: [[PetitionEvent]]) throws {
            try store.ensurePartitions(session, epochs: petitions.map(\.receivedAt.seconds))
            if replacing {
                let ids = SQLValue.texts(petitions.map(\.id))
                try session.execute("DELETE FROM petition_event WHERE petition_id = ANY(?)", [ids])
                try session.execute("DELETE FROM petition WHERE id = ANY(?)", [ids])
            }
            try session.copy(into: "petition", columns: Self.petitionColumns, rows: petitions.lazy.map { p in
                var row = PetitionRecord.values(of: p)
                let lat = row.removeLast(), lon = row.removeLast()
                if case .real(let x) = lon, case .real(let y) = lat { row.append(.text(PostgresSession.ewkbPointHex(lon: x, lat: y))) } else { row.append(.null) }
                return row
            })
            try session.copy(into: "petition_event", columns: Self.eventColumns, rows: petitions.indices.lazy.flatMap { k in
                events[k].lazy.map { PetitionRecord.values(of: $0, petition: petitions[k].id) + [StoredValue(petitions[k].receivedAt.seconds)] }
            })
        }
    }

    public func updatePetition<T>(id: String, origin: String?,
                                  _ change: (inout Petition, _ nextSequence: Int) throws -> (events: [PetitionEvent], result: T)) throws -> T? {
        try updatePetitions(ids: [id], origin: origin, change).first ?? nil
    }

    /// Reads each petition under a row lock (`FOR UPDATE`): two servers acting on one case
    /// take turns, and the second sees what the first stored — no lost update.
    public func updatePetitions<T>(ids: [String], origin: String?,
                                   _ change: (inout Petition, _ nextSequence: Int) throws -> (events: [PetitionEvent], result: T)) throws -> [T?] {
        try write { s in
            try ids.map { id -> T? in
                guard var p = try s.query(Self.petitionSelect + " WHERE id = ? FOR UPDATE", [id], PetitionRecord.petition(from:)).first else { return nil }
                let last = try s.query("SELECT coalesce(max(seq), 0) FROM petition_event WHERE petition_id = ?", [id]).first?.int(0) ?? 0
                // The row stays in the partition of its receipt, and its events with it.
                let received = p.receivedAt.seconds
                let stored = p.nextWarningAt?.seconds
                let (events, result) = try change(&p, last + 1)
                guard !events.isEmpty else {
                    // Nothing happened (the row stays as read), but its stored warning time may be
                    // behind it (a migrated row).
                    try s.execute("UPDATE petition SET warn_at_epoch = ? WHERE id = ? AND received_epoch = ? AND warn_at_epoch IS DISTINCT FROM ?",
                                  [StoredValue(stored), StoredValue(id), StoredValue(received), StoredValue(stored)])
                    return result
                }
                // Updated in place: a row deleted and inserted again would be lost to a server
                // waiting on its lock (it would find the old row gone).
                try s.execute(Self.petitionUpdate, PetitionRecord.values(of: p) + [StoredValue(id), StoredValue(received)])
                for e in events {
                    try s.execute(Self.eventInsert, PetitionRecord.values(of: e, petition: p.id) + [StoredValue(received)])
                    try Self.audit(s, at: e.at, actor: e.actor, action: "petition.\(e.action.rawValue)", target: p.id, origin: origin, detail: nil)
                    if let n = DeskNotice.notice(for: e, on: p) { try Self.insertNotice(s, n) }
                }
                return result
            }
        }
    }

    public func petitionsDueForWarning(at now: Timestamp) throws -> [String] {
        try read { s in
            try s.query("SELECT id FROM petition WHERE warn_at_epoch < ? ORDER BY warn_at_epoch, id", [now.seconds]) { $0.string(0) ?? "" }
        }
    }

    public func ledgerEntries() throws -> [PetitionLedger.Entry] {
        try read { s in
            try s.query("SELECT \(PetitionRecord.ledgerColumns), ST_X(position), ST_Y(position) FROM petition ORDER BY received_epoch, id",
                        [], PetitionRecord.ledgerEntry(from:))
        }
    }

    /// Petitions matching a condition, oldest first (ties by id).
    func petitions(_ s: PostgresSession, where condition: String = "true", _ arguments: [any SQLArgument] = []) throws -> [Petition] {
        try s.query(Self.petitionSelect + " WHERE \(condition) ORDER BY received_epoch, id", arguments, PetitionRecord.petition(from:))
    }

    public func petitions() throws -> [Petition] {
        try read { s in try petitions(s) }
    }

    public func petition(id: String) throws -> Petition? {
        try read { s in try petitions(s, where: "id = ?", [id]).first }
    }

    /// A petition by id if `scope` covers it, else nil — by the same query either way.
    public func petition(id: String, scope: PetitionScope) throws -> Petition? {
        var conditions = ["id = ?"]
        var arguments: [any SQLArgument] = [id]
        try restrict(to: scope, &conditions, &arguments)
        return try read { s in try petitions(s, where: conditions.joined(separator: " AND "), arguments).first }
    }

    public func events(of id: String) throws -> [PetitionEvent] {
        try read { s in
            try s.query("SELECT \(PetitionRecord.eventColumns) FROM petition_event WHERE petition_id = ? ORDER BY seq", [id], PetitionRecord.event(from:))
        }
    }

    public func petitions(contactKey: String, limit: Int) throws -> [Petition] {
        try read { s in
            try s.query(Self.petitionSelect + " WHERE contact_key = ? ORDER BY received_epoch DESC, id LIMIT ?", [contactKey, limit],
                        PetitionRecord.petition(from:))
        }
    }

    public func supervisedPetitions() throws -> [Petition] {
        try read { s in try petitions(s, where: "case_state LIKE '%\"supervisions\"%'") }
    }

    public func openPetitions(unit: String?, area: String?, status: Petition.Status?) throws -> [Petition] {
        try petitions(scope: "status NOT IN (\(PetitionRecord.closedStatusList))", status: status, unit: unit, area: area)
    }

    public func petitions(status: Petition.Status, unit: String?, area: String?) throws -> [Petition] {
        try petitions(scope: "true", status: status, unit: unit, area: area)
    }

    private func petitions(scope: String, status: Petition.Status?, unit: String?, area: String?) throws -> [Petition] {
        var conditions = [scope]
        var arguments: [any SQLArgument] = []
        if let status { conditions.append("status = ?"); arguments.append(status.rawValue) }
        if let unit { conditions.append("unit_id = ?"); arguments.append(unit) }
        if let area {
            conditions.append("? IN (province_id, city_id, district_id, street_id, community_id, grid_id)")
            arguments.append(area)
        }
        return try read { s in try petitions(s, where: conditions.joined(separator: " AND "), arguments) }
    }

    public func workListPetitions(scope: PetitionScope) throws -> [Petition] {
        var conditions = ["""
            (status NOT IN (\(PetitionRecord.closedStatusList)) OR status = '\(Petition.Status.resolved.rawValue)'
             OR (status = '\(Petition.Status.closed.rawValue)' AND callback = 1 AND rating IS NULL))
            """]
        var arguments: [any SQLArgument] = []
        try restrict(to: scope, &conditions, &arguments)
        return try read { s in try petitions(s, where: conditions.joined(separator: " AND "), arguments) }
    }

    public func petitions(matching query: PetitionQuery, scope: PetitionScope) throws -> [Petition] {
        var (conditions, values) = query.conditions
        var arguments: [any SQLArgument] = values
        try restrict(to: scope, &conditions, &arguments)
        return try read { s in
            try s.query(Self.petitionSelect + " WHERE \(conditions.joined(separator: " AND ")) ORDER BY received_epoch DESC, id DESC LIMIT \(max(0, query.limit))",
                        arguments, PetitionRecord.petition(from:))
        }
    }

    public func openPetitions(category: String, near box: BoundingBox, since: Timestamp, until: Timestamp) throws -> [Petition] {
        try read { s in
            try petitions(s, where: """
                category = ? AND received_epoch BETWEEN ? AND ? AND status NOT IN (\(PetitionRecord.closedStatusList))
                AND position && ST_MakeEnvelope(?, ?, ?, ?, 4326)
                """, [category, since.seconds, until.seconds, box.minLon, box.minLat, box.maxLon, box.maxLat])
        }
    }

    public func petitionsForStatistics(from: Timestamp?, to: Timestamp?, lookbackDays: Int) throws -> [Petition] {
        let start = from.map { $0.seconds - Int64(lookbackDays) * 86_400 } ?? Int64.min
        let end = to?.seconds ?? Int64.max
        return try read { s in try petitions(s, where: "received_epoch >= ? AND received_epoch < ?", [start, end]) }
    }

    public func petitionSightings(fromDay from: Int, toDay to: Int) throws -> [PetitionSighting] {
        let start = Int64(from) * 86_400 - 8 * 3600, end = Int64(to + 1) * 86_400 - 8 * 3600
        return try read { s in
            try s.query("""
                SELECT id, category, ST_X(position), ST_Y(position), received_epoch, resolved_at, building_id, grid_id, unit_id FROM petition
                WHERE received_epoch >= ? AND received_epoch < ? AND status <> 'rejected' ORDER BY received_epoch, id
                """, [start, end]) { r in
                let point = r.double(2).flatMap { lon in r.double(3).map { Coordinate(lon: lon, lat: $0) } }
                return PetitionSighting(id: r.string(0) ?? "", category: r.string(1) ?? "", location: point,
                                        receivedDay: Timestamp(seconds: r.int64(4) ?? 0).chinaDay,
                                        resolvedDay: PetitionRecord.timestamp(r.string(5))?.chinaDay, building: r.string(6), grid: r.string(7), unit: r.string(8))
            }
        }
    }

    /// Changes with every import and every petition event.
    public func petitionChangeStamp() throws -> Int64 {
        try read { s in
            try s.query("""
                SELECT coalesce((SELECT max(id) FROM import_log), 0) + (coalesce((SELECT max(id) FROM petition_event), 0) << 20)
                """).first?.int64(0) ?? 0
        }
    }

    /// Narrows petition conditions to what `scope` may read (`PetitionScope.contains`).
    func restrict(to scope: PetitionScope, _ conditions: inout [String], _ arguments: inout [any SQLArgument]) throws {
        if scope.unit == nil, !scope.hiddenCategories.isEmpty {
            conditions.append("category NOT IN (\(scope.hiddenCategories.map { _ in "?" }.joined(separator: ", ")))")
            arguments += scope.hiddenCategories.sorted().map { $0 as any SQLArgument }
        }
        if let unit = scope.unit {
            conditions.append("(unit_id = ? OR assisting_units::jsonb @> jsonb_build_array(?::text))")
            arguments += [unit, unit]
        }
        if let area = scope.area {
            let level = try read { s in try s.query("SELECT level FROM area WHERE id = ?", [area]).first?.string(0) }
            if let level = level.flatMap(AreaLevel.init(rawValue:)) {
                conditions.append("\(level.rawValue)_id = ?")
                arguments.append(area)
            } else {
                conditions.append("false")
            }
        }
    }
}
