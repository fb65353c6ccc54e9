import Foundation
import GridModel

extension PetitionDesk {
    /// The statistics of the petitions received in `from..<to`, as of now.
    /// - Parameters:
    ///   - minimum: petitions a unit needs to be ranked.
    ///   - top: length of the red and black lists.
    ///   - previous: add each figure for the period just before (环比): as long, ending at `from`.
    ///   - caller: who asks; petitions of categories the caller may not see are not counted.
    ///   - area: only petitions placed in this area (of any level), and only areas inside it.
    public func statistics(by grouping: StatisticsReport.Grouping, from: Timestamp?, to: Timestamp?,
                           minimum: Int = 10, top: Int = 5, previous: Bool = false, within area: String? = nil,
                           for caller: Caller = .local("desk")) throws -> StatisticsReport {
        let registry = try registries.current()
        if let area, registry.areas[area] == nil { throw DeskError.invalid([FieldProblem(field: "area", reason: "no area '\(area)'")]) }
        let now = clock()
        let (stats, groupsFound, total, inWindow) = try figures(by: grouping, from: from, to: to, within: area, registry: registry, now: now, caller: caller)
        var groups = groupsFound
        var names: [String: String] = [:]
        switch grouping {
        case .area:
            for id in groups.keys { names[id] = registry.areas[id]?.name ?? id }
        case .unit:
            for id in groups.keys { names[id] = registry.units[id]?.name ?? id }
        case .category:
            for id in groups.keys { names[id] = registry.categories[id]?.nameZh ?? id }
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
        // Categories ranked by petitions, most first; areas and units by id.
        let order = grouping == .category
            ? groups.keys.sorted { (groups[$0]!.petitions, $1) > (groups[$1]!.petitions, $0) }
            : groups.keys.sorted()
        var report = StatisticsReport(grouping: grouping, from: from, to: to, asOf: now, total: total,
                                      groups: order.map { ($0, names[$0] ?? $0, groups[$0]!) },
                                      red: red, black: black, rankingMinimum: minimum)
        report.disclosure = disclosure
        if grouping == .unit {
            let byUnit = Dictionary(grouping: inWindow.filter { $0.unit != nil }, by: { $0.unit! })
            for (id, f) in groups {
                report.warnings[id] = UnitWarning.assess(unit: id, figures: f, petitions: byUnit[id] ?? [], minimum: minimum,
                                                         thresholds: registry.policy.warnings)
            }
        }
        if previous {
            guard let from, let to else {
                throw DeskError.invalid([FieldProblem(field: "previous", reason: "needs both from and to: the period before is as long, ending at from")])
            }
            let before = Timestamp(seconds: from.seconds - (to.seconds - from.seconds))
            let (_, earlierGroups, earlierTotal, _) = try figures(by: grouping, from: before, to: from, within: area, registry: registry, now: now, caller: caller)
            report.previous = (from: before, to: from, total: earlierTotal,
                               groups: earlierGroups.filter { disclosure.shows(count: $0.value.petitions) })
        }
        return report
    }

    /// A unit's cards month by month (China time), the newest first: the 约谈 list's history.
    public func unitWarnings(unit: String, months: Int, for caller: Caller) throws -> [(month: String, warning: UnitWarning?)] {
        try caller.require(.readPetitions)
        let registry = try registries.current()
        guard registry.units[unit] != nil else { throw DeskError.invalid([FieldProblem(field: "unit", reason: "no unit '\(unit)'")]) }
        let today = Timestamp.date(ofDay: clock().chinaDay)
        var year = Int(today.prefix(4)) ?? 1970, month = Int(today.dropFirst(5).prefix(2)) ?? 1
        var out: [(String, UnitWarning?)] = []
        for _ in 0..<months {
            let name = String(format: "%04d-%02d", year, month)
            let next = month == 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, month + 1)
            func start(_ m: String) throws -> Timestamp { try Timestamp.parse(m + "-01T00:00:00+08:00").get() }
            let report = try statistics(by: .unit, from: try start(name), to: try start(next), for: caller)
            out.append((name, report.warnings[unit] ?? nil))
            if month == 1 { year -= 1; month = 12 } else { month -= 1 }
        }
        return out
    }

    /// The figures of one window, grouped, with every area of the level (or unit with a
    /// jurisdiction) listed even when it had no petition.
    private func figures(by grouping: StatisticsReport.Grouping, from: Timestamp?, to: Timestamp?, within area: String? = nil,
                         registry: DeskRegistry, now: Timestamp,
                         caller: Caller) throws -> (PetitionStatistics, [String: PetitionFigures], PetitionFigures, [Petition]) {
        let hidden = caller.hiddenCategories(sensitive: registry.sensitiveCategories)
        let petitions = try readStore.petitionsForStatistics(from: from, to: to, lookbackDays: registry.policy.repeatDays)
            .filter { p in !hidden.contains(p.category) && (area.map { p.placement.ids.values.contains($0) } ?? true) }
        // An area of the grouping's level lies inside `area` when its chain of parents reaches it.
        func inside(_ id: String) -> Bool { area.map { registry.areas.placement(ofArea: id).ids.values.contains($0) } ?? true }
        let key: (Petition) -> String? = switch grouping {
        case .area(let level): { $0.placement[level] }
        case .unit: { $0.unit }
        case .category: { $0.category }
        }
        let stats = PetitionStatistics(petitions: petitions, from: from, to: to, asOf: now, repeatDays: registry.policy.repeatDays,
                                       returnsByUnit: grouping == .unit, group: key)
        var groups = stats.groups
        var total = stats.total
        switch grouping {
        case .area(let level):
            let residents = try readStore.residentsPerArea()
            let ofLevel = registry.areas.areas.filter { $0.value.level == level && inside($0.key) }.map(\.key)
            total.residents = ofLevel.isEmpty ? nil : ofLevel.reduce(0) { $0 + (residents[$1] ?? 0) }
            for (id, a) in registry.areas.areas where a.level == level && groups[id] == nil && inside(id) { groups[id] = PetitionFigures() }
            for id in groups.keys { groups[id]!.residents = residents[id] }
        case .unit:
            for (id, u) in registry.units where groups[id] == nil && u.jurisdiction.count > 0 { groups[id] = PetitionFigures() }
        case .category:
            break
        }
        let inWindow = petitions.filter { p in (from.map { p.receivedAt >= $0 } ?? true) && (to.map { p.receivedAt < $0 } ?? true) }
        return (stats, groups, total, inWindow)
    }
}
