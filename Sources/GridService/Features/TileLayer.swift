import GridGeo
import GridModel

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
    /// Per feature: its MVT id (`UInt64.max`: none), its tags (key index, value index, in two
    /// arrays) and its geometry's parts.
    let ids: [UInt64]
    let tagStarts: [Int32]
    let tagKeys: [UInt16]
    let tagValues: [UInt32]
    let kinds: [UInt8]
    /// Per feature, its first part; per part, its first point and whether it begins a polygon
    /// (an exterior ring); the points as x, y pairs on the unit square.
    let partStarts: [Int32]
    let pointStarts: [Int32]
    let beginsPolygon: [Bool]
    let points: [Double]
    let index: PackedRTree
    /// Per feature (laid out in space), its place in id order.
    let idRank: [Int32]
    /// Per feature, the seconds of its time (`received_at`) where the layer has one.
    let times: [Int64]
    /// For the layer's filters on text properties of few values (`FeatureLayer.filterNames`):
    /// each value's index, so that a selection is tested on the tags. A property of many values
    /// (a petition's building) is left to the store, which indexes it.
    let lookup: [String: (key: UInt16, values: [String: UInt32])]
    /// The stamp of what the layer was read at (`StoreTopic.imports`, or `.petitions`).
    let stamp: Int64

    var count: Int { ids.count }

    enum Kind: UInt8 { case points = 1, lines = 2, polygons = 3 }

    /// Filters looked up in memory up to this many values; past it the store answers.
    static let lookupLimit = 4096

    /// Reads a whole layer from the store, a page at a time.
    init(_ layer: FeatureLayer, from layers: FeatureLayers, stamp: Int64) throws {
        var keys: [String] = [], keyIndex: [String: UInt16] = [:]
        var valueBytes: [UInt8] = [], valueStarts: [Int32] = [], valueIndex: [VectorTile.Value: UInt32] = [:]
        var ids: [UInt64] = [], tagStarts: [Int32] = [], tagKeys: [UInt16] = [], tagValues: [UInt32] = [], kinds: [UInt8] = []
        var partStarts: [Int32] = [], pointStarts: [Int32] = [], beginsPolygon: [Bool] = [], points: [Double] = []
        var boxes: [BoundingBox] = [], times: [Int64] = []
        // Per filter name: its text values so far; dropped once a value is not text, or too many.
        var texts: [String: [String: UInt32]] = Dictionary(uniqueKeysWithValues: layer.filterNames.map { ($0, [:]) })
        var page = FeaturePage(limit: 10_000)
        page.countsMatches = false
        while true {
            let result = try layers.page(of: layer, page)
            for f in result.features {
                guard let g = f.geometry else { continue }
                let (numeric, properties) = FeatureTiles.tagged(f)
                ids.append(numeric ?? .max)
                tagStarts.append(Int32(tagKeys.count))
                for (key, value) in properties {
                    let k: UInt16
                    if let known = keyIndex[key] { k = known } else {
                        precondition(keys.count < Int(UInt16.max), "too many property names for a tile layer")
                        k = UInt16(keys.count); keys.append(key); keyIndex[key] = k
                    }
                    let v: UInt32
                    if let known = valueIndex[value] { v = known } else {
                        v = UInt32(valueStarts.count)
                        valueStarts.append(Int32(valueBytes.count))
                        valueBytes += VectorTile.encoded(value)
                        valueIndex[value] = v
                    }
                    tagKeys.append(k)
                    tagValues.append(v)
                    // (Mutated in place: a copy per feature made reading a million petitions take a minute.)
                    if let known = texts[key]?.count {
                        if case .string(let text) = value {
                            if texts[key]?[text] == nil {
                                if known < Self.lookupLimit { texts[key]?[text] = v } else { texts[key] = nil }
                            }
                        } else {
                            texts[key] = nil
                        }
                    }
                }
                if layer.hasTime {
                    let text = f.properties["received_at"]?.stringValue ?? ""
                    times.append((try? Timestamp.parse(text).get())?.seconds ?? .min)
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
        tagStarts.append(Int32(tagKeys.count))
        partStarts.append(Int32(pointStarts.count))
        pointStarts.append(Int32(points.count / 2))
        valueStarts.append(Int32(valueBytes.count))

        // Laid out in space: features in the Hilbert order of their boxes, values in the order
        // those features first use them. A tile's few hundred features then sit together in
        // memory, where in id order each cost a cache miss in every table (most of a tile's
        // time, measured); `idRank` keeps each one's place in id order, the order tiles list them.
        let n = ids.count
        var extent = BoundingBox.empty
        for b in boxes { extent.extend(b) }
        let w = Swift.max(extent.maxLon - extent.minLon, 1e-12), h = Swift.max(extent.maxLat - extent.minLat, 1e-12)
        let curve = boxes.map { b in
            PackedRTree.hilbert(UInt32(65_535 * ((b.minLon + b.maxLon) / 2 - extent.minLon) / w), UInt32(65_535 * ((b.minLat + b.maxLat) / 2 - extent.minLat) / h))
        }
        let order = (0..<n).sorted { curve[$0] < curve[$1] || (curve[$0] == curve[$1] && $0 < $1) }
        var placed = [UInt32](repeating: .max, count: valueStarts.count - 1)
        var laid = (valueBytes: [UInt8](), valueStarts: [Int32](), tagStarts: [Int32](), tagKeys: [UInt16](), tagValues: [UInt32](),
                    partStarts: [Int32](), pointStarts: [Int32](), beginsPolygon: [Bool](), points: [Double]())
        laid.valueBytes.reserveCapacity(valueBytes.count)
        laid.tagKeys.reserveCapacity(tagKeys.count)
        laid.tagValues.reserveCapacity(tagValues.count)
        laid.points.reserveCapacity(points.count)
        for k in order {
            laid.tagStarts.append(Int32(laid.tagKeys.count))
            for t in Int(tagStarts[k])..<Int(tagStarts[k + 1]) {
                let v = Int(tagValues[t])
                if placed[v] == .max {
                    placed[v] = UInt32(laid.valueStarts.count)
                    laid.valueStarts.append(Int32(laid.valueBytes.count))
                    laid.valueBytes += valueBytes[Int(valueStarts[v])..<Int(valueStarts[v + 1])]
                }
                laid.tagKeys.append(tagKeys[t])
                laid.tagValues.append(placed[v])
            }
            laid.partStarts.append(Int32(laid.pointStarts.count))
            for p in Int(partStarts[k])..<Int(partStarts[k + 1]) {
                laid.pointStarts.append(Int32(laid.points.count / 2))
                laid.beginsPolygon.append(beginsPolygon[p])
                laid.points += points[2 * Int(pointStarts[p])..<2 * Int(pointStarts[p + 1])]
            }
        }
        laid.tagStarts.append(Int32(laid.tagKeys.count))
        laid.partStarts.append(Int32(laid.pointStarts.count))
        laid.pointStarts.append(Int32(laid.points.count / 2))
        laid.valueStarts.append(Int32(laid.valueBytes.count))
        (self.keys, self.valueBytes, self.valueStarts) = (keys, laid.valueBytes, laid.valueStarts)
        self.ids = order.map { ids[$0] }
        self.kinds = order.map { kinds[$0] }
        self.times = times.isEmpty ? [] : order.map { times[$0] }
        idRank = order.map { Int32($0) }
        (self.tagStarts, self.tagKeys, self.tagValues) = (laid.tagStarts, laid.tagKeys, laid.tagValues)
        (self.partStarts, self.pointStarts, self.beginsPolygon, self.points) = (laid.partStarts, laid.pointStarts, laid.beginsPolygon, laid.points)
        // A filter on a property no feature has matches nothing, which an empty lookup says too.
        var lookup: [String: (key: UInt16, values: [String: UInt32])] = [:]
        for (name, values) in texts {
            lookup[name] = (keyIndex[name] ?? UInt16.max, values.mapValues { placed[Int($0)] })
        }
        self.lookup = lookup
        index = PackedRTree(order.map { boxes[$0] })
        self.stamp = stamp
    }

    /// What a tile keeps of the layer: the items' equality filters, their span of time, the
    /// categories a caller may not see — tested on the tags in memory.
    struct Selection {
        /// Each filter: the property's key and the values any of which it must have.
        var required: [(key: UInt16, values: Set<UInt32>)] = []
        /// A property's values that rule a feature out (and its absence, as SQL's `NOT IN` does).
        var excluded: (key: UInt16, values: Set<UInt32>)?
        var from: Int64?, to: Int64?
    }

    /// The selection in memory for `page` (its equality filters, time) and, for petitions, a
    /// caller's scope; nil where the store must answer (a CQL2 filter, a filter or a scope the
    /// tags cannot tell).
    func selection(_ page: FeaturePage, scope: PetitionScope?) -> Selection? {
        guard page.filter == nil, scope?.unit == nil, scope?.area == nil else { return nil }
        var s = Selection()
        for (name, value) in page.filters {
            guard case let (key, values)? = lookup[name] else { return nil }
            s.required.append((key, Set(FeatureRecord.values(of: value).compactMap { values[$0] })))
        }
        if let hidden = scope?.hiddenCategories, !hidden.isEmpty {
            guard case let (key, values)? = lookup["category"] else { return nil }
            s.excluded = (key, Set(hidden.compactMap { values[$0] }))
        }
        if let time = page.time {
            guard times.count == count else { return nil }
            (s.from, s.to) = (time.from, time.to)
        }
        return s
    }

    /// Whether feature `k` is kept by `s`.
    func keeps(_ k: Int, _ s: Selection) -> Bool {
        if let from = s.from, times[k] < from { return false }
        if let to = s.to, times[k] > to { return false }
        for (key, values) in s.required {
            guard let v = value(of: k, key: key), values.contains(v) else { return false }
        }
        if case let (key, values)? = s.excluded {
            guard let v = value(of: k, key: key), !values.contains(v) else { return false }
        }
        return true
    }

    /// The features whose boxes reach `tile` and its buffer, in id order; nil
    /// when there are more than `limit` (a tile of a city's petitions is counted faster another way).
    func search(_ tile: WebMercatorTile, extent: Int, buffer: Int, limit: Int = .max) -> [Int32]? {
        let scale = Double(1 << tile.z)
        let margin = Double(buffer) / Double(extent) / scale
        let (x0, y0) = (Double(tile.x) / scale, Double(tile.y) / scale)
        var found: [Int32] = []
        let complete = index.search(minX: x0 - margin, minY: y0 - margin, maxX: x0 + 1 / scale + margin, maxY: y0 + 1 / scale + margin) {
            found.append($0)
            return found.count <= limit
        }
        guard complete else { return nil }
        found.sort { idRank[Int($0)] < idRank[Int($1)] }
        return found
    }

    /// The value index feature `k` has for `key`, if any.
    func value(of k: Int, key: UInt16) -> UInt32? {
        for t in Int(tagStarts[k])..<Int(tagStarts[k + 1]) where tagKeys[t] == key { return tagValues[t] }
        return nil
    }

    /// Petitions `found` counted into `tile`'s cells, as the store's path counts them when a
    /// tile holds too many to draw.
    func cells(_ found: [Int32], _ tile: WebMercatorTile, extent: Int) -> FeatureTiles.Cells {
        var open = Set<UInt32>()
        if let values = lookup["status"]?.values {
            for status in Petition.Status.allCases where status.isOpen { if let v = values[status.rawValue] { open.insert(v) } }
        }
        let statusKey = lookup["status"]?.key ?? .max
        // Each petition's point in the tile's coordinates, the scale and origin taken once.
        let unit = Double(extent) * Double(1 << tile.z)
        let ox = Double(tile.x) * Double(extent), oy = Double(tile.y) * Double(extent)
        var cells = FeatureTiles.Cells()
        for f in found {
            let k = Int(f), i = Int(pointStarts[Int(partStarts[k])])
            cells.tally((points[2 * i] * unit - ox, points[2 * i + 1] * unit - oy), isOpen: value(of: k, key: statusKey).map(open.contains) ?? false)
        }
        return cells
    }

    /// Writes the features that reach `tile` (and its buffer) into `out`, at most `limit` of them.
    func write(_ tile: WebMercatorTile, into out: inout VectorTile.Layer, extent: Int, buffer: Int, limit: Int) {
        write(search(tile, extent: extent, buffer: buffer) ?? [], tile, into: &out, extent: extent, buffer: buffer, limit: limit)
    }

    /// Writes features `found` (from `search`, in its order) into `out`, at most `limit` of them.
    func write(_ found: [Int32], _ tile: WebMercatorTile, into out: inout VectorTile.Layer, extent: Int, buffer: Int, limit: Int) {
        let scale = Double(1 << tile.z)
        let unit = Double(extent) * scale
        let ox = Double(tile.x) * Double(extent), oy = Double(tile.y) * Double(extent)
        // Tile-local indexes of the keys and values, given as they are first met — the order the
        // store's path gives them, so that both make the very same tile.
        var keyLocal = [UInt32?](repeating: nil, count: keys.count)
        var valueLocal = LocalIndexes(capacity: min(found.count, limit) * 4)
        var localTags: [UInt32] = []
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
                    let first = Int(pointStarts[parts.lowerBound])
                    commands.points(count: Int(pointStarts[parts.upperBound]) - first) { point(first + $0) }
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
            localTags.removeAll(keepingCapacity: true)
            for t in Int(tagStarts[k])..<Int(tagStarts[k + 1]) {
                let key = Int(tagKeys[t]), value = tagValues[t]
                let localKey = keyLocal[key] ?? out.key(keys[key])
                keyLocal[key] = localKey
                let local = valueLocal.local(of: value) {
                    out.encodedValue(valueBytes[Int(valueStarts[Int(value)])..<Int(valueStarts[Int(value) + 1])])
                }
                localTags.append(localKey)
                localTags.append(local)
            }
            out.add(id: ids[k] == .max ? nil : ids[k], tags: localTags, geometry: encoded)
            written += 1
        }
    }
}

/// A tile's own indexes of a layer's values, as they are first met: open addressing on the
/// value's number, which a tile of 4,000 points asks 50,000 times — several times cheaper than
/// a `Dictionary`, which hashes every key with SipHash.
struct LocalIndexes {
    private var keys: [UInt32]
    private var locals: [UInt32]
    private var bits: Int
    private var count = 0

    init(capacity: Int) {
        bits = 4
        while 1 << bits < 2 * capacity { bits += 1 }
        keys = [UInt32](repeating: .max, count: 1 << bits)
        locals = [UInt32](repeating: 0, count: 1 << bits)
    }

    /// The tile's index of `value`, made by `add` the first time.
    mutating func local(of value: UInt32, add: () -> UInt32) -> UInt32 {
        let mask = (1 << bits) - 1
        var i = Int(truncatingIfNeeded: (UInt64(value) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
        while true {
            let k = keys[i]
            if k == value { return locals[i] }
            if k == .max { break }
            i = (i + 1) & mask
        }
        let made = add()
        keys[i] = value
        locals[i] = made
        count += 1
        if 2 * count > 1 << bits { grow() }
        return made
    }

    private mutating func grow() {
        let (oldKeys, oldLocals) = (keys, locals)
        bits += 1
        keys = [UInt32](repeating: .max, count: 1 << bits)
        locals = [UInt32](repeating: 0, count: 1 << bits)
        count = 0
        for (k, key) in oldKeys.enumerated() where key != .max { _ = local(of: key) { oldLocals[k] } }
    }
}
