import GridGeo
import GridModel
import GridStore

/// Places points in the grid: the building whose footprint contains the point, the area at
/// each level, and the responsible units whose jurisdiction covers it.
///
/// Built once from the store into flat in-memory indexes and immutable afterwards, so one
/// instance serves any number of threads. Where areas of one level overlap (real boundary
/// data has slivers and double-claimed blocks), the smallest containing area wins, then the
/// lowest id — the same rule the importer uses to place buildings.
public final class Locator: Sendable {
    /// Distance within which a point is reported as near a grid-cell border.
    public static let nearBorderMetres = 30.0

    let areas: [Area]
    let buildings: [BuildingRef]
    let units: [UnitRef]
    /// One polygon index per level (by rank); item k of level L is area `levelAreas[L][k]`.
    let levelIndexes: [PolygonIndex]
    let levelAreas: [[Int32]]
    /// Lower is preferred: areas of a level ordered by (size, id).
    let areaPreference: [Int32]
    let buildingIndex: PolygonIndex
    let buildingOfItem: [Int32]
    /// Units per area as indexes into `units`, which is sorted most local first.
    let unitsOfArea: [[Int32]]

    /// Builds the indexes from the store's areas, buildings and units.
    public convenience init(store: GridStore) throws {
        try self.init(areas: store.areas(), buildings: store.buildings().map(\.0), units: store.units())
    }

    public init(areas: [Area], buildings: [Building], units: [ResponsibleUnit]) {
        self.areas = areas
        let levels = AreaLevel.allCases
        var perLevel = [[Int32]](repeating: [], count: levels.count)
        for (k, a) in areas.enumerated() { perLevel[a.level.rank].append(Int32(k)) }
        levelAreas = perLevel
        levelIndexes = perLevel.map { ids in PolygonIndex(ids.map { areas[Int($0)].boundary }) }
        let sizes = areas.map { Geodesy.area(of: $0.boundary) }
        let order = areas.indices.sorted { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && areas[$0].id < areas[$1].id) }
        var preference = [Int32](repeating: 0, count: areas.count)
        for (rank, k) in order.enumerated() { preference[k] = Int32(rank) }
        areaPreference = preference

        let withFootprint = buildings.enumerated().filter { $0.element.footprint != nil }
        buildingIndex = PolygonIndex(withFootprint.map { $0.element.footprint! })
        buildingOfItem = withFootprint.map { Int32($0.offset) }
        self.buildings = buildings.map { BuildingRef(id: $0.id, address: $0.address) }

        // Most local unit first (the first responder, 首接), then by id.
        let sortedUnits = units.sorted { $0.level.rank != $1.level.rank ? $0.level.rank > $1.level.rank : $0.id < $1.id }
        self.units = sortedUnits.map { UnitRef(id: $0.id, name: $0.name, level: $0.level) }
        let areaIndex = Dictionary(areas.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        var ofArea = [[Int32]](repeating: [], count: areas.count)
        for (k, u) in sortedUnits.enumerated() {
            for a in u.jurisdiction { if let i = areaIndex[a] { ofArea[Int(i)].append(Int32(k)) } }
        }
        unitsOfArea = ofArea
    }

    /// Number of areas and buildings indexed.
    public var areaCount: Int { areas.count }
    public var buildingCount: Int { buildings.count }

    /// The preferred area of a level containing the point, as an index into `areas`, or -1.
    func area(level: Int, lon: Double, lat: Double) -> Int32 {
        var best: Int32 = -1
        var bestPreference = Int32.max
        let ids = levelAreas[level]
        levelIndexes[level].forEachContaining(lon: lon, lat: lat) { item in
            let a = ids[Int(item)]
            let p = areaPreference[Int(a)]
            if p < bestPreference { bestPreference = p; best = a }
        }
        return best
    }

    /// The building whose footprint contains the point (lowest id on overlap), or -1.
    func building(lon: Double, lat: Double) -> Int32 {
        var best: Int32 = -1
        buildingIndex.forEachContaining(lon: lon, lat: lat) { item in
            let b = buildingOfItem[Int(item)]
            if best < 0 || b < best { best = b }
        }
        return best
    }

    /// The areas containing a WGS-84 point, one per level (nil where none does).
    public func placement(lon: Double, lat: Double) -> AreaPlacement {
        var p = AreaPlacement()
        for level in AreaLevel.allCases {
            let a = area(level: level.rank, lon: lon, lat: lat)
            if a >= 0 { p[level] = areas[Int(a)].id }
        }
        return p
    }

    /// The raw answer for the batch path: indexes, no allocation beyond the result.
    public struct Hit: Sendable {
        public var building: Int32 = -1
        /// Area index per level rank (province … grid), -1 where none.
        public var areas: (Int32, Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1, -1)
        public var unit: Int32 = -1

        public init() {}

        public func area(_ level: AreaLevel) -> Int32 {
            switch level {
            case .province: areas.0
            case .city: areas.1
            case .district: areas.2
            case .street: areas.3
            case .community: areas.4
            case .grid: areas.5
            }
        }
    }

    /// Places a WGS-84 point: building, areas at every level, and the first responsible unit.
    public func hit(lon: Double, lat: Double) -> Hit {
        var h = Hit()
        h.building = building(lon: lon, lat: lat)
        h.areas = (area(level: 0, lon: lon, lat: lat), area(level: 1, lon: lon, lat: lat),
                   area(level: 2, lon: lon, lat: lat), area(level: 3, lon: lon, lat: lat),
                   area(level: 4, lon: lon, lat: lat), area(level: 5, lon: lon, lat: lat))
        var best = Int32.max
        for a in [h.areas.0, h.areas.1, h.areas.2, h.areas.3, h.areas.4, h.areas.5] where a >= 0 {
            if let u = unitsOfArea[Int(a)].first, u < best { best = u }
        }
        h.unit = best == .max ? -1 : best
        return h
    }

    public func areaID(_ index: Int32) -> String? { index >= 0 ? areas[Int(index)].id : nil }
    public func buildingID(_ index: Int32) -> String? { index >= 0 ? buildings[Int(index)].id : nil }
    public func unitID(_ index: Int32) -> String? { index >= 0 ? units[Int(index)].id : nil }
}

/// A building as a locate result names it.
public struct BuildingRef: Sendable, Equatable {
    public var id: String
    public var address: String
}

/// A responsible unit as a locate result names it.
public struct UnitRef: Sendable, Equatable {
    public var id: String
    public var name: String
    public var level: AreaLevel
}
