import GridGeo
import GridModel

/// The monthly report (月报) for a district or a street: 一比三率 and the other figures with 环比
/// and 同比, petitions per 10,000 residents by the areas one level down and by community (a
/// choropleth), the categories and their change, where problems concentrate (the month's cluster
/// and recurring warnings), the units on the red and black lists and on a card, overdue and
/// supervised cases, a few typical cases. Every figure is `/stats`' for the same month and area —
/// the report embeds those answers — so the report and the API never disagree.
public struct MonthlyReport: Sendable {
    public var month: String
    public var area: (id: String, name: String, level: AreaLevel)?
    /// `/stats` answers for the month: by the areas one level down (with 环比), by category (with
    /// 环比), by unit; and by the same areas a year earlier (同比).
    public var byArea: JSONValue
    public var byCategory: JSONValue
    public var byUnit: JSONValue
    public var yearBefore: JSONValue
    /// Communities: id, name, petitions per 10,000 residents, outline.
    public var communities: [(id: String, name: String, per10k: Double?, petitions: Int, outline: MultiPolygon)]
    public var warnings: [EarlyWarning]
    public var overdue: [(id: String, category: String, unit: String?, hoursLate: Double)]
    public var supervised: Int
    public var typical: [(id: String, category: String, text: String, rating: String?)]
    public var subLevel: AreaLevel
    /// The month's petitions in 500 m hexagons over the area: outline and count.
    public var hexagons: [(outline: Geometry, count: Int)] = []

    /// Builds the report for `month` (`YYYY-MM`, China time) of `area` (a district or street;
    /// nil: everything the store holds).
    /// - Parameter ledger: the petitions as heat maps count them, when the caller holds them (the
    ///   server does); else read from the store.
    public static func build(month: String, area: String?, desk: PetitionDesk, warnings: EarlyWarnings, ledger: PetitionLedger? = nil,
                             for caller: Caller = .local("report")) throws -> MonthlyReport {
        try caller.require(.readPetitions)
        guard month.count == 7, let first = Timestamp.day(fromDate: month + "-01") else {
            throw DeskError.invalid([FieldProblem(field: "month", reason: "'\(month)' is not a month such as 2026-05", kind: .time)])
        }
        let (y, m, _) = Timestamp.civil(fromDays: first)
        let next = Timestamp.daysFromCivil(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1)
        func instant(_ day: Int) -> Timestamp { Timestamp(seconds: Int64(day) * 86_400 - 8 * 3600) }
        let registry = try desk.registry()
        var subject: (id: String, name: String, level: AreaLevel)?
        if let area {
            guard let e = registry.areas[area] else { throw DeskError.invalid([FieldProblem(field: "area", reason: "no area '\(area)'")]) }
            guard e.level == .district || e.level == .street else {
                throw DeskError.invalid([FieldProblem(field: "area", reason: "'\(area)' is a \(e.level.rawValue): a report is for a district or a street", kind: .choice)])
            }
            subject = (area, e.name, e.level)
        }
        let sub: AreaLevel = subject?.level == .street ? .community : .street
        let (from, to) = (instant(first), instant(next))
        let lastYear = (instant(Timestamp.daysFromCivil(year: y - 1, month: m, day: 1)),
                        instant(Timestamp.daysFromCivil(year: m == 12 ? y : y - 1, month: m == 12 ? 1 : m + 1, day: 1)))
        let byArea = try desk.statistics(by: .area(sub), from: from, to: to, previous: true, within: area, for: caller)
        let byCategory = try desk.statistics(by: .category, from: from, to: to, previous: true, within: area, for: caller)
        let byUnit = try desk.statistics(by: .unit, from: from, to: to, within: area, for: caller)
        let yearBefore = try desk.statistics(by: .area(sub), from: lastYear.0, to: lastYear.1, within: area, for: caller)
        let byCommunity = try desk.statistics(by: .area(.community), from: from, to: to, within: area, for: caller)
        let outlines = Dictionary(try desk.store.areas().filter { $0.level == .community }.map { ($0.id, $0.boundary) }, uniquingKeysWith: { a, _ in a })
        let communities = byCommunity.groups.compactMap { g -> (String, String, Double?, Int, MultiPolygon)? in
            guard let outline = outlines[g.id] else { return nil }
            return (g.id, g.name, g.figures.per10kResidents, g.figures.petitions, outline)
        }
        let inArea: (AreaPlacement) -> Bool = { p in area.map { p.ids.values.contains($0) } ?? true }
        let monthWarnings = try warnings.list(fromDay: first, toDay: next - 1, for: caller).filter { w in
            w.kind != .meter && w.grids.contains { inArea(registry.areas.placement(ofArea: $0)) }
        }
        let overdue = try desk.supervision(.overdue, area: area, for: caller)
        let supervised = try desk.supervisions(state: nil, for: caller).filter { inArea($0.petition.placement) }.count
        // Typical cases: for each of the three largest categories, its latest case closed and rated.
        let closed = try desk.store.petitions(status: .closed, unit: nil, area: area).filter { $0.receivedAt >= from && $0.receivedAt < to && $0.rating != nil }
        let typical = byCategory.groups.prefix(3).compactMap { g in closed.last { $0.category == g.id } }.map {
            (id: $0.id, category: $0.category, text: PersonalDataMask.text($0.text), rating: $0.rating.map(\.chineseName))
        }
        // Where they concentrate: 500 m hexagons over the communities' extent (the month's petitions, the area's own).
        var box = BoundingBox.empty
        for c in communities { box.extend(c.4.boundingBox) }
        var hexagons: [(outline: Geometry, count: Int)] = []
        if !box.isEmpty {
            var query = HeatmapQuery()
            query.bbox = box
            query.size = 500
            query.from = from.seconds
            query.to = to.seconds - 1
            query.hiddenCategories = caller.hiddenCategories(sensitive: registry.sensitiveCategories)
            let map = try Heatmap(ledger: try ledger ?? PetitionLedger(store: desk.store), query: query, now: desk.now().seconds)
            hexagons = map.bins.filter { $0.count > 0 }.map { (outline: $0.outline, count: $0.count) }
        }
        return MonthlyReport(month: month, area: subject, byArea: byArea.json, byCategory: byCategory.json, byUnit: byUnit.json,
                             yearBefore: yearBefore.json, communities: communities, warnings: monthWarnings,
                             overdue: overdue.prefix(20).map { (id: $0.petition.id, category: $0.petition.category, unit: $0.petition.unit,
                                                                hoursLate: (Double($0.lateSeconds) / 360).rounded() / 10) },
                             supervised: supervised, typical: typical, subLevel: sub, hexagons: hexagons)
    }

