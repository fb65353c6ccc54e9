import GridGeo
import GridModel

/// The layers as Mapbox Vector Tiles on the WebMercatorQuad grid (OGC API – Tiles): the same
/// features and public properties as the items, clipped to each tile with a buffer and snapped
/// to its grid. Petitions are points where a tile holds few enough; past that they are counted
/// into cells (points with `count`, `open`, `overdue`) so that a tile of a million-petition city
/// stays small.
public struct FeatureTiles: Sendable {
    let layers: FeatureLayers
    let ledgers: StoreSnapshot<PetitionLedger>
    /// Petitions drawn one by one in a tile holding at most this many; past it they are counted.
    let maxPetitionPoints: Int
    /// The registry's layers and the petitions in memory, once read (nil: every tile from the store).
    let registryInMemory: TileLayerCache?
    let petitionsInMemory: TileLayerCache?
    /// What tells that a layer's tiles changed: imports for the registry, any desk event or
    /// import for the petitions.
    let importStamp: StoreSnapshot<Int64>
    let petitionStamp: StoreSnapshot<Int64>

    /// - Parameter inMemory: keep the registry's layers and the petitions in memory for tiles
    ///   (read in the background from `startInMemoryLayers()` or `prepareInMemoryLayers()`);
    ///   without it every tile is read from the store.
    public init(layers: FeatureLayers, ledgers: StoreSnapshot<PetitionLedger>, maxPetitionPoints: Int = 4096, inMemory: Bool = true) {
        self.layers = layers
        self.ledgers = ledgers
        self.maxPetitionPoints = maxPetitionPoints
        importStamp = StoreSnapshot(store: layers.store, following: .imports) { try StoreTopic.imports.stamp(in: $0) }
        petitionStamp = StoreSnapshot(store: layers.store, following: .petitions) { try StoreTopic.petitions.stamp(in: $0) }
        registryInMemory = inMemory ? TileLayerCache(layers: layers, keeping: FeatureLayer.all.filter { $0 != .petitions },
                                                     following: .imports, stamp: importStamp) : nil
        petitionsInMemory = inMemory ? TileLayerCache(layers: layers, keeping: [.petitions], following: .petitions, stamp: petitionStamp) : nil
    }

    /// The number that changes whenever a layer's tiles may: a tile made at one stamp can be
    /// kept until the stamp moves on.
    public func stamp(of layer: FeatureLayer) throws -> Int64 {
        try (layer == .petitions ? petitionStamp : importStamp).current()
    }

    /// Starts reading the layers into memory on another thread (the server, at start).
    public func startInMemoryLayers() {
        registryInMemory?.start()
        petitionsInMemory?.start()
    }

    /// Reads the layers into memory now.
    public func prepareInMemoryLayers() throws {
        try registryInMemory?.prepare()
        try petitionsInMemory?.prepare()
    }

    /// Tile units per side, and kept beyond each edge.
    public static let extent = 4096, buffer = 64
    /// Features one tile reads at most from the store.
    static let maxFeatures = 50_000
    /// Petitions near a tile past which the ledger counts them rather than the in-memory copy.
    static let ledgerThreshold = 65_536
    /// Cells per tile side when petitions are counted.
    static let cellsPerSide = 64

    /// The zooms a layer is served at: below them a tile would hold a whole city's buildings.
    public static func zooms(of layer: FeatureLayer) -> ClosedRange<Int> {
        switch layer {
        case .areas(.province), .areas(.city), .areas(.district): 0...WebMercatorTile.maxZoom
        case .areas(.street), .units: 6...WebMercatorTile.maxZoom
        case .areas(.community): 8...WebMercatorTile.maxZoom
        case .areas(.grid): 10...WebMercatorTile.maxZoom
        case .buildings: 13...WebMercatorTile.maxZoom
        case .petitions: 0...WebMercatorTile.maxZoom
        case .areas: 0...WebMercatorTile.maxZoom
        }
    }

