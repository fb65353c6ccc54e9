/// A uniform grid of cells over the polygons of one or more `PolygonIndex`es, listing in each
/// cell the polygon parts whose edges cross it, with those edges and whether the part contains
/// the cell's centre (the "grid method" of point-in-polygon).
///
/// Inside a cell no edge crosses, every polygon either contains the whole cell or none of it,
/// so the caller can answer a point there from one precomputed answer. Where edges cross, a
/// point's containment in a crossing part is the centre's, flipped once per edge the segment
/// centre→point crosses — a handful of local edges in one place in memory instead of a tree
/// walk and a stripe lookup per polygon. Degenerate cases (the point or the centre on an edge,
/// the segment through a vertex) are reported as such, for the caller's exact path.
///
/// Items are numbered across the sources: the first index's items, then the second's, …
public final class EdgeGrid: Sendable {
    @usableFromInline let minX: Double
    @usableFromInline let minY: Double
    @usableFromInline let scaleX: Double
    @usableFromInline let scaleY: Double
    public let columns: Int
    public let rows: Int
    /// Cells are stored in 8 × 8 tiles (tile by tile, row-major inside a tile), so that cells
    /// near each other on the map are near each other in memory: batch lookups come in
    /// Hilbert order, and a row-major layout put a cell's upper neighbour 2,500 cells away.
    @usableFromInline let tilesPerRow: Int
    /// Per cell, its first crossing; one past the last in the next slot (`cellCount + 1`).
    @usableFromInline let cellStart: FlatBuffer<UInt32>
    /// Per crossing: the part's item (global), complemented (`~item`) when the part contains
    /// the cell's centre; its first edge and edge count. Crossings with the same edges share
    /// them (same first edge) and are adjacent.
    @usableFromInline let crossItem: FlatBuffer<Int32>
    @usableFromInline let crossEdgeStart: FlatBuffer<UInt32>
    @usableFromInline let crossEdgeCount: FlatBuffer<UInt8>
    /// Per crossing, its source and part there (build-time questions only).
    let crossSource: FlatBuffer<UInt8>
    let crossPart: FlatBuffer<Int32>
    let sources: [PolygonIndex]
    /// x1, y1, x2, y2 per edge, copied so a cell's edges sit together.
    @usableFromInline let edgeCoords: FlatBuffer<Double>
    /// Cells the caller should answer by its exact path: the centre lies on one of their
    /// edges' lines, or so many edges cross them that the index walk is faster.
    @usableFromInline let degenerateCell: FlatBuffer<Bool>

    /// More edges than this in one cell and the cell is left to the exact path.
    public static let maxEdgesPerCell = 48

    /// Cell slots, including the padding of the last tiles.
    public let cellCount: Int

    /// 8 × 8 tiles; a cell's tile is its slot shifted right by 6.
    public var tileCount: Int { cellCount >> 6 }

    /// The slot of the cell in column `c`, row `r`.
    @inlinable @inline(__always)
    static func slot(_ c: Int, _ r: Int, tilesPerRow: Int) -> Int {
        (((r &>> 3) &* tilesPerRow &+ (c &>> 3)) &<< 6) | ((r & 7) &<< 3) | (c & 7)
    }

    /// Column and row of a slot.
    @inlinable @inline(__always)
    func position(_ slot: Int) -> (column: Int, row: Int) {
        let tile = slot &>> 6, inside = slot & 63
        return ((tile % tilesPerRow) &* 8 &+ (inside & 7), (tile / tilesPerRow) &* 8 &+ (inside &>> 3))
    }

    /// The slot of the cell to the left, in the same row (nil at the grid's west edge).
    public func leftNeighbour(_ slot: Int) -> Int? {
        let p = position(slot)
        return p.column > 0 && p.row < rows ? Self.slot(p.column - 1, p.row, tilesPerRow: tilesPerRow) : nil
    }

