import GridGeo
import GridModel
import GridService

/// The OpenAPI 3.1 description of every route, parameter, response and problem type, served
/// at `/openapi.json` and linked from the landing page as `service-desc`.
enum OpenAPIDocument {
    static let mediaType = "application/vnd.oai.openapi+json;version=3.1"

    /// Problem types the API returns, for the Problem schema's documentation.
    static let problemTypes = ["unknown-parameter", "missing-parameter", "invalid-parameter", "too-large", "payload-too-large", "not-found", "method-not-allowed", "malformed-request", "unsupported-media-type", "internal-error",
                               "invalid-body", "illegal-transition", "conflict", "unauthenticated", "forbidden"]

    /// The methods each documented path answers, its template split into segments: the one
    /// list the 405 answers' `Allow` headers come from (a test checks it against the router).
    static let routes: [(segments: [Substring], methods: [String])] = {
        guard case .object(let paths)? = served31.objectValue?["paths"] else { return [] }
        return paths.map { path, item in
            (path.split(separator: "/"), (item.objectValue?.members.map { $0.key.uppercased() } ?? []).sorted())
        }
    }()

    /// The methods the route at `path` answers (HEAD with GET), or nil when no route has that path.
    static func methods(at path: String) -> [String]? {
        let parts = path.split(separator: "/")
        let matching = routes.filter { route in
            route.segments.count == parts.count && zip(route.segments, parts).allSatisfy { t, p in matches(t, p) }
        }
        guard !matching.isEmpty else { return nil }
        let methods = Set(matching.flatMap(\.methods))
        return (methods.contains("GET") ? methods.union(["HEAD"]) : methods).sorted()
    }

