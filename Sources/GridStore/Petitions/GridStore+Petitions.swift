import GridGeo
import GridModel

extension GridStore {
    private static let petitionColumns = """
        id, received_at, received_epoch, channel, kind, category, urgency, text, address, status, building_id,
        province_id, city_id, district_id, street_id, community_id, grid_id, resolve_by, resolve_by_epoch
        """

    /// Stores petitions in one transaction; a petition whose id is already stored is replaced
    /// (re-importing a history file updates it instead of doubling it).
    public func storePetitions(_ petitions: [Petition], source: String, warnings: Int = 0) throws {
        try write { db in try Self.withSpatialIndexesRebuilt(db, table: "petition", columns: ["position"]) {
            let insert = try db.prepare("""
                INSERT OR REPLACE INTO petition(\(Self.petitionColumns), position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, MakePoint(?, ?, 4326))
                """)
            for p in petitions {
                let a = p.placement
                try insert.run([p.id, p.receivedAt.description, p.receivedAt.seconds, p.channel.rawValue, p.kind.rawValue,
                                p.category, p.urgency.rawValue, p.text, p.address, p.status.rawValue, p.building,
                                a[.province], a[.city], a[.district], a[.street], a[.community], a[.grid],
                                p.resolveBy?.description, p.resolveBy?.seconds, p.location?.lon, p.location?.lat])
            }
            try logImport(db, layer: "petitions", source: source, records: petitions.count, warnings: warnings)
        } }
    }

    /// Every petition, oldest first (ties by id).
    public func petitions() throws -> [Petition] {
        try read { db in
            try db.query("SELECT \(Self.petitionColumns), X(position), Y(position) FROM petition ORDER BY received_epoch, id") { s in
                var placement = AreaPlacement()
                for (k, level) in AreaLevel.allCases.enumerated() { placement[level] = s.string(11 + k) }
                let location = s.double(19).flatMap { lon in s.double(20).map { Coordinate(lon: lon, lat: $0) } }
                return Petition(id: s.string(0) ?? "", receivedAt: Self.timestamp(s.string(1), s.int(2).map(Int64.init)) ?? Timestamp(seconds: 0),
                                channel: Petition.Channel(rawValue: s.string(3) ?? "") ?? .hotline,
                                kind: Petition.Kind(rawValue: s.string(4) ?? "") ?? .request,
                                category: s.string(5) ?? "", urgency: Petition.Urgency(rawValue: s.string(6) ?? "") ?? .normal,
                                text: s.string(7) ?? "", address: s.string(8), location: location,
                                status: Petition.Status(rawValue: s.string(9) ?? "") ?? .received, building: s.string(10),
                                placement: placement, resolveBy: Self.timestamp(s.string(17), s.int(18).map(Int64.init)))
            }
        }
    }

    /// The stored text keeps the offset; the epoch column is the instant.
    private static func timestamp(_ text: String?, _ seconds: Int64?) -> Timestamp? {
        guard let seconds else { return nil }
        if let text, case .success(let t) = Timestamp.parse(text) { return t }
        return Timestamp(seconds: seconds)
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
