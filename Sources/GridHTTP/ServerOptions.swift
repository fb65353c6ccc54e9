import GridModel
import Hummingbird

/// How the server faces the network: the address it tells clients to use, the proxies it trusts,
/// and the limits that keep slow or hostile clients from holding it.
public struct ServerOptions: Sendable {
    /// The URL clients reach the service at (`https://grid.example.gov.cn/wangge`), used for every
    /// absolute link; nil: the address the connection came in on. Never the request's Host
    /// header, which any caller can set.
    public var publicURL: String?
    /// Peer addresses of reverse proxies whose `X-Forwarded-For`/`-Proto`/`-Host` are believed;
    /// from anyone else those headers are ignored.
    public var trustedProxies: Set<String>
    /// A request's head must arrive whole within this long of the connection opening or the
    /// previous answer (also how long an idle keep-alive connection is kept).
    public var headerTimeout: Duration
    /// A request's body must arrive whole within this long of its head.
    public var bodyTimeout: Duration
    /// Connections served at once; more are closed on arrival.
    public var maxConnections: Int
    /// Web origins (`https://map.example.gov.cn`) whose pages may send a token across origins;
    /// every other origin reads public answers only.
    public var corsOrigins: Set<String>
    /// The largest file a petition may carry.
    public var maxAttachmentBytes: Int
    /// A folder for attachments' bytes that every server mounts; nil: the store's own place
    /// (beside a SQLite file; in the PostgreSQL database).
    public var attachmentsFolder: String?
    /// People's sign-in: lock, delays, session lifetime, whether a second factor is required.
    public var signIn = SignInPolicy()

    /// Whether the desk's session cookie is `Secure`: when clients reach the service over TLS
    /// (a public URL with https; TLS itself ends at the reverse proxy in front of Wangge).
    public var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    public init(publicURL: String? = nil, trustedProxies: Set<String> = [], headerTimeout: Duration = .seconds(20),
                bodyTimeout: Duration = .seconds(60), maxConnections: Int = 2048, corsOrigins: Set<String> = [],
                maxAttachmentBytes: Int = 20 << 20) {
        self.corsOrigins = corsOrigins
        self.maxAttachmentBytes = maxAttachmentBytes
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.trustedProxies = trustedProxies
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
    }

    /// Whether `text` is a usable public URL: http or https with a host, no query or fragment.
    public static func isValidPublicURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        let rest = text.drop { $0 != ":" }.dropFirst(3)
        return !rest.isEmpty && !rest.hasPrefix("/") && !text.contains("?") && !text.contains("#") && !text.contains(" ")
    }
}
