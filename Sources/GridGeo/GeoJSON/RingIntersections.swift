/// Finds crossings between the edges of a polygon's rings with a sweep along x, so rings of
/// thousands of vertices are checked in near-linear time rather than pairwise.
enum RingIntersections {
    struct Hit {
        var ringA: Int
        var ringB: Int
        var point: Coordinate
    }

    private struct Edge {
        var ring: Int
        var index: Int
        var ringEdges: Int
        var a: Coordinate
        var b: Coordinate
        var minX: Double { Swift.min(a.lon, b.lon) }
        var maxX: Double { Swift.max(a.lon, b.lon) }
    }

    /// The first crossing or touching of two non-adjacent edges, if any.
    static func firstCrossing(_ rings: [[Coordinate]]) -> Hit? {
        var edges: [Edge] = []
        for (r, ring) in rings.enumerated() where ring.count >= 2 {
            for k in 0..<(ring.count - 1) {
                edges.append(Edge(ring: r, index: k, ringEdges: ring.count - 1, a: ring[k], b: ring[k + 1]))
            }
        }
        edges.sort { $0.minX < $1.minX }
        for i in 0..<edges.count {
            let e = edges[i]
            var j = i + 1
            while j < edges.count, edges[j].minX <= e.maxX {
                let f = edges[j]
                j += 1
                if e.ring == f.ring {
                    let d = abs(e.index - f.index)
                    if d == 1 || d == e.ringEdges - 1 { continue }
                }
                if Swift.max(Swift.min(e.a.lat, e.b.lat), Swift.min(f.a.lat, f.b.lat))
                    > Swift.min(Swift.max(e.a.lat, e.b.lat), Swift.max(f.a.lat, f.b.lat)) { continue }
                if let p = intersection(e.a, e.b, f.a, f.b) {
                    return Hit(ringA: Swift.min(e.ring, f.ring), ringB: Swift.max(e.ring, f.ring), point: p)
                }
            }
        }
        return nil
    }

    private static func orient(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double {
        (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon)
    }

    private static func onSegment(_ a: Coordinate, _ b: Coordinate, _ p: Coordinate) -> Bool {
        p.lon >= Swift.min(a.lon, b.lon) && p.lon <= Swift.max(a.lon, b.lon)
            && p.lat >= Swift.min(a.lat, b.lat) && p.lat <= Swift.max(a.lat, b.lat)
    }

    /// A point the segments share, or nil.
    private static func intersection(_ p1: Coordinate, _ p2: Coordinate, _ q1: Coordinate, _ q2: Coordinate) -> Coordinate? {
        let d1 = orient(q1, q2, p1), d2 = orient(q1, q2, p2)
        let d3 = orient(p1, p2, q1), d4 = orient(p1, p2, q2)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
            let t = d1 / (d1 - d2)
            return Coordinate(lon: p1.lon + t * (p2.lon - p1.lon), lat: p1.lat + t * (p2.lat - p1.lat))
        }
        if d1 == 0 && onSegment(q1, q2, p1) { return p1 }
        if d2 == 0 && onSegment(q1, q2, p2) { return p2 }
        if d3 == 0 && onSegment(p1, p2, q1) { return q1 }
        if d4 == 0 && onSegment(p1, p2, q2) { return q2 }
        return nil
    }
}