    /// Every figure the HTML shows, as JSON.
    public func json(registry: DeskRegistry) -> JSONValue {
        .object(JSONObject([
            ("month", .string(month)),
            ("area", area.map { .object(JSONObject([("id", .string($0.id)), ("name", .string($0.name)), ("level", .string($0.level.rawValue))])) } ?? .null),
            ("by_area", byArea), ("year_before", yearBefore), ("by_category", byCategory), ("by_unit", byUnit),
            ("communities", .array(communities.map { c in
                .object(JSONObject([("id", .string(c.id)), ("name", .string(c.name)), ("petitions", .number(Double(c.petitions))),
                                    ("per_10k_residents", c.per10k.map { .number(($0 * 100).rounded() / 100) } ?? .null)]))
            })),
            ("warnings", .array(warnings.map { w in .object(w.feature(registry: registry).properties) })),
            ("overdue", .array(overdue.map { o in
                .object(JSONObject([("id", .string(o.id)), ("category", .string(o.category)), ("unit", o.unit.map(JSONValue.string) ?? .null),
                                    ("hours_late", .number(o.hoursLate))]))
            })),
            ("hexagons", .object(JSONObject([("size_m", 500), ("bins", .number(Double(hexagons.count))),
                                             ("max_count", .number(Double(hexagons.map(\.count).max() ?? 0)))]))),
            ("supervisions", .number(Double(supervised))),
            ("typical_cases", .array(typical.map { t in
                .object(JSONObject([("id", .string(t.id)), ("category", .string(t.category)), ("text", .string(t.text)),
                                    ("rating", t.rating.map(JSONValue.string) ?? .null)]))
            })),
        ]))
    }
}
