import Foundation
import GridGeo
import GridModel
import GridService
import Hummingbird

/// Open311 GeoReport v2 at `/open311/v2`, as the standard writes it: every resource in JSON
/// (`.json`) and in XML (`.xml`), a POSTed request form-encoded with the token as `api_key`,
/// errors as the standard's error list with the HTTP status as their code. Parameters the
/// standard's clients add as extensions are ignored, as the standard expects of servers.
struct Open311Controller: Sendable {
    typealias Context = WanggeRequestContext
    let geoReport: GeoReport
    let tokens: AccessTokens
    let desk: PetitionDesk

    static let root = "/open311/v2"

    /// The two formats, by the extension a resource is asked for with.
    enum Format: String {
        case json, xml

        var contentType: String { self == .json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8" }
    }

    func addRoutes(to router: Router<Context>) {
        router.get(RouterPath(Self.root + "/:resource")) { request, context in
            try await answer(request, context, resource: context.parameters.get("resource") ?? "")
        }
        // (Parameters in one position share a name: `services` here, `water.json` after it.)
        router.get(RouterPath(Self.root + "/:resource/:item")) { request, context in
            try await answer(request, context, collection: context.parameters.get("resource"), resource: context.parameters.get("item") ?? "")
        }
        router.post(RouterPath(Self.root + "/:resource")) { request, context in
            try await answer(request, context, resource: context.parameters.get("resource") ?? "")
        }
    }

    /// Splits `services.json` into its name and format; nil when the extension is neither.
    static func split(_ resource: String) -> (name: String, format: Format)? {
        guard let dot = resource.lastIndex(of: "."), let format = Format(rawValue: String(resource[resource.index(after: dot)...]).lowercased()) else {
            return nil
        }
        return (String(resource[..<dot]), format)
    }

    func answer(_ request: Request, _ context: Context, collection: String? = nil, resource: String) async throws -> Response {
        guard let (name, format) = Self.split(resource) else {
            return Self.errors([GeoReportError(404, "'\(resource)': ask for a resource as .json or .xml (e.g. services.json)")], .json)
        }
        do {
            let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
            switch (request.method, collection, name) {
            case (.get, nil, "discovery"):
                return Self.document(discovery(context), root: "discovery", format)
            case (.get, nil, "services"):
                let services = try await blocking { [geoReport] in try geoReport.services() }
                return Self.answer(services, root: "services", item: "service", format)
            case (.get, "services", let code):
                let definition = try await blocking { [geoReport] in try geoReport.definition(of: code) }
                return Self.document(definition, root: "service_definition", format)
            case (.get, nil, "requests"):
                let caller = try caller(context, apiKey: query["api_key"])
                let q = try GeoReport.query(ids: Self.commaList(query["service_request_id"]), codes: Self.commaList(query["service_code"]),
                                            start: try Self.date(query["start_date"], "start_date"), end: try Self.date(query["end_date"], "end_date"),
                                            statuses: Self.commaList(query["status"]), now: desk.now())
                let requests = try await blocking { [geoReport] in try geoReport.requests(q, for: caller) }
                return Self.answer(requests, root: "service_requests", item: "request", format)
            case (.get, "requests", let id):
                let caller = try caller(context, apiKey: query["api_key"])
                let found = try await blocking { [geoReport] in try geoReport.requests(PetitionQuery(ids: [id], limit: 1), for: caller) }
                guard !found.isEmpty else { throw GeoReportError(404, "no service request '\(id)'") }
                return Self.answer(found, root: "service_requests", item: "request", format)
            case (.post, nil, "requests"):
                let body = try await request.body.collect(upTo: BodyLimitMiddleware<Context>.defaultMaxBytes)
                let form = Self.form(String(decoding: body.readableBytesView, as: UTF8.self))
                let caller = try caller(context, apiKey: form["api_key"])
                let created = try await blocking { [geoReport] in try geoReport.post(form, by: caller) }
                return Self.answer(created, root: "service_requests", item: "request", format)
            case (.get, "tokens", _):
                throw GeoReportError(404, "every service is realtime: a POST answers with the service_request_id itself, so there are no tokens to look up")
            default:
                throw GeoReportError(request.method == .post ? 405 : 404, "no Open311 resource \(request.method) \(Self.root)/\([collection, resource].compactMap { $0 }.joined(separator: "/"))")
            }
        } catch let e as GeoReportError {
            return Self.errors([e], format)
        } catch AccessDenied.unauthenticated(let why), AccessDenied.forbidden(let why) {
            return Self.errors([GeoReportError(403, why)], format)
        } catch let e as DeskError {
            return Self.errors([GeoReportError(400, e.description)], format)
        }
    }