    /// - Parameters:
    ///   - sources: the indexes whose polygons the grid covers.
    ///   - box: the area to cover (points outside have no cell).
    ///   - cells: about how many cells to lay out.
    public init(_ sources: [PolygonIndex], box: BoundingBox, cells: Int) {
        let width = max(box.maxLon - box.minLon, 1e-9), height = max(box.maxLat - box.minLat, 1e-9)
        // Cells about square in degrees.
        let side = (width * height / Double(max(cells, 1))).squareRoot()
        let columns = max(1, min(1 << 15, Int((width / side).rounded(.up))))
        let rows = max(1, min(1 << 15, Int((height / side).rounded(.up))))
        self.columns = columns
        self.rows = rows
        let tilesPerRow = (columns + 7) / 8
        self.tilesPerRow = tilesPerRow
        minX = box.minLon
        minY = box.minLat
        scaleX = Double(columns) / width
        scaleY = Double(rows) / height
        let cellW = width / Double(columns), cellH = height / Double(rows)
        let cellCount = tilesPerRow * 64 * ((rows + 7) / 8)
        self.cellCount = cellCount

        // Every (cell, part, edge) where the edge meets the closed cell, in part order; counted
        // first, then placed by a stable counting sort on the cell.
        var itemOffset: [Int32] = []
        var offset: Int32 = 0
        for s in sources { itemOffset.append(offset); offset += Int32(s.itemCount) }
        func forEachMeeting(_ body: (_ cell: Int, _ source: Int, _ part: Int, _ edge: Int) -> Void) {
            for (si, s) in sources.enumerated() {
                for part in 0..<s.partCount {
                    for e in s.edgeRange(ofPart: part) {
                        let i = Int(e) * 4
                        let x1 = s.edges[i], y1 = s.edges[i + 1], x2 = s.edges[i + 2], y2 = s.edges[i + 3]
                        let c0 = Self.clamp(Int(((min(x1, x2) - box.minLon) / cellW).rounded(.down)), columns)
                        let c1 = Self.clamp(Int(((max(x1, x2) - box.minLon) / cellW).rounded(.down)), columns)
                        let r0 = Self.clamp(Int(((min(y1, y2) - box.minLat) / cellH).rounded(.down)), rows)
                        let r1 = Self.clamp(Int(((max(y1, y2) - box.minLat) / cellH).rounded(.down)), rows)
                        for r in r0...r1 {
                            for c in c0...c1 {
                                let cx0 = box.minLon + Double(c) * cellW, cy0 = box.minLat + Double(r) * cellH
                                if Self.segmentMeetsBox(x1, y1, x2, y2, cx0, cy0, cx0 + cellW, cy0 + cellH) {
                                    body(Self.slot(c, r, tilesPerRow: tilesPerRow), si, part, Int(e))
                                }
                            }
                        }
                    }
                }
            }
        }
        var counts = [UInt32](repeating: 0, count: cellCount + 1)
        forEachMeeting { cell, _, _, _ in counts[cell + 1] += 1 }
        for k in 0..<cellCount { counts[k + 1] += counts[k] }
        let total = Int(counts[cellCount])
        var entrySource = [UInt8](repeating: 0, count: total)
        var entryPart = [Int32](repeating: 0, count: total)
        var entryEdge = [Int32](repeating: 0, count: total)
        var next = counts
        forEachMeeting { cell, source, part, edge in
            let at = Int(next[cell])
            next[cell] += 1
            entrySource[at] = UInt8(source)
            entryPart[at] = Int32(part)
            entryEdge[at] = Int32(edge)
        }

        // Group each cell's entries by part into crossings, with the centre's containment.
        // Neighbouring polygons, and the levels above them, share their borders: crossings
        // whose edges are the same segments (in either direction) share one copy, and sit
        // next to each other, so a lookup tests those edges once.
        struct Crossing { var item: Int32; var source: UInt8; var part: Int32; var edges: ArraySlice<Double> }
        var starts = [UInt32](repeating: 0, count: cellCount + 1)
        var items: [Int32] = [], edgeStarts: [UInt32] = [], edgeCounts: [UInt8] = [], coords: [Double] = []
        var crossSources: [UInt8] = [], crossParts: [Int32] = []
        var degenerate = [Bool](repeating: false, count: cellCount)
        items.reserveCapacity(total / 2)
        coords.reserveCapacity(total * 4)
        var cellCrossings: [Crossing] = []
        var scratch: [(Double, Double, Double, Double)] = [], flat: [Double] = []
        for cell in 0..<cellCount {
            starts[cell] = UInt32(items.count)
            let tile = cell >> 6, inside = cell & 63
            let cx = box.minLon + (Double((tile % tilesPerRow) * 8 + (inside & 7)) + 0.5) * cellW
            let cy = box.minLat + (Double((tile / tilesPerRow) * 8 + (inside >> 3)) + 0.5) * cellH
            var k = Int(counts[cell])
            let end = Int(counts[cell + 1])
            if end - k > Self.maxEdgesPerCell {
                degenerate[cell] = true
                continue
            }
            cellCrossings.removeAll(keepingCapacity: true)
            flat.removeAll(keepingCapacity: true)
            while k < end {
                let si = Int(entrySource[k]), part = Int(entryPart[k])
                let s = sources[si]
                let item = itemOffset[si] + s.partOwner[part]
                scratch.removeAll(keepingCapacity: true)
                while k < end && Int(entrySource[k]) == si && Int(entryPart[k]) == part {
                    let i = Int(entryEdge[k]) * 4
                    let x1 = s.edges[i], y1 = s.edges[i + 1], x2 = s.edges[i + 2], y2 = s.edges[i + 3]
                    if Self.orient(x1, y1, x2, y2, cx, cy) == 0 { degenerate[cell] = true }
                    // Canonical direction, then a canonical order: the key for sharing.
                    scratch.append((x1, y1) < (x2, y2) ? (x1, y1, x2, y2) : (x2, y2, x1, y1))
                    k += 1
                }
                if scratch.count > 1 { scratch.sort { ($0.0, $0.1, $0.2, $0.3) < ($1.0, $1.1, $1.2, $1.3) } }
                let from = flat.count
                for e in scratch { flat.append(e.0); flat.append(e.1); flat.append(e.2); flat.append(e.3) }
                cellCrossings.append(Crossing(item: s.partContainsWithBox(part, x: cx, y: cy) ? ~item : item, source: UInt8(si),
                                              part: Int32(part), edges: flat[from..<flat.count]))
            }
            if cellCrossings.count > 1 { cellCrossings.sort { $0.edges.lexicographicallyPrecedes($1.edges) } }
            var previous: ArraySlice<Double>? = nil
            for c in cellCrossings {
                if c.edges != previous {
                    edgeStarts.append(UInt32(coords.count / 4))
                    coords.append(contentsOf: c.edges)
                    previous = c.edges
                } else {
                    edgeStarts.append(edgeStarts.last!)
                }
                edgeCounts.append(UInt8(c.edges.count / 4))
                items.append(c.item)
                crossSources.append(c.source)
                crossParts.append(c.part)
            }
        }
        starts[cellCount] = UInt32(items.count)
        cellStart = FlatBuffer(starts)
        crossItem = FlatBuffer(items)
        crossEdgeStart = FlatBuffer(edgeStarts)
        crossEdgeCount = FlatBuffer(edgeCounts)
        edgeCoords = FlatBuffer(coords)
        degenerateCell = FlatBuffer(degenerate)
        crossSource = FlatBuffer(crossSources)
        crossPart = FlatBuffer(crossParts)
        self.sources = sources
    }

