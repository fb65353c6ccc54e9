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