    /// The caller: the token in the Authorization header, else the one given as `api_key`.
    func caller(_ context: Context, apiKey: String?) throws -> Caller {
        guard context.caller.role == nil, let apiKey, !apiKey.isEmpty else { return context.caller }
        guard let token = try tokens.token(forSecret: apiKey) else {
            throw GeoReportError(403, "invalid api_key: it is not an active Wangge token (wangge token create)")
        }
        var caller = context.caller
        caller.token = token
        return caller
    }

    /// The service discovery document: where this endpoint is and what it speaks.
    func discovery(_ context: Context) -> JSONValue {
        let changeset = desk.now().description
        return .object(JSONObject([
            ("changeset", .string(changeset)),
            ("contact", "12345 政务服务便民热线"),
            ("key_service", .string("api_key 即 Wangge 令牌：wangge token create --role dispatcher")),
            ("endpoints", .array([.object(JSONObject([
                ("specification", "http://wiki.open311.org/GeoReport_v2"),
                ("url", .string(context.baseURL + Self.root)),
                ("changeset", .string(changeset)),
                ("type", "production"),
                ("formats", .array(["text/xml", "application/json"])),
            ]))])),
        ]))
    }

    // MARK: Reading parameters

    /// A comma-separated list (nil when absent), read as every list parameter is.
    static func commaList(_ value: String?) -> [String]? { value.map(FeatureRecord.values(of:)) }

    /// A w3c date-time (`2026-11-01T00:00:00+08:00`, `…Z`), or a date taken as its start in China.
    static func date(_ value: String?, _ name: String) throws -> Timestamp? {
        guard let value, !value.isEmpty else { return nil }
        let text = value.count == 10 ? value + "T00:00:00+08:00" : value
        guard case .success(let t) = Timestamp.parse(text) else {
            throw GeoReportError(400, "\(name): '\(value)' is not a w3c date-time such as 2026-11-01T00:00:00+08:00")
        }
        return t
    }

    /// An `application/x-www-form-urlencoded` body as fields (the last of repeated names wins).
    static func form(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            out[decoded(parts[0])] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return out
    }

    // MARK: Writing answers

    /// A list of services or requests in the format asked for.
    static func answer(_ items: [JSONValue], root: String, item: String, _ format: Format, status: HTTPResponse.Status = .ok) -> Response {
        switch format {
        case .json: .body(JSONValue.array(items).jsonText.utf8, contentType: format.contentType, status: status)
        case .xml: .body(Open311XML.document(root: root, children: items.map { (item, $0) }).utf8, contentType: format.contentType, status: status)
        }
    }

    static func document(_ value: JSONValue, root: String, _ format: Format) -> Response {
        switch format {
        case .json: .body(value.jsonText.utf8, contentType: format.contentType)
        case .xml: .body(Open311XML.document(root: root, value: value).utf8, contentType: format.contentType)
        }
    }

    static func errors(_ errors: [GeoReportError], _ format: Format) -> Response {
        let items: [JSONValue] = errors.map { .object(JSONObject([("code", .number(Double($0.status))), ("description", .string($0.description))])) }
        return answer(items, root: "errors", item: "error", format, status: HTTPResponse.Status(code: errors.first?.status ?? 400))
    }
}
