import GridGeo
import GridModel
import GridService

extension GridStore {
    /// Replaces the whole building layer with buildings and their computed placements.
    public func replaceBuildings(_ buildings: [(Building, AreaPlacement)], source: String, warnings: Int = 0) throws {
        try write { db in try Self.withSpatialIndexesRebuilt(db, table: "building", columns: ["footprint", "position"]) {
            try db.execute("DELETE FROM building")
            let insert = try db.prepare("""
                INSERT INTO building(id, address, name, number, floors, province_id, city_id, district_id, street_id,
                                     community_id, grid_id, footprint, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, 4326), MakePoint(?, ?, 4326))
                """)
            for (b, p) in buildings {
                let footprint: DatabaseValue = b.footprint.map { .blob(WKB.encode(.multiPolygon($0))) } ?? .null
                try insert.run([b.id, b.address, b.name, b.number, b.floors, p[.province], p[.city], p[.district],
                                p[.street], p[.community], p[.grid], footprint, b.position.lon, b.position.lat])
            }
            try logImport(db, layer: "buildings", source: source, records: buildings.count, warnings: warnings)
        } }
    }

    /// Every building with its stored placement.
    public func buildings() throws -> [(Building, AreaPlacement)] {
        try read { db in
            try db.query("""
                SELECT id, address, name, number, floors, AsBinary(footprint), X(position), Y(position),
                       province_id, city_id, district_id, street_id, community_id, grid_id
                FROM building ORDER BY id
                """) { s in
                var footprint: MultiPolygon?
                if let blob = s.blob(5), case .multiPolygon(let m) = try WKB.decode(blob) { footprint = m }
                let b = Building(id: s.string(0) ?? "", address: s.string(1) ?? "", name: s.string(2), number: s.string(3),
                                 floors: s.int(4), footprint: footprint,
                                 position: Coordinate(lon: s.double(6) ?? 0, lat: s.double(7) ?? 0))
                var p = AreaPlacement()
                for (k, level) in AreaLevel.allCases.enumerated() { p[level] = s.string(8 + k) }
                return (b, p)
            }
        }
    }

    public func buildingIDs() throws -> Set<String> {
        try read { db in Set(try db.query("SELECT id FROM building") { $0.string(0) ?? "" }) }
    }
}
