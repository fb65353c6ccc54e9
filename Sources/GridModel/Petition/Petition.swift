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

    // The desk's record of the case (empty for history imported without it).
    /// The household the address names, when it names one.
    public var household: String?
    /// The coordinate system the point was given in (the stored point is WGS-84).
    public var crs: CoordinateSystem = .wgs84
    /// Personal data: stored, never shown unmasked without the right role.
    public var contact: PetitionIntake.Contact?
    public var difficulty: Int?
    /// The boundary import the placement was made against.
    public var boundaryVersion: Int64?
    public var dispatchBy: Timestamp?
    public var firstReplyBy: Timestamp?
    /// The lead unit (主办) and the assisting ones (协办).
    public var unit: String?
    public var assistingUnits: [String] = []
    /// The routing rule that chose the unit, and why, in words.
    public var ruleID: String?
    public var ruleReason: String?
    /// When each milestone was first reached (resolution and closing: in the current round).
    public var dispatchedAt: Timestamp?
    public var firstReplyAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var closedAt: Timestamp?
    public var rating: Rating?
    public var outcome: Outcome?
    /// 1, then one more each time the case is reopened (二次流转).
    public var round = 1
    /// Marked for a callback visit (回访).
    public var callback = false
    /// The earlier open petition this one likely repeats (flag for the dispatcher), or the one
    /// it was merged into.
    public var duplicateOf: String?
    public var rejectReason: String?
    /// Deadlines already warned about (bits of `PetitionDeadlines.Kind`).
    public var warned = 0
    /// Supervisions, an extension asked for, a return, screening and ratings.
    public var caseState = CaseState()
    /// The petitioner's phone as a keyed hash (HMAC-SHA256 under the deployment's key): what
    /// finds a caller's earlier petitions without scanning phone numbers.
    public var contactKey: String?

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

    /// Where a petition stands in its life (README, "The petition desk").
    public enum Status: String, Sendable, CaseIterable {
        case received, dispatched, accepted, replied, resolved, closed, reopened, unplaced, rejected
        /// Sent back by the lead unit (退回), waiting for the dispatcher.
        case returned

        /// The status's name on screens (the one place it is written).
        public var chineseName: String {
            switch self {
            case .unplaced: "待定位"
            case .received: "已受理"
            case .dispatched: "已派单"
            case .accepted: "已签收"
            case .replied: "已答复"
            case .resolved: "已办结"
            case .closed: "已办毕"
            case .reopened: "重办"
            case .rejected: "不予受理"
            case .returned: "退回待处理"
            }
        }

        /// Still waiting for the unit: everything but resolved, closed and rejected.
        public var isOpen: Bool {
            switch self {
            case .resolved, .closed, .rejected: false
            default: true
            }
        }
    }
}
