/// The state machine of a petition: which action is allowed in which status and where it
/// leads. Pure; the desk checks every event against it before storing it.
public enum PetitionLifecycle {
    /// Actions that leave the status as it is.
    static let annotations: Set<PetitionEvent.Action> = [.progress, .escalate, .warn, .note, .keep]

    /// What may happen next from `status`, in the order a dispatcher would look for it.
    public static func allowedActions(from status: Petition.Status) -> [PetitionEvent.Action] {
        switch status {
        case .unplaced: [.place, .reject, .merge, .keep, .escalate, .note]
        case .received: [.dispatch, .reject, .merge, .keep, .escalate, .warn, .note]
        case .dispatched: [.accept, .dispatch, .reject, .merge, .progress, .escalate, .warn, .note]
        case .accepted: [.reply, .resolve, .dispatch, .progress, .escalate, .warn, .note]
        case .replied: [.resolve, .reply, .dispatch, .progress, .escalate, .warn, .note]
        case .resolved: [.evaluate, .close, .reopen, .note]
        case .closed: [.evaluate, .reopen, .note]
        case .reopened: [.accept, .dispatch, .reject, .progress, .escalate, .warn, .note]
        case .rejected: [.note]
        }
    }

    /// The status after `action` from `status`, or nil when the action is not allowed there.
    /// An evaluation's result depends on the rating: not satisfied reopens the case.
    public static func target(of action: PetitionEvent.Action, from status: Petition.Status,
                              rating: Petition.Rating? = nil) -> Petition.Status? {
        guard allowedActions(from: status).contains(action) else { return nil }
        if annotations.contains(action) { return status }
        switch action {
        case .dispatch: return .dispatched
        case .accept: return .accepted
        case .reply: return .replied
        case .resolve: return .resolved
        case .evaluate: return rating == .notSatisfied ? .reopened : .closed
        case .close: return .closed
        case .reopen: return .reopened
        case .reject, .merge: return .rejected
        case .place: return .received
        default: return nil
        }
    }
}
