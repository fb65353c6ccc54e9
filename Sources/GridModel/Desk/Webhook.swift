/// An address outside Wangge (an SMS gateway, an office system) told of notices as they happen:
/// each delivery a POST of the notice as JSON, signed with HMAC-SHA256 under the hook's secret.
public struct Webhook: Sendable, Equatable {
    public var id: String
    public var url: String
    /// The notice kinds it wants.
    public var events: Set<DeskNotice.Kind>
    /// Only notices on cases of this unit (lead or assisting), when set.
    public var unit: String?
    public var createdAt: Timestamp
    public var removedAt: Timestamp?

    public init(id: String, url: String, events: Set<DeskNotice.Kind>, unit: String?, createdAt: Timestamp, removedAt: Timestamp? = nil) {
        self.id = id
        self.url = url
        self.events = events
        self.unit = unit
        self.createdAt = createdAt
        self.removedAt = removedAt
    }

    /// Whether this hook wants `notice`.
    public func wants(_ notice: DeskNotice) -> Bool {
        guard removedAt == nil, events.contains(notice.type) else { return false }
        guard let unit else { return true }
        return notice.unit == unit || notice.assistingUnits.contains(unit)
    }

    /// Seconds to wait before each retry after a failed delivery: six tries over about two hours.
    public static let retryDelays: [Int64] = [30, 120, 600, 1800, 3600]

    /// One delivery of one notice to one hook, as the delivery log keeps it.
    public struct Delivery: Sendable, Equatable {
        public var id: Int64
        public var hook: String
        public var notice: Int64
        public var attempts: Int
        public var state: State
        public var nextAt: Int64
        public var lastStatus: Int?
        public var lastError: String?
        public var deliveredAt: Timestamp?

        public enum State: String, Sendable {
            case pending, delivered, failed
        }

        public init(id: Int64, hook: String, notice: Int64, attempts: Int, state: State, nextAt: Int64, lastStatus: Int?, lastError: String?,
                    deliveredAt: Timestamp?) {
            self.id = id
            self.hook = hook
            self.notice = notice
            self.attempts = attempts
            self.state = state
            self.nextAt = nextAt
            self.lastStatus = lastStatus
            self.lastError = lastError
            self.deliveredAt = deliveredAt
        }
    }
}
