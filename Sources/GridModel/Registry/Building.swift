import GridGeo

/// A building on the map (楼上图): a footprint where one is known, else a point.
public struct Building: Sendable, Equatable {
    public var id: String
    /// The full Chinese address (province … building), as registered.
    public var address: String
    /// The compound or building name (小区/楼名).
    public var name: String?
    /// The building number within its compound (楼栋号), e.g. "3".
    public var number: String?
    public var floors: Int?
    public var footprint: MultiPolygon?
    /// The footprint's representative point (inside it), or the given point.
    public var position: Coordinate

    public init(id: String, address: String, name: String? = nil, number: String? = nil, floors: Int? = nil,
                footprint: MultiPolygon?, position: Coordinate) {
        self.id = id
        self.address = address
        self.name = name
        self.number = number
        self.floors = floors
        self.footprint = footprint
        self.position = position
    }
}

/// The areas a building stands in, one per level, from a spatial join (never from the file).
public struct AreaPlacement: Sendable, Equatable, Hashable {
    public var ids: [AreaLevel: String]

    public init(ids: [AreaLevel: String] = [:]) { self.ids = ids }

    public subscript(level: AreaLevel) -> String? {
        get { ids[level] }
        set { ids[level] = newValue }
    }
}
