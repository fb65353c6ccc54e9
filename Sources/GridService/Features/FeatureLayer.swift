import GridModel

/// A layer served as features (OGC API collections, `wangge export`): the areas of one level, buildings, units or petitions.
///
/// Each layer says which properties it exposes, which of them can filter, and whether its
/// features have a time. Personal data (petitioner contact, petition text and address, grid
/// workers' phones, residents) is in none of them.
public enum FeatureLayer: Sendable, Equatable, Hashable {
    case areas(AreaLevel)
    case buildings
    case units
    case petitions

    /// Every layer, areas top down first.
    public static var all: [FeatureLayer] { AreaLevel.allCases.map { .areas($0) } + [.buildings, .units, .petitions] }

    /// The OGC API collection id (and `wangge export` layer name): `grids`, `buildings`, …
    public var collectionID: String {
        switch self {
        case .areas(let level):
            switch level {
            case .province: "provinces"
            case .city: "cities"
            case .district: "districts"
            case .street: "streets"
            case .community: "communities"
            case .grid: "grids"
            }
        case .buildings: "buildings"
        case .units: "units"
        case .petitions: "petitions"
        }
    }

    /// A collection id, or an area level's name (`grid`, `社区` …).
    public init?(collectionID name: String) {
        if let layer = Self.all.first(where: { $0.collectionID == name }) { self = layer; return }
        guard let level = AreaLevel(name: name) else { return nil }
        self = .areas(level)
    }

    public var title: String {
        switch self {
        case .areas(let level):
            switch level {
            case .province: "省 Provinces"
            case .city: "市 Cities"
            case .district: "区县 Districts"
            case .street: "街道乡镇 Streets and townships"
            case .community: "社区村 Communities and villages"
            case .grid: "网格 Grid cells"
            }
        case .buildings: "楼栋 Buildings"
        case .units: "责任单位 Responsible units (ground covered by their jurisdiction)"
        case .petitions: "诉求 Petitions (no personal data: text, address and contact are left out)"
        }
    }

    /// Property names a query may filter on by equality.
    public var filterNames: [String] {
        switch self {
        case .areas: ["parent"]
        case .buildings: ["grid", "community", "street", "district"]
        case .units: ["level", "parent", "category", "area"]
        case .petitions: ["category", "status", "channel", "kind", "urgency", "building", "grid", "community", "street", "district", "unit"]
        }
    }

    /// Whether features carry a time (`received_at` for petitions) that `datetime` selects on.
    public var hasTime: Bool { self == .petitions }
}
