import GridGeo

/// The case loop's record beyond the milestones (接、派、办、督、评): supervisions issued on the
/// case, an extension a unit asked for, a return waiting for the dispatcher, the screening
/// verdict and the petitioner's ratings. Kept with the petition; every change to it is also an
/// event in the append-only log.
public struct CaseState: Sendable, Equatable {
    /// Supervisions (督办), oldest first.
    public var supervisions: [Supervision] = []
    /// An extension the lead unit asked for (延期申请), waiting for the dispatcher; at most one.
    public var extensionRequest: ExtensionRequest?
    /// While the case waits as `returned`: the status it had at the unit, to go back to if the
    /// dispatcher refuses the return.
    public var returnedFrom: Petition.Status?
    /// The units that sent the case back (退回), in order: what `/stats` counts as 推诿.
    public var returnedBy: [String] = []
    /// The screening verdict (甄别), if the case was screened.
    public var screening: Screening?
    /// The petitioner's ratings of the handling, each 1–5, beside the overall rating.
    public var ratings: Ratings?

    public init() {}

    public var isEmpty: Bool { self == CaseState() }

    /// One supervision (督办): its level, who issued it, by when the lead unit must answer.
    public struct Supervision: Sendable, Equatable {
        public var level: Int
        public var issuer: String
        public var at: Timestamp
        public var due: Timestamp
        public var note: String
        public var answeredAt: Timestamp?
        public var answer: String?
        /// Whether the missed `due` has been warned about (once).
        public var warned = false

        public init(level: Int, issuer: String, at: Timestamp, due: Timestamp, note: String) {
            self.level = level
            self.issuer = issuer
            self.at = at
            self.due = due
            self.note = note
        }

        public var isOpen: Bool { answeredAt == nil }
        public func isOverdue(at now: Timestamp) -> Bool { isOpen && now > due }

        /// 提醒, 督办, 挂牌督办.
        public static let levelNames = [1: "提醒", 2: "督办", 3: "挂牌督办"]
    }

    /// An extension request (延期申请): working days on the calendar, and why.
    public struct ExtensionRequest: Sendable, Equatable {
        public var workingDays: Int
        public var reason: String
        public var at: Timestamp
        public var by: String

        public init(workingDays: Int, reason: String, at: Timestamp, by: String) {
            self.workingDays = workingDays
            self.reason = reason
            self.at = at
            self.by = by
        }
    }

    /// 甄别: whether the petition is reasonable (合理), partly (部分合理) or not (不合理).
    public enum Screening: String, Sendable, CaseIterable {
        case reasonable, partly, unreasonable

        public var chineseName: String {
            switch self {
            case .reasonable: "合理"
            case .partly: "部分合理"
            case .unreasonable: "不合理"
            }
        }
    }

    /// The petitioner's ratings on several dimensions, each 1 (worst) to 5 (best).
    public struct Ratings: Sendable, Equatable {
        public var attitude: Int
        public var efficiency: Int
        public var result: Int

        public init(attitude: Int, efficiency: Int, result: Int) {
            self.attitude = attitude
            self.efficiency = efficiency
            self.result = result
        }
    }

    /// The open supervision the lead unit answers next: the highest level, then the oldest.
    public var openSupervisionIndex: Int? {
        supervisions.indices.filter { supervisions[$0].isOpen }
            .max { (supervisions[$0].level, -$0) < (supervisions[$1].level, -$1) }
    }
}
