import GridGeo
import GridModel

extension LocateResult {
    /// The contract shape (README, "Examples"); a level with no containing area is `null`.
    public var jsonText: String {
        var w = JSONWriter(reservingCapacity: 2048)
        write(to: &w)
        return w.string
    }

    /// Writes the contract shape straight to `w`, without building a JSON tree first: this is
    /// the whole body of `/locate`, the API's busiest answer.
    public func write(to w: inout JSONWriter) {
        w.raw("{\"point\":[")
        w.number(point.lon)
        w.raw(UInt8(ascii: ","))
        w.number(point.lat)
        w.raw("],\"crs\":")
        w.string(crs.rawValue)
        w.raw(",\"building\":")
        if let building {
            w.raw("{\"id\":")
            w.string(building.id)
            w.raw(",\"address\":")
            w.string(building.address)
            w.raw(UInt8(ascii: "}"))
        } else {
            w.raw("null")
        }
        w.raw(",\"areas\":{")
        for (k, level) in AreaLevel.allCases.enumerated() {
            if k > 0 { w.raw(UInt8(ascii: ",")) }
            w.string(level.rawValue)
            w.raw(UInt8(ascii: ":"))
            if let area = areas[level] { Self.write(area, distance: nil, to: &w) } else { w.raw("null") }
        }
        w.raw("},\"units\":[")
        for (k, unit) in units.enumerated() {
            if k > 0 { w.raw(UInt8(ascii: ",")) }
            w.raw("{\"id\":")
            w.string(unit.id)
            w.raw(",\"name\":")
            w.string(unit.name)
            w.raw(",\"level\":")
            w.string(unit.level.rawValue)
            w.raw(UInt8(ascii: "}"))
        }
        w.raw("],\"near_border\":")
        w.raw(nearBorder ? "true" : "false")
        if nearBorder || !nearbyGrids.isEmpty {
            w.raw(",\"nearby_grids\":[")
            for (k, n) in nearbyGrids.enumerated() {
                if k > 0 { w.raw(UInt8(ascii: ",")) }
                Self.write(n.area, distance: n.metres, to: &w)
            }
            w.raw(UInt8(ascii: "]"))
        }
        if let n = nearestGrid {
            w.raw(",\"nearest_grid\":")
            Self.write(n.area, distance: n.metres, to: &w)
        }
        w.raw(UInt8(ascii: "}"))
    }

    /// An area as the result names it; a grid cell with its worker, a nearby one with its
    /// distance in metres to 0.1 m.
    private static func write(_ area: Area, distance: Double?, to w: inout JSONWriter) {
        w.raw("{\"id\":")
        w.string(area.id)
        w.raw(",\"name\":")
        w.string(area.name)
        if area.level == .grid {
            w.raw(",\"worker\":")
            if let worker = area.worker { w.string(worker) } else { w.raw("null") }
        }
        if let distance {
            w.raw(",\"distance_m\":")
            w.number((distance * 10).rounded() / 10)
        }
        w.raw(UInt8(ascii: "}"))
    }
}
