import GridGeo
import GridModel

extension Heatmap {
    /// The heat map as a GeoJSON FeatureCollection: one feature per non-empty bin (a polygon, or
    /// its centre point with `weight` for `format=points`), in the query's `crs`. Foreign members
    /// say how it was binned and how many petitions it counts.
    public func geoJSON() -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 256 + bins.count * (query.format == .points ? 120 : 400))
        w.raw("{\"type\":\"FeatureCollection\",\"bin\":")
        w.string(query.bin.rawValue)
        if query.bin == .area {
            w.raw(",\"level\":")
            w.string(query.level.rawValue)
        } else {
            w.raw(",\"size\":")
            w.number(query.size)
        }
        w.raw(",\"numberMatched\":\(matched)")
        if query.bin == .area { w.raw(",\"unbinned\":\(unbinned)") }
        if query.disclosure != .none {
            // Says that bins were left out, so that no one reads a missing bin as zero.
            w.raw(",\"disclosure\":{\"min_count\":\(query.disclosure.minimumCount),\"min_size_m\":")
            w.number(query.disclosure.minimumBinMetres)
            w.raw("}")
        }
        w.raw(",\"features\":[")
        let convert = query.crs.fromWGS84
        for (k, b) in bins.enumerated() {
            if k > 0 { w.raw(UInt8(ascii: ",")) }
            var props = b.properties
            let geometry: Geometry
            if query.format == .points {
                props["weight"] = .number(Double(b.count))
                geometry = .point(convert(b.centre))
            } else {
                geometry = query.crs == .wgs84 ? b.outline : b.outline.mapCoordinates(convert)
            }
            Feature(id: b.id, geometry: geometry, properties: props).write(into: &w, decimals: 7)
        }
        w.raw("]}")
        return w.bytes
    }
}

extension Heatmap.Bin {
    /// What a bin says about itself, in the GeoJSON and in the heat-map tiles alike.
    public var properties: JSONObject {
        var props = JSONObject([("id", .string(id)), ("count", .number(Double(count))),
                                ("open", .number(Double(open))), ("overdue", .number(Double(overdue)))])
        if let area {
            props["area"] = .string(area.id)
            props["name"] = .string(area.name)
            props["per_10k_residents"] = per10k.map { .number(($0 * 100).rounded() / 100) } ?? .null
        }
        return props
    }
}
