import HTTPTypes
import Hummingbird

/// Cross-origin reads for web maps on other sites (Leaflet, MapLibre, ECharts on a planner's own
/// page). Any origin may read public answers without credentials (`Access-Control-Allow-Origin: *`);
/// the origins named by `--cors-origin` may also send a token (`Authorization`) and read what it
/// opens. Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered here, for the
/// methods the path takes; a plain `OPTIONS` answers 204 with `Allow`.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = WanggeRequestContext
    /// Origins allowed to send credentials, as `scheme://host[:port]`.
    let trustedOrigins: Set<String>

    static let allowOrigin = HTTPField.Name("Access-Control-Allow-Origin")!
    static let allowCredentials = HTTPField.Name("Access-Control-Allow-Credentials")!
    static let allowMethods = HTTPField.Name("Access-Control-Allow-Methods")!
    static let allowHeaders = HTTPField.Name("Access-Control-Allow-Headers")!
    static let exposeHeaders = HTTPField.Name("Access-Control-Expose-Headers")!
    static let maxAge = HTTPField.Name("Access-Control-Max-Age")!
    static let requestMethod = HTTPField.Name("Access-Control-Request-Method")!
    static let origin = HTTPField.Name("Origin")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origin = request.headers[Self.origin]
        if request.method == .options {
            guard let methods = OpenAPIDocument.methods(at: request.uri.path) else { throw Problem.notFound }
            var headers = HTTPFields()
            headers[.allow] = (methods + ["OPTIONS"]).joined(separator: ", ")
            if let origin, request.headers[Self.requestMethod] != nil {
                let trusted = trustedOrigins.contains(origin)
                headers[Self.allowOrigin] = trusted ? origin : "*"
                headers[Self.allowMethods] = (trusted ? methods : methods.filter { ["GET", "HEAD"].contains($0) }).joined(separator: ", ")
                // Only a trusted origin may send a token; any may send the content type of a JSON body.
                headers[Self.allowHeaders] = trusted ? "Authorization, Content-Type, Accept, Last-Event-ID" : "Accept"
                if trusted {
                    headers[Self.allowCredentials] = "true"
                    headers[.vary] = "Origin"
                }
                headers[Self.maxAge] = "600"
            }
            return Response(status: .noContent, headers: headers)
        }
        guard let origin else { return try await next(request, context) }
        do {
            var response = try await next(request, context)
            mark(&response.headers, origin: origin, credentials: request.headers[.authorization] != nil)
            return response
        } catch var problem as Problem {
            mark(&problem.headers, origin: origin, credentials: request.headers[.authorization] != nil)
            throw problem
        }
    }

    /// A trusted origin reads everything it is answered; any other reads only answers to
    /// requests without credentials.
    func mark(_ headers: inout HTTPFields, origin: String, credentials: Bool) {
        if trustedOrigins.contains(origin) {
            headers[Self.allowOrigin] = origin
            headers[Self.allowCredentials] = "true"
            headers[.vary] = "Origin"
        } else if !credentials {
            headers[Self.allowOrigin] = "*"
        } else {
            return
        }
        headers[Self.exposeHeaders] = "Content-Crs, Server-Timing, Location, WWW-Authenticate"
    }
}
