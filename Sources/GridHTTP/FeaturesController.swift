import GridGeo
import GridModel
import GridService
import HTTPTypes
import Hummingbird

/// OGC API – Features, Part 1 Core with GeoJSON: `/`, `/conformance`, `/collections`,
/// `/collections/{id}`, `/collections/{id}/items`, `/collections/{id}/items/{featureId}`.
/// One collection per area level, buildings, units and petitions; coordinates in CRS84 unless
/// `crs` asks for GCJ-02 or BD-09.
struct FeaturesController {
    typealias Context = WanggeRequestContext
    let layers: FeatureLayers
    /// For the sensitive categories, hidden from some roles in the petitions layer.
    let desk: PetitionDesk

    /// What browsers get at `/`.
    let mapPage: MapPage

    init(layers: FeatureLayers, desk: PetitionDesk, mapPage: MapPage) {
        self.layers = layers
        self.desk = desk
        self.mapPage = mapPage
    }

    static var maxLimit: Int { 10_000 }
    static var defaultLimit: Int { 100 }
    static var crs84: String { "http://www.opengis.net/def/crs/OGC/1.3/CRS84" }

    typealias Collection = (id: String, layer: FeatureLayer, title: String)

    /// Collection id → the layer it serves.
    static var collections: [Collection] { FeatureLayer.all.map { ($0.collectionID, $0, $0.title) } }

    func addRoutes(to router: Router<Context>) {
        router.get("/") { request, context in try landing(request, context) }
        router.get("/conformance") { request, _ in try conformance(request) }
        router.get("/collections") { request, context in try collectionList(request, context) }
        router.get("/collections/:collection") { request, context in try collection(request, context) }
        router.get("/collections/:collection/items") { request, context in try items(request, context) }
        router.get("/collections/:collection/items/:feature") { request, context in try item(request, context) }
        router.get("/collections/:collection/queryables") { request, context in try queryables(request, context) }
        router.get("/openapi.json") { request, _ in
            let q = try ParameterReader(request, allowed: ["f", "version"])
            guard let (document, type) = OpenAPIDocument.negotiate(version: q.string("version"), accept: request.headers[.accept]) else {
                throw ParameterError(.invalid, "version", "'\(q.string("version") ?? "")' is not one of 3.0, 3.1")
            }
            return Response.body(document.jsonText.utf8, contentType: type)
        }
    }

    /// Absolute links (GDAL and QGIS follow them as given), from the configured public URL or
    /// the address the connection came in on — never from the request's Host header.
    func base(_ context: Context) -> String { context.baseURL }

    func link(_ href: String, _ rel: String, _ type: String, _ title: String? = nil) -> JSONValue {
        var o = JSONObject([("href", .string(href)), ("rel", .string(rel)), ("type", .string(type))])
        if let title { o["title"] = .string(title) }
        return .object(o)
    }

    /// The OGC landing page as JSON; the map page for a browser (Accept: text/html) or `f=html`.
    func landing(_ request: Request, _ context: Context) throws -> Response {
        let q = try ParameterReader(request, allowed: ["f"])
        let format = q.string("f")
        if let format, format != "json", format != "html" {
            throw ParameterError(.invalid, "f", "'\(format)' is not one of json, html")
        }
        if MapPage.wantsHTML(request, format: format) { return mapPage.html() }
        let b = base(context)
        return .json([
            "title": "Wangge 网格",
            "description": "Grid cells, communities, streets and buildings of the electronic grid (人到户、户入楼、楼上图).",
            "links": [link(b + "/", "self", "application/json", "This document"),
                      link(b + "/?f=html", "alternate", "text/html", "The map page"),
                      link(b + "/openapi.json?version=3.0", "service-desc", OpenAPIDocument.mediaType30, "The API definition (OpenAPI 3.0)"),
                      link(b + "/openapi.json?version=3.1", "service-desc", OpenAPIDocument.mediaType, "The API definition (OpenAPI 3.1)"),
                      link(b + "/conformance", "conformance", "application/json", "Conformance classes"),
                      link(b + "/collections", "data", "application/json", "Collections")],
        ])
    }

