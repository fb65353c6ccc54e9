import GridGeo

extension Locator {
    /// Places many WGS-84 points; results in input order.
    ///
    /// Large batches on large maps are placed tile by tile of the edge grid (8 × 8 cells whose
    /// answers and edges lie together in memory): one counting sort by tile gathers the
    /// coordinates into that order, the lookups then read mostly from cache, and each result is
    /// written straight to its input slot. On a map that fits the cache, input order is faster.
    ///
    /// - Parameter spatialOrder: force the order (for tests and measurements); by default tile
    ///   order is used for batches of 16,384 points or more on maps larger than the cache.
    public func hits(lons: [Double], lats: [Double], spatialOrder: Bool? = nil) -> [Hit] {
        precondition(lons.count == lats.count)
        let n = lons.count
        guard spatialOrder ?? (n >= Self.spatialOrderThreshold && indexExceedsCache) else {
            return [Hit](unsafeUninitializedCapacity: n) { buffer, count in
                for k in 0..<n { buffer.initializeElement(at: k, to: hit(lon: lons[k], lat: lats[k])) }
                count = n
            }
        }
        // Bucket = the point's tile; points off the grid go to one last bucket. The cell is
        // kept from the counting pass, so placing and looking up need not compute it again.
        let tiles = edgeGrid.tileCount
        var cells = [Int32](repeating: 0, count: n)
        var starts = [Int32](repeating: 0, count: tiles + 2)
        for k in 0..<n {
            let cell = edgeGrid.cell(x: lons[k], y: lats[k])
            cells[k] = Int32(truncatingIfNeeded: cell)
            starts[(cell < 0 ? tiles : cell &>> 6) &+ 1] &+= 1
        }
        for b in 0..<(tiles + 1) { starts[b &+ 1] &+= starts[b] }
        // Each point, with its cell and input position, written once into its bucket (one
        // place in memory a point), then read back in order.
        struct Placed { var x: Double; var y: Double; var cell: Int32; var from: Int32 }
        let placed = [Placed](unsafeUninitializedCapacity: n) { buffer, count in
            for k in 0..<n {
                let cell = Int(cells[k])
                let b = cell < 0 ? tiles : cell &>> 6
                buffer.initializeElement(at: Int(starts[b]), to: Placed(x: lons[k], y: lats[k], cell: Int32(truncatingIfNeeded: cell),
                                                                           from: Int32(truncatingIfNeeded: k)))
                starts[b] &+= 1
            }
            count = n
        }
        return [Hit](unsafeUninitializedCapacity: n) { buffer, count in
            for p in placed {
                buffer.initializeElement(at: Int(p.from), to: hit(lon: p.x, lat: p.y, cell: Int(p.cell)))
            }
            count = n
        }
    }

    /// Batches at least this large are placed in tile order…
    static let spatialOrderThreshold = 1 << 14

    /// …when the indexes are larger than a typical last-level cache share (16 MiB). For a small
    /// map the lookups already run from cache, and the sort costs more than it saves.
    var indexExceedsCache: Bool { areaIndex.queryBytes + buildingIndex.queryBytes + edgeGrid.bytes > 16 << 20 }
}
