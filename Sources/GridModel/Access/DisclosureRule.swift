/// What aggregates may show to callers who may not read petitions themselves (anonymous
/// visitors, planners, and any role without `readPetitions`): counts that cannot be traced back
/// to one petition and, through `/locate`, to one building. Every aggregate such a caller can
/// reach — heat-map bins of every kind, rows of the statistics — follows it, whatever the filters.
public struct DisclosureRule: Sendable, Equatable {
    /// Hexagons and squares smaller than this many metres are refused.
    public var minimumBinMetres: Double
    /// Bins and rows counting fewer petitions than this are left out.
    public var minimumCount: Int

    /// No limit: for callers who may read the petitions anyway.
    public static let none = DisclosureRule(minimumBinMetres: 0, minimumCount: 0)
    /// The public rule: no bin under 100 m, no bin or row of fewer than 3 petitions.
    public static let publicAggregates = DisclosureRule(minimumBinMetres: 100, minimumCount: 3)

    public init(minimumBinMetres: Double, minimumCount: Int) {
        self.minimumBinMetres = minimumBinMetres
        self.minimumCount = minimumCount
    }

    /// Whether a bin or row of `count` petitions may be shown.
    public func shows(count: Int) -> Bool { count >= minimumCount }
}

extension Caller {
    /// The disclosure rule of the aggregates this caller reads.
    public var disclosure: DisclosureRule { may(.readPetitions) ? .none : .publicAggregates }
}
