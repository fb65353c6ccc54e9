extension Petition {
    /// The earliest moment this case will need a warning: its earliest pending deadline not yet
    /// warned, or the date of a supervision its lead unit has not answered nor been warned of.
    /// Nil when nothing can fall due (a finished case, every deadline already warned). Stores
    /// keep it in an indexed column, so that the minute's round reads only the cases due.
    public var nextWarningAt: Timestamp? {
        guard status.isOpen else { return nil }
        let deadlines = pendingDeadlines().filter { warned & $0.kind.bit == 0 }.map(\.at)
        let supervisions = caseState.supervisions.filter { $0.isOpen && !$0.warned }.map(\.due)
        return (deadlines + supervisions).min()
    }

    /// Raises a `warn` event, once each, for every deadline missed and every supervision left
    /// unanswered past its date as of `now`, and applies them to the record.
    /// - Parameter sequence: the sequence number of the first event raised.
    /// - Returns: the events raised, in order (none when nothing is due).
    public mutating func raiseDueWarnings(at now: Timestamp, sequence: Int) -> [PetitionEvent] {
        guard status.isOpen else { return [] }
        var events: [PetitionEvent] = []
        for m in pendingDeadlines() where now > m.at && warned & m.kind.bit == 0 {
            let e = PetitionEvent(sequence: sequence + events.count, at: now, actor: "system", action: .warn, from: status,
                                  to: status, note: "已超过\(m.kind.chineseName)（\(m.at)）",
                                  details: ["deadline": m.kind.rawValue, "due": m.at.description])
            apply(e, policy: DeskPolicy())
            events.append(e)
        }
        // A supervision the lead unit has not answered by its date is itself warned, once.
        for k in caseState.supervisions.indices where caseState.supervisions[k].isOverdue(at: now) && !caseState.supervisions[k].warned {
            let s = caseState.supervisions[k]
            let e = PetitionEvent(sequence: sequence + events.count, at: now, actor: "system", action: .warn, from: status, to: status,
                                  note: "\(CaseState.Supervision.levelNames[s.level] ?? "督办")逾期未回复（\(s.due)）",
                                  details: ["supervision": String(k), "due": s.due.description, "level": String(s.level)])
            apply(e, policy: DeskPolicy())
            events.append(e)
        }
        return events
    }
}
