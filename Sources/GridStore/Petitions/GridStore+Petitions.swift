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

    static func petitionInsert(_ db: Database) throws -> Statement {
        let marks = Array(repeating: "?", count: PetitionRecord.columnCount).joined(separator: ", ")
        return try db.prepare("INSERT INTO petition(\(PetitionRecord.columns), position) VALUES (\(marks), MakePoint(?, ?, 4326))")
    }

    static func eventInsert(_ db: Database) throws -> Statement {
        try db.prepare("""
            INSERT INTO petition_event(petition_id, seq, at, at_epoch, actor, action, from_status, to_status, note, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
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
