/// Who sent a request, and from where: the role and scope of the token they showed or of the
/// person signed in, or nobody (anonymous). Every access decision and every audit entry starts
/// from one.
public struct Caller: Sendable, Equatable {
    /// The token shown (machines), or nil.
    public var token: ApiToken?
    /// The person signed in at the desk (a session), or nil.
    public var user: UserAccount?
    /// Where the request came from (the HTTP peer address), for the audit log.
    public var origin: String?

    public init(token: ApiToken?, origin: String? = nil) {
        self.token = token
        self.origin = origin
    }

    /// A person signed in at the desk.
    public init(user: UserAccount, origin: String? = nil) {
        self.user = user
        self.origin = origin
    }

    /// Nobody: public layers and aggregates only.
    public static let anonymous = Caller(token: nil)

    /// Wangge itself or a local operator at the CLI, by name (`desk` when none is given): everything.
    public static func local(_ name: String) -> Caller {
        Caller(token: ApiToken(id: name.isEmpty ? "desk" : name, role: .admin, createdAt: Timestamp(seconds: 0)))
    }

    public var role: Role? { user?.role ?? token?.role }
    /// The unit a unit role works for.
    public var unit: String? { user == nil ? token?.unit : user?.unit }
    /// The area a grid worker covers.
    public var area: String? { user == nil ? token?.area : user?.area }

    /// The name events and the audit log record: the person's user name, or the token's id
    /// (`wangge token list` says whose it is) — never a name typed into a request body.
    public var actor: String { user?.name ?? token?.id ?? "anonymous" }

    /// Whether the caller's role allows `permission` at all (scope aside).
    public func may(_ permission: Permission) -> Bool { role?.may(permission) ?? false }
}
