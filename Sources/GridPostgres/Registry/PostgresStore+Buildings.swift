import GridGeo
import GridModel
import GridService

extension PostgresStore {
    /// Replaces the whole building layer with buildings and their computed placements.
    public func replaceBuildings(_ buildings: [(Building, AreaPlacement)], source: String, warnings: Int) throws {
        try write { s in
            try s.execute("SET CONSTRAINTS ALL DEFERRED")
            try s.execute("DELETE FROM building")
            try s.insert(into: "building", columns: """
                    id, address, name, number, floors, province_id, city_id, district_id, street_id, community_id, grid_id, footprint, position
                    """, rowTemplate: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ST_GeomFromWKB(?, 4326), ST_SetSRID(ST_MakePoint(?, ?), 4326))",
                    rows: buildings.map { b, p in
                        [b.id, b.address, b.name, b.number, b.floors, p[.province], p[.city], p[.district], p[.street], p[.community],
                         p[.grid], b.footprint.map { WKB.encode(.multiPolygon($0)) }, b.position.lon, b.position.lat]
                    })
            try logImport(s, layer: "buildings", source: source, records: buildings.count, warnings: warnings)
        }
    }

    private static let placementColumns = "province_id, city_id, district_id, street_id, community_id, grid_id"

    private static func placement(_ r: SQLRow, from first: Int) -> AreaPlacement {
        var p = AreaPlacement()
        for (k, level) in AreaLevel.allCases.enumerated() { p[level] = r.string(first + k) }
        return p
    }

    /// Every building with its stored placement.
    public func buildings() throws -> [(Building, AreaPlacement)] {
        try read { s in
            try s.query("""
                SELECT id, address, name, number, floors, ST_AsBinary(footprint), ST_X(position), ST_Y(position), \(Self.placementColumns)
                FROM building ORDER BY id
                """) { r in
                var footprint: MultiPolygon?
                if let blob = r.bytes(5), case .multiPolygon(let m) = try WKB.decode(blob) { footprint = m }
                let b = Building(id: r.string(0) ?? "", address: r.string(1) ?? "", name: r.string(2), number: r.string(3),
                                 floors: r.int(4), footprint: footprint, position: Coordinate(lon: r.double(6) ?? 0, lat: r.double(7) ?? 0))
                return (b, Self.placement(r, from: 8))
            }
        }
    }

    public func buildingIDs() throws -> Set<String> {
        try read { s in Set(try s.query("SELECT id FROM building") { $0.string(0) ?? "" }) }
    }

    /// The building's point (footprint centroid, or the point it was imported as).
    public func buildingPosition(id: String) throws -> Coordinate? {
        try read { s in
            try s.query("SELECT ST_X(position), ST_Y(position) FROM building WHERE id = $1", [id]) { r in
                r.double(0).flatMap { lon in r.double(1).map { Coordinate(lon: lon, lat: $0) } }
            }.first ?? nil
        }
    }

    /// The building's address and stored placement, or nil.
    public func buildingPlacement(id: String) throws -> (address: String, placement: AreaPlacement)? {
        try read { s in
            try s.query("SELECT address, \(Self.placementColumns) FROM building WHERE id = $1", [id]) { r in
                (address: r.string(0) ?? "", placement: Self.placement(r, from: 1))
            }.first
        }
    }

    /// The building's point, footprint and placement, or nil.
    public func buildingPlace(id: String) throws -> (centre: Coordinate, footprint: MultiPolygon?, placement: AreaPlacement)? {
        try read { s in
            try s.query("""
                SELECT ST_AsBinary(footprint), ST_X(position), ST_Y(position), \(Self.placementColumns) FROM building WHERE id = $1
                """, [id]) { r in
                var footprint: MultiPolygon?
                if let blob = r.bytes(0), case .multiPolygon(let m) = try WKB.decode(blob) { footprint = m }
                return (centre: Coordinate(lon: r.double(1) ?? 0, lat: r.double(2) ?? 0), footprint: footprint, placement: Self.placement(r, from: 3))
            }.first
        }
    }
}
