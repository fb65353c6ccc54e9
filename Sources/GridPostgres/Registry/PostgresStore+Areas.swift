import GridGeo
import GridModel
import GridService

extension PostgresStore {
    /// Replaces the whole area layer and, in the same transaction, every building's placement.
    public func replaceAreas(_ areas: [Area], buildingPlacements: [String: AreaPlacement], source: String) throws {
        try write { s in
            try s.execute("SET CONSTRAINTS ALL DEFERRED")
            try s.execute("UPDATE building SET province_id = NULL, city_id = NULL, district_id = NULL, street_id = NULL, community_id = NULL, grid_id = NULL")
            try s.execute("DELETE FROM area")
            for a in areas {
                try s.execute("""
                    INSERT INTO area(id, name, level, level_rank, parent, population, worker, phone, area_m2, geom)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ST_GeomFromWKB($10, 4326))
                    """, [a.id, a.name, a.level.rawValue, a.level.rank, a.parent, a.population, a.worker, a.phone,
                          Geodesy.area(of: a.boundary), WKB.encode(.multiPolygon(a.boundary))])
            }
            try Self.writePlacements(s, buildingPlacements)
            try Self.refreshUnitCoverage(s)
            try logImport(s, layer: "areas", source: source, records: areas.count, warnings: 0)
        }
    }

    static func writePlacements(_ s: PostgresSession, _ placements: [String: AreaPlacement]) throws {
        for (id, p) in placements {
            try s.execute("""
                UPDATE building SET province_id = $1, city_id = $2, district_id = $3, street_id = $4, community_id = $5, grid_id = $6
                WHERE id = $7
                """, [p[.province], p[.city], p[.district], p[.street], p[.community], p[.grid], id])
        }
    }

    /// Every area with its boundary, ordered by level then id.
    public func areas() throws -> [Area] {
        try read { s in
            try s.query("""
                SELECT id, name, level, parent, population, worker, phone, ST_AsBinary(geom)
                FROM area ORDER BY level_rank, id
                """) { r in
                guard case .multiPolygon(let m) = try WKB.decode(r.bytes(7) ?? []) else {
                    throw PostgresStoreError.refused(sql: "area", message: "area \(r.string(0) ?? "?") geometry is not a MultiPolygon")
                }
                return Area(id: r.string(0) ?? "", name: r.string(1) ?? "", level: AreaLevel(rawValue: r.string(2) ?? "") ?? .grid,
                            parent: r.string(3), population: r.int(4), worker: r.string(5), phone: r.string(6), boundary: m)
            }
        }
    }

    public func areaIDs() throws -> Set<String> {
        try read { s in Set(try s.query("SELECT id FROM area") { $0.string(0) ?? "" }) }
    }

    /// Every area's name, level, worker and parent (no geometry), with the units.
    public func areaDirectory() throws -> AreaDirectory {
        let areas = try read { s in
            var out: [String: AreaDirectory.Entry] = [:]
            for r in try s.query("SELECT id, name, level, worker, parent FROM area") {
                out[r.string(0) ?? ""] = AreaDirectory.Entry(name: r.string(1) ?? "", level: AreaLevel(rawValue: r.string(2) ?? "") ?? .grid,
                                                             worker: r.string(3), parent: r.string(4))
            }
            return out
        }
        return AreaDirectory(areas: areas, units: try units())
    }

    /// The id of the last area import: what placements are made against.
    public func boundaryVersion() throws -> Int64 {
        try read { s in try s.query("SELECT coalesce(max(id), 0) FROM import_log WHERE layer = 'areas'").first?.int64(0) ?? 0 }
    }

    public func locatorVersion() throws -> Int64 {
        try read { s in
            try s.query("SELECT coalesce(max(id), 0) FROM import_log WHERE layer IN ('areas', 'buildings', 'units')").first?.int64(0) ?? 0
        }
    }

    /// Recomputes every unit's covered ground (the union of its jurisdiction); where GEOS cannot
    /// union messy boundaries, the areas are kept as collected.
    static func refreshUnitCoverage(_ s: PostgresSession) throws {
        try s.execute("""
            UPDATE unit SET coverage = (
                SELECT ST_Multi(ST_CollectionExtract(ST_Collect(a.geom), 3))
                FROM unit_jurisdiction j JOIN area a ON a.id = j.area_id WHERE j.unit_id = unit.id)
            """)
        // The union where it works (a topology error leaves that unit's collection as it is).
        try s.execute("""
            DO $$ DECLARE u record; BEGIN
              FOR u IN SELECT id FROM unit WHERE coverage IS NOT NULL LOOP
                BEGIN
                  UPDATE unit SET coverage = ST_Multi(ST_CollectionExtract(ST_UnaryUnion(coverage), 3)) WHERE id = u.id;
                EXCEPTION WHEN OTHERS THEN NULL;
                END;
              END LOOP;
            END $$
            """)
    }
}
