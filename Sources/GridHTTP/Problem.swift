import Foundation
import GridGeo
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

    public init(_ status: HTTPResponse.Status, type: String, title: String, detail: String) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
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

    public static let notFound = Problem(.notFound, type: "not-found", title: "Not found",
                                         detail: "no resource at this path; see the README for the routes")

    public var json: JSONValue {
        ["type": .string("/problems/\(type)"), "title": .string(title), "status": .number(Double(status.code)), "detail": .string(detail)]
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        .body(json.jsonText.utf8, contentType: "application/problem+json", status: status)
    }
}
