import Foundation
import GridGeo
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

    public static func unknownParameter(_ name: String, allowed: [String]) -> Problem {
        Problem(.badRequest, type: "unknown-parameter", title: "Unknown query parameter",
                detail: "'\(name)' is not a parameter of this endpoint; allowed: \(allowed.joined(separator: ", "))")
    }

    public static func invalidParameter(_ name: String, _ reason: String) -> Problem {
        Problem(.badRequest, type: "invalid-parameter", title: "Invalid query parameter", detail: "\(name): \(reason)")
    }

    public static func missingParameter(_ name: String, _ meaning: String) -> Problem {
        Problem(.badRequest, type: "missing-parameter", title: "Missing query parameter", detail: "\(name) is required (\(meaning))")
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
