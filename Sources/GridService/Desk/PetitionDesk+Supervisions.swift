import GridModel

extension PetitionDesk {
    /// One supervision on the supervisions list.
    public struct SupervisionLine: Sendable {
        public var petition: Petition
        public var index: Int
        public var supervision: CaseState.Supervision
        public var state: State

        public enum State: String, Sendable, CaseIterable {
            case open, overdue, answered
        }
    }

    /// `GET /supervisions`: the supervisions on petitions the caller may see, overdue first (most
    /// overdue first), then open by due date, then answered, newest first.
    /// - Parameters:
    ///   - state: only open (not yet due), overdue or answered ones; nil: all.
    ///   - unit: only those on cases this unit leads.
    ///   - level: only this level (1 提醒, 2 督办, 3 挂牌督办).
    public func supervisions(state: SupervisionLine.State? = nil, unit: String? = nil, level: Int? = nil,
                             for caller: Caller = .local("desk")) throws -> [SupervisionLine] {
        try caller.require(.readPetitions)
        let registry = try registries.current()
        let now = clock()
        var lines: [SupervisionLine] = []
        for p in try store.supervisedPetitions() where caller.sees(p, sensitive: registry.sensitiveCategories) {
            if let unit, p.unit != unit { continue }
            for (k, s) in p.caseState.supervisions.enumerated() {
                if let level, s.level != level { continue }
                let st: SupervisionLine.State = s.answeredAt != nil ? .answered : (s.isOverdue(at: now) ? .overdue : .open)
                if let state, st != state { continue }
                lines.append(SupervisionLine(petition: p, index: k, supervision: s, state: st))
            }
        }
        let rank: [SupervisionLine.State: Int] = [.overdue: 0, .open: 1, .answered: 2]
        return lines.sorted { a, b in
            if a.state != b.state { return rank[a.state]! < rank[b.state]! }
            if a.state == .answered { return a.supervision.at > b.supervision.at }
            return a.supervision.due < b.supervision.due || (a.supervision.due == b.supervision.due && a.petition.id < b.petition.id)
        }
    }
}
