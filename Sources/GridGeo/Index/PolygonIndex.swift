/// Point-in-polygon over many (multi)polygons: a packed R-tree over polygon parts, and for each
/// part a y-stripe edge index (tg's approach) so a test touches only the few edges crossing the
/// point's stripe. Containment is even-odd over a part's rings (holes and self-intersecting rings
/// included); an item contains a point when any of its parts does.
///
/// Items are the positions of the shapes passed to `init`; everything lives in flat buffers,
/// immutable after `init`, so one index serves any number of threads.
public final class PolygonIndex: Sendable {
    public let itemCount: Int
    @usableFromInline let tree: PackedRTree
    @usableFromInline let partOwner: FlatBuffer<Int32>
    /// Per part: minY, stripes per degree, stripe count, first slot in `stripeStarts`.
    @usableFromInline let partMinY: FlatBuffer<Double>
    @usableFromInline let partScale: FlatBuffer<Double>
    @usableFromInline let partStripeCount: FlatBuffer<Int32>
    @usableFromInline let partStripeBase: FlatBuffer<Int32>
    /// For each stripe, the first entry in `stripeEdges` (and one past the last, in the next slot).
    @usableFromInline let stripeStarts: FlatBuffer<Int32>
    /// x1, y1, x2, y2 per entry; an edge is repeated in every stripe its y-range touches.
    @usableFromInline let stripeEdges: FlatBuffer<Double>
    /// Per item its first part, per part its first edge (one past the last in the next slot),
    /// and the original edges (x1, y1, x2, y2) for distances.
    let itemPartStart: FlatBuffer<Int32>
    let partEdgeStart: FlatBuffer<Int32>
    let edges: FlatBuffer<Double>
    /// minX, minY, maxX, maxY per part, for the tile path's box test.
    @usableFromInline let partBoxFlat: FlatBuffer<Double>
    @usableFromInline let tiles: TileCover?

    /// Group (0–63) of each part, when the index was built with groups.
    @usableFromInline let partGroup: FlatBuffer<UInt8>?

