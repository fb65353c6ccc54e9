extension Petition {
    /// The earliest moment this case will need a warning: its earliest pending deadline not yet
    /// warned, or the date of a supervision its lead unit has not answered nor been warned of.
    /// Nil when nothing can fall due (a finished case, every deadline already warned). Stores
    /// keep it in an indexed column, so that the minute's round reads only the cases due.
    public var nextWarningAt: Timestamp? {
        guard status.isOpen else { return nil }
        return (unwarnedDeadlines().map(\.at) + unwarnedSupervisions().map { caseState.supervisions[$0].due }).min()
    }

    /// Raises a `warn` event, once each, for every deadline missed and every supervision left
    /// unanswered past its date as of `now`, and applies them to the record.
    /// - Parameter sequence: the sequence number of the first event raised.
    /// - Returns: the events raised, in order (none when nothing is due).
    public mutating func raiseDueWarnings(at now: Timestamp, sequence: Int) -> [PetitionEvent] {
        guard status.isOpen else { return [] }
        var events: [PetitionEvent] = []
        func warn(_ note: String, _ details: [String: String]) {
            let e = PetitionEvent(sequence: sequence + events.count, at: now, actor: "system", action: .warn, from: status, to: status,
                                  note: note, details: details)
            apply(e, policy: DeskPolicy())
            events.append(e)
        }
        for m in unwarnedDeadlines() where now > m.at {
            warn("已超过\(m.kind.chineseName)（\(m.at)）", ["deadline": m.kind.rawValue, "due": m.at.description])
        }
        // A supervision the lead unit has not answered by its date is itself warned, once.
        for k in unwarnedSupervisions() where now > caseState.supervisions[k].due {
            let s = caseState.supervisions[k]
            warn("\(CaseState.Supervision.levelNames[s.level] ?? "督办")逾期未回复（\(s.due)）",
                 ["supervision": String(k), "due": s.due.description, "level": String(s.level)])
        }
        return events
    }

    // What can still fall due, in one place for both: the stored warning time is right only
    // while it and the round agree.

    /// The pending deadlines not yet warned about.
    private func unwarnedDeadlines() -> [(kind: PetitionDeadlines.Kind, at: Timestamp)] {
        pendingDeadlines().filter { warned & $0.kind.bit == 0 }
    }

    /// The indices of the supervisions still unanswered and not yet warned about.
    private func unwarnedSupervisions() -> [Int] {
        caseState.supervisions.indices.filter { caseState.supervisions[$0].isOpen && !caseState.supervisions[$0].warned }
    }
}
