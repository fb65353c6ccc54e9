import GridModel
import Hummingbird
import HummingbirdAuth
import NIOCore

/// The request context of every Wangge route: the router's own storage plus who is asking
/// (set by `AuthenticationMiddleware`) and the peer address the audit log records.
public struct WanggeRequestContext: RequestContext, RemoteAddressRequestContext, SessionRequestContext, AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Anonymous until `AuthenticationMiddleware` has read a valid bearer token.
    public var caller: Caller
    /// Where absolute links point (`http://127.0.0.1:8080`, or the configured public URL); set
    /// by `ForwardingMiddleware`, from the address the connection came in on until then.
    public var baseURL: String
    /// The desk session the cookie names (hummingbird-auth's `SessionMiddleware` loads it).
    public let sessions: SessionContext<DeskSession>
    /// The person the session names, while still allowed (`SessionAuthenticator` sets it).
    public var identity: UserAccount?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        caller = Caller(token: nil, origin: remoteAddress.flatMap(Self.describe))
        baseURL = source.channel.localAddress.flatMap(Self.describe).map { "http://" + $0 } ?? ""
        sessions = SessionContext()
        identity = nil
    }

    /// The peer as the audit log shows it: `127.0.0.1:53122`, `[::1]:53122`.
    static func describe(_ address: SocketAddress) -> String? {
        guard let ip = address.ipAddress else { return address.pathname }
        guard let port = address.port else { return ip }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
