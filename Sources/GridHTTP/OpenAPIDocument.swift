import GridGeo
import GridModel
import GridService
import GridStore

/// The OpenAPI 3.1 description of every route, parameter, response and problem type, served
/// at `/openapi.json` and linked from the landing page as `service-desc`.
enum OpenAPIDocument {
    static let mediaType = "application/vnd.oai.openapi+json;version=3.1"

    /// Problem types the API returns, for the Problem schema's documentation.
    static let problemTypes = ["unknown-parameter", "missing-parameter", "invalid-parameter", "too-large", "payload-too-large", "not-found", "http-405", "internal-error"]

    static func parameter(_ name: String, in place: String = "query", required: Bool = false, description: String,
                          schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": .string(place), "required": .bool(required), "description": .string(description), "schema": schema]
    }

    static func json(_ schema: String, _ media: String = "application/json", _ description: String) -> JSONValue {
        ["description": .string(description), "content": [media: ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]]]
    }

    static let problem: JSONValue = ["$ref": "#/components/responses/Problem"]

    static func document(collections: [String]) -> JSONValue {
        let crs = parameter("crs", description: "Coordinate system of the output coordinates (the input point for /locate): wgs84 (CRS84, the default), gcj02 (AMap, Tencent, WeChat) or bd09 (Baidu).",
                            schema: ["type": "string", "enum": ["wgs84", "gcj02", "bd09"], "default": "wgs84"])
        let collectionID = parameter("collectionId", in: "path", required: true, description: "A collection id.",
                                     schema: ["type": "string", "enum": .array(collections.map(JSONValue.string))])
        let f = parameter("f", description: "Output format; only JSON is served.", schema: ["type": "string", "enum": ["json"]])
        // Every layer's equality filters; a collection refuses the ones it does not have.
        var filterUse: [String: [String]] = [:]
        for layer in FeatureLayer.all {
            for name in layer.filterNames { filterUse[name, default: []].append(layer.collectionID) }
        }
        let filters = filterUse.mapValues { "Equality filter on the property, for collections " + $0.joined(separator: ", ") + "." }
        let get = { (summary: String, parameters: [JSONValue], ok: JSONValue, extra: [String: JSONValue]) -> JSONValue in
            var responses = JSONObject([("200", ok), ("400", problem)])
            for (code, r) in extra.sorted(by: { $0.key < $1.key }) { responses[code] = r }
            return ["get": .object(JSONObject([("summary", .string(summary)), ("parameters", .array(parameters)), ("responses", .object(responses))]))]
        }
        let paths: [(String, JSONValue)] = [
            ("/", get("Landing page", [f], json("Landing", "application/json", "Links to the API's resources."), [:])),
            ("/conformance", get("Conformance classes", [f], json("Conformance", "application/json", "The classes the API implements."), [:])),
            ("/collections", get("Feature collections", [f], json("Collections", "application/json", "Every collection with its extent."), [:])),
            ("/collections/{collectionId}", get("One collection", [collectionID, f], json("Collection", "application/json", "The collection."), ["404": problem])),
            ("/collections/{collectionId}/items", get("Features of a collection, a page at a time", [
                collectionID,
                parameter("bbox", description: "minLon,minLat,maxLon,maxLat in CRS84.",
                          schema: ["type": "array", "minItems": 4, "maxItems": 4, "items": ["type": "number"]]),
                parameter("limit", description: "Features a page.", schema: ["type": "integer", "minimum": 1, "maximum": 10000, "default": 100]),
                parameter("offset", description: "Features to skip (the next link carries it).", schema: ["type": "integer", "minimum": 0, "default": 0]),
                crs, f,
                parameter("datetime", description: "Petitions: received at an RFC 3339 instant, or in an interval start/end where either end may be '..'. A date (2026-05-01) covers its whole day in China time.",
                          schema: ["type": "string"]),
            ] + filters.sorted(by: { $0.key < $1.key }).map { parameter($0.key, description: $0.value, schema: ["type": "string"]) },
                json("FeatureCollection", "application/geo+json", "A page of features with numberMatched, numberReturned and next/prev links."),
                ["404": problem])),
            ("/collections/{collectionId}/items/{featureId}", get("One feature", [
                collectionID, parameter("featureId", in: "path", required: true, description: "The feature's id.", schema: ["type": "string"]), crs, f,
            ], json("Feature", "application/geo+json", "The feature."), ["404": problem])),
            ("/locate", get("Place a point: building, the area at each level, responsible units", [
                parameter("lon", required: true, description: "Longitude in degrees.", schema: ["type": "number", "minimum": -180, "maximum": 180]),
                parameter("lat", required: true, description: "Latitude in degrees.", schema: ["type": "number", "minimum": -90, "maximum": 90]),
                crs,
            ], json("LocateResult", "application/json", "Where the point is."), [:])),
            ("/heatmap", get("Petitions counted in hexagons, squares or areas, as GeoJSON", [
                parameter("bbox", description: "minLon,minLat,maxLon,maxLat in CRS84; petitions inside are counted (default: all).",
                          schema: ["type": "array", "minItems": 4, "maxItems": 4, "items": ["type": "number"]]),
                parameter("bin", description: "hex and square tile the plane (stable ids per size); area counts per area of `level`.",
                          schema: ["type": "string", "enum": ["hex", "square", "area"], "default": "hex"]),
                parameter("size", description: "Ground metres on an equal-area plane: the hexagon's edge (centre to corner) or the square's side. Requests that would make more than \(HeatmapQuery.maxBins) bins are refused with a hint.",
                          schema: ["type": "number", "minimum": .number(HeatmapQuery.sizeRange.lowerBound), "maximum": .number(HeatmapQuery.sizeRange.upperBound), "default": 500]),
                parameter("level", description: "For bin=area: the area level.", schema: ["type": "string", "enum": .array(AreaLevel.allCases.map { .string($0.rawValue) }), "default": "grid"]),
                parameter("from", description: "Received at or after: RFC 3339, or a date (from its start, China time).", schema: ["type": "string"]),
                parameter("to", description: "Received at or before: RFC 3339, or a date (to its end, China time).", schema: ["type": "string"]),
                parameter("category", description: "Category codes, comma-separated.", schema: ["type": "string"]),
                parameter("status", description: "Statuses, comma-separated: any petition status, open (every open status) or overdue (open and past the resolution deadline).",
                          schema: ["type": "string"]),
                parameter("format", description: "polygons: one Polygon per bin; points: one Point per bin centre with a weight, for Leaflet.heat and MapLibre heatmap layers.",
                          schema: ["type": "string", "enum": ["polygons", "points"], "default": "polygons"]),
                crs,
            ], json("Heatmap", "application/geo+json", "One feature per non-empty bin with id, count, open and overdue (and for areas: area, name, per_10k_residents); a Server-Timing header gives the server time."), [:])),
            ("/openapi.json", ["get": ["summary": "This document", "responses": ["200": ["description": "The OpenAPI document.",
                                                                                      "content": [mediaType: ["schema": ["type": "object"]]]]]]]),
        ]
        let link: JSONValue = ["type": "object", "required": ["href", "rel"],
                               "properties": ["href": ["type": "string"], "rel": ["type": "string"], "type": ["type": "string"], "title": ["type": "string"]]]
        let links: JSONValue = ["type": "array", "items": ["$ref": "#/components/schemas/Link"]]
        let areaRef: JSONValue = ["oneOf": [["type": "null"], ["type": "object", "properties": ["id": ["type": "string"], "name": ["type": "string"], "worker": ["type": ["string", "null"]]]]]]
        return [
            "openapi": "3.1.0",
            "info": ["title": "Wangge 网格", "version": "1",
                     "description": "Grid management for citizen petitions: the grid, units and petitions as OGC API Features, point location and petition heat maps."],
            "paths": .object(JSONObject(paths.map { (key: $0.0, value: $0.1) })),
            "components": [
                "responses": ["Problem": ["description": "An RFC 9457 problem.",
                                          "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]],
                "schemas": [
                    "Problem": ["type": "object", "required": ["type", "title", "status", "detail"],
                                "description": .string("type is one of " + problemTypes.map { "/problems/\($0)" }.joined(separator: ", ")),
                                "properties": ["type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"], "detail": ["type": "string"]]],
                    "Link": link,
                    "Landing": ["type": "object", "required": ["links"], "properties": ["title": ["type": "string"], "description": ["type": "string"], "links": links]],
                    "Conformance": ["type": "object", "required": ["conformsTo"], "properties": ["conformsTo": ["type": "array", "items": ["type": "string"]]]],
                    "Collection": ["type": "object", "required": ["id", "links"],
                                   "properties": ["id": ["type": "string"], "title": ["type": "string"], "itemType": ["type": "string"],
                                                  "crs": ["type": "array", "items": ["type": "string"]], "extent": ["type": "object"], "links": links]],
                    "Collections": ["type": "object", "required": ["collections", "links"],
                                    "properties": ["collections": ["type": "array", "items": ["$ref": "#/components/schemas/Collection"]], "links": links]],
                    "Feature": ["type": "object", "required": ["type", "geometry", "properties"],
                                "properties": ["type": ["const": "Feature"], "id": ["type": "string"], "geometry": ["type": ["object", "null"]],
                                               "properties": ["type": "object"], "links": links]],
                    "FeatureCollection": ["type": "object", "required": ["type", "features", "numberMatched", "numberReturned", "links"],
                                          "properties": ["type": ["const": "FeatureCollection"],
                                                         "features": ["type": "array", "items": ["$ref": "#/components/schemas/Feature"]],
                                                         "numberMatched": ["type": "integer"], "numberReturned": ["type": "integer"], "links": links]],
                    "Heatmap": ["type": "object", "required": ["type", "bin", "numberMatched", "features"],
                                "properties": ["type": ["const": "FeatureCollection"], "bin": ["type": "string"], "size": ["type": "number"],
                                               "level": ["type": "string"], "numberMatched": ["type": "integer", "description": "Petitions counted: the sum of the bins' counts (plus unbinned)."],
                                               "unbinned": ["type": "integer", "description": "bin=area: petitions in the bbox that no area of the level holds."],
                                               "features": ["type": "array", "items": ["$ref": "#/components/schemas/Feature"]]]],
                    "LocateResult": ["type": "object", "required": ["point", "crs", "building", "areas", "units", "near_border"],
                                     "properties": [
                                         "point": ["type": "array", "items": ["type": "number"], "minItems": 2, "maxItems": 2],
                                         "crs": ["type": "string"],
                                         "building": ["oneOf": [["type": "null"], ["type": "object", "properties": ["id": ["type": "string"], "address": ["type": "string"]]]]],
                                         "areas": ["type": "object", "properties": .object(JSONObject(["province", "city", "district", "street", "community", "grid"].map { (key: $0, value: areaRef) }))],
                                         "units": ["type": "array", "items": ["type": "object", "properties": ["id": ["type": "string"], "name": ["type": "string"], "level": ["type": "string"]]]],
                                         "near_border": ["type": "boolean"],
                                         "nearby_grids": ["type": "array", "items": ["type": "object"]],
                                         "nearest_grid": ["type": "object"],
                                     ]],
                ],
            ],
        ]
    }
}
