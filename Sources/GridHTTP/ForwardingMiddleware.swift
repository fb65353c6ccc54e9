import GridModel
import HTTPTypes
import Hummingbird

/// Decides where links point and who the audit log says asked: the configured public URL, else
/// what a trusted reverse proxy says (`X-Forwarded-Proto`, `-Host`, `-For`), else the address the
/// connection came in on. `X-Forwarded-*` from anyone but a configured proxy is ignored, so no
/// caller can make the API advertise another host or hide behind another address.
struct ForwardingMiddleware: RouterMiddleware {
    typealias Context = WanggeRequestContext
    let options: ServerOptions

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let viaProxy = context.remoteAddress?.ipAddress.map { options.trustedProxies.contains($0) } ?? false
        if viaProxy {
            // The proxy appends the address it saw last: that one it vouches for.
            if let chain = request.headers[Self.forwardedFor],
               let client = chain.split(separator: ",").last.map({ String($0).trimmingWhitespace }), !client.isEmpty, Self.isAddress(client) {
                context.caller.origin = client
            }
            if options.publicURL == nil, let host = request.headers[Self.forwardedHost], Self.isHost(host) {
                let proto = request.headers[Self.forwardedProto] == "https" ? "https" : "http"
                context.baseURL = proto + "://" + host
            }
        }
        if let url = options.publicURL { context.baseURL = url }
        return try await next(request, context)
    }

    /// An IPv4 or IPv6 address as proxies write it (digits, hex, dots and colons).
    static func isAddress(_ s: String) -> Bool {
        s.count <= 45 && s.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
    }

    /// A host[:port] (letters, digits, dots, dashes, brackets for IPv6): nothing that could bend a URL.
    static func isHost(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 255 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }
    }
}
