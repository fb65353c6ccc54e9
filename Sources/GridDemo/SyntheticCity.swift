import GridGeo
import GridModel

/// Large seeded maps for benchmarks: sizes no hand-made file reaches.
public enum SyntheticCity {
    /// A city-sized grid: `cols × rows` grid cells of ~200 m in 5 × 5-cell communities,
    /// 10 × 10-community streets and four districts, with `buildingsPerCell` small footprints
    /// in each cell. 400 × 250 cells × 10 buildings = the 100,000-cell, 1 M-building map.
    public static func grid(cols: Int = 400, rows: Int = 250, buildingsPerCell: Int = 10, seed: UInt64 = 1)
        -> (areas: [Area], buildings: [Building], units: [ResponsibleUnit])
    {
        var rng = SeededGenerator(seed: seed)
        let lattice = Lattice(origin: Coordinate(lon: 101.3, lat: 26.3), cols: cols, rows: rows, cellMetres: (200, 200),
                              jitter: 0.15, subdivisions: 1, wiggle: 0.03, rng: &rng)
        func shape(_ c: Range<Int>, _ r: Range<Int>) -> MultiPolygon { MultiPolygon([Polygon(exterior: lattice.ring(cols: c, rows: r))]) }
        var areas: [Area] = []
        var units: [ResponsibleUnit] = []
        let halfC = cols / 2, halfR = rows / 2
        for (d, (c, r)) in [(0..<halfC, 0..<halfR), (halfC..<cols, 0..<halfR), (0..<halfC, halfR..<rows), (halfC..<cols, halfR..<rows)].enumerated() {
            let id = "D\(d)"
            areas.append(Area(id: id, name: "区\(d)", level: .district, parent: nil, boundary: shape(c, r)))
            units.append(ResponsibleUnit(id: "U-\(id)", name: "区\(d)水务局", level: .district, jurisdiction: [id], categories: ["water"]))
        }
        func district(_ c: Int, _ r: Int) -> String { "D\((c >= halfC ? 1 : 0) + (r >= halfR ? 2 : 0))" }
        for sr in stride(from: 0, to: rows, by: 50) {
            for sc in stride(from: 0, to: cols, by: 50) {
                let street = "S\(sc)-\(sr)"
                areas.append(Area(id: street, name: street, level: .street, parent: district(sc, sr),
                                  boundary: shape(sc..<min(sc + 50, cols), sr..<min(sr + 50, rows))))
                units.append(ResponsibleUnit(id: "U-\(street)", name: street + "办事处", level: .street, jurisdiction: [street], categories: ["water"]))
            }
        }
        for cr in stride(from: 0, to: rows, by: 5) {
            for cc in stride(from: 0, to: cols, by: 5) {
                let community = "C\(cc)-\(cr)"
                areas.append(Area(id: community, name: community, level: .community, parent: "S\(cc / 50 * 50)-\(cr / 50 * 50)",
                                  boundary: shape(cc..<min(cc + 5, cols), cr..<min(cr + 5, rows))))
            }
        }
        var buildings: [Building] = []
        buildings.reserveCapacity(cols * rows * buildingsPerCell)
        let k = 7.5 / Geodesy.metresPerDegreeLatitude(atLatitude: 26.3)
        for r in 0..<rows {
            for c in 0..<cols {
                areas.append(Area(id: "G\(c)-\(r)", name: "网格\(c)-\(r)", level: .grid, parent: "C\(c / 5 * 5)-\(r / 5 * 5)", boundary: shape(c..<(c + 1), r..<(r + 1))))
                for b in 0..<buildingsPerCell {
                    // Buildings in a row of slots, so footprints never overlap.
                    let u = 0.12 + 0.76 * (Double(b) + 0.5) / Double(buildingsPerCell)
                    let p = lattice.point(cell: c, r, u: u, v: rng.uniform(0.2, 0.8))
                    let ring = [Coordinate(lon: p.lon - k, lat: p.lat - k), Coordinate(lon: p.lon + k, lat: p.lat - k),
                                Coordinate(lon: p.lon + k, lat: p.lat + k), Coordinate(lon: p.lon - k, lat: p.lat + k),
                                Coordinate(lon: p.lon - k, lat: p.lat - k)]
                    buildings.append(Building(id: "B\(c)-\(r)-\(b)", address: "合成路\(c)号\(r)栋\(b)", footprint: MultiPolygon([Polygon(exterior: ring)]), position: p))
                }
            }
        }
        return (areas, buildings, units)
    }

