/// A uniform tile grid over a polygon index's extent: each tile lists the parts whose box
/// reaches it, and marks those that certainly contain the whole tile. A point then costs a
/// tile lookup plus a point-in-polygon test only for parts whose boundary crosses its tile.
///
/// Exactness: a tile is marked "inside" only when no edge of the part comes near it (edges are
/// rasterised conservatively, with a margin), and inside/outside of such tiles is decided by a
/// real point-in-polygon test once per run of untouched tiles in a row — containment cannot
/// change between adjacent tiles that no edge touches.
@usableFromInline
struct TileCover: Sendable {
    @usableFromInline let minX: Double
    @usableFromInline let minY: Double
    @usableFromInline let scaleX: Double
    @usableFromInline let scaleY: Double
    @usableFromInline let cols: Int
    @usableFromInline let rows: Int
    /// Entries of tile t are `entries[starts[t] ..< starts[t + 1]]`.
    @usableFromInline let starts: FlatBuffer<Int32>
    /// A part index, or its bitwise complement (negative) when the part contains the whole tile.
    @usableFromInline let entries: FlatBuffer<Int32>
    /// One bit a tile, set when the tile has entries: a few KiB that answer "nothing here"
    /// (most points, for building footprints) without touching the larger tables.
    @usableFromInline let occupied: FlatBuffer<UInt64>

    /// The tile budget grows with the parts (about 4 tiles a part): a small map keeps its
    /// tables in cache (at least 2^18 tiles, ~1 MiB), a city-sized one gets tiles fine enough
    /// to keep a few buildings a tile (at most 2^24 tiles, 64 MiB).
    static func maxTiles(parts: Int) -> Int { Swift.min(1 << 24, Swift.max(1 << 18, parts * 4)) }
    static let maxEntries = 1 << 26

