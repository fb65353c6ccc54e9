import GridGeo
import GridModel

/// The answer to "where is this point" (README, "Examples").
public struct LocateResult: Sendable {
    /// The point as the caller gave it, in the caller's coordinate system.
    public var point: Coordinate
    public var crs: CoordinateSystem
    /// The point in WGS-84, as placed.
    public var wgs84: Coordinate
    public var building: BuildingRef?
    /// The containing area at each level; a level absent here has none.
    public var areas: [AreaLevel: Area]
    public var units: [UnitRef]
    /// True when the point is within 30 m of its grid cell's border.
    public var nearBorder: Bool
    /// Other grid cells whose border is within 30 m, nearest first.
    public var nearbyGrids: [(area: Area, metres: Double)]
    /// For a point in no grid cell: the nearest cell and the distance to it.
    public var nearestGrid: (area: Area, metres: Double)?
}

extension Locator {
    /// Places a point given in `crs`, with border proximity and, outside every grid cell, the
    /// nearest one.
    public func locate(_ point: Coordinate, crs: CoordinateSystem = .wgs84) -> LocateResult {
        let w = crs.toWGS84(point)
        let h = hit(lon: w.lon, lat: w.lat)
        var found: [AreaLevel: Area] = [:]
        for level in AreaLevel.allCases {
            let a = h.area(level)
            if a >= 0 { found[level] = areas[Int(a)] }
        }
        var unitIDs: [Int32] = []
        for level in AreaLevel.allCases.reversed() {
            let a = h.area(level)
            if a >= 0 { unitIDs.append(contentsOf: unitsOfArea[Int(a)]) }
        }
        unitIDs.sort()
        var unitList: [UnitRef] = []
        unitList.reserveCapacity(unitIDs.count)
        for (k, u) in unitIDs.enumerated() where k == 0 || unitIDs[k - 1] != u { unitList.append(units[Int(u)]) }

        let isGrid = { (item: Int32) in self.areaLevel[Int(item)] == Int8(AreaLevel.grid.rank) }
        var nearBorder = false
        var nearby: [(area: Area, metres: Double)] = []
        var nearest: (area: Area, metres: Double)?
        let ownGrid = h.area(.grid)
        let close = areaIndex.within(metres: Self.nearBorderMetres, of: w.lon, w.lat, where: isGrid)
        for (a, metres) in close {
            if a == ownGrid {
                nearBorder = true
            } else {
                nearby.append((areas[Int(a)], metres))
            }
        }
        if ownGrid < 0 {
            nearBorder = false
            if let n = areaIndex.nearest(lon: w.lon, lat: w.lat, where: isGrid) {
                nearest = (areas[Int(n.item)], n.metres)
            }
        } else if !nearBorder {
            nearby = []
        }
        return LocateResult(point: point, crs: crs, wgs84: w,
                            building: h.building >= 0 ? buildings[Int(h.building)] : nil,
                            areas: found, units: unitList, nearBorder: nearBorder,
                            nearbyGrids: nearby, nearestGrid: nearest)
    }
}
