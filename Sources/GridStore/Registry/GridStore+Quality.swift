import GridGeo
import GridModel
import GridService

extension GridStore {
    /// Finds the data problems `wangge check` reports. Overlaps, holes and straddles smaller
    /// than `toleranceM2` are left out: digitised boundaries always carry hair-thin slivers.
    ///
    /// Geometry operations run in GEOS (through SpatiaLite); invalid rings are repaired with
    /// MakeValid for the measurement and reported on their own.
    public func qualityProblems(toleranceM2: Double = 1.0) throws -> [QualityProblem] {
        try read { db in
            var out: [QualityProblem] = []
            let valid = { (g: String) in "CASE WHEN ST_IsValid(\(g)) THEN \(g) ELSE MakeValid(\(g)) END" }
            // m² from square degrees at the feature's latitude.
            func m2(_ deg2: Double, lat: Double) -> Double {
                deg2 * Geodesy.metresPerDegreeLongitude(atLatitude: lat) * Geodesy.metresPerDegreeLatitude(atLatitude: lat)
            }
            func rounded(_ v: Double) -> String { v >= 100 ? String(Int(v.rounded())) : String((v * 10).rounded() / 10) }

            for row in try db.query("""
                SELECT id, level, ST_IsValidReason(geom) FROM area WHERE ST_IsValid(geom) = 0 ORDER BY level_rank, id
                """, [], { ($0.string(0) ?? "", $0.string(1) ?? "", $0.string(2) ?? "") }) {
                out.append(QualityProblem(kind: .invalidGeometry, subjects: [row.0],
                                          message: "\(row.1) \(row.0) has an invalid boundary: \(row.2)"))
            }

            for row in try db.query("""
                SELECT a.id, b.id, ST_Area(i), ST_Y(ST_PointOnSurface(i)), ST_X(ST_PointOnSurface(i)) FROM (
                    SELECT a.id AS aid, b.id AS bid, ST_Intersection(\(valid("a.geom")), \(valid("b.geom"))) AS i
                    FROM area a JOIN area b ON b.level = 'grid' AND b.id > a.id
                     AND b.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'area'
                                     AND f_geometry_column = 'geom' AND search_frame = a.geom)
                    WHERE a.level = 'grid' AND ST_Intersects(a.geom, b.geom)
                ) JOIN area a ON a.id = aid JOIN area b ON b.id = bid
                WHERE i IS NOT NULL AND ST_Area(i) > 0 ORDER BY a.id, b.id
                """, [], { ($0.string(0) ?? "", $0.string(1) ?? "", $0.double(2) ?? 0, $0.double(3) ?? 0, $0.double(4) ?? 0) }) {
                let area = m2(row.2, lat: row.3)
                guard area >= toleranceM2 else { continue }
                out.append(QualityProblem(kind: .gridOverlap, subjects: [row.0, row.1],
                                          message: "grid cells \(row.0) and \(row.1) overlap by \(rounded(area)) m²",
                                          location: Coordinate(lon: row.4, lat: row.3), areaM2: area))
            }

            for row in try db.query("""
                SELECT id, name, ST_Area(d), ST_Y(ST_PointOnSurface(d)), ST_X(ST_PointOnSurface(d)) FROM (
                    SELECT c.id, c.name, CASE WHEN u IS NULL THEN g ELSE ST_Difference(g, u) END AS d FROM (
                        SELECT c.id, c.name, \(valid("c.geom")) AS g,
                               (SELECT ST_Union(\(valid("x.geom"))) FROM area x WHERE x.level = 'grid'
                                 AND x.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'area'
                                                 AND f_geometry_column = 'geom' AND search_frame = c.geom)) AS u
                        FROM area c WHERE c.level = 'community'
                    ) c
                ) WHERE d IS NOT NULL AND ST_Area(d) > 0 ORDER BY id
                """, [], { ($0.string(0) ?? "", $0.string(1) ?? "", $0.double(2) ?? 0, $0.double(3) ?? 0, $0.double(4) ?? 0) }) {
                let area = m2(row.2, lat: row.3)
                guard area >= toleranceM2 else { continue }
                out.append(QualityProblem(kind: .coverageHole, subjects: [row.0],
                                          message: "community \(row.0) \(row.1): \(rounded(area)) m² covered by no grid cell",
                                          location: Coordinate(lon: row.4, lat: row.3), areaM2: area))
            }

            for row in try db.query("""
                SELECT id, address, X(position), Y(position) FROM building WHERE grid_id IS NULL ORDER BY id
                """, [], { ($0.string(0) ?? "", $0.string(1) ?? "", $0.double(2) ?? 0, $0.double(3) ?? 0) }) {
                out.append(QualityProblem(kind: .buildingOutsideGrid, subjects: [row.0],
                                          message: "building \(row.0) (\(row.1)) stands in no grid cell",
                                          location: Coordinate(lon: row.2, lat: row.3)))
            }

            // A footprint not covered by its own grid cell either straddles a border or juts out.
            let straddling = try db.query("""
                SELECT b.id, g.id, ST_Area(ST_Intersection(b.footprint, \(valid("g.geom")))), Y(b.position), X(b.position)
                FROM building b JOIN area g ON g.level = 'grid'
                 AND g.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'area'
                                 AND f_geometry_column = 'geom' AND search_frame = b.footprint)
                WHERE b.footprint IS NOT NULL AND b.grid_id IS NOT NULL
                  AND b.id IN (SELECT b2.id FROM building b2 JOIN area g2 ON g2.id = b2.grid_id
                               WHERE b2.footprint IS NOT NULL AND NOT ST_Covers(\(valid("g2.geom")), b2.footprint))
                  AND ST_Intersects(b.footprint, g.geom)
                ORDER BY b.id, g.id
                """, [], { ($0.string(0) ?? "", $0.string(1) ?? "", $0.double(2) ?? 0, $0.double(3) ?? 0, $0.double(4) ?? 0) })
            var byBuilding: [(String, [(String, Double)], Coordinate)] = []
            for row in straddling {
                let area = m2(row.2, lat: row.3)
                if byBuilding.last?.0 != row.0 { byBuilding.append((row.0, [], Coordinate(lon: row.4, lat: row.3))) }
                if area >= toleranceM2 { byBuilding[byBuilding.count - 1].1.append((row.1, area)) }
            }
            for (id, cells, at) in byBuilding where cells.count > 1 {
                let parts = cells.map { "\($0.0) (\(rounded($0.1)) m²)" }.joined(separator: ", ")
                out.append(QualityProblem(kind: .buildingStraddlesGrids, subjects: [id] + cells.map(\.0),
                                          message: "building \(id) straddles grid cells \(parts)", location: at))
            }

            for row in try db.query("""
                SELECT h.id, h.building_id FROM household h
                WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id) ORDER BY h.id
                """, [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
                out.append(QualityProblem(kind: .householdWithoutPersons, subjects: [row.0, row.1],
                                          message: "household \(row.0) in building \(row.1) has no registered persons"))
            }

            for row in try db.query("""
                SELECT u.id, u.name FROM unit u
                WHERE NOT EXISTS (SELECT 1 FROM unit_jurisdiction j WHERE j.unit_id = u.id) ORDER BY u.id
                """, [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
                out.append(QualityProblem(kind: .unitWithoutJurisdiction, subjects: [row.0],
                                          message: "unit \(row.0) \(row.1) has an empty jurisdiction: petitions can never reach it"))
            }
            return out
        }
    }
}
