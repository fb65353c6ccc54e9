/// The state machine of a petition: which action is allowed in which status and where it
/// leads. Pure; the desk checks every event against it before storing it.
public enum PetitionLifecycle {
    /// Actions that leave the status as it is.
    static let annotations: Set<PetitionEvent.Action> = [.progress, .escalate, .warn, .note, .keep, .supervise, .answerSupervision,
                                                          .regrade, .extend, .approveExtension, .refuseExtension, .screen]

    /// What may happen next from `status`, in the order a dispatcher would look for it.
    public static func allowedActions(from status: Petition.Status) -> [PetitionEvent.Action] {
        switch status {
        case .unplaced: [.place, .reject, .merge, .keep, .escalate, .regrade, .screen, .note]
        case .received: [.dispatch, .reject, .merge, .keep, .escalate, .supervise, .regrade, .screen, .warn, .note]
        case .dispatched: [.accept, .dispatch, .sendBack, .reject, .merge, .progress, .escalate, .supervise, .answerSupervision, .regrade,
                           .extend, .approveExtension, .refuseExtension, .screen, .warn, .note]
        case .accepted: [.reply, .resolve, .dispatch, .sendBack, .progress, .escalate, .supervise, .answerSupervision, .regrade,
                         .extend, .approveExtension, .refuseExtension, .screen, .warn, .note]
        case .replied: [.resolve, .reply, .dispatch, .sendBack, .progress, .escalate, .supervise, .answerSupervision, .regrade,
                        .extend, .approveExtension, .refuseExtension, .screen, .warn, .note]
        case .returned: [.dispatch, .refuseReturn, .reject, .merge, .escalate, .supervise, .regrade, .screen, .warn, .note]
        case .resolved: [.evaluate, .close, .reopen, .screen, .note]
        case .closed: [.evaluate, .reopen, .screen, .note]
        case .reopened: [.accept, .dispatch, .sendBack, .reject, .progress, .escalate, .supervise, .answerSupervision, .regrade,
                         .extend, .approveExtension, .refuseExtension, .screen, .warn, .note]
        case .rejected: [.screen, .note]
        }
    }

    /// The status after `action` from `status`, or nil when the action is not allowed there.
    /// An evaluation's result depends on the rating: not satisfied reopens the case; a refused
    /// return goes back to the status the case had at the unit (`returnedFrom`).
    public static func target(of action: PetitionEvent.Action, from status: Petition.Status,
                              rating: Petition.Rating? = nil, returnedFrom: Petition.Status? = nil) -> Petition.Status? {
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
        case .sendBack: return .returned
        case .refuseReturn: return returnedFrom ?? .dispatched
        default: return nil
        }
    }

    /// Actions only the lead unit (主办) may take among units; assisting units (协办) may note
    /// and report progress.
    public static let leadUnitActions: Set<PetitionEvent.Action> = [.accept, .reply, .resolve, .sendBack, .extend, .answerSupervision]
}

extension Caller {
    /// Whether the caller's unit, if it has one, may take `action` on `p`: among units, only the
    /// lead (主办) accepts, replies, resolves, sends back, asks for time and answers supervision;
    /// assisting units (协办) note and report progress. Callers without a unit: always.
    public func leads(_ action: PetitionEvent.Action, on p: Petition) -> Bool {
        guard let own = unit, PetitionLifecycle.leadUnitActions.contains(action) else { return true }
        return p.unit == own
    }

    /// The actions this caller may take on `p` now: what the lifecycle allows from its status,
    /// what the role may post, the lead unit's actions for the lead unit only, and what the case
    /// itself waits for (an extension to decide, a supervision to answer, a likely repeat to keep
    /// or merge). Automatic actions (warnings) are never offered. What the case page shows as
    /// buttons; the desk checks the same again when the event arrives.
    public func actions(on p: Petition) -> [PetitionEvent.Action] {
        PetitionLifecycle.allowedActions(from: p.status).filter { a in
            guard a != .warn, a != .receive, may(.post(a)) else { return false }
            if !leads(a, on: p) { return false }
            switch a {
            case .approveExtension, .refuseExtension: return p.caseState.extensionRequest != nil
            case .extend: return p.caseState.extensionRequest == nil
            case .answerSupervision: return p.caseState.openSupervisionIndex != nil
            case .keep: return p.duplicateOf != nil && p.status.isOpen
            default: return true
            }
        }
    }
}
