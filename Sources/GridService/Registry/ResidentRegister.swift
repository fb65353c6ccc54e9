import GridGeo
import GridModel

/// The households and persons of a building (户入楼、人到户), as a caller may see them: whole for
/// an admin and for the grid worker whose area holds the building, masked for dispatchers and
/// inspectors, refused to the rest. Every unmasked read is audited.
public struct ResidentRegister: Sendable {
    let store: any WanggeStore
    let clock: @Sendable () -> Timestamp

    public init(store: any WanggeStore, clock: @escaping @Sendable () -> Timestamp = PetitionDesk.systemClock) {
        self.store = store
        self.clock = clock
    }

    /// A building's residents as answered.
    public struct Listing: Sendable {
        public var building: String
        public var address: String
        public var households: [(household: Household, persons: [Person])]
        /// Whether ID numbers, phones and names are masked.
        public var masked: Bool
    }

    /// The residents of building `id`, or nil when there is no building the caller's scope covers.
    public func residents(ofBuilding id: String, for caller: Caller) throws -> Listing? {
        try caller.require(.readResidents)
        guard let building = try store.buildingPlacement(id: id), caller.covers(building.placement) else { return nil }
        var households = try store.residents(ofBuilding: id)
        let whole = caller.seesResidentsWhole
        if whole {
            let persons = households.reduce(0) { $0 + $1.persons.count }
            try store.recordAudit(at: clock(), actor: caller.actor, action: "read.residents", target: id, origin: caller.origin,
                                  detail: "\(households.count) households, \(persons) persons")
        } else {
            households = households.map { h in
                (h.household, h.persons.map { p in
                    var p = p
                    p.name = PersonalDataMask.name(p.name)
                    p.idNumber = p.idNumber.map(PersonalDataMask.idNumber)
                    p.phone = p.phone.map(PersonalDataMask.phone)
                    return p
                })
            }
        }
        return Listing(building: id, address: building.address, households: households, masked: !whole)
    }
}

extension ResidentRegister.Listing {
    public var json: JSONValue {
        func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        return .object(JSONObject([
            ("building", .object(JSONObject([("id", .string(building)), ("address", .string(address))]))),
            ("masked", .bool(masked)),
            ("households", .array(households.map { h, persons in
                .object(JSONObject([
                    ("id", .string(h.id)), ("unit", text(h.unit)), ("floor", h.floor.map { .number(Double($0)) } ?? .null),
                    ("room", text(h.room)), ("address", text(h.address)),
                    ("persons", .array(persons.map { p in
                        .object(JSONObject([("id", .string(p.id)), ("name", .string(p.name)), ("id_number", text(p.idNumber)),
                                            ("phone", text(p.phone)), ("tags", .array(p.tags.map(JSONValue.string)))]))
                    })),
                ]))
            })),
        ]))
    }
}
