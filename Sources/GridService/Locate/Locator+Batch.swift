import GridGeo

extension Locator {
    /// Places many WGS-84 points; results in input order.
    ///
    /// Large batches on large maps are placed tile by tile of the edge grid (8 × 8 cells whose
    /// answers and edges lie together in memory): a radix sort by tile gathers the coordinates
    /// into that order, the lookups then read mostly from cache, and the answers are sorted back
    /// to input order the same way. The working arrays are asked for huge pages (`HugePages`).
    /// On a map that fits the cache, input order is faster.
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
        @inline(__always) func bucket(_ cell: Int) -> Int { cell < 0 ? tiles : cell &>> 6 }
        var starts = [Int32](repeating: 0, count: tiles + 2)
        let cells: [Int32] = HugePages.array(count: n) { buffer in
            for k in 0..<n {
                let cell = edgeGrid.cell(x: lons[k], y: lats[k])
                buffer.initializeElement(at: k, to: Int32(truncatingIfNeeded: cell))
                starts[bucket(cell) &+ 1] &+= 1
            }
        }
        for b in 0..<(tiles + 1) { starts[b &+ 1] &+= starts[b] }
        // Each point, with its cell and input position, is moved to its bucket in two passes of
        // a radix sort: first to its group of 128 tiles (a few hundred write streams, which the
        // cache holds), then within the group's stretch (a few hundred KB) to its tile. One
        // direct pass wrote every point to a random place in a 48 MB array: a cache and TLB miss
        // each.
        struct Placed { var x: Double; var y: Double; var cell: Int32; var from: Int32 }
        let groupShift = 7
        let groups = (tiles &>> groupShift) &+ 1
        var groupFill = (0..<groups).map { g in starts[g &<< groupShift] }
        // One scratch area holds the grouped points and later the grouped answers: the kernel
        // clears every fresh page, which took a fifth of the batch when each had its own array.
        struct Answered { var hit: Hit; var to: Int32 }
        let scratchBytes = n &* max(MemoryLayout<Placed>.stride, MemoryLayout<Answered>.stride)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(1, scratchBytes), alignment: 16)
        defer { scratch.deallocate() }
        HugePages.advise(scratch, bytes: scratchBytes)
        let grouped = UnsafeMutableBufferPointer(start: scratch.bindMemory(to: Placed.self, capacity: n), count: n)
        for k in 0..<n {
            let cell = Int(cells[k])
            let g = bucket(cell) &>> groupShift
            grouped.initializeElement(at: Int(groupFill[g]), to: Placed(x: lons[k], y: lats[k], cell: Int32(truncatingIfNeeded: cell),
                                                                        from: Int32(truncatingIfNeeded: k)))
            groupFill[g] &+= 1
        }
        let placed: [Placed] = HugePages.array(count: n) { buffer in
            for p in grouped {
                let b = bucket(Int(p.cell))
                buffer.initializeElement(at: Int(starts[b]), to: p)
                starts[b] &+= 1
            }
        }
        // The answers go back to input order the same way: to their group of 8,192 input
        // positions, then each to its slot within the group's 256 KB.
        // (The grouped points are plain values, dead by now: their memory is reused as is.)
        let slotShift = 13
        var slotFill = (0..<((n &+ (1 &<< slotShift) &- 1) &>> slotShift)).map { $0 &<< slotShift }
        let answered = UnsafeMutableBufferPointer(start: scratch.bindMemory(to: Answered.self, capacity: n), count: n)
        for p in placed {
            let g = Int(p.from) &>> slotShift
            answered.initializeElement(at: slotFill[g], to: Answered(hit: hit(lon: p.x, lat: p.y, cell: Int(p.cell)), to: p.from))
            slotFill[g] &+= 1
        }
        return HugePages.array(count: n) { buffer in
            for a in answered { buffer.initializeElement(at: Int(a.to), to: a.hit) }
        }
    }

    /// Batches at least this large are placed in tile order…
    static let spatialOrderThreshold = 1 << 14

    /// …when the indexes are larger than a typical last-level cache share (16 MiB). For a small
    /// map the lookups already run from cache, and the sort costs more than it saves.
    var indexExceedsCache: Bool { areaIndex.queryBytes + buildingIndex.queryBytes + edgeGrid.bytes > 16 << 20 }
}