    /// Builds the cover, or nil when the parts are too few or too uneven to profit from one.
    /// `contains(part, x, y)` is the exact test the index uses.
    static func build(boxes: [BoundingBox], edges: [Double], partEdges: [Range<Int32>],
                      orderKeys: [UInt64]? = nil,
                      contains: (Int, Double, Double) -> Bool) -> TileCover? {
        guard boxes.count >= 8 else { return nil }
        // Tile size from the typical part; parts far larger (a province over its grid cells)
        // are still listed, but do not stretch the extent.
        let sides = boxes.map { Swift.max($0.maxLon - $0.minLon, $0.maxLat - $0.minLat) }
        let median = sides.sorted()[sides.count / 2]
        guard median > 0 else { return nil }
        var extent = BoundingBox.empty
        for (b, s) in zip(boxes, sides) where s <= 20 * median {
            extent.extend(b)
        }
        guard !extent.isEmpty else { return nil }
        let width = extent.maxLon - extent.minLon, height = extent.maxLat - extent.minLat
        var side = median / 16
        let needed = (width / side) * (height / side)
        let budget = Double(maxTiles(parts: boxes.count))
        if needed > budget { side *= (needed / budget).squareRoot() }
        let cols = Swift.max(1, Int((width / side).rounded(.up))), rows = Swift.max(1, Int((height / side).rounded(.up)))
        let sx = Double(cols) / Swift.max(width, 1e-12), sy = Double(rows) / Swift.max(height, 1e-12)
        let tileW = 1 / sx, tileH = 1 / sy
        // Margin that absorbs floating-point error in the edge rasterisation.
        let marginX = tileW * 1e-6 + 1e-12, marginY = tileH * 1e-6 + 1e-12

        var counts = [Int32](repeating: 0, count: cols * rows + 1)
        var lists: [(tile: Int32, entry: Int32)] = []
        var boundary: [Bool] = []
        for (part, box) in boxes.enumerated() {
            let c0 = Swift.max(0, Int(((box.minLon - extent.minLon) * sx).rounded(.down)))
            let c1 = Swift.min(cols - 1, Int(((box.maxLon - extent.minLon) * sx).rounded(.down)))
            let r0 = Swift.max(0, Int(((box.minLat - extent.minLat) * sy).rounded(.down)))
            let r1 = Swift.min(rows - 1, Int(((box.maxLat - extent.minLat) * sy).rounded(.down)))
            guard c0 <= c1, r0 <= r1 else { continue }
            let w = c1 - c0 + 1, h = r1 - r0 + 1
            boundary.removeAll(keepingCapacity: true)
            boundary.append(contentsOf: repeatElement(false, count: w * h))
            // Mark every tile an edge passes through: per tile column, the rows the segment
            // spans within that column's x-interval (plus the margin).
            for e in partEdges[part] {
                let i = Int(e) * 4
                let x1 = edges[i], y1 = edges[i + 1], x2 = edges[i + 2], y2 = edges[i + 3]
                let ex0 = Swift.min(x1, x2) - marginX, ex1 = Swift.max(x1, x2) + marginX
                let ca = Swift.max(c0, Int(((ex0 - extent.minLon) * sx).rounded(.down)))
                let cb = Swift.min(c1, Int(((ex1 - extent.minLon) * sx).rounded(.down)))
                guard ca <= cb else { continue }
                for c in ca...cb {
                    let tx0 = Swift.max(ex0, extent.minLon + Double(c) * tileW)
                    let tx1 = Swift.min(ex1, extent.minLon + Double(c + 1) * tileW)
                    var ya: Double, yb: Double
                    if x2 == x1 {
                        ya = Swift.min(y1, y2); yb = Swift.max(y1, y2)
                    } else {
                        let t0 = Swift.max(0, Swift.min(1, (tx0 - x1) / (x2 - x1)))
                        let t1 = Swift.max(0, Swift.min(1, (tx1 - x1) / (x2 - x1)))
                        let ys0 = y1 + t0 * (y2 - y1), ys1 = y1 + t1 * (y2 - y1)
                        ya = Swift.min(ys0, ys1); yb = Swift.max(ys0, ys1)
                    }
                    ya -= marginY; yb += marginY
                    let ra = Swift.max(r0, Int(((ya - extent.minLat) * sy).rounded(.down)))
                    let rb = Swift.min(r1, Int(((yb - extent.minLat) * sy).rounded(.down)))
                    guard ra <= rb else { continue }
                    for r in ra...rb { boundary[(r - r0) * w + (c - c0)] = true }
                }
            }
            for r in r0...r1 {
                var runInside: Bool?
                for c in c0...c1 {
                    let tile = Int32(r * cols + c)
                    if boundary[(r - r0) * w + (c - c0)] {
                        runInside = nil
                        lists.append((tile, Int32(part)))
                    } else {
                        if runInside == nil {
                            runInside = contains(part, extent.minLon + (Double(c) + 0.5) * tileW, extent.minLat + (Double(r) + 0.5) * tileH)
                        }
                        if runInside! { lists.append((tile, ~Int32(part))) }
                    }
                }
            }
            if lists.count > maxEntries { return nil }
        }
        for (tile, _) in lists { counts[Int(tile) + 1] += 1 }
        for t in 0..<(cols * rows) { counts[t + 1] += counts[t] }
        var fill = counts
        var flat = [Int32](repeating: 0, count: lists.count)
        for (tile, entry) in lists {
            flat[Int(fill[Int(tile)])] = entry
            fill[Int(tile)] += 1
        }
        // Within a tile, entries in the caller's order (group, then rank), so a query can stop
        // testing a group at its first containing entry.
        if let orderKeys {
            for t in 0..<(cols * rows) where counts[t + 1] - counts[t] > 1 {
                let range = Int(counts[t])..<Int(counts[t + 1])
                flat[range].sort { orderKeys[Int($0 < 0 ? ~$0 : $0)] < orderKeys[Int($1 < 0 ? ~$1 : $1)] }
            }
        }
        var bits = [UInt64](repeating: 0, count: (cols * rows + 63) / 64)
        for t in 0..<(cols * rows) where counts[t + 1] > counts[t] { bits[t >> 6] |= 1 << UInt64(t & 63) }
        return TileCover(minX: extent.minLon, minY: extent.minLat, scaleX: sx, scaleY: sy, cols: cols, rows: rows,
                         starts: FlatBuffer(counts), entries: FlatBuffer(flat), occupied: FlatBuffer(bits))
    }

    var bytes: Int { starts.bytes + entries.bytes + occupied.bytes }

    @inlinable @inline(__always) func isOccupied(_ t: Int) -> Bool {
        occupied[t &>> 6] & (1 &<< UInt64(t & 63)) != 0
    }

    /// The tile holding the point, or -1 outside the covered extent.
    @inlinable @inline(__always) func tile(x: Double, y: Double) -> Int {
        let cx = (x - minX) * scaleX, cy = (y - minY) * scaleY
        guard cx >= 0, cy >= 0, cx < Double(cols), cy < Double(rows) else { return -1 }
        return Int(cy) &* cols &+ Int(cx)
    }
}