    func conformance(_ request: Request) throws -> Response {
        _ = try ParameterReader(request, allowed: ["f"])
        return .json(["conformsTo": ["http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                                     "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                                     "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                                     "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                                     "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
                                     "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                                     "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
                                     // The same classes by the names of CQL2's drafts, which STAC clients still look for.
                                     "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-operators",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/spatial-operators",
                                     "http://www.opengis.net/spec/cql2/1.0/conf/temporal-operators",
                                     "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
                                     "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
                                     "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
                                     "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
                                     "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
                                     "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
                                     "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
                                     "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset"]])
    }

    func describe(_ c: Collection, _ context: Context) throws -> JSONValue {
        let b = base(context) + "/collections/" + c.id
        var o = JSONObject([("id", .string(c.id)), ("title", .string(c.title)), ("itemType", "feature"),
                            ("crs", [.string(Self.crs84)])])
        var extent = JSONObject()
        let known: FeatureLayers.Extent? = try layers.extent(of: c.layer)
        if let e = known?.spatial {
            extent["spatial"] = ["bbox": [[.number(e.minLon), .number(e.minLat), .number(e.maxLon), .number(e.maxLat)]],
                                 "crs": .string(Self.crs84)]
        }
        if let t = known?.temporal {
            extent["temporal"] = ["interval": [[.string(t.first), .string(t.last)]],
                                  "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"]
        }
        if !extent.members.isEmpty { o["extent"] = .object(extent) }
        o["links"] = [link(b, "self", "application/json"), link(b + "/items", "items", "application/geo+json", "Features"),
                      link(b + "/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", "application/json", "Vector tiles"),
                      link(b + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "Queryables")]
        return .object(o)
    }