    /// - Parameters:
    ///   - groups: optional group (0–63) of each shape, e.g. its administrative level, and
    ///   - ranks: the shapes' preference within a group (lower is better). With both,
    ///     ``forEachBestContaining(lon:lat:_:)`` may skip shapes that cannot win their group.
    public init(_ shapes: [MultiPolygon], groups: [UInt8]? = nil, ranks: [Int32]? = nil) {
        precondition(groups == nil || groups!.count == shapes.count, "one group per shape")
        precondition(ranks == nil || ranks!.count == shapes.count, "one rank per shape")
        itemCount = shapes.count
        var owner: [Int32] = [], minY: [Double] = [], scale: [Double] = []
        var stripeCount: [Int32] = [], stripeBase: [Int32] = []
        var starts: [Int32] = [], sEdges: [Double] = []
        var itemParts: [Range<Int32>] = [], partEdges: [Range<Int32>] = []
        var boxes: [BoundingBox] = []
        let totalEdges = shapes.reduce(0) { $0 + $1.edgeCount }
        var allEdges: [Double] = []
        allEdges.reserveCapacity(totalEdges * 4)
        sEdges.reserveCapacity(totalEdges * 6)
        var counts: [Int32] = []
        for (item, shape) in shapes.enumerated() {
            let firstPart = Int32(owner.count)
            for poly in shape.polygons {
                let box = poly.boundingBox
                guard !box.isEmpty else { continue }
                owner.append(Int32(item))
                boxes.append(box)
                let edgeStart = allEdges.count / 4
                for ring in poly.rings where ring.count >= 2 {
                    for k in 0..<(ring.count - 1) {
                        let a = ring[k], b = ring[k + 1]
                        if a == b { continue }
                        allEdges.append(a.lon); allEdges.append(a.lat); allEdges.append(b.lon); allEdges.append(b.lat)
                    }
                }
                let edgeEnd = allEdges.count / 4
                partEdges.append(Int32(edgeStart)..<Int32(edgeEnd))
                // About one stripe per edge keeps ~2–3 edges a stripe for ordinary shapes; small
                // footprints (rectangles) test their four edges, which is as fast and lighter.
                let n = edgeEnd - edgeStart
                let stripes = n <= 4 ? 1 : Swift.min(n, 1 << 16)
                let height = box.maxLat - box.minLat
                let sc = height > 0 ? Double(stripes) / height : 0
                minY.append(box.minLat)
                scale.append(sc)
                stripeCount.append(Int32(stripes))
                stripeBase.append(Int32(starts.count))
                // Counting sort of edges into stripes: count, prefix-sum, fill in place.
                counts.removeAll(keepingCapacity: true)
                counts.append(contentsOf: repeatElement(0, count: stripes + 1))
                for e in edgeStart..<edgeEnd {
                    let y1 = allEdges[e * 4 + 1], y2 = allEdges[e * 4 + 3]
                    let lo = Self.stripe(Swift.min(y1, y2), minY: box.minLat, scale: sc, count: stripes)
                    let hi = Self.stripe(Swift.max(y1, y2), minY: box.minLat, scale: sc, count: stripes)
                    for k in lo...hi { counts[k + 1] += 1 }
                }
                for k in 0..<stripes { counts[k + 1] += counts[k] }
                let base = sEdges.count / 4
                for k in 0...stripes { starts.append(Int32(base) + counts[k]) }
                sEdges.append(contentsOf: repeatElement(0, count: Int(counts[stripes]) * 4))
                for e in edgeStart..<edgeEnd {
                    let y1 = allEdges[e * 4 + 1], y2 = allEdges[e * 4 + 3]
                    let lo = Self.stripe(Swift.min(y1, y2), minY: box.minLat, scale: sc, count: stripes)
                    let hi = Self.stripe(Swift.max(y1, y2), minY: box.minLat, scale: sc, count: stripes)
                    for k in lo...hi {
                        let at = (base + Int(counts[k])) * 4
                        counts[k] += 1
                        sEdges[at] = allEdges[e * 4]; sEdges[at + 1] = y1
                        sEdges[at + 2] = allEdges[e * 4 + 2]; sEdges[at + 3] = y2
                    }
                }
            }
            itemParts.append(firstPart..<Int32(owner.count))
        }
        let fMinY = FlatBuffer(minY), fScale = FlatBuffer(scale), fCount = FlatBuffer(stripeCount)
        let fBase = FlatBuffer(stripeBase), fStarts = FlatBuffer(starts), fEdges = FlatBuffer(sEdges)
        partOwner = FlatBuffer(owner); partMinY = fMinY; partScale = fScale
        partStripeCount = fCount; partStripeBase = fBase
        stripeStarts = fStarts; stripeEdges = fEdges
        itemPartStart = FlatBuffer(itemParts.map(\.lowerBound) + [Int32(owner.count)])
        partEdgeStart = FlatBuffer(partEdges.map(\.lowerBound) + [Int32(allEdges.count / 4)])
        edges = FlatBuffer(allEdges)
        tree = PackedRTree(boxes)
        partBoxFlat = FlatBuffer(boxes.flatMap { [$0.minLon, $0.minLat, $0.maxLon, $0.maxLat] })
        var keys: [UInt64]?
        if let groups, let ranks {
            precondition(groups.allSatisfy { $0 < 64 }, "groups are 0–63")
            keys = owner.map { UInt64(groups[Int($0)]) << 32 | UInt64(UInt32(bitPattern: ranks[Int($0)])) }
            partGroup = FlatBuffer(owner.map { groups[Int($0)] })
        } else {
            partGroup = nil
        }
        tiles = TileCover.build(boxes: boxes, edges: allEdges, partEdges: partEdges, orderKeys: keys) { part, x, y in
            Self.partContains(part, x: x, y: y, minY: fMinY, scale: fScale, stripeCount: fCount,
                              stripeBase: fBase, stripeStarts: fStarts, stripeEdges: fEdges)
        }
    }

    /// An index from its tables (read from an image).
    init(itemCount: Int, tree: PackedRTree, partOwner: FlatBuffer<Int32>, partMinY: FlatBuffer<Double>, partScale: FlatBuffer<Double>,
         partStripeCount: FlatBuffer<Int32>, partStripeBase: FlatBuffer<Int32>, stripeStarts: FlatBuffer<Int32>,
         stripeEdges: FlatBuffer<Double>, itemPartStart: FlatBuffer<Int32>, partEdgeStart: FlatBuffer<Int32>, edges: FlatBuffer<Double>,
         partBoxFlat: FlatBuffer<Double>, tiles: TileCover?, partGroup: FlatBuffer<UInt8>?) {
        self.itemCount = itemCount
        self.tree = tree
        self.partOwner = partOwner
        self.partMinY = partMinY
        self.partScale = partScale
        self.partStripeCount = partStripeCount
        self.partStripeBase = partStripeBase
        self.stripeStarts = stripeStarts
        self.stripeEdges = stripeEdges
        self.itemPartStart = itemPartStart
        self.partEdgeStart = partEdgeStart
        self.edges = edges
        self.partBoxFlat = partBoxFlat
        self.tiles = tiles
        self.partGroup = partGroup
    }

