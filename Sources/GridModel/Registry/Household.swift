/// A household (户) registered to a building (户入楼).
public struct Household: Sendable, Equatable {
    public var id: String
    public var building: String
    /// The stairwell unit (单元), e.g. "2".
    public var unit: String?
    public var floor: Int?
    /// The room (室), e.g. "501".
    public var room: String?
    public var address: String?

    public init(id: String, building: String, unit: String? = nil, floor: Int? = nil, room: String? = nil,
                address: String? = nil) {
        self.id = id
        self.building = building
        self.unit = unit
        self.floor = floor
        self.room = room
        self.address = address
    }
}