    /// The petitions collection is listed only to callers who may read petitions: GDAL and QGIS
    /// open every collection listed, and anonymous clients should find only what they can read.
    func collectionList(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: ["f"])
        let visible = Self.collections.filter { $0.layer != .petitions || context.caller.may(.readPetitions) }
        let list = try visible.map { try describe($0, context) }
        return .json(["links": [link(base(context) + "/collections", "self", "application/json")], "collections": .array(list)])
    }

    /// The collection in the path; the petitions collection needs a role that reads petitions.
    func named(_ context: Context) throws -> Collection {
        let id = context.parameters.get("collection") ?? ""
        guard let c = Self.collections.first(where: { $0.id == id }) else {
            throw Problem(.notFound, type: "not-found", title: "No such collection",
                          detail: "no collection '\(id)'; collections: \(Self.collections.map(\.id).joined(separator: ", "))")
        }
        if c.layer == .petitions { try context.caller.require(.readPetitions) }
        return c
    }

    /// The petitions the caller may see (nil for the other layers).
    func petitionScope(_ c: Collection, _ context: Context) throws -> PetitionScope? {
        c.layer == .petitions ? context.caller.petitionScope(sensitive: try desk.registry().sensitiveCategories) : nil
    }

    /// `/collections/{id}/queryables`: the properties `items` filters on — in CQL2 `filter`s and as
    /// query parameters — typed, as a JSON Schema (OGC API – Features Part 3), so OWSLib, QGIS
    /// and GDAL can offer and send server-side filters.
    func queryables(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: ["f"])
        let c = try named(context)
        var properties = JSONObject()
        for q in c.layer.queryables {
            var o = JSONObject([("title", .string(q.title))])
            switch q.type {
            case .string: o["type"] = "string"
            case .integer: o["type"] = "integer"
            case .number: o["type"] = "number"
            case .timestamp:
                o["type"] = "string"
                o["format"] = "date-time"
                if q.name == "received_at" { o["x-ogc-role"] = "primary-instant" }
            case .geometry:
                o["format"] = "geometry-any"
                o["$ref"] = "https://geojson.org/schema/Geometry.json"
                o["x-ogc-role"] = "primary-geometry"
            }
            properties[q.name] = .object(o)
        }
        // The older list filters that are not properties (units by category or area covered).
        for name in c.layer.filterNames where properties[name] == nil {
            properties[name] = .object(JSONObject([("title", .string(name)), ("type", "string"),
                                                   ("description", "A query parameter only (not a CQL2 queryable).")]))
        }
        let schema = JSONValue.object(JSONObject([
            ("$schema", "https://json-schema.org/draft/2019-09/schema"),
            ("$id", .string(base(context) + "/collections/\(c.id)/queryables")),
            ("type", "object"), ("title", .string(c.title)), ("properties", .object(properties)), ("additionalProperties", .bool(false)),
        ]))
        return .body(schema.jsonText.utf8, contentType: "application/schema+json")
    }

    func collection(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: ["f"])
        return .json(try describe(try named(context), context))
    }

    func items(_ request: Request, _ context: Context) throws -> Response {
        let c = try named(context)
        let q = try ParameterReader(request, allowed: ["f", "limit", "offset", "crs", "skipGeometry"] + FeaturePage.selectionParameters(for: c.layer))
        let crs = try q.coordinateSystem("crs")
        // skipGeometry (as pygeoapi and GeoServer take it): lists that need the properties only.
        let skipGeometry = try q.choice("skipGeometry", default: PetitionsController.DryRun.false) == .true
        let limit = try q.int("limit", default: Self.defaultLimit, range: 1...Self.maxLimit)
        let offset = try q.int("offset", default: 0, range: 0...Int(Int32.max))
        var page = try FeaturePage(selecting: c.layer, from: q)
        page.limit = limit
        page.offset = offset
        page.petitionScope = try petitionScope(c, context)
        let result = try layers.page(of: c.layer, page)

        var w = JSONWriter(reservingCapacity: 1 << 16)
        w.raw("{\"type\":\"FeatureCollection\",\"features\":[")
        for (k, f) in result.features.enumerated() {
            if k > 0 { w.raw(UInt8(ascii: ",")) }
            var f = f
            if skipGeometry { f.geometry = nil }
            f.write(into: &w, in: crs)
        }
        w.raw("],\"numberMatched\":\(result.matched),\"numberReturned\":\(result.features.count),\"links\":")
        let here = base(context) + "/collections/\(c.id)/items"
        func pageLink(_ off: Int, _ rel: String) -> JSONValue {
            var params = request.uri.queryParameters.filter { $0.key != "offset" }.map { "\($0.key)=\(String($0.value).addingQueryEscapes)" }
            params.append("offset=\(off)")
            return link(here + "?" + params.joined(separator: "&"), rel, "application/geo+json")
        }
        var links: [JSONValue] = [pageLink(offset, "self")]
        if offset + result.features.count < result.matched { links.append(pageLink(offset + limit, "next")) }
        if offset > 0 { links.append(pageLink(max(0, offset - limit), "prev")) }
        w.write(.array(links))
        w.raw(UInt8(ascii: "}"))
        return .geoJSON(w.bytes, crs: crs)
    }

    /// The Content-Crs value: the OGC URI for CRS84, Wangge's own URNs for the Chinese systems,
    /// which have no registered URI.
    static func contentCRS(_ crs: CoordinateSystem) -> String {
        switch crs {
        case .wgs84: "<\(crs84)>"
        case .gcj02: "<urn:wangge:def:crs:gcj02>"
        case .bd09: "<urn:wangge:def:crs:bd09>"
        }
    }

    func item(_ request: Request, _ context: Context) throws -> Response {
        let q = try ParameterReader(request, allowed: ["f", "crs"])
        let crs = try q.coordinateSystem("crs")
        let c = try named(context)
        let id = context.parameters.get("feature") ?? ""
        guard let f = try layers.feature(in: c.layer, id: id, petitionScope: try petitionScope(c, context)) else {
            throw Problem(.notFound, type: "not-found", title: "No such feature", detail: "no feature '\(id)' in collection '\(c.id)'")
        }
        let b = base(context) + "/collections/\(c.id)"
        var w = JSONWriter()
        f.write(into: &w, in: crs, extra: [(key: "links", value: [link(b + "/items/" + id.addingQueryEscapes, "self", "application/geo+json"),
                                                        link(b, "collection", "application/json")])])
        return .geoJSON(w.bytes, crs: crs)
    }
}

extension Response {
    static func geoJSON(_ bytes: [UInt8], crs: CoordinateSystem) -> Response {
        var headers = HTTPFields()
        headers[HTTPField.Name("Content-Crs")!] = FeaturesController.contentCRS(crs)
        return .body(bytes, contentType: "application/geo+json", headers: headers)
    }
}

extension String {
    /// Percent-encoding for a query value or path segment (unreserved characters kept, and `,`).
    var addingQueryEscapes: String { percentEscaped(keeping: ",") }

    /// Percent-encoding that keeps RFC 3986's unreserved characters and those in `extra`.
    func percentEscaped(keeping extra: String) -> String {
        let kept = Set(extra.utf8)
        var out = ""
        for b in utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case _ where kept.contains(b):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 0xF)])
            }
        }
        return out
    }
}