    /// The parts of an item.
    func parts(ofItem item: Int) -> Range<Int> { Int(itemPartStart[item])..<Int(itemPartStart[item + 1]) }

    /// The original edges of a part (indexes into `edges`, four values each).
    func edgeRange(ofPart part: Int) -> Range<Int> { Int(partEdgeStart[part])..<Int(partEdgeStart[part + 1]) }

    /// Polygon parts indexed (non-empty polygons of the items).
    var partCount: Int { partOwner.count }

    /// The bytes a point query may touch (tables, stripes, tree, tile cover): what decides
    /// whether lookups run from cache.
    public var queryBytes: Int {
        tree.bytes + partOwner.bytes + partMinY.bytes + partScale.bytes + partStripeCount.bytes + partStripeBase.bytes
            + stripeStarts.bytes + stripeEdges.bytes + partBoxFlat.bytes + (tiles?.bytes ?? 0)
    }

    @inlinable static func stripe(_ y: Double, minY: Double, scale: Double, count: Int) -> Int {
        let k = Int((y - minY) * scale)
        return k < 0 ? 0 : (k >= count ? count - 1 : k)
    }

    /// Calls `body` with each item containing the point (an item with several overlapping
    /// parts may be reported more than once).
    @inlinable public func forEachContaining(lon x: Double, lat y: Double, _ body: (Int32) -> Void) {
        visitContaining(x, y, groups: nil, body)
    }

    /// Calls `body` with items containing the point such that the best-ranked containing item
    /// of each group is among them (built with groups and ranks; otherwise every containing
    /// item). In the tile path entries come in (group, rank) order, so a group stops at its
    /// first containing item; callers still pick the best per group, which keeps the answer
    /// exact on the tree path too.
    @inlinable public func forEachBestContaining(lon x: Double, lat y: Double, _ body: (Int32) -> Void) {
        visitContaining(x, y, groups: partGroup?.base, body)
    }

    /// The one lookup: the tile cover where it reaches, else the tree. With `groups`, a tile's
    /// later entries of a group are skipped once a part of that group contains the point.
    @usableFromInline @inline(__always)
    func visitContaining(_ x: Double, _ y: Double, groups: UnsafeMutablePointer<UInt8>?, _ body: (Int32) -> Void) {
        // NaN would pass every box test (all comparisons false) and break the stripe lookup.
        guard x.isFinite && y.isFinite else { return }
        if let tiles {
            let t = tiles.tile(x: x, y: y)
            if t >= 0 {
                guard tiles.isOccupied(t) else { return }
                let st = tiles.starts.base, en = tiles.entries.base, bx = partBoxFlat.base
                var decided: UInt64 = 0
                var i = Int(st[t])
                let end = Int(st[t &+ 1])
                while i < end {
                    let v = en[i]
                    i &+= 1
                    let part = Int(v < 0 ? ~v : v)
                    var bit: UInt64 = 0
                    if let groups {
                        bit = 1 &<< UInt64(groups[part])
                        if decided & bit != 0 { continue }
                    }
                    let b = part &* 4
                    if v < 0 || (x >= bx[b] && y >= bx[b &+ 1] && x <= bx[b &+ 2] && y <= bx[b &+ 3]
                                 && partContains(part, x: x, y: y)) {
                        decided |= bit
                        body(partOwner[part])
                    }
                }
                return
            }
        }
        tree.search(x: x, y: y) { part in
            if partContains(Int(part), x: x, y: y) { body(partOwner[Int(part)]) }
        }
    }

    /// Every item containing the point, ascending, without repeats.
    public func containing(lon: Double, lat: Double) -> [Int32] {
        var out: [Int32] = []
        forEachContaining(lon: lon, lat: lat) { out.append($0) }
        return Array(Set(out)).sorted()
    }

    /// Whether item `item` contains the point.
    public func contains(item: Int, lon: Double, lat: Double) -> Bool {
        parts(ofItem: item).contains { part in
            let b = Int(part) * 4, bx = partBoxFlat.base
            return lon >= bx[b] && lat >= bx[b + 1] && lon <= bx[b + 2] && lat <= bx[b + 3] && partContains(Int(part), x: lon, y: lat)
        }
    }

    /// Even-odd ray casting over the edges of the point's stripe.
    @inlinable @inline(__always) func partContains(_ part: Int, x: Double, y: Double) -> Bool {
        Self.partContains(part, x: x, y: y, minY: partMinY, scale: partScale, stripeCount: partStripeCount,
                          stripeBase: partStripeBase, stripeStarts: stripeStarts, stripeEdges: stripeEdges)
    }

