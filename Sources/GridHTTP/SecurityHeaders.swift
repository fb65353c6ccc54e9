import HTTPTypes
import Hummingbird

/// The headers that keep answers where they belong: pages that run only their own scripts and
/// cannot be framed, and answers for a signed-in caller that no cache keeps.
enum SecurityHeaders {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    /// An HTML page's headers: scripts from this server only, no framing by other sites, no
    /// referrer to other sites. Inline styles stay allowed (Leaflet and the legend's colours).
    /// - Parameter imageSources: origins besides this server that images (basemap tiles) come from.
    static func page(imageSources: [String]) -> HTTPFields {
        var h = HTTPFields()
        h[contentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src " + (["'self'", "data:"] + imageSources).joined(separator: " ") + "; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
        h[frameOptions] = "DENY"
        h[referrerPolicy] = "same-origin"
        return h
    }
}

/// `X-Content-Type-Options: nosniff` on every answer (a JSON answer is never run as a script),
/// and `Cache-Control: no-store` on every answer to a request that carried credentials: those
/// answers are cut to the caller's role and may hold personal data, so no browser or proxy cache
/// may keep them.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let credentials = request.headers[.authorization] != nil || request.headers[.cookie] != nil
        do {
            var response = try await next(request, context)
            Self.mark(&response.headers, credentials: credentials)
            return response
        } catch let error as Problem {
            var problem = error
            Self.mark(&problem.headers, credentials: credentials)
            throw problem
        }
    }

    static func mark(_ headers: inout HTTPFields, credentials: Bool) {
        headers[SecurityHeaders.contentTypeOptions] = "nosniff"
        if credentials { headers[.cacheControl] = "no-store" }
    }
}