    /// The layer's features in `tile` as an MVT with one layer named after the collection.
    /// - Parameters:
    ///   - scope: for petitions, those the caller may read.
    ///   - crs: the coordinate system the tile grid is laid in: WGS-84 for most web maps,
    ///     GCJ-02 for AMap and Tencent basemaps (the features are shifted as those maps are).
    ///   - selection: what the items would select — equality filters (comma lists), for
    ///     petitions the span of receipt, a CQL2 filter; its box, limit and offset are the tile's.
    public func tile(_ layer: FeatureLayer, _ tile: WebMercatorTile, scope: PetitionScope?, crs: CoordinateSystem = .wgs84,
                     selection: FeaturePage = FeaturePage()) throws -> [UInt8] {
        try stampedTile(layer, tile, scope: scope, crs: crs, selection: selection).bytes
    }

    /// `tile(…)` with the stamp (`stamp(of:)`) of the data it was made from: the stamp when it
    /// began, or older where it was counted from a ledger still being read again after a change —
    /// so that a cache keyed on the stamp never keeps an old tile as a new one.
    public func stampedTile(_ layer: FeatureLayer, _ tile: WebMercatorTile, scope: PetitionScope?, crs: CoordinateSystem = .wgs84,
                            selection: FeaturePage = FeaturePage()) throws -> (bytes: [UInt8], stamp: Int64) {
        var stamp = try self.stamp(of: layer)
        var mvt = VectorTile(extent: Self.extent, buffer: Self.buffer)
        guard Self.zooms(of: layer).contains(tile.z) else { return (mvt.bytes, stamp) }
        var out = mvt.layer(layer.collectionID)
        let project = tile.projection(extent: Self.extent)
        let toTile: @Sendable (Coordinate) -> (x: Double, y: Double)
        if crs == .wgs84 { toTile = { project($0) } } else { toTile = { project(crs.fromWGS84($0)) } }
        var page = selection
        page.bbox = Self.searchBox(tile, crs: crs)
        page.limit = layer == .petitions ? maxPetitionPoints + 1 : Self.maxFeatures
        page.offset = 0
        page.afterID = nil
        page.petitionScope = scope
        page.countsMatches = false
        // The registry's layers come from memory once read, unless the tile selects among them.
        if layer != .petitions, crs == .wgs84, page.filter == nil, page.filters.isEmpty, let copy = registryInMemory?.layer(layer) {
            copy.write(tile, into: &out, extent: Self.extent, buffer: Self.buffer, limit: Self.maxFeatures)
        // Petitions come from the copy kept in memory where it is as new as the store and its tags
        // can tell the selection: drawn, or counted into cells when a tile holds too many — but a
        // tile of more than `ledgerThreshold` (a city at z10) is counted faster by a parallel scan
        // of the heat maps' ledger. Without the copy: the ledger for a large tile, else the store.
        } else if layer == .petitions, crs == .wgs84, let copy = petitionsInMemory?.layer(.petitions), let kept = copy.selection(page, scope: scope) {
            let near = copy.search(tile, extent: Self.extent, buffer: Self.buffer, limit: Self.ledgerThreshold)
            if near == nil, case let (cells, ledgerStamp)? = try ledgerCells(tile, page: page, scope: scope, toTile: toTile), cells.total > maxPetitionPoints {
                Self.write(cells, into: &out)
                stamp = min(stamp, ledgerStamp)
            } else {
                let found = (near ?? copy.search(tile, extent: Self.extent, buffer: Self.buffer) ?? []).filter { copy.keeps(Int($0), kept) }
                if found.count > maxPetitionPoints {
                    Self.write(copy.cells(found, tile, extent: Self.extent), into: &out)
                } else {
                    copy.write(found, tile, into: &out, extent: Self.extent, buffer: Self.buffer, limit: maxPetitionPoints)
                }
            }
        } else if layer == .petitions, case let (cells, ledgerStamp)? = try ledgerCells(tile, page: page, scope: scope, toTile: toTile),
                  cells.total > maxPetitionPoints {
            Self.write(cells, into: &out)
            stamp = min(stamp, ledgerStamp)
        } else {
            // One more petition than a tile draws one by one tells that it must count them instead.
            let result = try layers.page(of: layer, page)
            if layer == .petitions, result.features.count > maxPetitionPoints {
                Self.write(try storeCells(page: page, toTile: toTile), into: &out)
            } else {
                for f in result.features {
                    guard let g = f.geometry else { continue }
                    let (id, properties) = Self.tagged(f)
                    out.add(id: id, properties: properties, geometry: TileGeometry(g, toTile))
                }
            }
        }
        mvt.finish(out)
        return (mvt.bytes, stamp)
    }

