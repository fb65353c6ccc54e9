import GridGeo

extension Locator {
    /// Places many WGS-84 points; results in input order.
    ///
    /// Large batches on large maps are placed in Hilbert-curve order over the batch's extent (tg's query
    /// ordering): consecutive lookups then touch the same tiles and polygons, so a map far
    /// larger than the caches is read mostly from cache. Coordinates are gathered into that
    /// order first and results scattered back after — independent loads and stores the CPU
    /// overlaps, unlike the dependent chain of loads inside one lookup.
    ///
    /// - Parameter hilbertOrder: force the order (for tests and measurements); by default the
    ///   Hilbert order is used for batches of 16,384 points or more on maps larger than the cache.
    public func hits(lons: [Double], lats: [Double], hilbertOrder: Bool? = nil) -> [Hit] {
        precondition(lons.count == lats.count)
        let n = lons.count
        var out = [Hit](repeating: Hit(), count: n)
        if !(hilbertOrder ?? (n >= Self.hilbertThreshold && indexExceedsCache)) {
            for k in 0..<n { out[k] = hit(lon: lons[k], lat: lats[k]) }
            return out
        }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for k in 0..<n where lons[k].isFinite && lats[k].isFinite {
            minX = min(minX, lons[k]); maxX = max(maxX, lons[k])
            minY = min(minY, lats[k]); maxY = max(maxY, lats[k])
        }
        // A 1024 × 1024 Hilbert grid over the batch (20-bit keys) orders points finely enough.
        let sx = maxX > minX ? 65535 / (maxX - minX) : 0, sy = maxY > minY ? 65535 / (maxY - minY) : 0
        var keyed = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
            for k in 0..<n {
                let x = lons[k].isFinite ? UInt32(max(0, min(65535, (lons[k] - minX) * sx))) : 0
                let y = lats[k].isFinite ? UInt32(max(0, min(65535, (lats[k] - minY) * sy))) : 0
                buffer[k] = UInt64(PackedRTree.hilbert(x, y) >> 12) << 32 | UInt64(k)
            }
            count = n
        }
        Self.radixSortKeys(&keyed)
        // Gather the coordinates into that order (independent loads, overlapped by the CPU),
        // place sequentially, and write each result straight to its input slot.
        let xy = [SIMD2<Double>](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n {
                let k = Int(truncatingIfNeeded: keyed[i] & 0xFFFF_FFFF)
                buffer[i] = SIMD2(lons[k], lats[k])
            }
            count = n
        }
        out.withUnsafeMutableBufferPointer { res in
            for i in 0..<n {
                res[Int(truncatingIfNeeded: keyed[i] & 0xFFFF_FFFF)] = hit(lon: xy[i].x, lat: xy[i].y)
            }
        }
        return out
    }

    /// Batches at least this large are placed in Hilbert order…
    static let hilbertThreshold = 1 << 14

    /// …when the indexes are larger than a typical last-level cache share (16 MiB). For a small
    /// map (the demo's indexes are ~3 MiB) the lookups already run from cache, and the sort,
    /// gather and scatter were measured to cost more than they save.
    var indexExceedsCache: Bool { areaIndex.queryBytes + buildingIndex.queryBytes > 16 << 20 }

    /// Sorts by the 20-bit key in bits 32–51 (stable LSD radix, two 10-bit passes).
    static func radixSortKeys(_ a: inout [UInt64]) {
        var scratch = [UInt64](repeating: 0, count: a.count)
        var counts = [Int](repeating: 0, count: 1025)
        for shift: UInt64 in [32, 42] {
            for b in 0..<1025 { counts[b] = 0 }
            for v in a { counts[Int((v >> shift) & 0x3FF) + 1] += 1 }
            for b in 0..<1024 { counts[b + 1] += counts[b] }
            for v in a {
                let b = Int((v >> shift) & 0x3FF)
                scratch[counts[b]] = v
                counts[b] += 1
            }
            swap(&a, &scratch)
        }
    }
}
