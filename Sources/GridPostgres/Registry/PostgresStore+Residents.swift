import GridGeo
import GridModel
import GridService

extension PostgresStore {
    public func replaceHouseholds(_ households: [Household], source: String) throws {
        try write { s in
            try s.execute("SET CONSTRAINTS ALL DEFERRED")
            try s.execute("DELETE FROM household")
            try s.insert(into: "household", columns: "id, building_id, unit, floor, room, address", rowTemplate: "(?, ?, ?, ?, ?, ?)",
                         rows: households.map { [$0.id, $0.building, $0.unit, $0.floor, $0.room, $0.address] })
            // The district (Citus's distribution column) from the building.
            try s.execute("UPDATE household h SET district_id = b.district_id FROM building b WHERE b.id = h.building_id")
            try logImport(s, layer: "households", source: source, records: households.count, warnings: 0)
        }
    }

    public func replacePersons(_ persons: [Person], source: String, warnings: Int) throws {
        try write { s in
            try s.execute("SET CONSTRAINTS ALL DEFERRED")
            try s.execute("DELETE FROM person")
            try s.insert(into: "person", columns: "id, household_id, name, id_number, phone, tags", rowTemplate: "(?, ?, ?, ?, ?, ?)",
                         rows: persons.map { [$0.id, $0.household, $0.name, $0.idNumber, $0.phone, JSONValue.array($0.tags.map { .string($0) }).jsonText] })
            try s.execute("UPDATE person p SET district_id = h.district_id FROM household h WHERE h.id = p.household_id")
            try logImport(s, layer: "persons", source: source, records: persons.count, warnings: warnings)
        }
    }

    public func householdIDs() throws -> Set<String> {
        try read { s in Set(try s.query("SELECT id FROM household") { $0.string(0) ?? "" }) }
    }

    public func buildingIDsWithHouseholds() throws -> [String: [String]] {
        try grouped("SELECT building_id, id FROM household ORDER BY building_id, id")
    }

    public func householdIDsWithPersons() throws -> [String: [String]] {
        try grouped("SELECT household_id, id FROM person ORDER BY household_id, id")
    }

    public func householdDoors() throws -> [(id: String, building: String, unit: String?, room: String?)] {
        try read { s in
            try s.query("SELECT id, building_id, unit, room FROM household ORDER BY id") {
                (id: $0.string(0) ?? "", building: $0.string(1) ?? "", unit: $0.string(2), room: $0.string(3))
            }
        }
    }

    /// The households registered to a building, by unit, floor and room, each with its persons.
    public func residents(ofBuilding id: String) throws -> [(household: Household, persons: [Person])] {
        try read { s in
            let households = try s.query("""
                SELECT id, building_id, unit, floor, room, address FROM household WHERE building_id = $1
                ORDER BY unit, floor, room, id
                """, [id]) { r in
                Household(id: r.string(0) ?? "", building: r.string(1) ?? "", unit: r.string(2), floor: r.int(3), room: r.string(4), address: r.string(5))
            }
            let persons = try s.query("""
                SELECT p.id, p.household_id, p.name, p.id_number, p.phone, p.tags::text FROM person p
                JOIN household h ON h.id = p.household_id WHERE h.building_id = $1 ORDER BY p.household_id, p.id
                """, [id]) { r in
                Person(id: r.string(0) ?? "", household: r.string(1) ?? "", name: r.string(2) ?? "", idNumber: r.string(3),
                       phone: r.string(4), tags: Self.json(r.string(5))?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
            let byHousehold = Dictionary(grouping: persons, by: \.household)
            return households.map { ($0, byHousehold[$0.id] ?? []) }
        }
    }

    /// Residents per area: the registered `population` where an area has one, else the persons
    /// registered in households in buildings placed in it.
    public func residentsPerArea() throws -> [String: Int] {
        try read { s in
            var out: [String: Int] = [:]
            for r in try s.query("""
                SELECT b.province_id, b.city_id, b.district_id, b.street_id, b.community_id, b.grid_id, count(*)
                FROM person p JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id
                GROUP BY b.id
                """) {
                let n = r.int(6) ?? 0
                for k in 0..<6 { if let id = r.string(k) { out[id, default: 0] += n } }
            }
            for r in try s.query("SELECT id, population FROM area WHERE population IS NOT NULL") { out[r.string(0) ?? ""] = r.int(1) ?? 0 }
            return out
        }
    }
}
