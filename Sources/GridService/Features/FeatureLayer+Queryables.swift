extension FeatureLayer {
    /// What a CQL2 filter may name in this layer: its public scalar properties and its
    /// geometry, nothing else — a filter on anything hidden is refused, never answered.
    /// (Units' `jurisdiction` and `categories` lists are filtered by the `area` and `category`
    /// query parameters instead.)
    public var queryables: [Queryable] {
        let geometry = Queryable("geometry", .geometry, "几何 Geometry (WGS-84)")
        switch self {
        case .areas:
            return [Queryable("id", .string, "编码 Area code"), Queryable("name", .string, "名称 Name"),
                    Queryable("level", .string, "层级 Level"), Queryable("parent", .string, "上级编码 Parent area"),
                    Queryable("population", .integer, "人口 Population"), Queryable("worker", .string, "网格员 Grid worker"), geometry]
        case .buildings:
            return [Queryable("id", .string, "楼栋编码 Building code"), Queryable("address", .string, "地址 Address"),
                    Queryable("name", .string, "名称 Name"), Queryable("number", .string, "楼号 Number"),
                    Queryable("floors", .integer, "层数 Floors")] + Self.areaQueryables + [geometry]
        case .units:
            return [Queryable("id", .string, "单位编码 Unit code"), Queryable("name", .string, "名称 Name"),
                    Queryable("level", .string, "层级 Level"), Queryable("parent", .string, "上级单位 Parent unit"), geometry]
        case .petitions:
            return [Queryable("id", .string, "诉求编号 Petition number"), Queryable("received_at", .timestamp, "受理时间 Received"),
                    Queryable("channel", .string, "渠道 Channel"), Queryable("kind", .string, "诉求类型 Kind"),
                    Queryable("category", .string, "分类 Category"), Queryable("urgency", .string, "紧急程度 Urgency"),
                    Queryable("status", .string, "状态 Status"), Queryable("building", .string, "楼栋 Building")]
                + Self.areaQueryables
                + [Queryable("resolve_by", .timestamp, "办结时限 Resolve by"), Queryable("unit", .string, "承办单位 Lead unit"), geometry]
        }
    }

    private static let areaQueryables = [Queryable("grid", .string, "网格 Grid cell"), Queryable("community", .string, "社区 Community"),
                                         Queryable("street", .string, "街道 Street"), Queryable("district", .string, "区县 District")]

    /// The queryable of that name, or nil.
    public func queryable(_ name: String) -> Queryable? { queryables.first { $0.name == name } }
}