    /// A grid from its tables (read from an image), over `sources`.
    init(sources: [PolygonIndex], minX: Double, minY: Double, scaleX: Double, scaleY: Double, columns: Int, rows: Int,
         cellStart: FlatBuffer<UInt32>, crossItem: FlatBuffer<Int32>, crossEdgeStart: FlatBuffer<UInt32>, crossEdgeCount: FlatBuffer<UInt8>,
         crossSource: FlatBuffer<UInt8>, crossPart: FlatBuffer<Int32>, edgeCoords: FlatBuffer<Double>, degenerateCell: FlatBuffer<Bool>) {
        self.sources = sources
        (self.minX, self.minY, self.scaleX, self.scaleY, self.columns, self.rows) = (minX, minY, scaleX, scaleY, columns, rows)
        tilesPerRow = (columns + 7) / 8
        cellCount = tilesPerRow * 64 * ((rows + 7) / 8)
        (self.cellStart, self.crossItem, self.crossEdgeStart, self.crossEdgeCount) = (cellStart, crossItem, crossEdgeStart, crossEdgeCount)
        (self.crossSource, self.crossPart, self.edgeCoords, self.degenerateCell) = (crossSource, crossPart, edgeCoords, degenerateCell)
    }

    /// Items of source `source` (its own numbering) that contain the whole cell: they contain
    /// its centre through a part with no edge in the cell. For building the caller's answers.
    public func forEachContainingWholeCell(_ cell: Int, source: Int, _ body: (Int32) -> Void) {
        // A cell has a few crossings: a linear search beats hashing here.
        var crossing: [Int32] = []
        for x in crossings(cell) where Int(crossSource[x]) == source { crossing.append(crossPart[x]) }
        let c = centre(cell)
        sources[source].forEachContaining(lon: c.x, lat: c.y, skippingParts: { crossing.contains(Int32($0)) }, body)
    }

    static func clamp(_ v: Int, _ n: Int) -> Int { v < 0 ? 0 : (v >= n ? n - 1 : v) }

