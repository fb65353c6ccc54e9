extension SpaceTimeScan {
    /// A location in a circle: which, and how far from the centre (metres).
    typealias Neighbour = (location: Int, distance: Double)

    /// The circles of the scan — each present location's nearest present neighbours (itself
    /// first) within the radius, at most `limit` — kept up to date as locations come and go
    /// from one night to the next, so that a night costs in proportion to what changed.
    ///
    /// With a wide neighbourhood (each location's `wideLimit` nearest, present or not, computed
    /// once), a centre's circle is the first `limit` present locations of its wide list; only when
    /// that list is full and still gives too few is the circle searched for directly ("exact").
    /// A change of location `x` can therefore only alter the circles of the centres whose wide
    /// list holds `x`, and of the exact centres within the radius of `x`: those, and no others,
    /// are recomputed. Ties in distance go by place (south to north, then west to east), never
    /// by index, so the circles do not depend on the order locations were first seen in.
    final class Circles {
        let points: [(x: Double, y: Double)]
        let radius: Double
        let limit: Int
        /// Each location's circle (empty when it is absent), flat: `limit` slots a location, the
        /// first `sizes[c]` of them used — the scan's inner loop reads them without indirection.
        private(set) var members: [Int]
        private(set) var distances: [Double]
        private(set) var sizes: [Int]
        /// For each location, the centres whose circles hold it.
        private(set) var reach: [[Int]]
        /// Each location's wide list and, for each location, the centres whose wide lists hold it
        /// (empty without a wide neighbourhood: every centre is then exact).
        private let wide: [[Neighbour]]
        private let wideReach: [[Int]]
        private let wideLimit: Int
        /// The centres whose circles were searched for directly.
        private var exact: [Bool]
        private var exactCount = 0
        /// Whether some circle is now searched for directly (its wide list gave too few).
        var usesExactCircles: Bool { exactCount > 0 }
        /// Every location hashed into square cells of the radius's size.
        private let cells: [Int64: [Int]]
        private var stamp: [UInt32]
        private var round: UInt32 = 0

        /// - Parameter wideLimit: how many nearest locations each wide list keeps; nil: none (one
        ///   night, whose circles are best searched for directly).
        init(points: [(x: Double, y: Double)], radius: Double, limit: Int, wideLimit: Int?) {
            self.points = points
            self.radius = radius
            self.limit = limit
            var cells: [Int64: [Int]] = [:]
            for (k, p) in points.enumerated() { cells[Self.key(p, radius), default: []].append(k) }
            self.cells = cells
            members = Array(repeating: 0, count: points.count * limit)
            distances = Array(repeating: 0, count: points.count * limit)
            sizes = Array(repeating: 0, count: points.count)
            reach = Array(repeating: [], count: points.count)
            exact = Array(repeating: false, count: points.count)
            stamp = Array(repeating: 0, count: points.count)
            if let wideLimit {
                self.wideLimit = wideLimit
                let wide = points.indices.map { Self.nearest(to: $0, points: points, cells: cells, radius: radius, limit: wideLimit) { _ in true } }
                var wideReach = Array(repeating: [Int](), count: points.count)
                for (centre, list) in wide.enumerated() { for n in list { wideReach[n.location].append(centre) } }
                self.wide = wide
                self.wideReach = wideReach
            } else {
                self.wideLimit = 0
                wide = []
                wideReach = []
            }
        }

        /// Brings the circles up to date after the locations in `changed` came or went.
        /// - Parameter present: the cases held per location (present when above zero).
        func update(changed: [Int], present: [Int32]) {
            round &+= 1
            if round == 0 { for k in stamp.indices { stamp[k] = 0 }; round = 1 }
            var affected: [Int] = []
            func affect(_ c: Int) { if stamp[c] != round { stamp[c] = round; affected.append(c) } }
            for x in changed {
                if wide.isEmpty {
                    around(x) { affect($0) }
                } else {
                    for c in wideReach[x] { affect(c) }
                    if exactCount > 0 { around(x) { if exact[$0] { affect($0) } } }
                }
            }
            for c in affected {
                let new = present[c] > 0 ? circle(of: c, present: present) : []
                let old = circle(c)
                guard !new.elementsEqual(old, by: { $0.location == $1.location && $0.distance == $1.distance }) else { continue }
                for n in old {
                    if let at = reach[n.location].firstIndex(of: c) { reach[n.location].swapAt(at, reach[n.location].count - 1); reach[n.location].removeLast() }
                }
                for (k, n) in new.enumerated() {
                    reach[n.location].append(c)
                    members[c * limit + k] = n.location
                    distances[c * limit + k] = n.distance
                }
                sizes[c] = new.count
            }
        }

        /// The circle around `c`, nearest first.
        func circle(_ c: Int) -> [Neighbour] {
            (0..<sizes[c]).map { (members[c * limit + $0], distances[c * limit + $0]) }
        }

        /// Every location within the radius of `x` (its 9 cells).
        private func around(_ x: Int, _ body: (Int) -> Void) {
            let (i, j) = Self.cell(points[x], radius)
            for di: Int64 in -1...1 {
                for dj: Int64 in -1...1 {
                    for other in cells[Self.key(i + di, j + dj)] ?? [] where Self.distance(points[x], points[other]) <= radius { body(other) }
                }
            }
        }

        private func circle(of c: Int, present: [Int32]) -> [Neighbour] {
            var list: [Neighbour] = []
            if !wide.isEmpty {
                let candidates = wide[c]
                for n in candidates where present[n.location] > 0 {
                    list.append(n)
                    if list.count == limit { break }
                }
                // Enough, or the wide list held every location within the radius.
                if list.count == limit || candidates.count < wideLimit {
                    if exact[c] { exact[c] = false; exactCount -= 1 }
                    return list
                }
            }
            if !exact[c] { exact[c] = true; exactCount += 1 }
            return Self.nearest(to: c, points: points, cells: cells, radius: radius, limit: limit) { present[$0] > 0 }
        }

        /// The `limit` nearest locations to `c` within the radius that `include` accepts.
        private static func nearest(to c: Int, points: [(x: Double, y: Double)], cells: [Int64: [Int]], radius: Double, limit: Int,
                                    include: (Int) -> Bool) -> [Neighbour] {
            let p = points[c]
            let (i, j) = cell(p, radius)
            var near: [Neighbour] = []
            for di: Int64 in -1...1 {
                for dj: Int64 in -1...1 {
                    for other in cells[key(i + di, j + dj)] ?? [] where include(other) {
                        let d = distance(p, points[other])
                        if d <= radius { near.append((other, d)) }
                    }
                }
            }
            near.sort { a, b in
                if a.distance != b.distance { return a.distance < b.distance }
                if (a.location == c) != (b.location == c) { return a.location == c }
                return (points[a.location].y, points[a.location].x) < (points[b.location].y, points[b.location].x)
            }
            return Array(near.prefix(limit))
        }

        private static func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
            ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        }

        private static func cell(_ p: (x: Double, y: Double), _ radius: Double) -> (Int64, Int64) {
            (Int64((p.x / radius).rounded(.down)), Int64((p.y / radius).rounded(.down)))
        }

        private static func key(_ i: Int64, _ j: Int64) -> Int64 { i &* 1_000_003 &+ j }
        private static func key(_ p: (x: Double, y: Double), _ radius: Double) -> Int64 {
            let (i, j) = cell(p, radius)
            return key(i, j)
        }
    }
}
