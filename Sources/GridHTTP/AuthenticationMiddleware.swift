import Foundation
import GridModel
import GridService
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// Reads `Authorization: Bearer wg_…` — or HTTP Basic with the token as the password, for GIS
/// and command-line clients that cannot send a bearer header (QGIS's OAPIF layers, curl -u) —
/// and puts the token's caller in the context: same rules, same audit. No header: an anonymous
/// caller, who may still read the public layers — unless a person is signed in at the desk (a
/// session cookie, read by hummingbird-auth's session middleware before this one): then the
/// caller is that person, and every write must carry the session's CSRF token in
/// `X-CSRF-Token` (a token in the header wins over a cookie and needs none).
/// A header that names no active token is refused
/// with 401 on every route, public ones too: a client with a revoked or mistyped token should
/// learn it at once, not see less and wonder why.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = WanggeRequestContext
    let tokens: AccessTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            guard let user = context.identity else { return try await next(request, context) }
            if ![.get, .head, .options].contains(request.method) {
                let sent = request.headers[HTTPField.Name(DeskSession.csrfHeader)!]
                guard let expected = context.sessions.session?.csrf, let sent, Self.same(sent, expected) else {
                    throw Problem(.forbidden, type: "csrf", title: "Missing or wrong CSRF token",
                                  detail: "a write from a signed-in page must carry the session's token in \(DeskSession.csrfHeader) (GET /session gives it)")
                }
            }
            var context = context
            context.caller.user = user
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let secret: String
        switch parts.count == 2 ? parts[0].lowercased() : "" {
        case "bearer":
            secret = String(parts[1]).trimmingWhitespace
        case "basic":
            // user:password, base64; the password is the token, the user name is not used.
            guard let decoded = Data(base64Encoded: String(parts[1]).trimmingWhitespace).flatMap({ String(data: $0, encoding: .utf8) }),
                  let colon = decoded.firstIndex(of: ":") else {
                throw AccessDenied.unauthenticated("HTTP Basic credentials must be base64 of 'user:token' (the token from wangge token create as the password)")
            }
            secret = String(decoded[decoded.index(after: colon)...])
        default:
            throw AccessDenied.unauthenticated("the Authorization header must be 'Bearer wg_…' or HTTP Basic with the token as the password (a token from wangge token create)")
        }
        guard let token = try tokens.token(forSecret: secret) else {
            throw AccessDenied.unauthenticated("the token is unknown or revoked; ask an admin for a new one (wangge token create)")
        }
        var context = context
        context.caller.token = token
        return try await next(request, context)
    }

    /// Compares two secrets in time independent of where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
