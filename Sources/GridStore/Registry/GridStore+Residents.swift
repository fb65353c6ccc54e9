import GridGeo
import GridModel
import GridService

extension GridStore {
    public func replaceHouseholds(_ households: [Household], source: String) throws {
        try write { db in
            try db.execute("DELETE FROM household")
            let insert = try db.prepare("INSERT INTO household(id, building_id, unit, floor, room, address) VALUES (?, ?, ?, ?, ?, ?)")
            for h in households { try insert.run([h.id, h.building, h.unit, h.floor, h.room, h.address]) }
            try logImport(db, layer: "households", source: source, records: households.count, warnings: 0)
        }
    }

    public func replacePersons(_ persons: [Person], source: String, warnings: Int = 0) throws {
        try write { db in
            try db.execute("DELETE FROM person")
            let insert = try db.prepare("INSERT INTO person(id, household_id, name, id_number, phone, tags) VALUES (?, ?, ?, ?, ?, ?)")
            for p in persons {
                let tags = JSONValue.array(p.tags.map { .string($0) }).jsonText
                try insert.run([p.id, p.household, p.name, p.idNumber, p.phone, tags])
            }
            try logImport(db, layer: "persons", source: source, records: persons.count, warnings: warnings)
        }
    }

    public func householdIDs() throws -> Set<String> {
        try read { db in Set(try db.query("SELECT id FROM household") { $0.string(0) ?? "" }) }
    }

    /// Building id → households registered to it (what a new building layer must keep).
    public func buildingIDsWithHouseholds() throws -> [String: [String]] {
        try grouped("SELECT building_id, id FROM household ORDER BY building_id, id")
    }

    /// Household id → persons registered to it (what a new household layer must keep).
    public func householdIDsWithPersons() throws -> [String: [String]] {
        try grouped("SELECT household_id, id FROM person ORDER BY household_id, id")
    }
}

extension GridStore {
    /// Every household's building, unit and room (no persons), for address matching.
    public func householdDoors() throws -> [(id: String, building: String, unit: String?, room: String?)] {
        try read { db in
            try db.query("SELECT id, building_id, unit, room FROM household ORDER BY id") {
                (id: $0.string(0) ?? "", building: $0.string(1) ?? "", unit: $0.string(2), room: $0.string(3))
            }
        }
    }
}

extension GridStore {
    /// The building's address and stored placement, or nil.
    public func buildingPlacement(id: String) throws -> (address: String, placement: AreaPlacement)? {
        try read { db in
            try db.query("""
                SELECT address, province_id, city_id, district_id, street_id, community_id, grid_id FROM building WHERE id = ?
                """, [id]) { s in
                var p = AreaPlacement()
                for (k, level) in AreaLevel.allCases.enumerated() { p[level] = s.string(1 + k) }
                return (address: s.string(0) ?? "", placement: p)
            }.first
        }
    }

    /// The households registered to a building, by unit, floor and room, each with its persons.
    public func residents(ofBuilding id: String) throws -> [(household: Household, persons: [Person])] {
        try read { db in
            let households = try db.query("""
                SELECT id, building_id, unit, floor, room, address FROM household WHERE building_id = ?
                ORDER BY unit, floor, room, id
                """, [id]) { s in
                Household(id: s.string(0) ?? "", building: s.string(1) ?? "", unit: s.string(2), floor: s.int(3), room: s.string(4),
                          address: s.string(5))
            }
            let persons = try db.query("""
                SELECT p.id, p.household_id, p.name, p.id_number, p.phone, p.tags FROM person p
                JOIN household h ON h.id = p.household_id WHERE h.building_id = ? ORDER BY p.household_id, p.id
                """, [id]) { s in
                let tags = (try? JSONParser.parse(s.string(5) ?? "[]"))?.arrayValue?.compactMap(\.stringValue) ?? []
                return Person(id: s.string(0) ?? "", household: s.string(1) ?? "", name: s.string(2) ?? "", idNumber: s.string(3),
                              phone: s.string(4), tags: tags)
            }
            let byHousehold = Dictionary(grouping: persons, by: \.household)
            return households.map { ($0, byHousehold[$0.id] ?? []) }
        }
    }
}