    /// Whether a path segment fits a template segment: literal text equal, each `{name}` standing
    /// for at least one character (`{serviceCode}.{format}` fits `water.json`).
    static func matches(_ template: Substring, _ segment: Substring) -> Bool {
        guard template.contains("{") else { return template == segment }
        var literals: [Substring] = []
        var rest = template
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literals.append(rest[..<open])
            rest = rest[rest.index(after: close)...]
        }
        literals.append(rest)
        guard segment.hasPrefix(literals[0]) else { return false }
        var remaining = segment.dropFirst(literals[0].count)
        for (k, literal) in literals.enumerated().dropFirst() {
            if k == literals.count - 1 { return remaining.count > literal.count && remaining.hasSuffix(literal) }
            // A placeholder takes at least one character before the next literal.
            guard !literal.isEmpty, let found = remaining.dropFirst().firstRange(of: literal) else { return false }
            remaining = remaining[found.upperBound...]
        }
        return false
    }

    static func parameter(_ name: String, in place: String = "query", required: Bool = false, description: String,
                          schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": .string(place), "required": .bool(required), "description": .string(description), "schema": schema]
    }

    static func json(_ schema: String, _ media: String = "application/json", _ description: String) -> JSONValue {
        ["description": .string(description), "content": [media: ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]]]
    }

    static let problem: JSONValue = ["$ref": "#/components/responses/Problem"]

    static let tileMatrix = parameter("tileMatrix", in: "path", required: true, description: "The zoom, 0–24.", schema: ["type": "integer", "minimum": 0, "maximum": 24])
    static let tileRow = parameter("tileRow", in: "path", required: true, description: "The row from the north (y).", schema: ["type": "integer", "minimum": 0])
    static let tileCol = parameter("tileCol", in: "path", required: true, description: "The column from the west (x).", schema: ["type": "integer", "minimum": 0])
    static let mvt: JSONValue = ["description": "The tile (MVT 2.1, extent 4096); ETag for If-None-Match.",
                                 "content": ["application/vnd.mapbox-vector-tile": ["schema": ["type": "string", "format": "binary"]]]]

    static let open311Format = parameter("format", in: "path", required: true, description: "json or xml (Open311 names the format by the extension).",
                                         schema: ["type": "string", "enum": ["json", "xml"]])
    static let jurisdiction = parameter("jurisdiction_id", description: "Accepted and not needed: one deployment is one jurisdiction.", schema: ["type": "string"])
    static let apiKey = parameter("api_key", description: "A Wangge token, for clients that cannot send Authorization.", schema: ["type": "string"])
    static func open311Answer(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": ["type": "array"]], "text/xml": ["schema": ["type": "string"]]]]
    }
    /// Open311's own error list (`[{code, description}]`, or `<errors>` in XML), not a problem.
    static let open311Errors: JSONValue = ["description": "The standard's error list: code (the HTTP status) and description.",
                                           "content": ["application/json": ["schema": ["type": "array"]], "text/xml": ["schema": ["type": "string"]]]]
    /// The answers of a route that needs a token: 401 without a valid one, 403 for a role that may not.
    static let refusals: [String: JSONValue] = ["401": problem, "403": problem]
    /// A route that needs a bearer token.
    static let bearer: JSONValue = [["bearer": []]]

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
        // Each collection's items with the filters it takes, at its own path: GDAL and QGIS read
        // these to send `-where` equality filters to the server instead of fetching everything.
        // OGC API – Features Part 3: CQL2 filters on every collection's items.
        let filterParameters: [JSONValue] = [
            parameter("filter", description: "A CQL2 filter on the collection's queryables (/collections/{collectionId}/queryables), e.g. category = 'water' AND S_INTERSECTS(geometry, BBOX(104.0,30.6,104.1,30.7)) AND T_AFTER(received_at, TIMESTAMP('2026-05-01T00:00:00Z')). A date is its whole day in China time.",
                      schema: ["type": "string"]),
            parameter("filter-lang", description: "The filter's encoding.", schema: ["type": "string", "enum": ["cql2-text", "cql2-json"], "default": "cql2-text"]),
            parameter("filter-crs", description: "The CRS of the filter's geometries (EPSG:4326 takes latitude first).",
                      schema: ["type": "string", "enum": .array(FeatureFilter.CRS.accepted.map { .string($0) }), "default": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"]),
        ]
        let skipGeometry = parameter("skipGeometry", description: "true: features without geometry (lists that need the properties only).",
                                     schema: ["type": "boolean", "default": false])
        let itemsParameters: [JSONValue] = [
            parameter("bbox", description: "minLon,minLat,maxLon,maxLat in CRS84.",
                      schema: ["type": "array", "minItems": 4, "maxItems": 4, "items": ["type": "number"]]),
            parameter("limit", description: "Features a page.", schema: ["type": "integer", "minimum": 1, "maximum": 10000, "default": 100]),
            parameter("offset", description: "Features to skip (the next link carries it).", schema: ["type": "integer", "minimum": 0, "default": 0]),
            crs, f, skipGeometry,
        ] + filterParameters
        let perCollection: [(String, JSONValue)] = FeatureLayer.all.map { layer in
            var parameters = itemsParameters
            if layer.hasTime {
                parameters.append(parameter("datetime", description: "Received at an RFC 3339 instant, or in an interval start/end where either end may be '..'.",
                                            schema: ["type": "string"]))
            }
            parameters += layer.filterNames.map { parameter($0, description: "Equality filter on \($0) (or any of a comma-separated list).", schema: ["type": "string"]) }
            parameters += FeaturePage.queryableParameters(for: layer).map { name in
                let type: JSONValue = layer.queryable(name)?.type == .integer ? "integer" : "string"
                return parameter(name, description: "Equality filter on the queryable \(name) (a comma-separated list: any of them; a time: an instant, date or start/end).",
                                 schema: ["type": type])
            }
            return ("/collections/\(layer.collectionID)/items",
                    get("\(layer.title): features a page at a time", parameters,
                        json("FeatureCollection", "application/geo+json", "A page of features with numberMatched, numberReturned and next/prev links."),
                        layer == .petitions ? refusals : [:]))
        }
        let html: JSONValue = ["description": "The map page.", "content": ["text/html": ["schema": ["type": "string"]]]]
        let paths: [(String, JSONValue)] = [
            ("/", get("Landing page; the map page for browsers (Accept: text/html) or f=html", [
                parameter("f", description: "json (the default for clients) or html (the default for browsers).", schema: ["type": "string", "enum": ["json", "html"]]),
            ], ["description": "Links to the API's resources, or the map page.",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Landing"]], "text/html": ["schema": ["type": "string"]]]], [:])),
            ("/conformance", get("Conformance classes", [f], json("Conformance", "application/json", "The classes the API implements."), [:])),
            ("/collections", get("Feature collections", [f], json("Collections", "application/json", "Every collection with its extent."), [:])),
            ("/collections/{collectionId}", get("One collection", [collectionID, f], json("Collection", "application/json", "The collection."),
                                                 refusals.merging(["404": problem]) { a, _ in a })),
            ("/collections/{collectionId}/items", get("Features of a collection, a page at a time", [
                collectionID,
                parameter("bbox", description: "minLon,minLat,maxLon,maxLat in CRS84.",
                          schema: ["type": "array", "minItems": 4, "maxItems": 4, "items": ["type": "number"]]),
                parameter("limit", description: "Features a page.", schema: ["type": "integer", "minimum": 1, "maximum": 10000, "default": 100]),
                parameter("offset", description: "Features to skip (the next link carries it).", schema: ["type": "integer", "minimum": 0, "default": 0]),
                crs, f, skipGeometry,
                parameter("datetime", description: "Petitions: received at an RFC 3339 instant, or in an interval start/end where either end may be '..'. A date (2026-05-01) covers its whole day in China time.",
                          schema: ["type": "string"]),
            ] + filterParameters + filters.sorted(by: { $0.key < $1.key }).map { parameter($0.key, description: $0.value, schema: ["type": "string"]) },
                json("FeatureCollection", "application/geo+json", "A page of features with numberMatched, numberReturned and next/prev links. The petitions collection needs a token that reads petitions and holds only the petitions in its scope."),
                refusals.merging(["404": problem]) { a, _ in a })),
            ("/collections/{collectionId}/queryables", get("The properties a collection's items can be filtered on, as a JSON Schema", [collectionID, f],
                json("Queryables", "application/schema+json", "The queryable properties."), refusals.merging(["404": problem]) { a, _ in a })),
            ("/collections/{collectionId}/items/{featureId}", get("One feature", [
                collectionID, parameter("featureId", in: "path", required: true, description: "The feature's id.", schema: ["type": "string"]), crs, f,
            ], json("Feature", "application/geo+json", "The feature."), refusals.merging(["404": problem]) { a, _ in a })),
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
            ("/resolve", get("Resolve a Chinese address to building, household, grid cell and units", [
                parameter("address", required: true, description: "The address as typed: any levels missing, Chinese numerals, full-width digits, 幢/座/号楼, 12-3-1001 shorthands, a typo.",
                          schema: ["type": "string"]),
                parameter("limit", description: "Candidates at most.", schema: ["type": "integer", "minimum": 1, "maximum": 50, "default": 5]),
            ], json("ResolveResult", "application/json", "match (exact, probable, ambiguous, none) and the candidates, best first, each with a score in [0, 1] and the parts that matched and did not."), [:])),
            ("/buildings/{buildingId}/households", get("The households of a building with their persons (admin and the building's grid worker: whole; dispatcher, inspector: masked)", [
                parameter("buildingId", in: "path", required: true, description: "The building's id.", schema: ["type": "string"]),
            ], json("Residents", "application/json", "Households by unit, floor and room, each with its persons; `masked` says whether ID numbers, phones and names are masked."),
                refusals.merging(["404": problem]) { a, _ in a }).secured),
            ("/petitions", [
                "get": get("The supervision list: overdue (by how late), due soon (by time left) or one status", [
                    parameter("status", description: "overdue (past a deadline still to meet; raises each warning event once), due_soon (a deadline within the rules' due_soon_hours), or a petition status.",
                              schema: ["type": "string", "enum": .array((["overdue", "due_soon"] + Petition.Status.allCases.map(\.rawValue)).map(JSONValue.string)), "default": "overdue"]),
                    parameter("unit", description: "Only petitions whose lead unit is this one.", schema: ["type": "string"]),
                    parameter("area", description: "Only petitions placed in this area (any level).", schema: ["type": "string"]),
                    parameter("limit", description: "Entries a page.", schema: ["type": "integer", "minimum": 1, "maximum": 10000, "default": 100]),
                    parameter("offset", description: "Entries to skip.", schema: ["type": "integer", "minimum": 0, "default": 0]),
                    parameter("phone", description: "Instead of the list: the caller's earlier petitions, newest first, found by the keyed hash of this phone (dispatchers and admins; audited).",
                              schema: ["type": "string"]),
                    parameter("queue", description: "Instead of the supervision list: one work list of the desk (GET /queues names the caller's), in the caller's scope.",
                              schema: ["type": "string", "enum": .array(WorkQueue.allCases.map { .string($0.rawValue) })]),
                    parameter("sort", description: "Work lists: due (nearest deadline first), received, newest, urgency.",
                              schema: ["type": "string", "enum": .array(PetitionDesk.WorkListOrder.allCases.map { .string($0.rawValue) }), "default": "due"]),
                    parameter("q", description: "Work lists: text found in the id, the text or the address.", schema: ["type": "string"]),
                    parameter("category", description: "Work lists: only this category.", schema: ["type": "string"]),
                ], json("SupervisionList", "application/json", "The list, ranked."), refusals).secured["get"]!,
                "post": ["summary": "Take a petition in: placed, routed, given its deadlines, stored with its first events",
                         "security": bearer,
                         "parameters": [parameter("dry_run", description: "true: store nothing; answer (200) with where it would be placed, who would lead, why, the deadlines and a likely repeat (duplicate_of) — what the desk shows before saving.",
                                                  schema: ["type": "boolean", "default": false])],
                         "requestBody": ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/PetitionPost"]]]],
                         "responses": ["201": json("Petition", "application/json", "The stored petition; Location names it."),
                                       "200": ["description": "dry_run=true: the petition as it would be stored (id null).", "content": ["application/json": ["schema": ["type": "object"]]]],
                                       "400": problem,
                                       "401": problem, "403": problem, "413": problem]],
            ]),
            ("/petitions/{petitionId}", get("One petition with its events", [
                parameter("petitionId", in: "path", required: true, description: "The petition's id.", schema: ["type": "string"]),
            ], json("Petition", "application/json", "The petition; the contact is masked for inspectors."),
                refusals.merging(["404": problem]) { a, _ in a }).secured),
            ("/petitions/{petitionId}/events", ["post": [
                "summary": "Record a step of the case loop: dispatch (with assisting units), accept, reply, progress, resolve, evaluate (with ratings), close, reopen, reject, place, merge, keep, supervise, answer_supervision, regrade, return, refuse_return, extend, approve_extension, refuse_extension, screen, escalate, note",
                "security": bearer,
                "parameters": [parameter("petitionId", in: "path", required: true, description: "The petition's id.", schema: ["type": "string"])],
                "requestBody": ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/PetitionEventPost"]]]],
                "responses": ["201": json("Petition", "application/json", "The petition after the event, with every event."), "400": problem,
                              "401": problem, "403": problem, "404": problem, "409": ["description": "The step is not allowed in the petition's status (illegal-transition: `allowed` lists what is) or conflicts with the case.",
                                                      "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]],
            ]]),
            ("/attachments", ["post": [
                "summary": "Upload a file for a petition still to be taken in (its id goes in the intake's attachments)",
                "security": bearer,
                "requestBody": ["required": true, "content": .object(JSONObject(PetitionDesk.attachmentTypes.map { (key: $0, value: ["schema": ["type": "string", "format": "binary"]]) }))],
                "responses": ["201": ["description": "The attachment: id (its SHA-256), type, size.", "content": ["application/json": ["schema": ["type": "object"]]]],
                              "401": problem, "403": problem, "413": problem, "415": problem],
            ]]),
            ("/petitions/{petitionId}/attachments", ["post": [
                "summary": "Attach a file to a petition (photo, audio, video, PDF; type checked from the bytes)",
                "security": bearer,
                "parameters": [parameter("petitionId", in: "path", required: true, description: "The petition's id.", schema: ["type": "string"])],
                "requestBody": ["required": true, "content": .object(JSONObject(PetitionDesk.attachmentTypes.map { (key: $0, value: ["schema": ["type": "string", "format": "binary"]]) }))],
                "responses": ["201": ["description": "The attachment.", "content": ["application/json": ["schema": ["type": "object"]]]],
                              "401": problem, "403": problem, "404": problem, "413": problem, "415": problem],
            ]]),
            ("/attachments/{attachmentId}", get("An attachment's bytes, for callers who may see a petition holding it (audited)", [
                parameter("attachmentId", in: "path", required: true, description: "The attachment's id (SHA-256).", schema: ["type": "string"]),
            ], ["description": "The file.", "content": .object(JSONObject(PetitionDesk.attachmentTypes.map { (key: $0, value: ["schema": ["type": "string", "format": "binary"]]) }))],
               refusals.merging(["404": problem]) { a, _ in a })),
            ("/notifications", get("What concerns the caller's scope, as a list after an id (the stream's events)", [
                parameter("since", description: "The last notice id already seen (0: from the start).", schema: ["type": "integer", "minimum": 0, "default": 0]),
                parameter("limit", description: "Notices at most.", schema: ["type": "integer", "minimum": 1, "maximum": 1000, "default": 100]),
            ], ["description": "The notices, oldest first, and the last id read.", "content": ["application/json": ["schema": ["type": "object"]]]], refusals)),
            ("/notifications/stream", get("What concerns the caller's scope as it happens (Server-Sent Events; Last-Event-ID resumes)", [],
                ["description": "An event stream: each event has the notice's id, its type as the event name and the notice as JSON data.",
                 "content": ["text/event-stream": ["schema": ["type": "string"]]]], refusals)),
            ("/units/{unitId}/warnings", get("A unit's yellow and red cards month by month, newest first (约谈 list)", [
                parameter("unitId", in: "path", required: true, description: "The unit's id.", schema: ["type": "string"]),
                parameter("months", description: "Months back.", schema: ["type": "integer", "minimum": 1, "maximum": 60, "default": 12]),
            ], ["description": "Per month the card (level, reasons, petitions) or null.", "content": ["application/json": ["schema": ["type": "object"]]]],
               refusals.merging(["404": problem]) { a, _ in a })),
            ("/supervisions", get("Supervisions (督办) on the petitions the caller may see, overdue first", [
                parameter("state", description: "open, overdue or answered.", schema: ["type": "string", "enum": ["open", "overdue", "answered"]]),
                parameter("unit", description: "Only on cases this unit leads.", schema: ["type": "string"]),
                parameter("level", description: "1 提醒, 2 督办, 3 挂牌督办.", schema: ["type": "integer", "minimum": 1, "maximum": 3]),
                parameter("limit", description: "Lines a page.", schema: ["type": "integer", "minimum": 1, "maximum": 10000, "default": 100]),
                parameter("offset", description: "Lines to skip.", schema: ["type": "integer", "minimum": 0, "default": 0]),
            ], ["description": "The supervisions.", "content": ["application/json": ["schema": ["type": "object"]]]], refusals)),
            ("/stats", get("一比三率 and the other figures per area or unit, with red and black lists of units", [
                parameter("by", description: "Group by area (of `level`), by lead unit, or by category (ranked by petitions).", schema: ["type": "string", "enum": ["area", "unit", "category"], "default": "area"]),
                parameter("previous", description: "true: add each figure for the period just before (环比), as long as from–to.", schema: ["type": "boolean", "default": false]),
                parameter("area", description: "Only petitions placed in this area (any level), and only the areas inside it.", schema: ["type": "string"]),
                parameter("level", description: "For by=area: the area level.", schema: ["type": "string", "enum": .array(AreaLevel.allCases.map { .string($0.rawValue) }), "default": "street"]),
                parameter("from", description: "Received at or after: RFC 3339, or a date (from its start, China time).", schema: ["type": "string"]),
                parameter("to", description: "Received at or before: RFC 3339 (the second included), or a date (to its end, China time).", schema: ["type": "string"]),
                parameter("min", description: "Petitions a unit needs to be ranked.", schema: ["type": "integer", "minimum": 1, "default": 10]),
                parameter("top", description: "Length of the red and black lists.", schema: ["type": "integer", "minimum": 1, "maximum": 100, "default": 5]),
            ], json("Statistics", "application/json", "Figures per group and in total; rates are fractions, null when there is nothing to count. Definitions: README, Statistics."), [:])),
            ("/warnings", get("Early warnings (未诉先办): space-time clusters, recurring places, meter anomalies, scoped as petitions are", [
                parameter("from", description: "Only warnings still running on or after this date.", schema: ["type": "string", "format": "date"]),
                parameter("to", description: "Only warnings begun on or before this date.", schema: ["type": "string", "format": "date"]),
                parameter("kind", description: "cluster, recurring or meter.", schema: ["type": "string", "enum": .array(EarlyWarning.Kind.allCases.map { .string($0.rawValue) })]),
                parameter("category", description: "A category code.", schema: ["type": "string"]),
                parameter("status", description: "new, acknowledged or closed.", schema: ["type": "string", "enum": .array(EarlyWarning.Status.allCases.map { .string($0.rawValue) })]),
                crs,
            ], ["description": "A GeoJSON FeatureCollection, one feature per warning: its outline, and kind, category, start, end, observed, expected, p_value, recurrence_days, radius_m, grids with their workers, units, petitions, status, summary; numberMatched.",
                "content": ["application/geo+json": ["schema": ["type": "object"]]]], refusals)),
            ("/warnings/{warningId}", get("One warning with its status changes", [
                parameter("warningId", in: "path", required: true, description: "The warning's id.", schema: ["type": "string"]),
            ], json("Feature", "application/geo+json", "The warning."), refusals.merging(["404": problem]) { a, _ in a })),
            ("/warnings/{warningId}/events", ["post": [
                "summary": "Acknowledge or close a warning, with a note",
                "security": bearer,
                "parameters": [parameter("warningId", in: "path", required: true, description: "The warning's id.", schema: ["type": "string"])],
                "requestBody": ["required": true, "content": ["application/json": ["schema": [
                    "type": "object", "required": ["status"],
                    "properties": ["status": ["type": "string", "enum": ["acknowledged", "closed"]], "note": ["type": "string"]]]]]],
                "responses": ["200": json("Feature", "application/geo+json", "The warning after the change."), "400": problem,
                              "401": problem, "403": problem, "404": problem],
            ]]),
            ("/reports/monthly", get("The monthly report (月报) of a district or street: the same figures as /stats for the month, with 环比 and 同比, communities, categories, warnings, units, overdue and typical cases", [
                parameter("month", required: true, description: "The month, YYYY-MM (China time).", schema: ["type": "string"]),
                parameter("area", description: "A district or street id (default: everything).", schema: ["type": "string"]),
                parameter("format", description: "json or html (one self-contained page, maps as SVG).", schema: ["type": "string", "enum": ["json", "html"], "default": "json"]),
            ], ["description": "The report.", "content": ["application/json": ["schema": ["type": "object"]], "text/html": ["schema": ["type": "string"]]]],
               refusals)),
            ("/queues", get("The desk's work lists for the caller's role, with how many cases each holds now", [],
                ["description": "queues: code, name_zh, count.", "content": ["application/json": ["schema": ["type": "object"]]]], refusals)),
            ("/session", [
                "get": ["summary": "Who is signed in at the desk (the session cookie), and the CSRF token the page's writes carry",
                        "responses": ["200": ["description": "user, role, unit, area, csrf, second_factor.", "content": ["application/json": ["schema": ["type": "object"]]]],
                                      "401": problem]],
                "post": ["summary": "Sign in with a user name and password (and a TOTP code if enrolled); sets the session cookie",
                         "requestBody": ["required": true, "content": ["application/json": ["schema": [
                            "type": "object", "required": ["name", "password"],
                            "properties": ["name": ["type": "string"], "password": ["type": "string"], "code": ["type": "string", "description": "6-digit TOTP code"]]]]]],
                         "responses": ["201": ["description": "Signed in: as GET /session; Set-Cookie carries the session.", "content": ["application/json": ["schema": ["type": "object"]]]],
                                       "400": problem, "401": problem, "403": problem]],
                "delete": ["summary": "Sign out (needs the CSRF token in X-CSRF-Token)",
                           "responses": ["204": ["description": "Signed out; the cookie is expired."], "401": problem, "403": problem]],
            ]),
            ("/tileMatrixSets", get("The tile matrix sets tiles are served on (WebMercatorQuad)", [f],
                ["description": "tileMatrixSets: id, title, uri, links.", "content": ["application/json": ["schema": ["type": "object"]]]], [:])),
            ("/tileMatrixSets/WebMercatorQuad", get("WebMercatorQuad as the Two Dimensional Tile Matrix Set standard defines it (zooms 0–24)", [f],
                ["description": "The tile matrix set.", "content": ["application/json": ["schema": ["type": "object"]]]], [:])),
            ("/collections/{collectionId}/tiles", get("The collection's vector tilesets (OGC API – Tiles)", [collectionID, f],
                ["description": "tilesets with their links.", "content": ["application/json": ["schema": ["type": "object"]]]], ["404": problem])),
            ("/collections/{collectionId}/tiles/WebMercatorQuad", get("The collection's tileset: zooms served (tileMatrixSetLimits), layer, tile template", [collectionID, f],
                ["description": "The tileset metadata.", "content": ["application/json": ["schema": ["type": "object"]]]], ["404": problem])),
            ("/collections/{collectionId}/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}", get("A Mapbox Vector Tile of the collection (z/y/x); petitions counted into cells where a tile holds more than 4,096", [
                collectionID, tileMatrix, tileRow, tileCol, crs,
            ] + filterParameters, mvt, ["204": ["description": "The tile holds nothing (or the zoom is outside the collection's limits)."], "304": ["description": "Not modified (If-None-Match)."],
                     "401": problem, "403": problem, "404": problem])),
            ("/heatmap/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}", get("The heat map over a tile as a Mapbox Vector Tile (layer heatmap), with the /heatmap filters; bins a 32nd of the tile wide unless size is given", [
                tileMatrix, tileRow, tileCol,
                parameter("bin", description: "hex, square or area.", schema: ["type": "string", "enum": ["hex", "square", "area"], "default": "hex"]),
                parameter("size", description: "Bin size in metres (default: a 32nd of the tile's width).", schema: ["type": "number"]),
                parameter("level", description: "Area level for bin=area.", schema: ["type": "string"]),
                parameter("from", description: "Received at or after.", schema: ["type": "string"]),
                parameter("to", description: "Received at or before.", schema: ["type": "string"]),
                parameter("category", description: "Category codes, comma-separated.", schema: ["type": "string"]),
                parameter("status", description: "Statuses, open or overdue, comma-separated.", schema: ["type": "string"]),
                crs,
            ], mvt, ["204": ["description": "No bin to show."]])),
            ("/open311/v2/discovery.{format}", get("Open311 service discovery: this endpoint, its specification and formats", [open311Format],
                open311Answer("The discovery document."), [:])),
            ("/open311/v2/services.{format}", get("Open311 GeoReport v2: the services (one per non-sensitive category)", [open311Format, jurisdiction],
                open311Answer("service_code, service_name, description, metadata, type (realtime), keywords, group."), ["404": open311Errors])),
            ("/open311/v2/services/{serviceCode}.{format}", get("Open311 GeoReport v2: a service's definition (its attributes: kind, urgency)", [
                parameter("serviceCode", in: "path", required: true, description: "A service_code from the services list.", schema: ["type": "string"]),
                open311Format, jurisdiction,
            ], open311Answer("service_code and attributes."), ["404": open311Errors])),
            ("/open311/v2/requests.{format}", [
                "get": get("Open311 GeoReport v2: service requests, newest first (at most 1000); the place, address and text only for roles that read petitions", [
                    open311Format, jurisdiction, apiKey,
                    parameter("service_request_id", description: "Comma-separated ids; overrides the other filters.", schema: ["type": "string"]),
                    parameter("service_code", description: "Comma-separated service codes.", schema: ["type": "string"]),
                    parameter("start_date", description: "Received at or after (w3c date-time); the span is at most 90 days, the last 90 by default.", schema: ["type": "string"]),
                    parameter("end_date", description: "Received at or before (w3c date-time).", schema: ["type": "string"]),
                    parameter("status", description: "open, closed, or both comma-separated.", schema: ["type": "string"]),
                ], open311Answer("The requests."), ["403": open311Errors])["get"]!,
                "post": ["summary": "Open311 GeoReport v2: post a service request (form-encoded; api_key a token that may take petitions in): a petition like any other",
                         "parameters": [open311Format],
                         "requestBody": ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": [
                             "type": "object", "required": ["service_code", "api_key"],
                             "properties": .object(JSONObject(["api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email",
                                                               "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url",
                                                               "attribute[kind]", "attribute[urgency]"].map { ($0, ["type": "string"]) })),
                         ]]]],
                         "responses": ["200": open311Answer("service_request_id, service_notice, account_id."), "400": open311Errors, "403": open311Errors]],
            ]),
            ("/open311/v2/requests/{serviceRequestId}.{format}", get("Open311 GeoReport v2: one service request", [
                parameter("serviceRequestId", in: "path", required: true, description: "The request's (petition's) id.", schema: ["type": "string"]),
                open311Format, jurisdiction, apiKey,
            ], open311Answer("A list of the one request."), ["404": open311Errors])),
            ("/desk", get("The desk (工单台): work lists by role (HTML; 303 to the sign-in page without a session)", [], html, [:])),
            ("/desk/intake", get("The desk's intake screen (接件)", [], html, [:])),
            ("/desk/callbacks", get("The desk's callback screen (回访)", [], html, [:])),
            ("/desk/case/{caseId}", get("The desk's case page", [
                parameter("caseId", in: "path", required: true, description: "The petition's id.", schema: ["type": "string"]),
            ], html, [:])),
            ("/desk/login", get("The desk's sign-in page", [
                parameter("next", description: "Where to go after signing in.", schema: ["type": "string"]),
            ], html, [:])),
            ("/desk/assets/{deskAsset}", get("The desk's scripts and style", [
                parameter("deskAsset", in: "path", required: true, description: "The file.",
                          schema: ["type": "string", "enum": .array(PageAssets.files.keys.filter { ($0.hasPrefix("desk.") || $0.hasPrefix("login.")) && !$0.hasSuffix(".html") }.sorted().map { .string($0) })]),
            ], ["description": "JavaScript or CSS."], ["404": problem])),
            ("/me", get("Who the token or the desk session says the caller is, and what the role may", [],
                        ["description": "role (null: anonymous), token id, user name, unit or area of the scope, may.{read_petitions, take_petitions, post_events, read_residents, see_sensitive_categories}, personal_data (whole or masked).",
                         "content": ["application/json": ["schema": ["type": "object"]]]], [:])),
            ("/vocabulary", get("The statuses (open or not), actions and notice kinds with their Chinese names", [],
                ["description": "The vocabulary.", "content": ["application/json": ["schema": ["type": "object"]]]], [:])),
            ("/categories", get("The petition categories the caller may see, with their Chinese and English names", [],
                                ["description": "categories: code, name_zh, name_en, default_level.",
                                 "content": ["application/json": ["schema": ["type": "object"]]]], [:])),
            ("/map", get("The map page (HTML; also at / for browsers)", [], html, [:])),
            ("/map/assets/{asset}", get("The map page's script and style", [
                parameter("asset", in: "path", required: true, description: "The file.", schema: ["type": "string", "enum": ["map.js", "map.tiles.js", "map.css"]]),
            ], ["description": "JavaScript or CSS."], ["404": problem])),
            ("/map/leaflet/{leafletFile}", get("Leaflet, from Debian's libjs-leaflet", [
                parameter("leafletFile", in: "path", required: true, description: "The file.", schema: ["type": "string", "enum": ["leaflet.js", "leaflet.css"]]),
            ], ["description": "JavaScript or CSS."], ["404": problem])),
            ("/map/leaflet/images/{image}", get("Leaflet's images", [
                parameter("image", in: "path", required: true, description: "The image.",
                          schema: ["type": "string", "enum": ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]]),
            ], ["description": "PNG.", "content": ["image/png": ["schema": ["type": "string", "format": "binary"]]]], ["404": problem])),
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
                     "description": "Grid management for citizen petitions: the grid, units and petitions as OGC API Features, point location, petition heat maps, the petition desk and its statistics."],
            "paths": .object(JSONObject((paths + perCollection).map { (key: $0.0, value: $0.1) })),
            // Public routes answer without a token too; the routes that need one say so.
            "security": [[:], ["bearer": []]],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer",
                                               "description": "An API token (wg_ and 48 hex digits) from `wangge token create`; its role and scope decide what the caller sees. A missing or bad token where one is needed: 401; a role that may not: 403; records outside the scope: 404."]],
                "responses": ["Problem": ["description": "An RFC 9457 problem.",
                                          "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]],
                "schemas": [
                    "Problem": ["type": "object", "required": ["type", "title", "status", "detail"],
                                "description": .string("type is one of " + problemTypes.map { "/problems/\($0)" }.joined(separator: ", ")),
                                "properties": ["type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"], "detail": ["type": "string"]]],
                    "Link": link,
                    "Queryables": ["type": "object", "required": ["type", "properties"],
                                   "properties": ["$schema": ["type": "string"], "$id": ["type": "string"], "type": ["type": "string"],
                                                  "title": ["type": "string"], "properties": ["type": "object"]]],
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
                    "ResolveResult": ["type": "object", "required": ["query", "match", "candidates"],
                                      "properties": ["query": ["type": "string"], "normalised": ["type": "string"],
                                                     "parts": ["type": "object", "description": "What was read: area names by level, road, road_number, compound, building, unit, floor, room."],
                                                     "match": ["type": "string", "enum": ["exact", "probable", "ambiguous", "none"]],
                                                     "candidates": ["type": "array", "items": ["type": "object", "properties": [
                                                         "score": ["type": "number", "minimum": 0, "maximum": 1],
                                                         "building": ["type": "object"], "household": ["type": ["object", "null"]],
                                                         "areas": ["type": "object"], "units": ["type": "array"],
                                                         "matched": ["type": "array", "items": ["type": "string"]],
                                                         "unmatched": ["type": "array", "items": ["type": "string"]]]]]]],
                    "PetitionPost": ["type": "object", "required": ["channel", "kind", "category", "text"],
                                     "description": "A location, an address or both.",
                                     "properties": [
                                         "channel": ["type": "string", "enum": .array(Petition.Channel.allCases.map { .string($0.rawValue) })],
                                         "kind": ["type": "string", "enum": .array(Petition.Kind.allCases.map { .string($0.rawValue) })],
                                         "category": ["type": "string"], "urgency": ["type": "string", "enum": .array(Petition.Urgency.allCases.map { .string($0.rawValue) })],
                                         "text": ["type": "string"], "address": ["type": "string"],
                                         "location": ["type": "object", "required": ["lon", "lat"],
                                                      "properties": ["lon": ["type": "number"], "lat": ["type": "number"], "crs": ["type": "string", "enum": ["wgs84", "gcj02", "bd09"]]]],
                                         "contact": ["type": "object", "properties": ["name": ["type": "string"], "phone": ["type": "string"]]],
                                         "difficulty": ["type": "integer", "minimum": 1, "description": "Difficulty tier for categories with tiered deadlines."],
                                         "received_at": ["type": "string", "description": "RFC 3339; default now."],
                                         "actor": ["type": "string", "description": "The name of the person at the desk, kept with the event as `signed`; the event's actor is the token."],
                                     ]],
                    "PetitionEventPost": ["type": "object", "required": ["action"],
                                          "properties": [
                                              "action": ["type": "string", "enum": .array(PetitionEvent.Action.allCases.filter { $0 != .receive && $0 != .warn }.map { .string($0.rawValue) })],
                                              "actor": ["type": "string", "description": "The name of the person posting, kept as `signed`; the actor is the token."], "note": ["type": "string", "description": "Required to reject, escalate and re-dispatch."],
                                              "unit": ["type": "string", "description": "dispatch: the unit (default: the routed one)."],
                                              "rating": ["type": "string", "enum": .array(Petition.Rating.allCases.map { .string($0.rawValue) })],
                                              "outcome": ["type": "string", "enum": .array(Petition.Outcome.allCases.map { .string($0.rawValue) })],
                                              "into": ["type": "string", "description": "merge: the earlier petition."],
                                              "location": ["type": "object"], "building": ["type": "string", "description": "place: a building id."],
                                              "reason": ["type": "string", "description": "return, extend: why (the same as note)."],
                                              "assist": ["type": "array", "items": ["type": "string"], "description": "dispatch: the assisting units (并行派单)."],
                                              "level": ["type": "integer", "minimum": 1, "maximum": 3, "description": "supervise: 1 提醒, 2 督办, 3 挂牌督办."],
                                              "due": ["type": "string", "description": "supervise: the date (or RFC 3339 time) the lead unit must answer by."],
                                              "category": ["type": "string", "description": "regrade: the new category."],
                                              "kind": ["type": "string", "enum": .array(Petition.Kind.allCases.map { .string($0.rawValue) })],
                                              "urgency": ["type": "string", "enum": .array(Petition.Urgency.allCases.map { .string($0.rawValue) })],
                                              "difficulty": ["type": "integer", "minimum": 1, "maximum": 9],
                                              "working_days": ["type": "integer", "minimum": 1, "maximum": 30, "description": "extend: working days more."],
                                              "verdict": ["type": "string", "enum": .array(CaseState.Screening.allCases.map { .string($0.rawValue) })],
                                              "ratings": ["type": "object", "description": "evaluate: attitude, efficiency, result, each 1–5.",
                                                          "properties": ["attitude": ["type": "integer"], "efficiency": ["type": "integer"], "result": ["type": "integer"]]],
                                          ]],
                    "Petition": ["type": "object", "required": ["id", "status", "received_at", "placement", "deadlines", "events"],
                                 "properties": [
                                     "id": ["type": "string"], "status": ["type": "string", "enum": .array(Petition.Status.allCases.map { .string($0.rawValue) })],
                                     "received_at": ["type": "string"], "placement": ["type": "object", "description": "As stored at intake, WGS-84, with the boundary_version it was made against."],
                                     "unit": ["type": ["object", "null"]], "assisting_units": ["type": "array"],
                                     "rule": ["type": ["object", "null"], "properties": ["id": ["type": "string"], "reason": ["type": "string"]]],
                                     "deadlines": ["type": "object", "properties": ["dispatch": ["type": "string"], "first_reply": ["type": "string"], "resolve": ["type": "string"]]],
                                     "contact": ["type": ["object", "null"], "description": "Whole for the roles whose scope covers the petition; masked (138****5678) for inspectors."],
                                     "events": ["type": "array", "items": ["type": "object"]],
                                 ]],
                    "Residents": ["type": "object", "required": ["building", "masked", "households"],
                                  "properties": ["building": ["type": "object"], "masked": ["type": "boolean"],
                                                 "households": ["type": "array", "items": ["type": "object", "properties": [
                                                     "id": ["type": "string"], "unit": ["type": ["string", "null"]], "floor": ["type": ["integer", "null"]],
                                                     "room": ["type": ["string", "null"]], "address": ["type": ["string", "null"]],
                                                     "persons": ["type": "array", "items": ["type": "object", "properties": [
                                                         "id": ["type": "string"], "name": ["type": "string"], "id_number": ["type": ["string", "null"]],
                                                         "phone": ["type": ["string", "null"]], "tags": ["type": "array", "items": ["type": "string"]]]]]]]]]],
                    "SupervisionList": ["type": "object", "required": ["numberMatched", "petitions"],
                                        "properties": ["status": ["type": "string"], "numberMatched": ["type": "integer"], "numberReturned": ["type": "integer"],
                                                       "petitions": ["type": "array", "items": ["type": "object"]]]],
                    "Statistics": ["type": "object", "required": ["total", "groups"],
                                   "properties": ["by": ["type": "string"], "level": ["type": "string"], "total": ["type": "object"],
                                                  "groups": ["type": "array", "items": ["type": "object"]], "ranking": ["type": "object"]]],
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

extension JSONValue {
    /// A path item whose every operation needs a bearer token.
    var secured: JSONValue {
        guard var o = objectValue else { return self }
        for (method, operation) in o {
            guard var op = operation.objectValue else { continue }
            op["security"] = OpenAPIDocument.bearer
            o[method] = .object(op)
        }
        return .object(o)
    }
}
