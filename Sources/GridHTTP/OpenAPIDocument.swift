import GridGeo

/// The OpenAPI 3.1 description of every route, parameter, response and problem type, served
/// at `/openapi.json` and linked from the landing page as `service-desc`.
enum OpenAPIDocument {
    static let mediaType = "application/vnd.oai.openapi+json;version=3.1"

    /// Problem types the API returns, for the Problem schema's documentation.
    static let problemTypes = ["unknown-parameter", "missing-parameter", "invalid-parameter", "not-found", "http-405", "internal-error"]

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
        let filters = ["parent": "Areas: the parent area's id.", "grid": "Buildings: grid cell id.", "community": "Buildings: community id.",
                       "street": "Buildings: street id.", "district": "Buildings: district id."]
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
                     "description": "Grid management for citizen petitions: the grid as OGC API Features, and point location."],
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
