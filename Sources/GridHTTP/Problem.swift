import Foundation
import GridGeo
import GridModel
import GridService
import Hummingbird

/// An RFC 9457 problem: every error the API returns, as `application/problem+json` with a
/// stable `type` (a URI under /problems/) that clients can switch on.
public struct Problem: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// The stable last segment of the type URI, e.g. `invalid-parameter`.
    public var type: String
    public var title: String
    /// What the caller should change.
    public var detail: String
    /// Extension members (RFC 9457 §3.2): the field problems, the allowed actions …
    public var extra: JSONObject
    /// Headers the answer needs besides its content type (`WWW-Authenticate` on a 401).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, type: String, title: String, detail: String, extra: JSONObject = JSONObject(),
                headers: HTTPFields = [:]) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.extra = extra
        self.headers = headers
    }

    /// A refused caller: 401 with a Bearer challenge when there is no valid token, 403 when the
    /// token's role does not allow the request. Neither says anything about the records asked for.
    public init(_ e: AccessDenied) {
        switch e {
        case .unauthenticated(let why):
            var headers = HTTPFields()
            // Bearer only: a Basic challenge would make browsers (and some HTTP libraries) stop and
            // ask for a password; GIS tools configured for Basic send it without being asked.
            headers[.wwwAuthenticate] = "Bearer realm=\"wangge\""
            self.init(.unauthorized, type: "unauthenticated", title: "A valid token is needed", detail: why, headers: headers)
        case .forbidden(let why):
            self.init(.forbidden, type: "forbidden", title: "Not allowed for this role", detail: why)
        }
    }

    /// A refused petition-desk request: 400 for a bad body, 409 for an action the case's
    /// state does not allow (with the actions it does).
    public init(_ e: DeskError) {
        switch e {
        case .invalid(let problems):
            self.init(.badRequest, type: "invalid-body", title: "Invalid request body",
                      detail: problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; "),
                      extra: JSONObject([("problems", .array(problems.map {
                          .object(JSONObject([("field", .string($0.field)), ("reason", .string($0.reason)),
                                              ("code", .string($0.kind.rawValue)), ("reason_zh", .string($0.kind.chineseName))]))
                      }))]))
        case .illegalTransition(let id, let action, let status, let allowed):
            self.init(.conflict, type: "illegal-transition", title: "Not allowed in this state",
                      detail: "\(id) is \(status.rawValue): '\(action.rawValue)' is not allowed; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))",
                      extra: JSONObject([("petition_status", .string(status.rawValue)), ("allowed", .array(allowed.map { .string($0.rawValue) }))]))
        case .conflict(let why):
            self.init(.conflict, type: "conflict", title: "Conflicts with the case", detail: why)
        case .unsupportedMedia(let why):
            self.init(.unsupportedMediaType, type: "unsupported-media-type", title: "Not a file a petition may carry", detail: why)
        case .tooLarge(let why):
            self.init(.contentTooLarge, type: "payload-too-large", title: "File too large", detail: why)
        }
    }

    /// A bad parameter as a 400 (413-like requests that would be too large are 400 too, with
    /// the hint in the detail, so that clients treat them as fixable by the caller).
    public init(_ e: ParameterError) {
        switch e.kind {
        case .unknown: self.init(.badRequest, type: "unknown-parameter", title: "Unknown query parameter", detail: "'\(e.name)' is \(e.reason)")
        case .missing: self.init(.badRequest, type: "missing-parameter", title: "Missing query parameter", detail: "\(e.name) is \(e.reason)")
        case .invalid: self.init(.badRequest, type: "invalid-parameter", title: "Invalid query parameter", detail: e.description)
        case .tooLarge: self.init(.badRequest, type: "too-large", title: "Request too large", detail: e.description)
        }
    }

    /// A request that is not HTTP/1.1 as it must be: a request line or headers too large, a
    /// broken chunked body.
    public static func malformedRequest(_ why: String) -> Problem {
        Problem(.badRequest, type: "malformed-request", title: "Malformed request",
                detail: "the request could not be read as HTTP/1.1 (\(why)): the request line and headers must stay under 80 KiB, a chunked body must be well formed")
    }

    /// Refuses a body that does not say it is JSON (`application/json`, or any `+json` type)
    /// with 415: a form or a file posted to a JSON route by mistake is named, not half-read.
    static func requireJSON(_ request: Request) throws {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let type, type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")) else {
            throw Problem(.unsupportedMediaType, type: "unsupported-media-type", title: "The body must be JSON",
                          detail: "Content-Type is \(request.headers[.contentType].map { "'\($0)'" } ?? "missing"); send the body as application/json")
        }
    }

    public static let notFound = Problem(.notFound, type: "not-found", title: "Not found",
                                         detail: "no resource at this path; see the README for the routes")

    public var json: JSONValue {
        var o = JSONObject([("type", .string("/problems/\(type)")), ("title", .string(title)),
                            ("status", .number(Double(status.code))), ("detail", .string(detail))])
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        .body(json.jsonText.utf8, contentType: "application/problem+json", status: status, headers: headers)
    }
}

extension Problem {
    /// The posted JSON object; a body that is not one is a 400 with the place it broke.
    static func jsonObject(_ request: Request) async throws -> JSONObject {
        try requireJSON(request)
        let buffer = try await request.body.collect(upTo: BodyLimitMiddleware<WanggeRequestContext>.defaultMaxBytes)
        let bytes = Array(buffer.readableBytesView)
        do {
            guard let o = try JSONParser.parse(bytes).objectValue else {
                throw DeskError.invalid([FieldProblem(field: "", reason: "the body must be a JSON object")])
            }
            return o
        } catch let e as JSONParser.SyntaxError {
            throw DeskError.invalid([FieldProblem(field: "", reason: "invalid JSON at byte \(e.offset): \(e.reason)")])
        }
    }
}
