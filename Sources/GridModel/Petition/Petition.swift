import GridGeo

/// A citizen petition (诉求) as the desk stores it: what was asked, where, and where it stands.
///
/// `placement` is computed when the petition is taken in and kept with it, so later boundary
/// changes do not rewrite where past petitions were counted.
public struct Petition: Sendable, Equatable {
    public var id: String
    public var receivedAt: Timestamp
    public var channel: Channel
    public var kind: Kind
    public var category: String
    public var urgency: Urgency
    public var text: String
    /// The address as the petitioner gave it (may be absent when a point was given).
    public var address: String?
    /// The WGS-84 point, when one was given or found.
    public var location: Coordinate?
    public var status: Status
    /// The building the point falls in, if any.
    public var building: String?
    /// The areas the point falls in, one per level.
    public var placement: AreaPlacement
    /// End of the resolution deadline (办结时限), from the category and the working-day calendar.
    public var resolveBy: Timestamp?

    public init(id: String, receivedAt: Timestamp, channel: Channel, kind: Kind, category: String, urgency: Urgency,
                text: String, address: String? = nil, location: Coordinate?, status: Status,
                building: String? = nil, placement: AreaPlacement = AreaPlacement(), resolveBy: Timestamp? = nil) {
        self.id = id
        self.receivedAt = receivedAt
        self.channel = channel
        self.kind = kind
        self.category = category
        self.urgency = urgency
        self.text = text
        self.address = address
        self.location = location
        self.status = status
        self.building = building
        self.placement = placement
        self.resolveBy = resolveBy
    }

    /// Open and past its resolution deadline at `now`.
    public func isOverdue(at now: Timestamp) -> Bool {
        guard status.isOpen, let resolveBy else { return false }
        return now.seconds > resolveBy.seconds
    }

    /// How the petition reached the platform.
    public enum Channel: String, Sendable, CaseIterable {
        case hotline, miniapp, web, servicePoint = "service_point", visit, letter
    }

    /// What the petitioner wants (咨询, 建议, 求决, 投诉).
    public enum Kind: String, Sendable, CaseIterable {
        case consult, suggest, request, complain
    }

    public enum Urgency: String, Sendable, CaseIterable {
        case normal, urgent, critical
    }

    /// Where a petition stands in its life (see DOMAIN.md).
    public enum Status: String, Sendable, CaseIterable {
        case received, dispatched, accepted, replied, resolved, closed, reopened, unplaced, rejected

        /// Still waiting for the unit: everything but resolved, closed and rejected.
        public var isOpen: Bool {
            switch self {
            case .resolved, .closed, .rejected: false
            default: true
            }
        }
    }
}
