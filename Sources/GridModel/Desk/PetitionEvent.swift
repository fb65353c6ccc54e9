/// One step in a petition's life, as the append-only event log keeps it: who did what, when,
/// and the state it left the petition in.
public struct PetitionEvent: Sendable, Equatable {
    /// 1 for the intake event, then one more per event.
    public var sequence: Int
    public var at: Timestamp
    /// Who: a person's or a unit's name, or `system` for what Wangge does itself.
    public var actor: String
    public var action: Action
    /// The status before (nil for the intake event) and after.
    public var from: Petition.Status?
    public var to: Petition.Status
    public var note: String?
    /// What the action carries: the unit dispatched to, the rating, the missed deadline …
    public var details: [String: String]

    public init(sequence: Int = 0, at: Timestamp, actor: String, action: Action, from: Petition.Status?,
                to: Petition.Status, note: String? = nil, details: [String: String] = [:]) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.note = note
        self.details = details
    }

    /// What can happen to a petition (接、派、办、督、评).
    public enum Action: String, Sendable, CaseIterable {
        /// Taken in (the first event of every petition).
        case receive
        /// Handed to a unit (派单); again later as a re-dispatch, which needs a reason.
        case dispatch
        /// The unit takes the case on (签收).
        case accept
        /// A reply to the petitioner (答复); the first one counts for 首复.
        case reply
        /// A progress note from the unit, no change of state.
        case progress
        /// The unit reports the outcome (办结).
        case resolve
        /// The petitioner's rating and judged outcome (群众主评).
        case evaluate
        /// Closed without a rating (the petitioner could not be reached).
        case close
        /// Back for another round (二次流转).
        case reopen
        /// Refused as a duplicate, a false report or out of scope, with the reason.
        case reject
        /// A dispatcher places an unplaced petition by hand.
        case place
        /// A likely repeat merged into the earlier petition.
        case merge
        /// A likely repeat kept as a petition of its own.
        case keep
        /// Supervision (督办).
        case escalate
        /// A deadline passed (raised by Wangge, once per deadline).
        case warn
        /// A free note on the case.
        case note
        /// Supervision with a level (1 提醒, 2 督办, 3 挂牌督办) and a date to answer by.
        case supervise
        /// The lead unit's answer to the open supervision.
        case answerSupervision = "answer_supervision"
        /// The dispatcher corrects category, kind, urgency or difficulty (重新定性).
        case regrade
        /// The lead unit sends a misrouted case back (退回), with the reason.
        case sendBack = "return"
        /// The dispatcher refuses a return: the case goes back to the unit as it was.
        case refuseReturn = "refuse_return"
        /// The lead unit asks for more working days (延期申请).
        case extend
        /// The dispatcher grants the extension: the resolution deadline moves.
        case approveExtension = "approve_extension"
        /// The dispatcher refuses the extension.
        case refuseExtension = "refuse_extension"
        /// Screening (甄别): reasonable, partly or unreasonable.
        case screen

        /// The action's name on the desk's screens and in notes.
        public var chineseName: String {
            switch self {
            case .receive: "受理"
            case .dispatch: "派单"
            case .accept: "签收"
            case .reply: "答复"
            case .progress: "进展"
            case .resolve: "办结"
            case .evaluate: "评价"
            case .close: "办毕"
            case .reopen: "重办"
            case .reject: "不予受理"
            case .place: "定位"
            case .merge: "合并"
            case .keep: "保留"
            case .escalate: "提级督办"
            case .warn: "超期预警"
            case .note: "备注"
            case .supervise: "督办"
            case .answerSupervision: "督办回复"
            case .regrade: "重新定性"
            case .sendBack: "退回"
            case .refuseReturn: "不同意退回"
            case .extend: "申请延期"
            case .approveExtension: "同意延期"
            case .refuseExtension: "不同意延期"
            case .screen: "甄别"
            }
        }
    }
}

extension Petition {
    /// The petitioner's judgement of the handling (满意 / 基本满意 / 不满意).
    public enum Rating: String, Sendable, CaseIterable {
        case satisfied, mostly, notSatisfied = "not_satisfied"

        /// Satisfied and mostly satisfied both count as satisfied in the 满意率.
        public var isSatisfied: Bool { self != .notSatisfied }
    }

    /// Whether the problem was solved (解决 / 部分解决 / 未解决).
    public enum Outcome: String, Sendable, CaseIterable {
        case resolved, partly, notResolved = "not_resolved"
    }
}