    /// The WGS-84 box whose features can reach the tile and its buffer.
    static func searchBox(_ tile: WebMercatorTile, crs: CoordinateSystem) -> BoundingBox {
        let margin = Double(buffer) / Double(extent)
        let b = tile.bounds(margin: margin)
        guard crs != .wgs84 else { return b }
        // The shifted systems move points by well under a kilometre: take the box's corners back
        // to WGS-84 and widen by a little more than the largest shift.
        var box = BoundingBox.empty
        for c in [Coordinate(lon: b.minLon, lat: b.minLat), Coordinate(lon: b.maxLon, lat: b.maxLat)] { box.extend(crs.toWGS84(c)) }
        let pad = 0.01
        return BoundingBox(minLon: box.minLon - pad, minLat: box.minLat - pad, maxLon: box.maxLon + pad, maxLat: box.maxLat + pad)
    }

    /// Petitions counted into a tile's cells.
    struct Cells {
        var counts = [Int32](repeating: 0, count: FeatureTiles.cellsPerSide * FeatureTiles.cellsPerSide)
        var open = [Int32](repeating: 0, count: FeatureTiles.cellsPerSide * FeatureTiles.cellsPerSide)
        var total = 0

        static var step: Double { Double(FeatureTiles.extent) / Double(FeatureTiles.cellsPerSide) }

        /// The cell a point in tile coordinates falls in; -1 outside the tile (in its buffer).
        static func cell(_ p: (x: Double, y: Double)) -> Int {
            guard p.x >= 0, p.y >= 0, p.x < Double(FeatureTiles.extent), p.y < Double(FeatureTiles.extent) else { return -1 }
            return Int(p.y / step) * FeatureTiles.cellsPerSide + Int(p.x / step)
        }

        mutating func tally(_ p: (x: Double, y: Double), isOpen: Bool) {
            let cell = Self.cell(p)
            guard cell >= 0 else { return }
            counts[cell] += 1
            if isOpen { open[cell] += 1 }
            total += 1
        }
    }

    /// One point per non-empty cell at its centre, with `count` and `open`.
    static func write(_ cells: Cells, into out: inout VectorTile.Layer) {
        for cell in cells.counts.indices where cells.counts[cell] > 0 {
            let centre = (x: (Double(cell % cellsPerSide) + 0.5) * Cells.step, y: (Double(cell / cellsPerSide) + 0.5) * Cells.step)
            out.add(id: nil, properties: [("count", .int(Int64(cells.counts[cell]))), ("open", .int(Int64(cells.open[cell])))],
                    geometry: .points([centre]))
        }
    }

    /// The tile's petitions counted from the in-memory ledger with the heat maps' own filter, and
    /// the ledger's stamp —
    /// nil where the ledger cannot tell the caller's scope or the filters (a unit's or an area's
    /// petitions, filters other than category and status, a CQL2 filter), or where the tile covers under a
    /// 256th of the petitions' extent.
    func ledgerCells(_ tile: WebMercatorTile, page: FeaturePage, scope: PetitionScope?,
                     toTile: @escaping @Sendable (Coordinate) -> (x: Double, y: Double)) throws -> (Cells, stamp: Int64)? {
        guard scope?.unit == nil, scope?.area == nil, page.filter == nil,
              page.filters.allSatisfy({ ["category", "status"].contains($0.name) }) else { return nil }
        func listed(_ name: String) -> [String] {
            page.filters.first { $0.name == name }.map { FeatureRecord.values(of: $0.value) } ?? []
        }
        // The items' status filter names statuses only (the heat maps' `open` and `overdue` are not).
        let statuses = listed("status")
        guard statuses.allSatisfy({ Petition.Status(rawValue: $0) != nil }) else { return nil }
        let (ledger, stamp) = try ledgers.stamped()
        // A tile that is a small part of where the petitions lie holds few of them: the store
        // finds those faster than a scan of the whole ledger would.
        let box = page.bbox ?? tile.bounds()
        let e = ledger.extent
        guard !e.isEmpty, (box.maxLon - box.minLon) * (box.maxLat - box.minLat) * 256 >= (e.maxLon - e.minLon) * (e.maxLat - e.minLat) else { return nil }
        var query = HeatmapQuery()
        query.categories = listed("category")
        query.statuses = statuses
        query.hiddenCategories = scope?.hiddenCategories ?? []
        let filter = LedgerFilter(ledger: ledger, query: query, now: 0)
        let (lons, lats) = (ledger.lons, ledger.lats)
        let t = filter.tallyInParallel(ledger.range(from: page.time?.from, to: page.time?.to), in: box, slots: Self.cellsPerSide * Self.cellsPerSide) { k in
            Cells.cell(toTile(Coordinate(lon: lons[k], lat: lats[k])))
        }
        return (Cells(counts: t.counts, open: t.opens, total: t.matched - t.unbinned), stamp)
    }

