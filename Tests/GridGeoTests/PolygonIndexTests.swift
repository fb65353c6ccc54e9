import GridGeo
import Testing

@Suite struct PolygonIndexTests {
    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Coordinate] {
        [.init(lon: x0, lat: y0), .init(lon: x1, lat: y0), .init(lon: x1, lat: y1), .init(lon: x0, lat: y1), .init(lon: x0, lat: y0)]
    }

    @Test func holesAreOutside() {
        let index = PolygonIndex([MultiPolygon([Polygon(exterior: Self.square(0, 0, 4, 4), holes: [Self.square(1, 1, 2, 2)])])])
        #expect(index.containing(lon: 0.5, lat: 0.5) == [0])
        #expect(index.containing(lon: 1.5, lat: 1.5).isEmpty)
        #expect(index.containing(lon: 5, lat: 5).isEmpty)
    }

    @Test func anyPartOfAMultiPolygonContains() {
        let index = PolygonIndex([MultiPolygon([Polygon(exterior: Self.square(0, 0, 1, 1)), Polygon(exterior: Self.square(5, 5, 6, 6))])])
        #expect(index.containing(lon: 5.5, lat: 5.5) == [0])
        #expect(index.containing(lon: 3, lat: 3).isEmpty)
    }

    @Test func selfIntersectingRingsFollowTheEvenOddRule() {
        // A bow-tie: the two lobes are inside, the space beside the crossing is not.
        let bowtie: [Coordinate] = [.init(lon: 0, lat: 0), .init(lon: 2, lat: 2), .init(lon: 2, lat: 0), .init(lon: 0, lat: 2), .init(lon: 0, lat: 0)]
        let index = PolygonIndex([MultiPolygon([Polygon(exterior: bowtie)])])
        #expect(index.containing(lon: 0.2, lat: 1) == [0])
        #expect(index.containing(lon: 1.8, lat: 1) == [0])
        #expect(index.containing(lon: 1, lat: 1.8).isEmpty)
    }

    /// Random star-shaped polygons (many edges, so many stripes) against plain ray casting.
    @Test func agreesWithBruteForceRayCasting() {
        var rng = SystemRandomNumberGenerator()
        var shapes: [MultiPolygon] = []
        for _ in 0..<60 {
            let cx = Double.random(in: 0...10, using: &rng), cy = Double.random(in: 0...10, using: &rng)
            let n = Int.random(in: 3...300, using: &rng)
            var ring = (0..<n).map { k -> Coordinate in
                let a = Double(k) / Double(n) * 2 * .pi
                let r = Double.random(in: 0.2...2, using: &rng)
                return Coordinate(lon: cx + r * cos(a), lat: cy + r * sin(a))
            }
            ring.append(ring[0])
            shapes.append(MultiPolygon([Polygon(exterior: ring)]))
        }
        let index = PolygonIndex(shapes)
        func brute(_ ring: [Coordinate], _ x: Double, _ y: Double) -> Bool {
            var inside = false
            for k in 0..<(ring.count - 1) {
                let a = ring[k], b = ring[k + 1]
                if (a.lat > y) != (b.lat > y) && x < a.lon + (y - a.lat) * (b.lon - a.lon) / (b.lat - a.lat) { inside.toggle() }
            }
            return inside
        }
        for _ in 0..<5_000 {
            let x = Double.random(in: -2...12, using: &rng), y = Double.random(in: -2...12, using: &rng)
            let expected = shapes.indices.filter { brute(shapes[$0].polygons[0].exterior, x, y) }.map(Int32.init)
            #expect(index.containing(lon: x, lat: y) == expected)
        }
    }

    @Test func rTreeFindsExactlyTheIntersectingBoxes() {
        var rng = SystemRandomNumberGenerator()
        let boxes = (0..<2_000).map { _ -> BoundingBox in
            let x = Double.random(in: 0...100, using: &rng), y = Double.random(in: 0...100, using: &rng)
            return BoundingBox(minLon: x, minLat: y, maxLon: x + Double.random(in: 0...3, using: &rng), maxLat: y + Double.random(in: 0...3, using: &rng))
        }
        let tree = PackedRTree(boxes)
        for _ in 0..<300 {
            let x = Double.random(in: 0...100, using: &rng), y = Double.random(in: 0...100, using: &rng)
            let q = BoundingBox(minLon: x, minLat: y, maxLon: x + 5, maxLat: y + 2)
            var found: [Int32] = []
            tree.search(q) { found.append($0) }
            #expect(found.sorted() == boxes.indices.filter { boxes[$0].intersects(q) }.map(Int32.init))
        }
    }

    @Test func measuresDistanceToTheBoundaryInMetres() {
        // A 0.01° square at 26.58° N; a point 0.001° of longitude inside its west edge.
        let index = PolygonIndex([MultiPolygon([Polygon(exterior: Self.square(101.70, 26.57, 101.71, 26.59))])])
        let d = index.distanceToBoundary(item: 0, lon: 101.701, lat: 26.58)
        let expected = 0.001 * Geodesy.metresPerDegreeLongitude(atLatitude: 26.58)
        #expect(abs(d - expected) < 0.01)
        #expect(abs(expected - 99.6) < 0.5)
        #expect(index.nearest(lon: 101.72, lat: 26.58)?.item == 0)
        #expect(abs((index.nearest(lon: 101.72, lat: 26.58)?.metres ?? 0) - 10 * expected) < 1)
    }

    /// The skipping and the once-per-point scale give exactly the distance of measuring every
    /// edge, on a boundary of thousands of vertices; a limit only hides what lies beyond it.
    @Test func distanceToABoundaryOfManyVerticesMatchesMeasuringEveryEdge() {
        var ring: [Coordinate] = (0..<3_000).map { k in
            let t = Double(k) / 3_000 * 2 * .pi, r = 0.01 * (1 + 0.3 * sin(37 * t))
            return Coordinate(lon: 101.7 + r * cos(t), lat: 26.58 + r * sin(t))
        }
        ring.append(ring[0])
        let index = PolygonIndex([MultiPolygon([Polygon(exterior: ring)])])
        // A lattice over and around the shape: inside, outside, near and far from the edge.
        for k in 0..<225 {
            let lon = 101.685 + Double(k % 15) * 0.00215, lat = 26.565 + Double(k / 15) * 0.00215
            let p = Coordinate(lon: lon, lat: lat)
            let brute = zip(ring, ring.dropFirst()).map { Geodesy.distanceToSegment(p, $0, $1) }.min()!
            #expect(abs(index.distanceToBoundary(item: 0, lon: lon, lat: lat) - brute) < 1e-6)
            let near = index.distanceToBoundary(item: 0, lon: lon, lat: lat, within: 30)
            #expect(brute <= 30 ? abs(near - brute) < 1e-6 : near == .infinity)
        }
    }

    @Test func findsAnInteriorPointOfAnUShape() {
        let u: [Coordinate] = [.init(lon: 0, lat: 0), .init(lon: 3, lat: 0), .init(lon: 3, lat: 3), .init(lon: 2, lat: 3),
                               .init(lon: 2, lat: 1), .init(lon: 1, lat: 1), .init(lon: 1, lat: 3), .init(lon: 0, lat: 3), .init(lon: 0, lat: 0)]
        let shape = MultiPolygon([Polygon(exterior: u)])
        let p = shape.interiorPoint!
        #expect(PolygonIndex([shape]).containing(lon: p.lon, lat: p.lat) == [0])
    }
}

