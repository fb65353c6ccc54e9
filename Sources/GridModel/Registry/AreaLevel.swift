/// The six levels of the administrative grid, top down (省/市/区县/街道乡镇/社区村/网格).
public enum AreaLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case province, city, district, street, community, grid

    /// 0 for province … 5 for grid; a parent always has a smaller rank than its child.
    public var rank: Int {
        switch self {
        case .province: 0
        case .city: 1
        case .district: 2
        case .street: 3
        case .community: 4
        case .grid: 5
        }
    }

    public var chineseName: String {
        switch self {
        case .province: "省"
        case .city: "市"
        case .district: "区县"
        case .street: "街道乡镇"
        case .community: "社区村"
        case .grid: "网格"
        }
    }

    public static func < (a: AreaLevel, b: AreaLevel) -> Bool { a.rank < b.rank }

    /// Accepts the English name or a common Chinese one (省, 市, 区, 县, 区县, 街道, 乡镇, 镇, 乡, 社区, 村, 网格).
    public init?(name: String) {
        if let l = AreaLevel(rawValue: name.lowercased()) { self = l; return }
        switch name {
        case "省", "自治区", "直辖市": self = .province
        case "市", "地级市", "州": self = .city
        case "区", "县", "区县", "县级市": self = .district
        case "街道", "乡镇", "镇", "乡", "街道乡镇": self = .street
        case "社区", "村", "社区村", "居委会", "村委会": self = .community
        case "网格": self = .grid
        default: return nil
        }
    }
}
