import GridGeo

/// A layer's features kept in memory for vector tiles: geometry projected once onto the unit
/// square of Web Mercator and laid in flat arrays, each property value encoded once as an MVT
/// value, a packed R-tree over the features' boxes. A tile is then a search and an encoding —
/// no SQL, no WKB, no JSON — which is what lets a high-zoom tile beat a database that writes
/// MVT next to its data.
final class TileLayer: Sendable {
    /// The property names, in the order the tags refer to them.
    let keys: [String]
    /// Each distinct value's `Tile.Value` message, one after another.
    let valueBytes: [UInt8]
    let valueStarts: [Int32]
    /// Per feature: its MVT id (`UInt64.max`: none), its tags (key index, value index pairs)
    /// and its geometry's parts.
    let ids: [UInt64]
    let tagStarts: [Int32]
    let tags: [UInt32]
    let kinds: [UInt8]
    /// Per feature, its first part; per part, its first point and whether it begins a polygon
    /// (an exterior ring); the points as x, y pairs on the unit square.
    let partStarts: [Int32]
    let pointStarts: [Int32]
    let beginsPolygon: [Bool]
    let points: [Double]
    let index: PackedRTree
    /// The import the layer was read at (`StoreTopic.imports`).
    let stamp: Int64

    var count: Int { ids.count }

    enum Kind: UInt8 { case points = 1, lines = 2, polygons = 3 }

    /// Reads a whole layer from the store, a page at a time.
    init(_ layer: FeatureLayer, from layers: FeatureLayers, stamp: Int64) throws {
        var keys: [String] = [], keyIndex: [String: UInt32] = [:]
        var valueBytes: [UInt8] = [], valueStarts: [Int32] = [], valueIndex: [VectorTile.Value: UInt32] = [:]
        var ids: [UInt64] = [], tagStarts: [Int32] = [], tags: [UInt32] = [], kinds: [UInt8] = []
        var partStarts: [Int32] = [], pointStarts: [Int32] = [], beginsPolygon: [Bool] = [], points: [Double] = []
        var boxes: [BoundingBox] = []
        var page = FeaturePage(limit: 10_000)
        page.countsMatches = false
        while true {
            let result = try layers.page(of: layer, page)
            for f in result.features {
                guard let g = f.geometry else { continue }
                let (numeric, properties) = FeatureTiles.tagged(f)
                ids.append(numeric ?? .max)
                tagStarts.append(Int32(tags.count))
                for (key, value) in properties {
                    let k: UInt32
                    if let known = keyIndex[key] { k = known } else { k = UInt32(keys.count); keys.append(key); keyIndex[key] = k }
                    let v: UInt32
                    if let known = valueIndex[value] { v = known } else {
                        v = UInt32(valueStarts.count)
                        valueStarts.append(Int32(valueBytes.count))
                        valueBytes += VectorTile.encoded(value)
                        valueIndex[value] = v
                    }
                    tags += [k, v]
                }
                partStarts.append(Int32(pointStarts.count))
                var box = BoundingBox.empty
                func part(_ ring: [Coordinate], polygon: Bool) {
                    pointStarts.append(Int32(points.count / 2))
                    beginsPolygon.append(polygon)
                    for c in ring {
                        let u = WebMercatorTile.unit(lon: c.lon, lat: c.lat)
                        points += [u.x, u.y]
                        box.extend(Coordinate(lon: u.x, lat: u.y))
                    }
                }
                switch g {
                case .point(let c): kinds.append(Kind.points.rawValue); part([c], polygon: false)
                case .multiPoint(let cs): kinds.append(Kind.points.rawValue); part(cs, polygon: false)
                case .lineString(let cs): kinds.append(Kind.lines.rawValue); part(cs, polygon: false)
                case .multiLineString(let ls): kinds.append(Kind.lines.rawValue); ls.forEach { part($0, polygon: false) }
                case .polygon(let p):
                    kinds.append(Kind.polygons.rawValue)
                    for (k, ring) in p.rings.enumerated() { part(ring, polygon: k == 0) }
                case .multiPolygon(let m):
                    kinds.append(Kind.polygons.rawValue)
                    for p in m.polygons { for (k, ring) in p.rings.enumerated() { part(ring, polygon: k == 0) } }
                }
                boxes.append(box)
            }
            guard result.features.count == page.limit, let last = result.features.last?.id else { break }
            page.afterID = last
        }
        tagStarts.append(Int32(tags.count))
        partStarts.append(Int32(pointStarts.count))
        pointStarts.append(Int32(points.count / 2))
        valueStarts.append(Int32(valueBytes.count))
        (self.keys, self.valueBytes, self.valueStarts) = (keys, valueBytes, valueStarts)
        (self.ids, self.tagStarts, self.tags, self.kinds) = (ids, tagStarts, tags, kinds)
        (self.partStarts, self.pointStarts, self.beginsPolygon, self.points) = (partStarts, pointStarts, beginsPolygon, points)
        index = PackedRTree(boxes)
        self.stamp = stamp
    }

