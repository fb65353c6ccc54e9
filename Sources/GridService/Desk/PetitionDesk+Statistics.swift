import GridModel
import GridStore

extension PetitionDesk {
    /// The statistics of the petitions received in `from..<to`, as of now.
    /// - Parameters:
    ///   - minimum: petitions a unit needs to be ranked.
    ///   - top: length of the red and black lists.
    ///   - caller: who asks; petitions of categories the caller may not see are not counted.
    public func statistics(by grouping: StatisticsReport.Grouping, from: Timestamp?, to: Timestamp?,
                           minimum: Int = 10, top: Int = 5, for caller: Caller = .local("desk")) throws -> StatisticsReport {
        let registry = try registries.current()
        let now = clock()
        let hidden = caller.hiddenCategories(sensitive: registry.sensitiveCategories)
        let petitions = try store.petitionsForStatistics(from: from, to: to, lookbackDays: registry.policy.repeatDays)
            .filter { !hidden.contains($0.category) }
        let key: (Petition) -> String? = switch grouping {
        case .area(let level): { $0.placement[level] }
        case .unit: { $0.unit }
        }
        let stats = PetitionStatistics(petitions: petitions, from: from, to: to, asOf: now, repeatDays: registry.policy.repeatDays,
                                       returnsByUnit: grouping == .unit, group: key)
        var groups = stats.groups
        var names: [String: String] = [:]
        var total = stats.total
        switch grouping {
        case .area(let level):
            let residents = try store.residentsPerArea()
            let ofLevel = registry.areas.areas.filter { $0.value.level == level }.map(\.key)
            total.residents = ofLevel.isEmpty ? nil : ofLevel.reduce(0) { $0 + (residents[$1] ?? 0) }
            // Every area of the level is listed, with zero petitions where it had none.
            for (id, a) in registry.areas.areas where a.level == level && groups[id] == nil { groups[id] = PetitionFigures() }
            for id in groups.keys {
                groups[id]!.residents = residents[id]
                names[id] = registry.areas[id]?.name ?? id
            }
        case .unit:
            for (id, u) in registry.units where groups[id] == nil && u.jurisdiction.count > 0 { groups[id] = PetitionFigures() }
            for id in groups.keys { names[id] = registry.units[id]?.name ?? id }
        }
        // Rows too small for the caller's disclosure rule are left out (their petitions stay in the total).
        let disclosure = caller.disclosure
        groups = groups.filter { disclosure.shows(count: $0.value.petitions) }
        let minimum = max(minimum, disclosure.minimumCount)
        var red: [(String, String, Double)] = []
        var black: [(String, String, Double)] = []
        if grouping == .unit {
            let order = stats.ranking(minimum: minimum)
            red = order.prefix(top).map { ($0.key, names[$0.key] ?? $0.key, $0.score) }
            black = order.reversed().prefix(top).map { ($0.key, names[$0.key] ?? $0.key, $0.score) }
        }
        var report = StatisticsReport(grouping: grouping, from: from, to: to, asOf: now, total: total,
                                      groups: groups.keys.sorted().map { ($0, names[$0] ?? $0, groups[$0]!) },
                                      red: red, black: black, rankingMinimum: minimum)
        report.disclosure = disclosure
        return report
    }
}
