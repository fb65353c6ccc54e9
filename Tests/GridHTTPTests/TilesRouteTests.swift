import Foundation
import GridGeo
import GridHTTP
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// OGC API – Tiles with Mapbox Vector Tiles, read by decoders nobody here wrote: the PyPI
/// `mapbox-vector-tile` decoder and GDAL's MVT driver (`ogrinfo`).
@Suite struct TilesRouteTests {
    /// The tile at zoom `z` holding a WGS-84 point.
    static func tile(_ z: Int, lon: Double, lat: Double) -> WebMercatorTile {
        let u = WebMercatorTile.unit(lon: lon, lat: lat)
        return WebMercatorTile(z: z, x: Int(u.x * Double(1 << z)), y: Int(u.y * Double(1 << z)))!
    }

    /// A store of the test's own (tests that write must not share one).
    static func store(_ dir: TemporaryDirectory) throws -> GridStore {
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        return store
    }

    struct Fetched {
        var status: Int
        var headers: String
        var file: String
        var bytes: [UInt8]
    }

    /// A tile as a web map fetches it (curl, off the concurrency pool the server needs).
    static func fetch(_ port: Int, _ path: String, into dir: TemporaryDirectory, token: String? = nil, headers: [String] = []) async throws -> Fetched {
        let file = dir.file("t-\(UUID().uuidString).mvt")
        var arguments = ["-sS", "-D", "-", "-o", file, "http://127.0.0.1:\(port)\(path)"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        for h in headers { arguments += ["-H", h] }
        let request = arguments
        let out = try await offThePool { try runProcess("/usr/bin/curl", request) }
        let status = Int(out.output.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Fetched(status: status, headers: out.output.lowercased(), file: file,
                       bytes: FileManager.default.contents(atPath: file).map(Array.init) ?? [])
    }

    /// The tile decoded by mapbox-vector-tile: layer → features (properties and geometry type).
    static func decoded(_ file: String) async throws -> JSONValue {
        let script = """
            import json, sys, mapbox_vector_tile
            tile = mapbox_vector_tile.decode(open(sys.argv[1], "rb").read())
            print(json.dumps({name: [{"id": f.get("id"), "properties": f["properties"], "type": f["geometry"]["type"],
                                      "coordinates": f["geometry"]["coordinates"]} for f in layer["features"]]
                              for name, layer in tile.items()}, ensure_ascii=False))
            """
        let (status, out) = try await offThePool { try runProcess("/usr/bin/env", ["python3", "-c", script, file]) }
        if out.contains("No module named 'mapbox_vector_tile'") { Issue.record("python3 lacks mapbox-vector-tile: scripts/setup.sh --tests installs it") }
        #expect(status == 0, "\(out)")
        return try JSONParser.parse(out)
    }

    @Test func areasAndBuildingsAreTilesThatGDALAndMapboxDecodersRead() async throws {
        let dir = TemporaryDirectory()
        try await LoopbackServer.serve { port in
            let t = Self.tile(11, lon: 101.72, lat: 26.58)
            let grids = try await Self.fetch(port, "/collections/grids/tiles/WebMercatorQuad/\(t.z)/\(t.y)/\(t.x)", into: dir)
            #expect(grids.status == 200 && grids.headers.contains("content-type: application/vnd.mapbox-vector-tile"), "\(grids.headers)")
            let layers = try await Self.decoded(grids.file)
            let features = layers["grids"]?.arrayValue ?? []
            #expect(features.compactMap { $0["properties"]?["id"]?.stringValue }.sorted() == ["G1", "G2", "G3", "G4"], "\(layers)")
            #expect(features.allSatisfy { $0["type"] == "Polygon" })
            #expect(features.first?["properties"]?["name"]?.stringValue?.hasSuffix("网格") == true)
            #expect(features.allSatisfy { $0["properties"]?["phone"] == nil }, "no personal data in a public layer")

            // GDAL places the tile: G1's corner (101.70, 26.57) comes back in EPSG:3857 within a tile unit.
            let (status, info) = try await offThePool {
                try runProcess("/usr/bin/ogrinfo", ["-ro", "-al", "-oo", "Z=\(t.z)", "-oo", "X=\(t.x)", "-oo", "Y=\(t.y)", grids.file, "-where", "id='G1'"])
            }
            #expect(status == 0 && info.contains("Layer name: grids") && info.contains("Feature Count: 1"), "\(info)")
            let x = 101.70 * WebMercatorTile.halfWorld / 180
            let unit = 2 * WebMercatorTile.halfWorld / Double(1 << t.z) / 4096
            let xs = info.split(whereSeparator: { " (),\n".contains($0) }).compactMap { Double($0) }.filter { abs($0 - x) < 10 * unit }
            #expect(!xs.isEmpty, "\(info)")

            // Buildings from zoom 13; below it, no content.
            let b = Self.tile(13, lon: 101.7045, lat: 26.5795)
            let buildings = try await Self.decoded(try await Self.fetch(port, "/collections/buildings/tiles/WebMercatorQuad/13/\(b.y)/\(b.x)", into: dir).file)
            #expect(buildings["buildings"]?.arrayValue?.compactMap { $0["properties"]?["id"]?.stringValue }.sorted() == ["B1", "B2", "B3"], "\(buildings)")
            let low = Self.tile(10, lon: 101.7045, lat: 26.5795)
            #expect(try await Self.fetch(port, "/collections/buildings/tiles/WebMercatorQuad/10/\(low.y)/\(low.x)", into: dir).status == 204)
            // GCJ-02 tiles for Chinese basemaps: the same outlines, shifted as those maps are.
            let shifted = try await Self.decoded(try await Self.fetch(port, "/collections/grids/tiles/WebMercatorQuad/\(t.z)/\(t.y)/\(t.x)?crs=gcj02", into: dir).file)
            #expect(shifted["grids"]?.arrayValue?.count == 4)
            #expect(shifted["grids"]?[0]?["coordinates"] != features.first?["coordinates"])
        }
    }

    @Test func petitionsAreReadByTheirRolesAndTilesFollowTheData() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let tokens = try LoopbackServer.createTokens(on: store)
        try await LoopbackServer.serve(store: store) { port in
            let t = Self.tile(12, lon: 101.72, lat: 26.58)
            let path = "/collections/petitions/tiles/WebMercatorQuad/\(t.z)/\(t.y)/\(t.x)"
            #expect(try await Self.fetch(port, path, into: dir).status == 401)
            #expect(try await Self.fetch(port, path, into: dir, token: tokens[.planner]).status == 403)
            let first = try await Self.fetch(port, path, into: dir, token: tokens[.dispatcher])
            let points = try await Self.decoded(first.file)["petitions"]?.arrayValue ?? []
            #expect(points.compactMap { $0["properties"]?["id"]?.stringValue }.sorted() == ["PA", "PB", "PC"], "\(points)")
            #expect(points.allSatisfy { $0["type"] == "Point" && $0["properties"]?["text"] == nil })
            // A CQL2 filter selects in a tile as in the items; a hidden property is refused there too.
            let water = "filter=" + "category = 'water' AND T_AFTER(received_at, DATE('2026-01-01'))".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let filtered = try await Self.decoded(try await Self.fetch(port, path + "?" + water, into: dir, token: tokens[.dispatcher]).file)
            #expect(filtered["petitions"]?.arrayValue?.compactMap { $0["properties"]?["id"]?.stringValue } == ["PA"], "\(filtered)")
            let hidden = "filter=" + "text LIKE '%水%'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await Self.fetch(port, path + "?" + hidden, into: dir, token: tokens[.dispatcher]).status == 400)
            // A unit's token: its own cases only.
            let unit = try await Self.decoded(try await Self.fetch(port, path, into: dir, token: tokens[.unit]).file)
            let own = unit["petitions"]?.arrayValue ?? []
            #expect(!own.isEmpty && own.allSatisfy { $0["properties"]?["unit"] == "U-D" } && own.count < points.count, "\(unit)")
            // The tile's ETag: 304 while nothing changed, a new tile after a petition is taken.
            let etag = try #require(first.headers.split(separator: "\r\n").first { $0.hasPrefix("etag:") }.map { String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces) })
            #expect(try await Self.fetch(port, path, into: dir, token: tokens[.dispatcher], headers: ["If-None-Match: \(etag)"]).status == 304)
            let posted = try await LoopbackServer.send(port, "POST", "/petitions", Data(#"{"channel":"web","kind":"request","category":"water","text":"水管漏水","location":{"lon":101.7046,"lat":26.5796}}"#.utf8),
                                                       token: tokens[.dispatcher])
            #expect(posted.status == 201)
            var changed = 0
            for _ in 0..<40 where changed != 200 {
                changed = try await Self.fetch(port, path, into: dir, token: tokens[.dispatcher], headers: ["If-None-Match: \(etag)"]).status
                if changed != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(changed == 200, "the tile follows the new petition")
            // Out of the matrix, not a number.
            #expect(try await Self.fetch(port, "/collections/grids/tiles/WebMercatorQuad/3/8/1", into: dir).status == 404)
            #expect(try await Self.fetch(port, "/collections/grids/tiles/WebMercatorQuad/3/x/1", into: dir).status == 400)
            #expect(try await Self.fetch(port, "/collections/roads/tiles/WebMercatorQuad/3/1/1", into: dir).status == 404)
        }
    }

    @Test func manyPetitionsAreCountedIntoCellsAndTheHeatMapIsATileToo() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let ledgers = StoreSnapshot(store: store, following: .petitions) { try PetitionLedger(store: $0) }
        let t = Self.tile(12, lon: 101.72, lat: 26.58)
        // Past the point limit (two here), a tile carries counts per cell that add up.
        let tiles = FeatureTiles(layers: FeatureLayers(store: store), ledgers: ledgers, maxPetitionPoints: 2)
        let file = dir.file("counted.mvt")
        try Data(try tiles.tile(.petitions, t, scope: PetitionScope())).write(to: URL(fileURLWithPath: file))
        let cells = try await Self.decoded(file)["petitions"]?.arrayValue ?? []
        let counted = cells.map { Int($0["properties"]?["count"]?.doubleValue ?? 0) }.reduce(0, +)
        #expect(counted == 3, "\(cells)")
        #expect(cells.allSatisfy { $0["properties"]?["id"] == nil })
        // A unit's scope is counted from the store: only its cases.
        let one = FeatureTiles(layers: FeatureLayers(store: store), ledgers: ledgers, maxPetitionPoints: 1)
        try Data(try one.tile(.petitions, t, scope: PetitionScope(unit: "U-D"))).write(to: URL(fileURLWithPath: file))
        let own = try await Self.decoded(file)["petitions"]?.arrayValue ?? []
        let ownCount = own.map { Int($0["properties"]?["count"]?.doubleValue ?? 0) }.reduce(0, +)
        let expected = try store.petitions().filter { $0.unit == "U-D" && $0.location != nil }.count
        #expect(ownCount == expected && expected > 0)

        let tokens = try LoopbackServer.createTokens(on: store)
        try await LoopbackServer.serve(store: store) { port in
            let heatPath = "/heatmap/tiles/WebMercatorQuad/\(t.z)/\(t.y)/\(t.x)?bin=square&size=1000"
            let heat = try await Self.fetch(port, heatPath, into: dir, token: tokens[.dispatcher])
            #expect(heat.status == 200)
            let bins = try await Self.decoded(heat.file)["heatmap"]?.arrayValue ?? []
            let binTotal = bins.map { Int($0["properties"]?["count"]?.doubleValue ?? 0) }.reduce(0, +)
            #expect(bins.allSatisfy { $0["type"] == "Polygon" } && binTotal == 3, "\(bins)")
            // Anonymous callers get no bin of fewer than 3 petitions: here, none at all.
            #expect(try await Self.fetch(port, heatPath, into: dir).status == 204)
            // The public rule holds for tiles as for /heatmap: no bins under 100 m.
            #expect(try await Self.fetch(port, "/heatmap/tiles/WebMercatorQuad/\(t.z)/\(t.y)/\(t.x)?size=50", into: dir).status == 400)
            let set = try await LoopbackServer.send(port, "GET", "/collections/grids/tiles/WebMercatorQuad", nil)
            #expect(set.json["tileMatrixSetURI"]?.stringValue == "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad")
            #expect(set.json["tileMatrixSetLimits"]?[0]?["tileMatrix"] == "10")
            let matrices = try await LoopbackServer.send(port, "GET", "/tileMatrixSets/WebMercatorQuad", nil)
            #expect(matrices.json["tileMatrices"]?[0]?["scaleDenominator"]?.doubleValue.map { abs($0 - 559_082_264.028_717_8) < 1 } == true)
            let conformance = try await LoopbackServer.send(port, "GET", "/conformance", nil)
            #expect(conformance.text.contains("ogcapi-tiles-1/1.0/conf/mvt"))
        }
    }
}
