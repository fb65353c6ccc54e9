import GridGeo

/// An administrative area or grid cell with its boundary.
public struct Area: Sendable, Equatable {
    public var id: String
    public var name: String
    public var level: AreaLevel
    /// The enclosing area's id (one level up or more), or nil at the top.
    public var parent: String?
    public var population: Int?
    /// The grid worker (网格员) and phone, for grid cells.
    public var worker: String?
    public var phone: String?
    public var boundary: MultiPolygon

    public init(id: String, name: String, level: AreaLevel, parent: String?, population: Int? = nil,
                worker: String? = nil, phone: String? = nil, boundary: MultiPolygon) {
        self.id = id
        self.name = name
        self.level = level
        self.parent = parent
        self.population = population
        self.worker = worker
        self.phone = phone
        self.boundary = boundary
    }
}
