import GridModel

/// An audit entry as listed.
public struct AuditEntry: Sendable, Equatable {
    public var at: Timestamp
    public var actor: String
    public var action: String
    public var target: String?
    public var origin: String?
    public var detail: String?

    public init(at: Timestamp, actor: String, action: String, target: String?, origin: String?, detail: String?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.origin = origin
        self.detail = detail
    }
}
