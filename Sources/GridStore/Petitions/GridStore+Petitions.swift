import GridGeo
import GridModel
import GridService

extension GridStore {
    /// Every stored column of a petition, in the order `petition(from:)` reads them.

    /// Stores petitions in one transaction; a petition whose id is already stored is replaced
    /// with its events (re-importing a history file updates it instead of doubling it).
    public func storePetitions(_ petitions: [Petition], events: [String: [PetitionEvent]] = [:], source: String,
                               warnings: Int = 0) throws {
        try write { db in try Self.withSpatialIndexesRebuilt(db, table: "petition", columns: ["position"]) {
            let dropEvents = try db.prepare("DELETE FROM petition_event WHERE petition_id = ?")
            let drop = try db.prepare("DELETE FROM petition WHERE id = ?")
            let insert = try Self.petitionInsert(db)
            let event = try Self.eventInsert(db)
            for p in petitions {
                try dropEvents.run([p.id])
                try drop.run([p.id])
                try insert.run(PetitionRecord.values(of: p))
                for e in events[p.id] ?? [] { try event.run(PetitionRecord.values(of: e, petition: p.id)) }
            }
            try logImport(db, layer: "petitions", source: source, records: petitions.count, warnings: warnings)
        } }
    }

    public func importPetitions(source: String, expected: Int,
                                _ body: (any PetitionImportSink) throws -> (records: Int, warnings: Int)) throws {
        try write { db in
            var stored = 0
            if case .integer(let n)? = try db.scalar("SELECT count(*) FROM petition") { stored = Int(n) }
            // A load larger than the table: its secondary indexes go and are built again at
            // the end (by sorting, once), as the spatial index always is. DDL is transactional
            // in SQLite, so a refused import leaves them as they were.
            let indexes: [(name: String, sql: String)] = expected > stored ? try db.query("""
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND tbl_name IN ('petition', 'petition_event') AND sql IS NOT NULL ORDER BY name
                """) { ($0.string(0) ?? "", $0.string(1) ?? "") } : []
            for i in indexes { try db.execute("DROP INDEX \"\(i.name)\"") }
            // A page cache that holds the load's index pages (up to 512 MiB, used only as
            // needed) instead of SQLite's 2 MiB, which spills dirty pages to the journal
            // mid-transaction and reads them back; the default again after.
            let cache = try db.scalar("PRAGMA cache_size")
            try db.execute("PRAGMA cache_size = -524288")
            defer { if case .integer(let n)? = cache { try? db.execute("PRAGMA cache_size = \(n)") } }
            let totals = try Self.withSpatialIndexesRebuilt(db, table: "petition", columns: ["position"]) {
                try body(try PetitionImportWriter(db, replacing: stored > 0))
            }
            for i in indexes { try db.execute(i.sql) }
            try logImport(db, layer: "petitions", source: source, records: totals.records, warnings: totals.warnings)
        }
    }

    /// Writes an import's batches with prepared statements, several rows a statement (SQLite's
    /// cost per statement run is close to its cost per row); the deletes of stored petitions
    /// with the same ids only when the table had any.
    final class PetitionImportWriter: PetitionImportSink {
        static let petitionsAStatement = 8
        static let eventsAStatement = 16
        let dropEvents: Statement?
        let drop: Statement?
        let insert: Statement
        let insertMany: Statement
        let event: Statement
        let eventMany: Statement

        init(_ db: Database, replacing: Bool) throws {
            dropEvents = replacing ? try db.prepare("DELETE FROM petition_event WHERE petition_id = ?") : nil
            drop = replacing ? try db.prepare("DELETE FROM petition WHERE id = ?") : nil
            insert = try GridStore.petitionInsert(db)
            insertMany = try GridStore.petitionInsert(db, rows: Self.petitionsAStatement)
            event = try GridStore.eventInsert(db)
            eventMany = try GridStore.eventInsert(db, rows: Self.eventsAStatement)
        }

        func write(_ petitions: [Petition], events: [[PetitionEvent]]) throws {
            if let dropEvents, let drop {
                // Ids are unique within an import (the reader refuses repeats), so every stored
                // namesake can go before the batch is written.
                for p in petitions {
                    try dropEvents.run([p.id])
                    try drop.run([p.id])
                }
            }
            try Self.insert(petitions.map(PetitionRecord.values(of:)), one: insert, many: insertMany, rows: Self.petitionsAStatement)
            var eventRows: [[StoredValue]] = []
            eventRows.reserveCapacity(events.count * 4)
            for (k, p) in petitions.enumerated() {
                for e in events[k] { eventRows.append(PetitionRecord.values(of: e, petition: p.id)) }
            }
            try Self.insert(eventRows, one: event, many: eventMany, rows: Self.eventsAStatement)
        }

        private static func insert(_ rows: [[StoredValue]], one: Statement, many: Statement, rows n: Int) throws {
            var k = 0
            while k + n <= rows.count {
                try many.run(stored: rows[k..<k + n])
                k += n
            }
            while k < rows.count {
                try one.run(stored: rows[k])
                k += 1
            }
        }
    }

    /// An insert of `rows` petitions, each bound as `PetitionRecord.values(of:)` gives them.
    static func petitionInsert(_ db: Database, rows: Int = 1) throws -> Statement {
        let marks = Array(repeating: "?", count: PetitionRecord.columnCount).joined(separator: ", ")
        let row = "(\(marks), MakePoint(?, ?, 4326))"
        return try db.prepare("INSERT INTO petition(\(PetitionRecord.columns), position) VALUES "
                              + Array(repeating: row, count: rows).joined(separator: ", "))
    }

    /// An insert of `rows` events, each bound as `PetitionRecord.values(of:petition:)` gives them.
    static func eventInsert(_ db: Database, rows: Int = 1) throws -> Statement {
        try db.prepare("INSERT INTO petition_event(\(PetitionRecord.eventInsertColumns)) VALUES "
                       + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
    }


    /// Petitions matching an SQL condition on the petition table, oldest first (ties by id).
    func petitions(_ db: Database, where condition: String = "1", _ arguments: [any DatabaseValueConvertible] = []) throws -> [Petition] {
        try db.query("SELECT \(PetitionRecord.columns), X(position), Y(position) FROM petition WHERE \(condition) ORDER BY received_epoch, id",
                     arguments, PetitionRecord.petition(from:))
    }

    /// Every petition, oldest first (ties by id).
    public func petitions() throws -> [Petition] {
        try read { db in try petitions(db) }
    }

    static func timestamp(_ text: String?, _ seconds: Int64? = nil) -> Timestamp? { PetitionRecord.timestamp(text, seconds) }
    static func json(_ text: String?) -> JSONValue? { PetitionRecord.json(text) }

    /// Residents per area, for rates per 10,000 residents: the area's registered `population`
    /// (the official figure) where it has one, else the persons registered in households in
    /// buildings placed in it.
    public func residentsPerArea() throws -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            // Persons per building in one pass over the join, then summed up each level.
            let perBuilding = try db.query("""
                SELECT b.province_id, b.city_id, b.district_id, b.street_id, b.community_id, b.grid_id, count(*)
                FROM person p JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id
                GROUP BY b.id
                """) { s in ((0..<6).map { s.string($0) }, s.int(6) ?? 0) }
            for (ids, n) in perBuilding {
                for case let id? in ids { out[id, default: 0] += n }
            }
            for (id, n) in try db.query("SELECT id, population FROM area WHERE population IS NOT NULL", [], { ($0.string(0) ?? "", $0.int(1) ?? 0) })
                { out[id] = n }
            return out
        }
    }
}