    @inlinable @inline(__always)
    static func partContains(_ part: Int, x: Double, y: Double, minY: FlatBuffer<Double>, scale: FlatBuffer<Double>,
                             stripeCount: FlatBuffer<Int32>, stripeBase: FlatBuffer<Int32>,
                             stripeStarts: FlatBuffer<Int32>, stripeEdges: FlatBuffer<Double>) -> Bool {
        let count = Int(stripeCount[part])
        let k = stripe(y, minY: minY[part], scale: scale[part], count: count)
        let slot = Int(stripeBase[part]) &+ k
        let st = stripeStarts.base, e = stripeEdges.base
        var inside = false
        var i = Int(st[slot]) &* 4
        let end = Int(st[slot &+ 1]) &* 4
        while i < end {
            let y1 = e[i &+ 1], y2 = e[i &+ 3]
            if (y1 > y) != (y2 > y) {
                let x1 = e[i], x2 = e[i &+ 2]
                if x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) { inside.toggle() }
            }
            i &+= 4
        }
        return inside
    }

    /// Items whose bounding box (of some part) intersects the box, ascending, without repeats.
    public func candidates(intersecting box: BoundingBox) -> [Int32] {
        var out = Set<Int32>()
        tree.search(box) { out.insert(partOwner[Int($0)]) }
        return out.sorted()
    }

    /// Metres from the point to the nearest edge of the item (0 on the boundary; the same
    /// whether the point is inside or outside), as `Geodesy.distanceToSegment` measures it.
    ///
    /// The point's scale (metres per degree) is taken once, not per edge, and an edge whose two
    /// ends lie on one side beyond the best distance so far, or beyond `limit`, is skipped
    /// without measuring: official boundaries have thousands of vertices, and the 30 m border
    /// check of every locate measures every candidate cell's edges.
    /// - Returns: the distance, or infinity when no edge is within `limit`.
    public func distanceToBoundary(item: Int, lon: Double, lat: Double, within limit: Double = .infinity) -> Double {
        let kx = Geodesy.metresPerDegreeLongitude(atLatitude: lat), ky = Geodesy.metresPerDegreeLatitude(atLatitude: lat)
        var best = Double.infinity
        let edges = edges.base
        for part in parts(ofItem: item) {
            for e in edgeRange(ofPart: part) {
                let i = e &* 4
                let ax = (edges[i] - lon) * kx, ay = (edges[i &+ 1] - lat) * ky
                let bx = (edges[i &+ 2] - lon) * kx, by = (edges[i &+ 3] - lat) * ky
                let r = Swift.min(best, limit)
                if (ax > r && bx > r) || (ax < -r && bx < -r) || (ay > r && by > r) || (ay < -r && by < -r) { continue }
                let d = Geodesy.planarDistanceToSegment(px: 0, py: 0, ax: ax, ay: ay, bx: bx, by: by)
                if d < best { best = d }
            }
        }
        return best <= limit ? best : .infinity
    }

    /// Items whose boundary lies within `metres` of the point, nearest first, with distances.
    public func within(metres: Double, of lon: Double, _ lat: Double,
                       where include: (Int32) -> Bool = { _ in true }) -> [(item: Int32, metres: Double)] {
        let box = BoundingBox(minLon: lon, minLat: lat, maxLon: lon, maxLat: lat).expanded(byMetres: metres)
        return candidates(intersecting: box).filter(include)
            .map { (item: $0, metres: distanceToBoundary(item: Int($0), lon: lon, lat: lat, within: metres)) }
            .filter { $0.metres <= metres }
            .sorted { $0.metres < $1.metres || ($0.metres == $1.metres && $0.item < $1.item) }
    }

    /// The item whose boundary is nearest the point, searching out to `maxMetres`.
    ///
    /// The search box grows tenfold at a time; a hit at distance d inside a box of radius
    /// r ≥ d is final, since anything nearer must have a box meeting the search box.
    public func nearest(lon: Double, lat: Double, maxMetres: Double = 50_000,
                        where include: (Int32) -> Bool = { _ in true }) -> (item: Int32, metres: Double)? {
        guard itemCount > 0 else { return nil }
        var radius = 100.0
        while true {
            let r = Swift.min(radius, maxMetres)
            if let best = within(metres: r, of: lon, lat, where: include).first { return best }
            if r >= maxMetres { return nil }
            radius *= 10
        }
    }
}
