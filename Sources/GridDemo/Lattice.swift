import GridGeo

/// A jittered quadrilateral lattice whose cells share their edges point for point, so the
/// cells — and any rectangular blocks of them — tile without gaps or overlaps by construction.
///
/// Each lattice edge is a polyline with `subdivisions` inner points displaced sideways, which
/// gives boundaries the ragged look of digitised ones; with many subdivisions it makes the
/// complex polygons (thousands of vertices) that benchmarks need.
public struct Lattice: Sendable {
    public let cols: Int
    public let rows: Int
    /// Corner positions, (cols + 1) × (rows + 1), row-major from the south-west.
    public let corners: [Coordinate]
    /// Inner points of the horizontal edge from corner (i, j) to (i + 1, j).
    let horizontal: [[Coordinate]]
    /// Inner points of the vertical edge from corner (i, j) to (i, j + 1).
    let vertical: [[Coordinate]]

    /// - Parameters:
    ///   - origin: the south-west corner.
    ///   - cellMetres: cell width and height.
    ///   - jitter: corner displacement as a share of the cell size (keep below 0.25).
    ///   - subdivisions: inner points per edge.
    ///   - wiggle: sideways displacement of inner points as a share of the edge length.
    public init(origin: Coordinate, cols: Int, rows: Int, cellMetres: (Double, Double), jitter: Double,
                subdivisions: Int, wiggle: Double, rng: inout SeededGenerator) {
        self.cols = cols
        self.rows = rows
        let kx = Geodesy.metresPerDegreeLongitude(atLatitude: origin.lat)
        let ky = Geodesy.metresPerDegreeLatitude(atLatitude: origin.lat)
        let dx = cellMetres.0 / kx, dy = cellMetres.1 / ky
        var cs: [Coordinate] = []
        for j in 0...rows {
            for i in 0...cols {
                // The outer boundary stays straight-ish: only inner corners move fully.
                let inner = i > 0 && i < cols && j > 0 && j < rows
                let f = inner ? jitter : jitter * 0.3
                cs.append(Coordinate(lon: origin.lon + (Double(i) + rng.uniform(-f, f)) * dx,
                                     lat: origin.lat + (Double(j) + rng.uniform(-f, f)) * dy))
            }
        }
        corners = cs
        func edge(_ a: Coordinate, _ b: Coordinate, rng: inout SeededGenerator) -> [Coordinate] {
            guard subdivisions > 0 else { return [] }
            let nx = -(b.lat - a.lat), ny = b.lon - a.lon
            var out: [Coordinate] = []
            var offset = 0.0
            for k in 1...subdivisions {
                let t = Double(k) / Double(subdivisions + 1)
                // A smoothed random walk, pinned towards zero at both ends.
                offset = offset * 0.85 + rng.uniform(-wiggle, wiggle)
                let taper = Swift.min(t, 1 - t) * 2
                let o = offset * taper
                out.append(Coordinate(lon: a.lon + t * (b.lon - a.lon) + o * nx,
                                      lat: a.lat + t * (b.lat - a.lat) + o * ny))
            }
            return out
        }
        var h: [[Coordinate]] = [], v: [[Coordinate]] = []
        for j in 0...rows {
            for i in 0..<cols { h.append(edge(cs[j * (cols + 1) + i], cs[j * (cols + 1) + i + 1], rng: &rng)) }
        }
        for j in 0..<rows {
            for i in 0...cols { v.append(edge(cs[j * (cols + 1) + i], cs[(j + 1) * (cols + 1) + i], rng: &rng)) }
        }
        horizontal = h
        vertical = v
    }

    public func corner(_ i: Int, _ j: Int) -> Coordinate { corners[j * (cols + 1) + i] }

    /// The closed, counter-clockwise ring around the block of cells [c0, c1) × [r0, r1).
    public func ring(cols c: Range<Int>, rows r: Range<Int>) -> [Coordinate] {
        var ring: [Coordinate] = []
        for i in c {  // south side, west to east
            ring.append(corner(i, r.lowerBound))
            ring.append(contentsOf: horizontal[r.lowerBound * cols + i])
        }
        for j in r {  // east side, south to north
            ring.append(corner(c.upperBound, j))
            ring.append(contentsOf: vertical[j * (cols + 1) + c.upperBound])
        }
        for i in c.reversed() {  // north side, east to west
            ring.append(corner(i + 1, r.upperBound))
            ring.append(contentsOf: horizontal[r.upperBound * cols + i].reversed())
        }
        for j in r.reversed() {  // west side, north to south
            ring.append(corner(c.lowerBound, j + 1))
            ring.append(contentsOf: vertical[j * (cols + 1) + c.lowerBound].reversed())
        }
        ring.append(ring[0])
        return ring
    }

    /// A point of cell (i, j) by bilinear interpolation of its corners; u, v in [0, 1].
    public func point(cell i: Int, _ j: Int, u: Double, v: Double) -> Coordinate {
        let a = corner(i, j), b = corner(i + 1, j), c = corner(i + 1, j + 1), d = corner(i, j + 1)
        return Coordinate(lon: (1 - u) * (1 - v) * a.lon + u * (1 - v) * b.lon + u * v * c.lon + (1 - u) * v * d.lon,
                          lat: (1 - u) * (1 - v) * a.lat + u * (1 - v) * b.lat + u * v * c.lat + (1 - u) * v * d.lat)
    }
}
