import GridModel

/// The desk's work lists (工作台): the cases waiting for the caller, queue by queue, counted
/// for the badges and listed sorted, filtered and paged for the screens.
extension PetitionDesk {
    /// How a work list is ordered.
    public enum WorkListOrder: String, Sendable, CaseIterable {
        /// The nearest pending deadline first (overdue ones first of all); none last.
        case due
        /// Oldest received first.
        case received
        /// Newest received first.
        case newest
        /// Most urgent first, then by deadline.
        case urgency
    }

    /// What narrows a work list besides the queue.
    public struct WorkListFilter: Sendable, Equatable {
        /// Matched against the id, the text and the address (case-insensitive).
        public var text: String?
        public var category: String?
        public var unit: String?

        public init(text: String? = nil, category: String? = nil, unit: String? = nil) {
            self.text = text
            self.category = category
            self.unit = unit
        }
    }

    /// The queues of the caller's role with how many cases each holds now.
    public func workListCounts(for caller: Caller) throws -> [(queue: WorkQueue, count: Int)] {
        try caller.require(.readPetitions)
        let queues = caller.role.map(WorkQueue.queues(for:)) ?? []
        let (petitions, now, window) = try workListSource(for: caller)
        return queues.map { q in (q, petitions.reduce(0) { $0 + (q.contains($1, at: now, dueSoonSeconds: window) ? 1 : 0) }) }
    }

    /// One queue's cases the caller may see, filtered and ordered (all of them: the caller pages).
    public func workList(_ queue: WorkQueue, filter: WorkListFilter = WorkListFilter(), order: WorkListOrder = .due,
                         for caller: Caller) throws -> [Petition] {
        try caller.require(.readPetitions)
        let (petitions, now, window) = try workListSource(for: caller)
        let needle = filter.text?.lowercased()
        let chosen = petitions.filter { p in
            guard queue.contains(p, at: now, dueSoonSeconds: window) else { return false }
            if let c = filter.category, p.category != c { return false }
            if let u = filter.unit, p.unit != u { return false }
            if let needle, !(p.id.lowercased().contains(needle) || p.text.lowercased().contains(needle)
                             || (p.address?.lowercased().contains(needle) ?? false)) { return false }
            return true
        }
        // Sort keys computed once per case, not once per comparison.
        let keyed = chosen.map { p in (p: p, due: WorkQueue.nextDeadline(of: p)?.at.seconds ?? Int64.max) }
        let urgency: [Petition.Urgency: Int] = [.critical: 0, .urgent: 1, .normal: 2]
        let sorted: [(p: Petition, due: Int64)]
        switch order {
        case .due: sorted = keyed.sorted { ($0.due, $0.p.id) < ($1.due, $1.p.id) }
        case .received: sorted = keyed.sorted { ($0.p.receivedAt.seconds, $0.p.id) < ($1.p.receivedAt.seconds, $1.p.id) }
        case .newest: sorted = keyed.sorted { ($0.p.receivedAt.seconds, $0.p.id) > ($1.p.receivedAt.seconds, $1.p.id) }
        case .urgency:
            sorted = keyed.sorted { (urgency[$0.p.urgency] ?? 3, $0.due, $0.p.id) < (urgency[$1.p.urgency] ?? 3, $1.due, $1.p.id) }
        }
        let registry = try registries.current()
        var out = sorted.map(\.p)
        // A likely repeat of a petition the caller may not see is not shown as one.
        for k in out.indices {
            if let other = out[k].duplicateOf, try !mayRead(other, caller, registry: registry) { out[k].duplicateOf = nil }
        }
        return out
    }

    /// The cases in the caller's scope the work lists draw from, with now and the due-soon window.
    private func workListSource(for caller: Caller) throws -> (petitions: [Petition], now: Timestamp, window: Int64) {
        let registry = try registries.current()
        let scope = caller.petitionScope(sensitive: registry.sensitiveCategories)
        let petitions = try store.workListPetitions(scope: scope).filter { caller.sees($0, sensitive: registry.sensitiveCategories) }
        return (petitions, clock(), Int64(registry.policy.dueSoonHours) * 3600)
    }
}
