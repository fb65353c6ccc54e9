import GridGeo
import GridModel
import GridService

extension PostgresStore {
    /// The data problems `wangge check` reports, as the SQLite store finds them, in PostGIS
    /// (GEOS underneath both). Invalid rings are repaired with ST_MakeValid for the measurement.
    public func qualityProblems(toleranceM2: Double) throws -> [QualityProblem] {
        try read { s in
            var out: [QualityProblem] = []
            let valid = { (g: String) in "CASE WHEN ST_IsValid(\(g)) THEN \(g) ELSE ST_MakeValid(\(g)) END" }
            func m2(_ deg2: Double, lat: Double) -> Double {
                deg2 * Geodesy.metresPerDegreeLongitude(atLatitude: lat) * Geodesy.metresPerDegreeLatitude(atLatitude: lat)
            }
            func rounded(_ v: Double) -> String { v >= 100 ? String(Int(v.rounded())) : String((v * 10).rounded() / 10) }

            for r in try s.query("SELECT id, level, ST_IsValidReason(geom) FROM area WHERE NOT ST_IsValid(geom) ORDER BY level_rank, id") {
                let (id, level) = (r.string(0) ?? "", r.string(1) ?? "")
                out.append(QualityProblem(kind: .invalidGeometry, subjects: [id], message: "\(level) \(id) has an invalid boundary: \(r.string(2) ?? "")"))
            }

            for r in try s.query("""
                SELECT aid, bid, ST_Area(i), ST_Y(ST_PointOnSurface(i)), ST_X(ST_PointOnSurface(i)) FROM (
                    SELECT a.id AS aid, b.id AS bid, ST_CollectionExtract(ST_Intersection(\(valid("a.geom")), \(valid("b.geom"))), 3) AS i
                    FROM area a JOIN area b ON b.level = 'grid' AND b.id > a.id AND b.geom && a.geom
                    WHERE a.level = 'grid' AND ST_Intersects(a.geom, b.geom)
                ) x WHERE i IS NOT NULL AND ST_Area(i) > 0 ORDER BY aid, bid
                """) {
                let (a, b, lat) = (r.string(0) ?? "", r.string(1) ?? "", r.double(3) ?? 0)
                let area = m2(r.double(2) ?? 0, lat: lat)
                guard area >= toleranceM2 else { continue }
                out.append(QualityProblem(kind: .gridOverlap, subjects: [a, b], message: "grid cells \(a) and \(b) overlap by \(rounded(area)) m²",
                                          location: Coordinate(lon: r.double(4) ?? 0, lat: lat), areaM2: area))
            }

            for r in try s.query("""
                SELECT id, name, ST_Area(d), ST_Y(ST_PointOnSurface(d)), ST_X(ST_PointOnSurface(d)) FROM (
                    SELECT id, name, ST_CollectionExtract(CASE WHEN u IS NULL THEN g ELSE ST_Difference(g, u) END, 3) AS d FROM (
                        SELECT c.id, c.name, \(valid("c.geom")) AS g,
                               (SELECT ST_Union(\(valid("x.geom"))) FROM area x WHERE x.level = 'grid' AND x.geom && c.geom) AS u
                        FROM area c WHERE c.level = 'community'
                    ) c
                ) y WHERE d IS NOT NULL AND ST_Area(d) > 0 ORDER BY id
                """) {
                let (id, name, lat) = (r.string(0) ?? "", r.string(1) ?? "", r.double(3) ?? 0)
                let area = m2(r.double(2) ?? 0, lat: lat)
                guard area >= toleranceM2 else { continue }
                out.append(QualityProblem(kind: .coverageHole, subjects: [id], message: "community \(id) \(name): \(rounded(area)) m² covered by no grid cell",
                                          location: Coordinate(lon: r.double(4) ?? 0, lat: lat), areaM2: area))
            }

            for r in try s.query("SELECT id, address, ST_X(position), ST_Y(position) FROM building WHERE grid_id IS NULL ORDER BY id") {
                let id = r.string(0) ?? ""
                out.append(QualityProblem(kind: .buildingOutsideGrid, subjects: [id], message: "building \(id) (\(r.string(1) ?? "")) stands in no grid cell",
                                          location: Coordinate(lon: r.double(2) ?? 0, lat: r.double(3) ?? 0)))
            }

            // A footprint not covered by its own grid cell either straddles a border or juts out.
            var byBuilding: [(String, [(String, Double)], Coordinate)] = []
            for r in try s.query("""
                SELECT b.id, g.id, ST_Area(ST_Intersection(b.footprint, \(valid("g.geom")))), ST_Y(b.position), ST_X(b.position)
                FROM building b JOIN area g ON g.level = 'grid' AND g.geom && b.footprint
                WHERE b.footprint IS NOT NULL AND b.grid_id IS NOT NULL
                  AND b.id IN (SELECT b2.id FROM building b2 JOIN area g2 ON g2.id = b2.grid_id
                               WHERE b2.footprint IS NOT NULL AND NOT ST_Covers(\(valid("g2.geom")), b2.footprint))
                  AND ST_Intersects(b.footprint, g.geom)
                ORDER BY b.id, g.id
                """) {
                let (id, cell, lat) = (r.string(0) ?? "", r.string(1) ?? "", r.double(3) ?? 0)
                let area = m2(r.double(2) ?? 0, lat: lat)
                if byBuilding.last?.0 != id { byBuilding.append((id, [], Coordinate(lon: r.double(4) ?? 0, lat: lat))) }
                if area >= toleranceM2 { byBuilding[byBuilding.count - 1].1.append((cell, area)) }
            }
            for (id, cells, at) in byBuilding where cells.count > 1 {
                let parts = cells.map { "\($0.0) (\(rounded($0.1)) m²)" }.joined(separator: ", ")
                out.append(QualityProblem(kind: .buildingStraddlesGrids, subjects: [id] + cells.map(\.0),
                                          message: "building \(id) straddles grid cells \(parts)", location: at))
            }

            for r in try s.query("""
                SELECT h.id, h.building_id FROM household h WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id) ORDER BY h.id
                """) {
                let (h, b) = (r.string(0) ?? "", r.string(1) ?? "")
                out.append(QualityProblem(kind: .householdWithoutPersons, subjects: [h, b], message: "household \(h) in building \(b) has no registered persons"))
            }

            for r in try s.query("""
                SELECT u.id, u.name FROM unit u WHERE NOT EXISTS (SELECT 1 FROM unit_jurisdiction j WHERE j.unit_id = u.id) ORDER BY u.id
                """) {
                let id = r.string(0) ?? ""
                out.append(QualityProblem(kind: .unitWithoutJurisdiction, subjects: [id],
                                          message: "unit \(id) \(r.string(1) ?? "") has an empty jurisdiction: petitions can never reach it"))
            }
            return out
        }
    }
}
