/// The desk's work lists (工作台): which cases wait for whom, by role. The one home of what
/// each list holds and of its Chinese name; the desk pages read them from `GET /queues`.
public enum WorkQueue: String, Sendable, CaseIterable {
    // The dispatcher's (and admin's) lists.
    case toDispatch = "to_dispatch"
    case toPlace = "to_place"
    case likelyRepeats = "likely_repeats"
    case returned
    case extensionRequests = "extension_requests"
    case overdue
    case toCallback = "to_callback"
    // A unit's lists.
    case toAccept = "to_accept"
    case inProgress = "in_progress"
    case dueSoon = "due_soon"
    case supervised
    // A grid worker's lists.
    case cellCases = "cell_cases"
    case toScreen = "to_screen"

    /// The list's name on screens.
    public var chineseName: String {
        switch self {
        case .toDispatch: "待派发"
        case .toPlace: "待定位"
        case .likelyRepeats: "疑似重复"
        case .returned: "退回待处理"
        case .extensionRequests: "延期待批"
        case .overdue: "超期"
        case .toCallback: "待回访"
        case .toAccept: "待签收"
        case .inProgress: "办理中"
        case .dueSoon: "即将超期"
        case .supervised: "已督办"
        case .cellCases: "网格内诉求"
        case .toScreen: "待甄别"
        }
    }

    /// The lists a role works from, in the order its screen shows them. Inspectors and
    /// supervisors watch deadlines and supervisions.
    public static func queues(for role: Role) -> [WorkQueue] {
        switch role {
        case .admin, .dispatcher: [.toDispatch, .toPlace, .likelyRepeats, .returned, .extensionRequests, .overdue, .toCallback]
        case .unit: [.toAccept, .inProgress, .dueSoon, .supervised, .overdue]
        case .gridWorker: [.cellCases, .toScreen, .overdue]
        case .inspector: [.overdue, .dueSoon, .supervised]
        case .planner: []
        }
    }

    /// Whether `p` belongs on this list at `now`; `dueSoonSeconds` is the policy's warning window.
    /// Scope (a unit's cases, a worker's cells) is the caller's, checked apart.
    public func contains(_ p: Petition, at now: Timestamp, dueSoonSeconds: Int64) -> Bool {
        switch self {
        case .toDispatch: return p.status == .received
        case .toPlace: return p.status == .unplaced
        case .likelyRepeats: return p.status.isOpen && p.duplicateOf != nil
        case .returned: return p.status == .returned
        case .extensionRequests: return p.status.isOpen && p.caseState.extensionRequest != nil
        case .overdue: return p.lateness(at: now) != nil
        case .toCallback: return Self.awaitsCallback(p)
        case .toAccept: return p.status == .dispatched || p.status == .reopened
        case .inProgress: return p.status == .accepted || p.status == .replied
        case .dueSoon:
            return p.pendingDeadlines().contains { now <= $0.at && $0.at.seconds - now.seconds <= dueSoonSeconds }
        case .supervised: return p.status.isOpen && p.caseState.openSupervisionIndex != nil
        case .cellCases: return p.status.isOpen
        case .toScreen: return p.status == .resolved && p.caseState.screening == nil
        }
    }

    /// Resolved and waiting for the resident's judgement, or closed, picked for a callback
    /// (sampled or dissatisfied) and not yet rated: what the callback desk (回访) works through.
    public static func awaitsCallback(_ p: Petition) -> Bool {
        p.status == .resolved || (p.status == .closed && p.callback && p.rating == nil)
    }

    /// The deadline a list row counts down to: the earliest still pending, or nil.
    public static func nextDeadline(of p: Petition) -> (kind: PetitionDeadlines.Kind, at: Timestamp)? {
        p.pendingDeadlines().min { $0.at < $1.at }
    }
}
