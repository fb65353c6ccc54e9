import Foundation
import GridGeo
import GridModel
import GridService
import HTTPTypes
import Hummingbird
import Synchronization

/// OGC API – Tiles with Mapbox Vector Tiles: every collection's tiles on WebMercatorQuad
/// (`/collections/{id}/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}`, z/y/x), their
/// tileset metadata, the tile matrix set itself, and the heat map as tiles with the `/heatmap`
/// filters. Tiles carry strong ETags and are kept until the data they come from changes.
struct TilesController: Sendable {
    typealias Context = WanggeRequestContext
    let tiles: FeatureTiles
    let desk: PetitionDesk
    let cache = TileCache(capacity: 20_000)

    static let mediaType = "application/vnd.mapbox-vector-tile"
    static let matrixSetURI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
    static let crs3857 = "http://www.opengis.net/def/crs/EPSG/0/3857"
    static let template = "/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"

    func addRoutes(to router: Router<Context>) {
        router.get("/tileMatrixSets") { request, context in
            _ = try ParameterReader(request, allowed: ["f"])
            return Response.json(["tileMatrixSets": [["id": "WebMercatorQuad", "title": "Google Maps Compatible for the World", "uri": .string(Self.matrixSetURI),
                                                      "links": [["rel": "self", "type": "application/json",
                                                                 "href": .string(context.baseURL + "/tileMatrixSets/WebMercatorQuad")]]]]])
        }
        router.get("/tileMatrixSets/WebMercatorQuad") { request, _ in
            _ = try ParameterReader(request, allowed: ["f"])
            return Response.json(Self.matrixSet)
        }
        router.get("/collections/:collection/tiles") { request, context in
            _ = try ParameterReader(request, allowed: ["f"])
            let c = try collection(context)
            return Response.json(["links": [["rel": "self", "type": "application/json", "href": .string(context.baseURL + "/collections/\(c.collectionID)/tiles")]],
                                  "tilesets": [tilesetSummary(c, context)]])
        }
        router.get("/collections/:collection/tiles/WebMercatorQuad") { request, context in
            _ = try ParameterReader(request, allowed: ["f"])
            return Response.json(tileset(try collection(context), context))
        }
        router.get("/collections/:collection/tiles/WebMercatorQuad/:z/:y/:x") { request, context in
            let layer = try collection(context)
            // A tile selects what the items would (filters, datetime, a CQL2 filter) inside itself.
            let q = try ParameterReader(request, allowed: ["f", "crs"] + FeaturePage.selectionParameters(for: layer).filter { $0 != "bbox" })
            let selection = try FeaturePage(selecting: layer, from: q)
            let tile = try Self.tile(context)
            let crs = try q.coordinateSystem("crs")
            let scope = layer == .petitions ? context.caller.petitionScope(sensitive: try desk.registry().sensitiveCategories) : nil
            let stamp = try tiles.stamp(of: layer)
            let query = request.uri.queryParameters.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "&")
            let key = "\(layer.collectionID)/\(tile)/\(scope.map { "\($0.unit ?? "")|\($0.area ?? "")|\($0.hiddenCategories.sorted())" } ?? "")?\(query)"
            return try await answer(request, key: key, stamp: stamp) { [tiles] in
                try tiles.stampedTile(layer, tile, scope: scope, crs: crs, selection: selection)
            }
        }
        router.get("/heatmap/tiles/WebMercatorQuad/:z/:y/:x") { request, context in
            let names = HeatmapQuery.parameterNames.filter { $0 != "bbox" && $0 != "format" }
            let reader = try ParameterReader(request, allowed: names)
            var query = try HeatmapQuery(reader)
            query.hiddenCategories = context.caller.hiddenCategories(sensitive: try desk.registry().sensitiveCategories)
            try query.apply(context.caller.disclosure)
            let tile = try Self.tile(context)
            let sizeGiven = reader.string("size") != nil
            let now = desk.now().seconds
            // Heat maps follow every desk event; their tiles are made afresh (they cost a scan of the ledger).
            let counted = query
            return try await answer(request, key: nil, stamp: 0) { [tiles] in (try tiles.heatmap(tile, query: counted, sizeGiven: sizeGiven, now: now), 0) }
        }
    }

    /// The tile, from the cache when the data has not changed since it was made; 304 when the
    /// client has it already. `make` gives the tile and the stamp of the data it was made from,
    /// under which it is kept: a tile made from data older than `stamp` is made again next time.
    func answer(_ request: Request, key: String?, stamp: Int64, make: @escaping @Sendable () throws -> (bytes: [UInt8], stamp: Int64)) async throws -> Response {
        let made: TileCache.Entry
        if let key, let kept = cache.entry(key, stamp: stamp) {
            made = kept
        } else {
            let (bytes, madeAt) = try await blocking(make)
            made = TileCache.Entry(stamp: madeAt, bytes: bytes, etag: "\"" + Digests.sha256(bytes).prefix(24) + "\"")
            if let key { cache.keep(key, made) }
        }
        var headers = HTTPFields()
        headers[.eTag] = made.etag
        headers[.cacheControl] = "no-cache"
        if let sent = request.headers[.ifNoneMatch], sent.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == made.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        if made.bytes.isEmpty { return Response(status: .noContent, headers: headers) }
        return .body(made.bytes, contentType: Self.mediaType, headers: headers)
    }

    /// The collection named in the path; petitions only for callers who read them.
    func collection(_ context: Context) throws -> FeatureLayer {
        let id = context.parameters.get("collection") ?? ""
        guard let layer = FeatureLayer(collectionID: id) else {
            throw Problem(.notFound, type: "not-found", title: "No such collection",
                          detail: "no collection '\(id)'; collections: \(FeatureLayer.all.map(\.collectionID).joined(separator: ", "))")
        }
        if layer == .petitions { try context.caller.require(.readPetitions) }
        return layer
    }

    /// z/y/x from the path: not numbers is a 400, outside the matrix a 404 (as OGC API – Tiles says).
    static func tile(_ context: Context) throws -> WebMercatorTile {
        var numbers: [Int] = []
        for name in ["z", "y", "x"] {
            let text = context.parameters.get(name) ?? ""
            guard let n = Int(text) else {
                throw Problem(.badRequest, type: "invalid-parameter", title: "Invalid tile",
                              detail: "\(name == "z" ? "tileMatrix" : name == "y" ? "tileRow" : "tileCol") '\(text)' is not a whole number")
            }
            numbers.append(n)
        }
        guard let tile = WebMercatorTile(z: numbers[0], x: numbers[2], y: numbers[1]) else {
            throw Problem(.notFound, type: "not-found", title: "No such tile",
                          detail: "tile \(numbers[0])/\(numbers[1])/\(numbers[2]) is outside WebMercatorQuad (zoom 0–\(WebMercatorTile.maxZoom), row and column 0…2^zoom−1)")
        }
        return tile
    }

    func tilesetSummary(_ layer: FeatureLayer, _ context: Context) -> JSONValue {
        let b = context.baseURL + "/collections/\(layer.collectionID)"
        return ["title": .string(layer.title), "dataType": "vector", "crs": .string(Self.crs3857), "tileMatrixSetURI": .string(Self.matrixSetURI),
                "links": [["rel": "self", "type": "application/json", "href": .string(b + "/tiles/WebMercatorQuad")],
                          ["rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "type": "application/json",
                           "href": .string(context.baseURL + "/tileMatrixSets/WebMercatorQuad")],
                          ["rel": "item", "type": .string(Self.mediaType), "templated": true, "href": .string(b + Self.template)]]]
    }

    /// The tileset's metadata: its zooms (`tileMatrixSetLimits`), its one layer and the tile template.
    func tileset(_ layer: FeatureLayer, _ context: Context) -> JSONValue {
        guard case .object(var o) = tilesetSummary(layer, context) else { return .null }
        let zooms = FeatureTiles.zooms(of: layer)
        o["tileMatrixSetLimits"] = .array(zooms.map { z in
            ["tileMatrix": .string(String(z)), "minTileRow": 0, "maxTileRow": .number(Double((1 << z) - 1)),
             "minTileCol": 0, "maxTileCol": .number(Double((1 << z) - 1))]
        })
        let geometry: String = switch layer {
        case .petitions: "points"
        default: "polygons"
        }
        o["layers"] = [["id": .string(layer.collectionID), "title": .string(layer.title), "dataType": .string(geometry),
                        "minTileMatrix": .string(String(zooms.lowerBound)), "maxTileMatrix": .string(String(zooms.upperBound))]]
        return .object(o)
    }

    /// WebMercatorQuad as OGC's Two Dimensional Tile Matrix Set standard defines it.
    static let matrixSet: JSONValue = {
        let origin = WebMercatorTile.halfWorld
        let matrices: [JSONValue] = (0...WebMercatorTile.maxZoom).map { z in
            let cell = 2 * origin / 256 / Double(1 << z)
            return ["id": .string(String(z)), "scaleDenominator": .number(cell / 0.00028), "cellSize": .number(cell),
                    "cornerOfOrigin": "topLeft", "pointOfOrigin": [.number(-origin), .number(origin)],
                    "tileWidth": 256, "tileHeight": 256, "matrixWidth": .number(Double(1 << z)), "matrixHeight": .number(Double(1 << z))]
        }
        return ["id": "WebMercatorQuad", "title": "Google Maps Compatible for the World", "uri": .string(matrixSetURI),
                "crs": .string(crs3857), "orderedAxes": ["X", "Y"],
                "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible", "tileMatrices": .array(matrices)]
    }()
}

/// Tiles kept with the data stamp they were made at; the oldest go when it is full.
final class TileCache: Sendable {
    struct Entry: Sendable {
        var stamp: Int64
        var bytes: [UInt8]
        var etag: String
    }

    private let entries = Mutex<(map: [String: Entry], order: [String])>(([:], []))
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func entry(_ key: String, stamp: Int64) -> Entry? {
        entries.withLock { $0.map[key].flatMap { $0.stamp == stamp ? $0 : nil } }
    }

    func keep(_ key: String, _ entry: Entry) {
        entries.withLock { s in
            if s.map.updateValue(entry, forKey: key) == nil { s.order.append(key) }
            if s.order.count > capacity {
                let drop = s.order.count - capacity * 3 / 4
                for k in s.order.prefix(drop) { s.map[k] = nil }
                s.order.removeFirst(drop)
            }
        }
    }
}
