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
            // 并行派单: the assisting units named by hand replace the routed ones.
            if let assist = e.details["assist"] { assistingUnits = assist.split(separator: ",").map(String.init) }
            if dispatchedAt == nil { dispatchedAt = e.at }
            caseState.returnedFrom = nil
        case .reply:
            if firstReplyAt == nil { firstReplyAt = e.at }
        case .resolve:
            resolvedAt = e.at
            if let o = e.details["outcome"].flatMap(Outcome.init(rawValue:)) { outcome = o }
        case .evaluate:
            rating = e.details["rating"].flatMap(Rating.init(rawValue:))
            if let a = e.details["attitude"].flatMap(Int.init), let f = e.details["efficiency"].flatMap(Int.init),
               let r = e.details["result"].flatMap(Int.init) {
                caseState.ratings = CaseState.Ratings(attitude: a, efficiency: f, result: r)
            }
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
            if let k = e.details["supervision"].flatMap(Int.init), caseState.supervisions.indices.contains(k) {
                caseState.supervisions[k].warned = true
            }
        case .supervise:
            if let level = e.details["level"].flatMap(Int.init), let due = e.details["due"].flatMap({ try? Timestamp.parse($0).get() }) {
                caseState.supervisions.append(CaseState.Supervision(level: level, issuer: e.actor, at: e.at, due: due, note: e.note ?? ""))
            }
        case .answerSupervision:
            if let k = caseState.openSupervisionIndex {
                caseState.supervisions[k].answeredAt = e.at
                caseState.supervisions[k].answer = e.note
            }
        case .regrade:
            if let c = e.details["category"] { category = c }
            if let k = e.details["kind"].flatMap(Kind.init(rawValue:)) { kind = k }
            if let u = e.details["urgency"].flatMap(Urgency.init(rawValue:)) { urgency = u }
            if let d = e.details["difficulty"].flatMap(Int.init) { difficulty = d }
            applyRegradedCase(e.details)
        case .sendBack:
            caseState.returnedFrom = e.from
            if let u = e.details["unit"] { caseState.returnedBy.append(u) }
        case .refuseReturn:
            caseState.returnedFrom = nil
        case .extend:
            if let days = e.details["working_days"].flatMap(Int.init) {
                caseState.extensionRequest = CaseState.ExtensionRequest(workingDays: days, reason: e.note ?? "", at: e.at, by: e.actor)
            }
        case .approveExtension:
            if let t = e.details["resolve_by"].flatMap({ try? Timestamp.parse($0).get() }) {
                resolveBy = t
                warned &= ~PetitionDeadlines.Kind.resolve.bit
            }
            caseState.extensionRequest = nil
        case .refuseExtension:
            caseState.extensionRequest = nil
        case .screen:
            caseState.screening = e.details["verdict"].flatMap(CaseState.Screening.init(rawValue:))
        case .receive, .accept, .progress, .place, .escalate, .note:
            break
        }
    }

    /// What a regrade decided besides the grades, as the desk wrote it into the event: a new
    /// route (before acceptance) and the deadlines recounted from receipt.
    private mutating func applyRegradedCase(_ d: [String: String]) {
        func time(_ key: String) -> Timestamp? { d[key].flatMap { try? Timestamp.parse($0).get() } }
        if let u = d["unit"] { unit = u.isEmpty ? nil : u }
        if let a = d["assist"] { assistingUnits = a.isEmpty ? [] : a.split(separator: ",").map(String.init) }
        if let r = d["rule"] { ruleID = r.isEmpty ? nil : r }
        if let r = d["rule_reason"] { ruleReason = r }
        if let t = time("dispatch_by") { dispatchBy = t }
        if let t = time("first_reply_by") { firstReplyBy = t }
        if let t = time("resolve_by") { resolveBy = t }
    }

    /// A second round (二次流转): resolution and closing start over; the desk sets the new deadline.
    private mutating func startNextRound() {
        round += 1
        resolvedAt = nil
        closedAt = nil
        warned &= ~PetitionDeadlines.Kind.resolve.bit
    }
}
