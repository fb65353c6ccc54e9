extension Petition {
    /// The deadlines still to be met, and whether each has passed at `now`: what the
    /// supervision list and the warnings look at. Dispatch is met once dispatched, the first
    /// reply once replied (or resolved), resolution once resolved; nothing is due on a petition
    /// that is closed, resolved or rejected, or still waiting to be placed.
    public func pendingDeadlines() -> [(kind: PetitionDeadlines.Kind, at: Timestamp)] {
        guard status.isOpen, status != .unplaced else { return [] }
        var out: [(PetitionDeadlines.Kind, Timestamp)] = []
        if dispatchedAt == nil, status == .received, let dispatchBy { out.append((.dispatch, dispatchBy)) }
        if firstReplyAt == nil, resolvedAt == nil, let firstReplyBy { out.append((.firstReply, firstReplyBy)) }
        if let resolveBy { out.append((.resolve, resolveBy)) }
        return out
    }

    /// How many seconds past its earliest missed deadline the petition is at `now` (nil: none missed).
    public func lateness(at now: Timestamp) -> Int64? {
        let missed = pendingDeadlines().filter { now.seconds > $0.at.seconds }
        return missed.map { now.seconds - $0.at.seconds }.max()
    }

    /// Applies an event already allowed by `PetitionLifecycle` to the record of the case.
    /// - Parameter policy: decides the callback sample when the case closes.
    public mutating func apply(_ e: PetitionEvent, policy: DeskPolicy) {
        status = e.to
        switch e.action {
        case .dispatch:
            if let u = e.details["unit"] { unit = u }
            if dispatchedAt == nil { dispatchedAt = e.at }
        case .reply:
            if firstReplyAt == nil { firstReplyAt = e.at }
        case .resolve:
            resolvedAt = e.at
            if let o = e.details["outcome"].flatMap(Outcome.init(rawValue:)) { outcome = o }
        case .evaluate:
            rating = e.details["rating"].flatMap(Rating.init(rawValue:))
            if let o = e.details["outcome"].flatMap(Outcome.init(rawValue:)) { outcome = o }
            if rating == .notSatisfied {
                startNextRound()
                callback = true
            } else {
                if closedAt == nil || e.from == .resolved { closedAt = e.at }
                callback = callback || policy.needsCallback(petitionID: id, dissatisfied: false)
            }
        case .close:
            closedAt = e.at
            callback = callback || policy.needsCallback(petitionID: id, dissatisfied: false)
        case .reopen:
            startNextRound()
        case .reject:
            rejectReason = e.note
        case .merge:
            duplicateOf = e.details["into"]
            rejectReason = e.note ?? "重复诉求，并入 \(e.details["into"] ?? "")"
        case .keep:
            duplicateOf = nil
        case .warn:
            if let k = e.details["deadline"].flatMap(PetitionDeadlines.Kind.init(rawValue:)) { warned |= k.bit }
        case .receive, .accept, .progress, .place, .escalate, .note:
            break
        }
    }

    /// A second round (二次流转): resolution and closing start over; the desk sets the new deadline.
    private mutating func startNextRound() {
        round += 1
        resolvedAt = nil
        closedAt = nil
        warned &= ~PetitionDeadlines.Kind.resolve.bit
    }
}
