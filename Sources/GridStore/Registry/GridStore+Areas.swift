import GridGeo
import GridModel
import GridService

extension GridStore {
    /// Replaces the whole area layer and, in the same transaction, every building's placement
    /// (which the caller recomputed against the new boundaries).
    public func replaceAreas(_ areas: [Area], buildingPlacements: [String: AreaPlacement], source: String) throws {
        try write { db in try Self.withSpatialIndexesRebuilt(db, table: "area", columns: ["geom"]) {
            try db.execute("UPDATE building SET province_id = NULL, city_id = NULL, district_id = NULL, street_id = NULL, community_id = NULL, grid_id = NULL")
            try db.execute("DELETE FROM area")
            let insert = try db.prepare("""
                INSERT INTO area(id, name, level, level_rank, parent, population, worker, phone, area_m2, geom)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, 4326))
                """)
            for a in areas {
                try insert.run([a.id, a.name, a.level.rawValue, a.level.rank, a.parent, a.population, a.worker, a.phone,
                                Geodesy.area(of: a.boundary), WKB.encode(.multiPolygon(a.boundary))])
            }
            try Self.writePlacements(db, buildingPlacements)
            try Self.refreshUnitCoverage(db)
            try logImport(db, layer: "areas", source: source, records: areas.count, warnings: 0)
        } }
    }

    static func writePlacements(_ db: Database, _ placements: [String: AreaPlacement]) throws {
        let update = try db.prepare("""
            UPDATE building SET province_id = ?, city_id = ?, district_id = ?, street_id = ?, community_id = ?, grid_id = ?
            WHERE id = ?
            """)
        for (id, p) in placements {
            try update.run([p[.province], p[.city], p[.district], p[.street], p[.community], p[.grid], id])
        }
    }

    /// Every area with its boundary, ordered by level then id.
    public func areas() throws -> [Area] {
        try read { db in
            try db.query("""
                SELECT id, name, level, parent, population, worker, phone, AsBinary(geom)
                FROM area ORDER BY level_rank, id
                """) { s in
                guard case .multiPolygon(let m) = try WKB.decode(s.blob(7) ?? []) else {
                    throw DatabaseError(code: 1, message: "area \(s.string(0) ?? "?") geometry is not a MultiPolygon")
                }
                return Area(id: s.string(0) ?? "", name: s.string(1) ?? "", level: AreaLevel(rawValue: s.string(2) ?? "") ?? .grid,
                            parent: s.string(3), population: s.int(4), worker: s.string(5), phone: s.string(6), boundary: m)
            }
        }
    }

    public func areaIDs() throws -> Set<String> {
        try read { db in Set(try db.query("SELECT id FROM area") { $0.string(0) ?? "" }) }
    }
}