#if canImport(Glibc)
import Glibc
#endif

@Suite struct PolygonIndexEdgeCaseTests {
    @Test func nonFiniteQueriesContainNothing() {
        let squares = (0..<20).map { k in
            MultiPolygon([Polygon(exterior: PolygonIndexTests.square(Double(k), 0, Double(k) + 1, 1))])
        }
        let index = PolygonIndex(squares)
        #expect(index.containing(lon: .nan, lat: 0.5).isEmpty)
        #expect(index.containing(lon: 0.5, lat: .infinity).isEmpty)
        #expect(index.containing(lon: 3.5, lat: 0.5) == [3])
        // Outside the tiled extent the R-tree answers.
        #expect(index.containing(lon: 50, lat: 50).isEmpty)
    }
}

@Suite struct GroupedPolygonIndexTests {
    /// Overlapping squares in two groups, enough of them for the tile cover: the best-ranked
    /// containing item of each group must always be reported.
    @Test func reportsTheBestContainingItemOfEachGroup() {
        var rng = SystemRandomNumberGenerator()
        var shapes: [MultiPolygon] = []
        var groups: [UInt8] = []
        for _ in 0..<300 {
            let x = Double.random(in: 0...9, using: &rng), y = Double.random(in: 0...9, using: &rng)
            let s = Double.random(in: 0.2...3, using: &rng)
            shapes.append(MultiPolygon([Polygon(exterior: PolygonIndexTests.square(x, y, x + s, y + s))]))
            groups.append(UInt8.random(in: 0...1, using: &rng))
        }
        let ranks = (0..<300).map { _ in Int32.random(in: 0...1_000_000, using: &rng) }
        let index = PolygonIndex(shapes, groups: groups, ranks: ranks)
        let plain = PolygonIndex(shapes)
        for _ in 0..<4_000 {
            let x = Double.random(in: -1...13, using: &rng), y = Double.random(in: -1...13, using: &rng)
            let all = plain.containing(lon: x, lat: y)
            var reported: [Int32] = []
            index.forEachBestContaining(lon: x, lat: y) { reported.append($0) }
            for g in [UInt8(0), 1] {
                let best = all.filter { groups[Int($0)] == g }.min { ranks[Int($0)] < ranks[Int($1)] }
                let got = reported.filter { groups[Int($0)] == g }.min { ranks[Int($0)] < ranks[Int($1)] }
                #expect(got == best)
            }
            #expect(Set(reported).isSubset(of: Set(all)))
        }
    }
}
