import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// The layers kept in memory for tiles (the registry's and the petitions) make the very same
/// tiles as the store's path, and a copy older than the store is never drawn from.
@Suite struct TileLayerTests {
    /// Every tile from z8 to z17 over the small district (and one beside it), for every
    /// registry layer: byte for byte the same from memory as from the store.
    @Test func tilesFromMemoryAreTheStoresTilesByteForByte() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let layers = FeatureLayers(store: store)
        let ledgers = StoreSnapshot(store: store, following: .petitions) { try PetitionLedger(store: $0) }
        let memory = FeatureTiles(layers: layers, ledgers: ledgers)
        try memory.prepareInMemoryLayers()
        let sql = FeatureTiles(layers: layers, ledgers: ledgers, inMemory: false)
        var compared = 0, nonEmpty = 0
        for z in 8...17 {
            let scale = Double(1 << z)
            let a = WebMercatorTile.unit(lon: 101.695, lat: 26.595), b = WebMercatorTile.unit(lon: 101.745, lat: 26.565)
            let xs = Int(a.x * scale)...Int(b.x * scale) + 1, ys = Int(a.y * scale)...Int(b.y * scale) + 1
            for x in xs.prefix(40) {
                for y in ys.prefix(40) {
                    let tile = try #require(WebMercatorTile(z: z, x: x, y: y))
                    for layer in FeatureLayer.all where layer != .petitions {
                        let (m, s) = (try memory.tile(layer, tile, scope: nil), try sql.tile(layer, tile, scope: nil))
                        #expect(m == s, "\(layer.collectionID) \(tile): \(m.count) bytes from memory, \(s.count) from the store")
                        compared += 1
                        if !s.isEmpty { nonEmpty += 1 }
                    }
                }
            }
        }
        #expect(compared > 1000 && nonEmpty > 300, "\(compared) tiles compared, \(nonEmpty) with features")
    }

    /// The district with 1,500 petitions of every channel, kind, urgency and status.
    static func petitionStore(_ dir: TemporaryDirectory) throws -> GridStore {
        SmallDistrict.writeFiles(into: dir, variedPetitions: 1500, seed: 20_261_208)
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        return store
    }

    /// Petition tiles from memory — drawn one by one, and counted where a tile holds more than
    /// it draws — are the store's byte for byte under the items' filters, a span of time and
    /// a caller's hidden categories; where the tags cannot tell (a unit's scope, a CQL2 filter,
    /// a filter on buildings) the store answers.
    @Test func petitionTilesFromMemoryAreTheStoresTilesByteForByte() throws {
        let dir = TemporaryDirectory()
        let store = try Self.petitionStore(dir)
        let layers = FeatureLayers(store: store)
        let ledgers = StoreSnapshot(store: store, following: .petitions) { try PetitionLedger(store: $0) }
        let memory = FeatureTiles(layers: layers, ledgers: ledgers, maxPetitionPoints: 60)
        try memory.prepareInMemoryLayers()
        let sql = FeatureTiles(layers: layers, ledgers: ledgers, maxPetitionPoints: 60, inMemory: false)
        func page(_ filters: [(String, String)], time: (Int64?, Int64?)? = nil, cql: String? = nil) throws -> FeaturePage {
            var p = FeaturePage()
            p.filters = filters.map { (name: $0.0, value: $0.1) }
            p.time = time.map { (from: $0.0, to: $0.1) }
            p.filter = try cql.map { try CQL2Text.parse($0) }
            return p
        }
        let selections: [FeaturePage] = [
            FeaturePage(), try page([("status", "received,dispatched, accepted")]), try page([("category", "water")]),
            try page([("channel", "hotline"), ("urgency", "urgent")]), try page([("status", "nosuch")]), try page([("kind", "")]),
            try page([], time: (1_775_000_000, 1_785_000_000)), try page([], time: (nil, 1_770_000_000)),
            try page([("building", "B1")]), try page([("unit", "U-D,U-S1")]), try page([], cql: "status = 'closed'"),
        ]
        let scopes: [PetitionScope?] = [nil, PetitionScope(hiddenCategories: ["property"]), PetitionScope(unit: "U-D")]
        var compared = 0, nonEmpty = 0, counted = 0
        for z in 12...17 {
            let scale = Double(1 << z)
            let a = WebMercatorTile.unit(lon: 101.695, lat: 26.595), b = WebMercatorTile.unit(lon: 101.745, lat: 26.565)
            for x in (Int(a.x * scale)...Int(b.x * scale)).prefix(12) {
                for y in (Int(a.y * scale)...Int(b.y * scale)).prefix(12) {
                    let tile = try #require(WebMercatorTile(z: z, x: x, y: y))
                    for (n, selection) in selections.enumerated() {
                        for scope in scopes where n % 3 == 0 || scope == nil {
                            let (m, s) = (try memory.tile(.petitions, tile, scope: scope, selection: selection),
                                          try sql.tile(.petitions, tile, scope: scope, selection: selection))
                            #expect(m == s, "\(tile) selection \(n) \(String(describing: scope)): \(m.count) bytes from memory, \(s.count) from the store")
                            compared += 1
                            if !s.isEmpty { nonEmpty += 1 }
                            if Self.hasKey(s, "count") { counted += 1 }
                        }
                    }
                }
            }
        }
        #expect(compared > 1000 && nonEmpty > 300 && counted > 20, "\(compared) tiles compared, \(nonEmpty) with features, \(counted) counted")

        // The copy is drawn from, not the store: a row changed behind the desk's back (no event,
        // so no new stamp) shows in the store's tile and not in memory's.
        let u = WebMercatorTile.unit(lon: 101.7045, lat: 26.5795)
        let tile = try #require(WebMercatorTile(z: 17, x: Int(u.x * 131072), y: Int(u.y * 131072)))
        let before = try memory.tile(.petitions, tile, scope: nil)
        try Database(path: dir.file("w.db")).execute("UPDATE petition SET status = 'closed' WHERE id = 'PA'")
        #expect(try memory.tile(.petitions, tile, scope: nil) == before)
        #expect(try sql.tile(.petitions, tile, scope: nil) != before)
    }

    /// Whether an MVT names `key` among its layer's keys (field 3, a string).
    static func hasKey(_ tile: [UInt8], _ key: String) -> Bool {
        let needle: [UInt8] = [0x1A, UInt8(key.utf8.count)] + Array(key.utf8)
        return tile.count >= needle.count && (0...(tile.count - needle.count)).contains { tile[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// After an import the old copy is not used: the tile shows the new data at once (from the
    /// store while the copy is read again).
    @Test func anImportIsShownAtOnce() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let layers = FeatureLayers(store: store)
        let ledgers = StoreSnapshot(store: store, following: .petitions) { try PetitionLedger(store: $0) }
        let tiles = FeatureTiles(layers: layers, ledgers: ledgers)
        try tiles.prepareInMemoryLayers()
        let u = WebMercatorTile.unit(lon: 101.7045, lat: 26.5795)
        let tile = try #require(WebMercatorTile(z: 15, x: Int(u.x * 32768), y: Int(u.y * 32768)))
        let before = try tiles.tile(.buildings, tile, scope: nil)
        #expect(!before.isEmpty)
        // B1 is found to have nine floors, not seven.
        dir.write("buildings.geojsonl", SmallDistrict.buildingsGeoJSONL.replacingOccurrences(of: #""floors":7"#, with: #""floors":9"#))
        _ = try Importer(store: store).import(.buildings, file: dir.file("buildings.geojsonl"))
        var after: [UInt8] = before
        for _ in 0..<30 where after == before {
            after = try tiles.tile(.buildings, tile, scope: nil)
            if after == before { usleep(100_000) }
        }
        let fresh = try FeatureTiles(layers: layers, ledgers: ledgers, inMemory: false).tile(.buildings, tile, scope: nil)
        #expect(after != before && after == fresh, "the tile follows the import")
    }
}
