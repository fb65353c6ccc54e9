extension MultiPolygon {
    /// A point inside the shape: the centroid of the largest part's exterior when it lies
    /// inside, else the middle of the widest inside stretch of the horizontal line through that
    /// part's middle (so L- and U-shaped footprints still get a point on them).
    public var interiorPoint: Coordinate? {
        guard let part = polygons.max(by: { $0.boundingBox.area < $1.boundingBox.area }) else { return nil }
        let ring = part.exterior
        guard ring.count >= 4 else { return ring.first }
        let index = PolygonIndex([MultiPolygon([part])])
        var cx = 0.0, cy = 0.0, a = 0.0
        for k in 0..<(ring.count - 1) {
            let p = ring[k], q = ring[k + 1]
            let cross = p.lon * q.lat - q.lon * p.lat
            a += cross
            cx += (p.lon + q.lon) * cross
            cy += (p.lat + q.lat) * cross
        }
        if a != 0 {
            let c = Coordinate(lon: cx / (3 * a), lat: cy / (3 * a))
            if index.contains(item: 0, lon: c.lon, lat: c.lat) { return c }
        }
        let box = part.boundingBox
        let y = (box.minLat + box.maxLat) / 2
        var xs: [Double] = []
        for r in part.rings where r.count >= 2 {
            for k in 0..<(r.count - 1) {
                let p = r[k], q = r[k + 1]
                if (p.lat > y) != (q.lat > y) { xs.append(p.lon + (y - p.lat) * (q.lon - p.lon) / (q.lat - p.lat)) }
            }
        }
        xs.sort()
        var best: Coordinate?
        var widest = -1.0
        var k = 0
        while k + 1 < xs.count {
            if xs[k + 1] - xs[k] > widest {
                widest = xs[k + 1] - xs[k]
                best = Coordinate(lon: (xs[k] + xs[k + 1]) / 2, lat: y)
            }
            k += 2
        }
        return best ?? ring.first
    }
}

extension BoundingBox {
    /// Width × height in square degrees (for comparisons only).
    public var area: Double { isEmpty ? 0 : (maxLon - minLon) * (maxLat - minLat) }
}