    /// The tile's petitions counted from the store, in the caller's scope, a page at a time.
    func storeCells(page: FeaturePage, toTile: (Coordinate) -> (x: Double, y: Double)) throws -> Cells {
        var cells = Cells()
        var next = page
        next.limit = 10_000
        next.offset = 0
        while next.offset < 500_000 {
            let result = try layers.page(of: .petitions, next)
            for f in result.features {
                guard case .point(let c)? = f.geometry else { continue }
                let status = f.properties["status"]?.stringValue.flatMap(Petition.Status.init(rawValue:))
                cells.tally(toTile(c), isOpen: status?.isOpen ?? false)
            }
            if result.features.count < next.limit { break }
            next.offset += next.limit
        }
        return cells
    }

    /// A feature's MVT id and properties: the id where it is a number, else an `id` property
    /// first — the same from the store and from a layer kept in memory.
    static func tagged(_ f: Feature) -> (id: UInt64?, properties: [(String, VectorTile.Value)]) {
        let numeric = f.id.flatMap(UInt64.init)
        var properties = values(f.properties)
        if numeric == nil, let id = f.id { properties.insert(("id", .string(id)), at: 0) }
        return (numeric, properties)
    }

    /// A feature's properties as MVT values: numbers whole or not, text, booleans; nested values
    /// as their JSON text; nulls left out.
    static func values(_ properties: JSONObject) -> [(String, VectorTile.Value)] {
        properties.keys.compactMap { key in
            switch properties[key]! {
            case .null: nil
            case .string(let s): (key, .string(s))
            case .bool(let b): (key, .bool(b))
            case .number(let d): (key, d.rounded() == d && abs(d) < 9e15 ? .int(Int64(d)) : .double(d))
            case let other: (key, .string(other.jsonText))
            }
        }
    }

    /// The heat map over `tile` as one layer `heatmap`: a polygon per bin with the properties of
    /// the heat map's GeoJSON features (`Heatmap.Bin.properties`). Without a size, the bins are
    /// a 32nd of the tile's width.
    public func heatmap(_ tile: WebMercatorTile, query given: HeatmapQuery, sizeGiven: Bool, now: Int64) throws -> [UInt8] {
        var query = given
        query.bbox = tile.bounds(margin: Double(Self.buffer) / Double(Self.extent))
        query.format = .polygons
        if !sizeGiven { query.size = max(query.disclosure.minimumBinMetres, HeatmapQuery.sizeRange.lowerBound, tile.groundWidth / 32) }
        let map = try Heatmap(ledger: ledgers.current(), query: query, now: now)
        var mvt = VectorTile(extent: Self.extent, buffer: Self.buffer)
        var out = mvt.layer("heatmap")
        let project = tile.projection(extent: Self.extent)
        let crs = query.crs
        for b in map.bins {
            out.add(id: nil, properties: Self.values(b.properties), geometry: TileGeometry(b.outline) { project(crs.fromWGS84($0)) })
        }
        mvt.finish(out)
        return mvt.bytes
    }
}
