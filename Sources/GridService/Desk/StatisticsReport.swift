import GridModel

/// `GET /stats`: the figures of every group (areas of one level, or units) over a time
/// window, the total, and the red and black lists of units.
public struct StatisticsReport: Sendable {
    public enum Grouping: Sendable, Equatable {
        case area(AreaLevel)
        case unit
        /// By category, ranked by petitions (most first).
        case category
    }

    public var grouping: Grouping
    public var from: Timestamp?
    public var to: Timestamp?
    public var asOf: Timestamp
    public var total: PetitionFigures
    /// Groups best known first: by id.
    public var groups: [(id: String, name: String, figures: PetitionFigures)]
    /// Units best first (红榜) and worst first (黑榜), with their scores.
    public var red: [(id: String, name: String, score: Double)]
    public var black: [(id: String, name: String, score: Double)]
    /// Units need this many petitions to be ranked.
    public var rankingMinimum: Int
    /// Units' yellow and red cards (by=unit), by unit id.
    public var warnings: [String: UnitWarning?] = [:]
    /// The rule the groups were filtered by (groups of too few petitions left out).
    public var disclosure: DisclosureRule = .none
    /// The same figures for the period just before (环比), when asked for.
    public var previous: (from: Timestamp, to: Timestamp, total: PetitionFigures, groups: [String: PetitionFigures])?
}
