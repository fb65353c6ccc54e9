import Foundation
import GridModel
import GridService
import Hummingbird

/// Reads `Authorization: Bearer wg_…` — or HTTP Basic with the token as the password, for GIS
/// and command-line clients that cannot send a bearer header (QGIS's OAPIF layers, curl -u) —
/// and puts the token's caller in the context: same rules, same audit. No header: an anonymous
/// caller, who may still read the public layers. A header that names no active token is refused
/// with 401 on every route, public ones too: a client with a revoked or mistyped token should
/// learn it at once, not see less and wonder why.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = WanggeRequestContext
    let tokens: AccessTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
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
}
