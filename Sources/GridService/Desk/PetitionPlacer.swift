import GridGeo
import GridModel

/// Places a petition: its building, household and areas, from a WGS-84 point, else a
/// building id, else its address. One rule for the desk and the history import.
struct PetitionPlacer: Sendable {
    let locator: Locator
    /// Asked for only when a petition has an address: a history file with points alone never
    /// pays for building the resolver.
    let resolver: @Sendable () throws -> AddressResolver

    /// An address places the petition only when the resolver is sure of it (exact or
    /// probable); the household it names is kept even when a point places the petition, if it
    /// is in the building the point is in (or there is no point).
    func place(_ p: inout Petition, point: Coordinate?, building: String?) throws {
        var at = point
        var knownBuilding = building
        var named: (building: String, household: String?)?
        if let address = p.address {
            let m = try resolver().resolve(address, limit: 1)
            if m.match == .exact || m.match == .probable, let c = m.candidates.first { named = (c.building, c.household) }
        }
        if knownBuilding == nil, at == nil { knownBuilding = named?.building }
        if at == nil, let knownBuilding { at = locator.position(ofBuilding: knownBuilding) }
        p.location = at
        guard let at else { p.building = knownBuilding; return }
        let hit = locator.hit(lon: at.lon, lat: at.lat)
        p.placement = locator.placement(hit)
        p.building = knownBuilding ?? (hit.building >= 0 ? locator.buildings[Int(hit.building)].id : nil)
        if let named, named.building == p.building || p.building == nil { p.household = named.household }
    }
}
