import GridGeo
import Testing

@Suite struct BinGridTests {
    /// Seeded points over a city-sized box (Panzhihua) in projected metres.
    func points(_ n: Int) -> [(x: Double, y: Double)] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let a = EqualAreaPlane.project(lon: 101.5, lat: 26.4), b = EqualAreaPlane.project(lon: 101.9, lat: 26.7)
        return (0..<n).map { _ in (a.x + (b.x - a.x) * next(), a.y + (b.y - a.y) * next()) }
    }

    @Test(arguments: [BinGrid.Shape.hex, .square])
    func everyPointFallsInExactlyTheBinWhoseOutlineHoldsIt(shape: BinGrid.Shape) {
        let grid = BinGrid(shape: shape, size: 500)
        for p in points(20_000) {
            let (i, j) = grid.bin(x: p.x, y: p.y)
            // The outline, back on the plane, holds the point…
            let ring = grid.ring(i, j).map { EqualAreaPlane.project(lon: $0.lon, lat: $0.lat) }
            #expect(Self.contains(ring, p), "\(p) not inside bin \(i),\(j)")
            // …and no neighbour's outline does (no overlaps), except on a shared edge.
            for (di, dj) in [(1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)] {
                let other = grid.ring(i + Int32(di), j + Int32(dj)).map { EqualAreaPlane.project(lon: $0.lon, lat: $0.lat) }
                #expect(!Self.contains(other, p) || Self.onEdge(other, p), "\(p) also inside \(i + Int32(di)),\(j + Int32(dj))")
            }
        }
    }

    @Test func hexBinsAreTheNearestCentre() {
        // The defining property of a hexagonal tiling: a point belongs to the closest centre.
        let grid = BinGrid(shape: .hex, size: 250)
        for p in points(20_000) {
            let (i, j) = grid.bin(x: p.x, y: p.y)
            let own = grid.centre(i, j)
            let d = (own.x - p.x) * (own.x - p.x) + (own.y - p.y) * (own.y - p.y)
            for (di, dj) in [(1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)] {
                let c = grid.centre(i + Int32(di), j + Int32(dj))
                #expect(d <= (c.x - p.x) * (c.x - p.x) + (c.y - p.y) * (c.y - p.y) + 1e-6)
            }
        }
    }

    @Test func binsCoverTrueGroundMetres() {
        // Areas on the ellipsoid: a 500 m square is 0.25 km², a 500 m hexagon 3√3/2 · 500² m²,
        // in Panzhihua and in Harbin (far from the central meridian and further north).
        for (lon, lat) in [(101.72, 26.58), (126.63, 45.75)] {
            let p = EqualAreaPlane.project(lon: lon, lat: lat)
            for (shape, expected) in [(BinGrid.Shape.square, 250_000.0), (.hex, 3 * 3.0.squareRoot() / 2 * 250_000)] {
                let grid = BinGrid(shape: shape, size: 500)
                let (i, j) = grid.bin(x: p.x, y: p.y)
                let area = Geodesy.area(of: MultiPolygon([Polygon(exterior: grid.ring(i, j))]))
                #expect(abs(area / expected - 1) < 0.005, "\(shape) at \(lon),\(lat): \(area) m²")
            }
        }
    }

    @Test func idsDependOnlyOnShapeSizeAndPlace() {
        let p = EqualAreaPlane.project(lon: 101.72, lat: 26.58)
        let a = BinGrid(shape: .hex, size: 500), b = BinGrid(shape: .hex, size: 500)
        let (i, j) = a.bin(x: p.x, y: p.y)
        #expect(a.id(i, j) == b.id(i, j))
        #expect(a.id(i, j).hasPrefix("hex-500-"))
        #expect(BinGrid(shape: .square, size: 250.5).id(3, -4) == "square-250.5-3--4")
    }

    @Test func theCoverHoldsEveryBinOfTheBox() {
        for shape in BinGrid.Shape.allCases {
            let grid = BinGrid(shape: shape, size: 300)
            let box = BoundingBox(minLon: 101.5, minLat: 26.4, maxLon: 101.9, maxLat: 26.7)
            let b = EqualAreaPlane.bounds(of: box)
            let cover = grid.cover(minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY)
            for p in points(5_000) {
                let (i, j) = grid.bin(x: p.x, y: p.y)
                #expect(cover.rows.contains(Int(j)) && cover.columns.contains(grid.column(i, j)))
                #expect(grid.bin(column: grid.column(i, j), row: Int(j)) == (i, j))
            }
        }
    }

    @Test func projectionRoundTrips() {
        for (lon, lat) in [(101.72, 26.58), (73.5, 39.4), (134.7, 48.3), (105, 0), (-70, -33)] {
            let p = EqualAreaPlane.project(lon: lon, lat: lat)
            let back = EqualAreaPlane.unproject(x: p.x, y: p.y)
            #expect(abs(back.lon - lon) < 1e-9 && abs(back.lat - lat) < 1e-9)
        }
    }

    static func contains(_ ring: [(x: Double, y: Double)], _ p: (x: Double, y: Double)) -> Bool {
        var inside = false
        var j = ring.count - 2
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside || onEdge(ring, p)
    }

    static func onEdge(_ ring: [(x: Double, y: Double)], _ p: (x: Double, y: Double)) -> Bool {
        for k in 0..<(ring.count - 1) {
            let a = ring[k], b = ring[k + 1]
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            let len = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            if abs(cross) / len < 1e-3, min(a.x, b.x) - 1e-3 <= p.x, p.x <= max(a.x, b.x) + 1e-3,
               min(a.y, b.y) - 1e-3 <= p.y, p.y <= max(a.y, b.y) + 1e-3 { return true }
        }
        return false
    }
}
