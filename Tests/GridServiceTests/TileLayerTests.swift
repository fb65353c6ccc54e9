import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// The registry's layers kept in memory for tiles make the very same tiles as the store's path,
/// and a copy older than the last import is never drawn from.
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
