import GridGeo
import GridModel

/// What a heat map counts and how it bins: the parameters of `GET /heatmap` and
/// `wangge heatmap`, read and checked in one place for both.
public struct HeatmapQuery: Sendable {
    public enum Binning: String, Sendable, CaseIterable {
        case hex, square, area
    }

    /// Polygons per bin, or one weighted point per bin centre (Leaflet.heat, MapLibre heatmap).
    public enum Format: String, Sendable, CaseIterable {
        case polygons, points
    }

    public var bbox: BoundingBox?
    public var bin: Binning = .hex
    /// Metres: hexagon edge length or square side.
    public var size: Double = 500
    /// The area level for `bin=area`.
    public var level: AreaLevel = .grid
    public var from: Int64?
    public var to: Int64?
    /// Category codes; empty means all.
    public var categories: [String] = []
    /// Categories never counted, whatever `categories` says: the sensitive ones, for callers
    /// who may not see them.
    public var hiddenCategories: Set<String> = []
    /// Status names, plus `open` (any open status) and `overdue` (open and past its deadline);
    /// empty means all.
    public var statuses: [String] = []
    public var format: Format = .polygons
    public var crs: CoordinateSystem = .wgs84
    /// What the caller may be shown: bins too small or too sparse are refused or left out.
    public var disclosure: DisclosureRule = .none

    public init() {}

    /// Applies the caller's disclosure rule: a hexagon or square smaller than it allows is
    /// refused with the size that is allowed.
    public mutating func apply(_ rule: DisclosureRule) throws(ParameterError) {
        disclosure = rule
        if bin != .area, size < rule.minimumBinMetres {
            throw ParameterError(.invalid, "size", "bins under \(JSONValue.number(rule.minimumBinMetres).jsonText) m are not shown to callers who may not read petitions (README, \"Disclosure of aggregates\"); use size=\(JSONValue.number(rule.minimumBinMetres).jsonText) or more")
        }
    }

    /// The most bins one heat map may have.
    public static let maxBins = 200_000
    public static let sizeRange: ClosedRange<Double> = 10...1_000_000
    public static let statusNames = Petition.Status.allCases.map(\.rawValue) + ["open", "overdue"]
    public static let parameterNames = ["bbox", "bin", "size", "level", "from", "to", "category", "status", "format", "crs"]

    /// Reads the parameters (HTTP query or CLI options, by the same names).
    public init(_ q: ParameterReader) throws(ParameterError) {
        bbox = try q.bbox("bbox")
        bin = try q.choice("bin", default: .hex)
        size = try q.double("size", default: 500, range: Self.sizeRange)
        if q.string("size") != nil, bin == .area {
            throw ParameterError(.invalid, "size", "bins of bin=area are the areas themselves; drop size, or use bin=hex or bin=square")
        }
        if let text = q.string("level") {
            guard let l = AreaLevel(name: text) else {
                throw ParameterError(.invalid, "level", "'\(text)' is not a level; use one of \(AreaLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard bin == .area else { throw ParameterError(.invalid, "level", "only bin=area takes a level") }
            level = l
        }
        from = try q.time("from")
        to = try q.time("to", endOfDay: true)
        if let from, let to, from > to { throw ParameterError(.invalid, "from", "from is after to") }
        categories = try q.list("category")
        statuses = try q.list("status", known: Self.statusNames)
        format = try q.choice("format", default: .polygons)
        crs = try q.coordinateSystem("crs")
    }
}
