import GridGeo

/// A petition as the scans read it: no text, no contact.
public struct PetitionSighting: Sendable {
    public var id: String
    public var category: String
    public var location: Coordinate?
    public var receivedDay: Int
    public var resolvedDay: Int?
    public var building: String?
    public var grid: String?
    public var unit: String?

    public init(id: String, category: String, location: Coordinate?, receivedDay: Int, resolvedDay: Int? = nil, building: String? = nil,
                grid: String? = nil, unit: String? = nil) {
        self.id = id
        self.category = category
        self.location = location
        self.receivedDay = receivedDay
        self.resolvedDay = resolvedDay
        self.building = building
        self.grid = grid
        self.unit = unit
    }
}
