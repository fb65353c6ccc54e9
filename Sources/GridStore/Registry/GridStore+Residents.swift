import GridGeo
import GridModel

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
