extension Locator {
    /// Places many WGS-84 points; results in input order.
    ///
    /// A plain loop: with the tile covers' occupancy bitmaps the working set of a lookup is
    /// small enough that reordering points along a Hilbert curve did not pay here (measured
    /// slower, see BENCHMARKS.md).
    public func hits(lons: [Double], lats: [Double]) -> [Hit] {
        precondition(lons.count == lats.count)
        var out = [Hit](repeating: Hit(), count: lons.count)
        lons.withUnsafeBufferPointer { xs in
            lats.withUnsafeBufferPointer { ys in
                out.withUnsafeMutableBufferPointer { res in
                    for k in 0..<xs.count { res[k] = hit(lon: xs[k], lat: ys[k]) }
                }
            }
        }
        return out
    }
}
