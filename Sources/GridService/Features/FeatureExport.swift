import GridGeo

/// `wangge export`: a whole layer as one GeoJSON FeatureCollection, read from the store a page
/// at a time so memory stays flat however large the layer is.
public struct FeatureExport: Sendable {
    let layers: FeatureLayers

    public init(layers: FeatureLayers) {
        self.layers = layers
    }

    /// Rows read per page.
    static let pageSize = 10_000

    /// What a file in `crs` must tell its reader (also said on standard error by the CLI).
    public static func crsNote(_ crs: CoordinateSystem) -> String {
        "coordinates are \(crs.rawValue.uppercased()), not WGS-84: for AMap/Tencent (GCJ-02) or Baidu (BD-09) basemaps only; GIS tools will read them as WGS-84 and place them hundreds of metres off"
    }

    /// Writes the features of `layer` meeting `filter` (its bbox, filters and time; its limit
    /// and offset are ignored) to the descriptor, in `crs`; returns how many it wrote.
    @discardableResult
    public func write(_ layer: FeatureLayer, filter: FeaturePage = FeaturePage(), crs: CoordinateSystem, to fd: Int32) throws -> Int {
        var page = filter
        page.limit = Self.pageSize
        page.offset = 0
        page.afterID = nil
        var w = JSONWriter(reservingCapacity: 1 << 20)
        w.raw("{\"type\":\"FeatureCollection\",\"name\":")
        w.string(layer.collectionID)
        if crs != .wgs84 {
            // GeoJSON is WGS-84 by definition: a file in a Chinese map system must say it is not,
            // or every GIS tool will read it as WGS-84 and draw it hundreds of metres off.
            w.raw(",\"coordinate_system\":")
            w.string(crs.rawValue)
            w.raw(",\"crs_note\":")
            w.string(Self.crsNote(crs))
        }
        w.raw(",\"features\":[\n")
        var written = 0
        while true {
            let result = try layers.page(of: layer, page)
            for f in result.features {
                if written > 0 { w.raw(",\n") }
                f.write(into: &w, in: crs)
                written += 1
                if w.bytes.count > 1 << 20 {
                    try DescriptorOutput.write(w.bytes, to: fd)
                    w.removeAll()
                }
            }
            // Keyset paging: each page starts after the last id, so no page rescans the ones before.
            guard result.features.count == page.limit, let last = result.features.last?.id else { break }
            page.afterID = last
        }
        w.raw("\n]}\n")
        try DescriptorOutput.write(w.bytes, to: fd)
        return written
    }
}
