import GridModel
import GridService
import Hummingbird

/// Reads `Authorization: Bearer wg_…` and puts the token's caller in the context. No header:
/// an anonymous caller, who may still read the public layers. A header that names no active
/// token is refused with 401 on every route, public ones too: a client with a revoked or
/// mistyped token should learn it at once, not see less and wonder why.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = WanggeRequestContext
    let tokens: AccessTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw AccessDenied.unauthenticated("the Authorization header must be 'Bearer wg_…' (a token from wangge token create)")
        }
        guard let token = try tokens.token(forSecret: String(parts[1]).trimmingWhitespace) else {
            throw AccessDenied.unauthenticated("the token is unknown or revoked; ask an admin for a new one (wangge token create)")
        }
        var context = context
        context.caller.token = token
        return try await next(request, context)
    }
}
