import GridGeo
import GridModel
import GridStore

/// Places a petition: its building, household and areas, from a WGS-84 point, else a
/// building id, else its address. One rule for the desk and the history import.
struct PetitionPlacer {
    let store: GridStore
    let locator: Locator

    /// Addresses place only by exact match against registered household and building
    /// addresses until the address resolver takes over; a matched household is kept even
    /// when a point places the petition.
    func place(_ p: inout Petition, point: Coordinate?, building: String?) throws {
        var at = point
        var knownBuilding = building
        if let address = p.address {
            let matches = try store.exactAddressMatches(address)
            if matches.households.count == 1 {
                p.household = matches.households[0].id
                if knownBuilding == nil, at == nil { knownBuilding = matches.households[0].building }
            } else if matches.buildings.count == 1, knownBuilding == nil, at == nil {
                knownBuilding = matches.buildings[0]
            }
        }
        if at == nil, let knownBuilding { at = try store.buildingPosition(id: knownBuilding) }
        p.location = at
        guard let at else { p.building = knownBuilding; return }
        let hit = locator.hit(lon: at.lon, lat: at.lat)
        p.placement = locator.placement(hit)
        p.building = knownBuilding ?? (hit.building >= 0 ? locator.buildings[Int(hit.building)].id : nil)
    }
}