    /// Writes the features that reach `tile` (and its buffer) into `out`, at most `limit` of them.
    func write(_ tile: WebMercatorTile, into out: inout VectorTile.Layer, extent: Int, buffer: Int, limit: Int) {
        let scale = Double(1 << tile.z)
        let margin = Double(buffer) / Double(extent) / scale
        let (x0, y0) = (Double(tile.x) / scale, Double(tile.y) / scale)
        var found: [Int32] = []
        index.search(minX: x0 - margin, minY: y0 - margin, maxX: x0 + 1 / scale + margin, maxY: y0 + 1 / scale + margin) { found.append($0) }
        found.sort()
        let unit = Double(extent) * scale
        let ox = Double(tile.x) * Double(extent), oy = Double(tile.y) * Double(extent)
        // Tile-local indexes of the keys and values, given as they are first met — the order the
        // store's path gives them, so that both make the very same tile.
        var keyLocal = [UInt32?](repeating: nil, count: keys.count)
        var valueLocal: [UInt32: UInt32] = [:]
        var written = 0
        let low = Double(-buffer), high = Double(extent + buffer)
        var commands = VectorTile.Layer.CommandWriter()
        for f in found where written < limit {
            let k = Int(f)
            func ring(_ p: Int) -> [(x: Double, y: Double)] {
                (Int(pointStarts[p])..<Int(pointStarts[p + 1])).map { i in (x: points[2 * i] * unit - ox, y: points[2 * i + 1] * unit - oy) }
            }
            let parts = Int(partStarts[k])..<Int(partStarts[k + 1])
            let kind = Kind(rawValue: kinds[k]) ?? .points
            var inside = kind != .lines
            for i in Int(pointStarts[parts.lowerBound])..<Int(pointStarts[parts.upperBound]) where inside {
                let x = points[2 * i] * unit - ox, y = points[2 * i + 1] * unit - oy
                inside = x >= low && x <= high && y >= low && y <= high
            }
            let encoded: VectorTile.Layer.EncodedGeometry
            if inside {
                // Wholly inside the tile and its buffer: written without clipping, straight from
                // the flat arrays, by the same command writer the clipping path ends in.
                commands.reset()
                func point(_ i: Int) -> (x: Double, y: Double) { (points[2 * i] * unit - ox, points[2 * i + 1] * unit - oy) }
                if kind == .points {
                    commands.points((Int(pointStarts[parts.lowerBound])..<Int(pointStarts[parts.upperBound])).map(point))
                } else {
                    var skipping = false
                    for p in parts {
                        let exterior = beginsPolygon[p] || p == parts.lowerBound
                        if exterior { skipping = false }
                        if skipping { continue }
                        // The closing point is dropped before snapping, as clipping drops it.
                        var range = Int(pointStarts[p])..<Int(pointStarts[p + 1])
                        if range.count > 1, point(range.lowerBound) == point(range.upperBound - 1) { range = range.dropLast() }
                        commands.begin()
                        for i in range { commands.add(point(i)) }
                        // A degenerate exterior ring takes its holes with it.
                        if !commands.endRing(exterior: exterior), exterior { skipping = true }
                    }
                }
                guard !commands.commands.isEmpty else { continue }
                encoded = VectorTile.Layer.EncodedGeometry(type: Int(kind.rawValue), commands: commands.commands)
            } else {
                let geometry: TileGeometry
                switch kind {
                case .points: geometry = .points(parts.flatMap(ring))
                case .lines: geometry = .lines(parts.map(ring))
                case .polygons:
                    var polygons: [[[(x: Double, y: Double)]]] = []
                    for p in parts {
                        if beginsPolygon[p] || polygons.isEmpty { polygons.append([]) }
                        polygons[polygons.count - 1].append(ring(p))
                    }
                    geometry = .polygons(polygons)
                }
                guard let clipped = out.encoded(geometry) else { continue }
                encoded = clipped
            }
            var localTags: [UInt32] = []
            localTags.reserveCapacity(Int(tagStarts[k + 1] - tagStarts[k]))
            var t = Int(tagStarts[k])
            while t < Int(tagStarts[k + 1]) {
                let key = Int(tags[t]), value = tags[t + 1]
                let localKey = keyLocal[key] ?? out.key(keys[key])
                keyLocal[key] = localKey
                let local: UInt32
                if let known = valueLocal[value] { local = known } else {
                    local = out.encodedValue(valueBytes[Int(valueStarts[Int(value)])..<Int(valueStarts[Int(value) + 1])])
                    valueLocal[value] = local
                }
                localTags += [localKey, local]
                t += 2
            }
            out.add(id: ids[k] == .max ? nil : ids[k], tags: localTags, geometry: encoded)
            written += 1
        }
    }
}