    /// A real-world-like boundary map: `count` (default 200) grid-level polygons whose shared
    /// borders wander through `verticesPerEdge` points each (~1,500 vertices a polygon, ~300,000
    /// in all), with a few borders folded back on themselves so those polygons self-intersect.
    public static func complexPolygons(cols: Int = 20, rows: Int = 10, verticesPerEdge: Int = 375, seed: UInt64 = 2) -> [Area] {
        var rng = SeededGenerator(seed: seed)
        let lattice = Lattice(origin: Coordinate(lon: 101.5, lat: 26.4), cols: cols, rows: rows, cellMetres: (1_500, 1_500),
                              jitter: 0.18, subdivisions: verticesPerEdge, wiggle: 0.004, rng: &rng)
        var areas: [Area] = []
        for r in 0..<rows {
            for c in 0..<cols {
                var ring = lattice.ring(cols: c..<(c + 1), rows: r..<(r + 1))
                // One polygon in eight gets a bow-tie fold in its border.
                if (c * 7 + r * 3) % 8 == 0 {
                    let k = ring.count / 3
                    ring.swapAt(k, k + 1)
                }
                areas.append(Area(id: "X\(c)-\(r)", name: "复杂边界\(c)-\(r)", level: .grid, parent: nil,
                                  boundary: MultiPolygon([Polygon(exterior: ring)])))
            }
        }
        return areas
    }

    /// `count` seeded petitions over a box for heat-map benchmarks: two thirds around 400
    /// hot spots (as complaints cluster at estates and markets), the rest spread evenly; received
    /// over the year before `end`, in 18 categories, about one in eight still open.
    public static func petitions(count: Int, in box: BoundingBox, end: Timestamp, seed: UInt64 = 4) -> [Petition] {
        var out: [Petition] = []
        out.reserveCapacity(count)
        forEachPetition(count: count, in: box, end: end, seed: seed) { _, p in out.append(p) }
        return out
    }

    /// The same petitions one at a time, in the same order, without holding them: files of tens
    /// of millions for the scale benchmarks.
    public static func forEachPetition(count: Int, in box: BoundingBox, end: Timestamp, seed: UInt64 = 4,
                                       _ body: (Int, Petition) throws -> Void) rethrows {
        var rng = SeededGenerator(seed: seed)
        let spots = (0..<400).map { _ in Coordinate(lon: rng.uniform(box.minLon, box.maxLon), lat: rng.uniform(box.minLat, box.maxLat)) }
        let categories = ["property", "sanitation", "water", "drainage", "roads", "noise", "pollution", "housing", "subsidy",
                          "labor", "medical", "education", "elderly", "market", "safety", "neighbour", "power", "officials"]
        let statuses: [Petition.Status] = [.received, .dispatched, .accepted, .replied, .reopened, .resolved, .closed, .closed,
                                           .closed, .closed, .closed, .closed, .closed, .closed, .closed, .rejected]
        let spread = 0.004
        for k in 0..<count {
            var c: Coordinate
            if rng.chance(2.0 / 3) {
                let s = rng.pick(spots)
                c = Coordinate(lon: min(box.maxLon, max(box.minLon, s.lon + rng.gaussian() * spread)),
                               lat: min(box.maxLat, max(box.minLat, s.lat + rng.gaussian() * spread)))
            } else {
                c = Coordinate(lon: rng.uniform(box.minLon, box.maxLon), lat: rng.uniform(box.minLat, box.maxLat))
            }
            let received = Timestamp(seconds: end.seconds - Int64(rng.uniform(0, 365 * 86_400)))
            try body(k, Petition(id: "SYN\(k)", receivedAt: received, channel: .hotline, kind: .request, category: rng.pick(categories),
                                 urgency: .normal, text: "", location: c, status: rng.pick(statuses),
                                 resolveBy: Timestamp(seconds: received.seconds + 28 * 86_400)))
        }
    }

    /// Seeded uniform points over a box, as `lon,lat` lines.
    public static func pointsCSV(count: Int, in box: BoundingBox, seed: UInt64 = 3) -> String {
        var rng = SeededGenerator(seed: seed)
        var out = ""
        out.reserveCapacity(count * 24)
        for _ in 0..<count {
            let lon = (rng.uniform(box.minLon, box.maxLon) * 1e6).rounded() / 1e6
            let lat = (rng.uniform(box.minLat, box.maxLat) * 1e6).rounded() / 1e6
            out += "\(lon),\(lat)\n"
        }
        return out
    }
}