    /// Whether segment (x1, y1)–(x2, y2) meets the closed box (Liang–Barsky clipping).
    static func segmentMeetsBox(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
                                _ bx0: Double, _ by0: Double, _ bx1: Double, _ by1: Double) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = x2 - x1, dy = y2 - y1
        @inline(__always) func clip(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                if r > t0 { t0 = r }
            } else {
                if r < t0 { return false }
                if r < t1 { t1 = r }
            }
            return true
        }
        return clip(-dx, x1 - bx0) && clip(dx, bx1 - x1) && clip(-dy, y1 - by0) && clip(dy, by1 - y1)
    }

    @inlinable @inline(__always)
    static func orient(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ px: Double, _ py: Double) -> Double {
        (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    }

    /// The cell holding the point, or -1 outside the grid (or not a number).
    @inlinable @inline(__always)
    public func cell(x: Double, y: Double) -> Int {
        let fx = (x - minX) * scaleX, fy = (y - minY) * scaleY
        guard fx >= 0, fy >= 0, fx < Double(columns), fy < Double(rows) else { return -1 }
        return Self.slot(Int(fx), Int(fy), tilesPerRow: tilesPerRow)
    }

    /// The cell's centre.
    @inlinable @inline(__always)
    public func centre(_ cell: Int) -> (x: Double, y: Double) {
        let p = position(cell)
        return (minX + (Double(p.column) + 0.5) / scaleX, minY + (Double(p.row) + 0.5) / scaleY)
    }

    /// The cell's crossings (indexes for `item(ofCrossing:)` and `contains`).
    @inlinable @inline(__always)
    public func crossings(_ cell: Int) -> Range<Int> { Int(cellStart[cell])..<Int(cellStart[cell &+ 1]) }

    /// Whether the cell is left to the exact path (see `degenerateCell`).
    @inlinable @inline(__always)
    public func isDegenerate(_ cell: Int) -> Bool { degenerateCell[cell] }

    /// The item (numbered across the sources) of a crossing's part.
    @inlinable @inline(__always)
    public func item(ofCrossing x: Int) -> Int32 {
        let v = crossItem[x]
        return v < 0 ? ~v : v
    }

    /// Whether the crossing's part contains the cell's centre.
    @inlinable @inline(__always)
    public func containsCentre(crossing x: Int) -> Bool { crossItem[x] < 0 }

    /// The crossing's first edge: crossings with the same value test the same edges, so the
    /// caller may reuse `flips` for them.
    @inlinable @inline(__always)
    public func edgeKey(crossing x: Int) -> UInt32 { crossEdgeStart[x] }

    /// Whether the path from the cell's centre `c` to the point crosses the crossing's edges
    /// an odd number of times (then the point's containment is the opposite of the centre's),
    /// or nil when the point or the path touches an edge or vertex exactly.
    @inlinable @inline(__always)
    public func flips(crossing x: Int, centre c: (x: Double, y: Double), x px: Double, y py: Double) -> Bool? {
        var odd = false
        let e = edgeCoords.base
        var i = Int(crossEdgeStart[x]) &* 4
        let end = i &+ Int(crossEdgeCount[x]) &* 4
        while i < end {
            let ax = e[i], ay = e[i &+ 1], bx = e[i &+ 2], by = e[i &+ 3]
            i &+= 4
            let o2 = Self.orient(ax, ay, bx, by, px, py)
            if o2 == 0 { return nil }
            let o1 = Self.orient(ax, ay, bx, by, c.x, c.y)
            if (o1 > 0) == (o2 > 0) { continue }
            let o3 = Self.orient(c.x, c.y, px, py, ax, ay), o4 = Self.orient(c.x, c.y, px, py, bx, by)
            if o3 == 0 || o4 == 0 { return nil }
            if (o3 > 0) != (o4 > 0) { odd.toggle() }
        }
        return odd
    }

    /// Memory held, for reports.
    public var bytes: Int {
        cellStart.bytes + crossItem.bytes + crossEdgeStart.bytes + crossEdgeCount.bytes + edgeCoords.bytes + degenerateCell.bytes
            + crossSource.bytes + crossPart.bytes
    }
}

extension PolygonIndex {
    /// Whether a part contains the point (box test, then its stripe).
    func partContainsWithBox(_ part: Int, x: Double, y: Double) -> Bool {
        let b = part * 4, bx = partBoxFlat.base
        return x >= bx[b] && y >= bx[b + 1] && x <= bx[b + 2] && y <= bx[b + 3] && partContains(part, x: x, y: y)
    }

    /// Items containing the point through a part for which `skip` is false (build time).
    func forEachContaining(lon x: Double, lat y: Double, skippingParts skip: (Int) -> Bool, _ body: (Int32) -> Void) {
        tree.search(x: x, y: y) { part in
            if !skip(Int(part)) && partContains(Int(part), x: x, y: y) { body(partOwner[Int(part)]) }
        }
    }
}
