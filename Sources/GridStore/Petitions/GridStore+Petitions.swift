import GridGeo
import GridModel
import GridService

extension GridStore {
    /// Every stored column of a petition, in the order `petition(from:)` reads them.
    static let petitionColumns = """
        id, received_at, received_epoch, channel, kind, category, urgency, text, address, status, building_id,
        province_id, city_id, district_id, street_id, community_id, grid_id, resolve_by, resolve_by_epoch,
        household_id, location_crs, contact_name, contact_phone, difficulty, boundary_version,
        dispatch_by, first_reply_by, unit_id, assisting_units, rule_id, rule_reason,
        dispatched_at, first_reply_at, resolved_at, closed_at, rating, outcome, round, callback, duplicate_of,
        reject_reason, warned, case_state, contact_key
        """
    static let petitionColumnCount = 44

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
                try insert.run(Self.petitionRow(p))
                for e in events[p.id] ?? [] { try event.run(Self.eventRow(e, of: p.id)) }
            }
            try logImport(db, layer: "petitions", source: source, records: petitions.count, warnings: warnings)
        } }
    }

    static func petitionInsert(_ db: Database) throws -> Statement {
        let marks = Array(repeating: "?", count: petitionColumnCount).joined(separator: ", ")
        return try db.prepare("INSERT INTO petition(\(petitionColumns), position) VALUES (\(marks), MakePoint(?, ?, 4326))")
    }

    static func eventInsert(_ db: Database) throws -> Statement {
        try db.prepare("""
            INSERT INTO petition_event(petition_id, seq, at, at_epoch, actor, action, from_status, to_status, note, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// The values of `petitionColumns` and the point, for one petition.
    static func petitionRow(_ p: Petition) -> [any DatabaseValueConvertible] {
        let a = p.placement
        let assisting = JSONValue.array(p.assistingUnits.map { .string($0) }).jsonText
        let row: [(any DatabaseValueConvertible)?] = [
            p.id, p.receivedAt.description, p.receivedAt.seconds, p.channel.rawValue, p.kind.rawValue,
            p.category, p.urgency.rawValue, p.text, p.address, p.status.rawValue, p.building,
            a[.province], a[.city], a[.district], a[.street], a[.community], a[.grid],
            p.resolveBy?.description, p.resolveBy?.seconds,
            p.household, p.location == nil ? nil : p.crs.rawValue, p.contact?.name, p.contact?.phone, p.difficulty,
            p.boundaryVersion, p.dispatchBy?.description, p.firstReplyBy?.description, p.unit, assisting, p.ruleID,
            p.ruleReason, p.dispatchedAt?.description, p.firstReplyAt?.description, p.resolvedAt?.description,
            p.closedAt?.description, p.rating?.rawValue, p.outcome?.rawValue, p.round, p.callback, p.duplicateOf,
            p.rejectReason, p.warned, p.caseState.isEmpty ? nil : p.caseState.json.jsonText, p.contactKey, p.location?.lon, p.location?.lat,
        ]
        return row.map { $0 ?? DatabaseValue.null }
    }

    static func eventRow(_ e: PetitionEvent, of id: String) -> [any DatabaseValueConvertible] {
        let details = JSONValue.object(JSONObject(e.details.sorted { $0.key < $1.key }.map { (key: $0.key, value: .string($0.value)) }))
        let row: [(any DatabaseValueConvertible)?] = [id, e.sequence, e.at.description, e.at.seconds, e.actor, e.action.rawValue,
                                                      e.from?.rawValue, e.to.rawValue, e.note, details.jsonText]
        return row.map { $0 ?? DatabaseValue.null }
    }

    /// A petition from a row of `SELECT petitionColumns, X(position), Y(position)`.
    static func petition(from s: Statement) -> Petition {
        var placement = AreaPlacement()
        for (k, level) in AreaLevel.allCases.enumerated() { placement[level] = s.string(11 + k) }
        let location = s.double(44).flatMap { lon in s.double(45).map { Coordinate(lon: lon, lat: $0) } }
        var p = Petition(id: s.string(0) ?? "", receivedAt: timestamp(s.string(1), s.int(2).map(Int64.init)) ?? Timestamp(seconds: 0),
                         channel: Petition.Channel(rawValue: s.string(3) ?? "") ?? .hotline,
                         kind: Petition.Kind(rawValue: s.string(4) ?? "") ?? .request,
                         category: s.string(5) ?? "", urgency: Petition.Urgency(rawValue: s.string(6) ?? "") ?? .normal,
                         text: s.string(7) ?? "", address: s.string(8), location: location,
                         status: Petition.Status(rawValue: s.string(9) ?? "") ?? .received, building: s.string(10),
                         placement: placement, resolveBy: timestamp(s.string(17), s.int(18).map(Int64.init)))
        p.household = s.string(19)
        p.crs = s.string(20).flatMap(CoordinateSystem.init(rawValue:)) ?? .wgs84
        if s.string(21) != nil || s.string(22) != nil { p.contact = PetitionIntake.Contact(name: s.string(21), phone: s.string(22)) }
        p.difficulty = s.int(23)
        p.boundaryVersion = s.int(24).map(Int64.init)
        p.dispatchBy = timestamp(s.string(25))
        p.firstReplyBy = timestamp(s.string(26))
        p.unit = s.string(27)
        p.assistingUnits = (json(s.string(28))?.arrayValue ?? []).compactMap(\.stringValue)
        p.ruleID = s.string(29)
        p.ruleReason = s.string(30)
        p.dispatchedAt = timestamp(s.string(31))
        p.firstReplyAt = timestamp(s.string(32))
        p.resolvedAt = timestamp(s.string(33))
        p.closedAt = timestamp(s.string(34))
        p.rating = s.string(35).flatMap(Petition.Rating.init(rawValue:))
        p.outcome = s.string(36).flatMap(Petition.Outcome.init(rawValue:))
        p.round = s.int(37) ?? 1
        p.callback = (s.int(38) ?? 0) != 0
        p.duplicateOf = s.string(39)
        p.rejectReason = s.string(40)
        p.warned = s.int(41) ?? 0
        if let state = json(s.string(42)) { p.caseState = CaseState(json: state) }
        p.contactKey = s.string(43)
        return p
    }

    static func event(from s: Statement) -> PetitionEvent {
        var details: [String: String] = [:]
        for (k, v) in json(s.string(8))?.objectValue ?? JSONObject() { details[k] = v.stringValue }
        return PetitionEvent(sequence: s.int(0) ?? 0, at: timestamp(s.string(1)) ?? Timestamp(seconds: 0), actor: s.string(2) ?? "",
                             action: PetitionEvent.Action(rawValue: s.string(3) ?? "") ?? .note,
                             from: s.string(4).flatMap(Petition.Status.init(rawValue:)),
                             to: Petition.Status(rawValue: s.string(5) ?? "") ?? .received, note: s.string(7), details: details)
    }

    static let eventColumns = "seq, at, actor, action, from_status, to_status, at_epoch, note, details"

    /// Petitions matching an SQL condition on the petition table, oldest first (ties by id).
    func petitions(_ db: Database, where condition: String = "1", _ arguments: [any DatabaseValueConvertible] = []) throws -> [Petition] {
        try db.query("SELECT \(Self.petitionColumns), X(position), Y(position) FROM petition WHERE \(condition) ORDER BY received_epoch, id",
                     arguments, Self.petition(from:))
    }

    /// Every petition, oldest first (ties by id).
    public func petitions() throws -> [Petition] {
        try read { db in try petitions(db) }
    }

    /// The stored text keeps the offset; the epoch column is the instant.
    static func timestamp(_ text: String?, _ seconds: Int64? = nil) -> Timestamp? {
        if let text, case .success(let t) = Timestamp.parse(text) { return t }
        return seconds.map { Timestamp(seconds: $0) }
    }

    static func json(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        return try? JSONParser.parse(text)
    }

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
