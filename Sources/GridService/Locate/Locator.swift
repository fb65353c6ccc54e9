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
    /// One index over the areas of every level (item k is area k), so a point costs one lookup
    /// (tile cover, else tree walk); each containing area updates the best of its level.
    let areaIndex: PolygonIndex
    let areaLevel: [Int8]
    /// Lower is preferred: areas ordered by (size, id), the overlap rule.
    let areaPreference: [Int32]

    let buildingIndex: PolygonIndex
    let buildingOfItem: [Int32]
    /// Units per area as indexes into `units`, which is sorted most local first.
    let unitsOfArea: [[Int32]]
    let firstUnitOfArea: [Int32?]

    /// Builds the indexes from the store's areas, buildings and units.
    public convenience init(store: GridStore) throws {
        try self.init(areas: store.areas(), buildings: store.buildings().map(\.0), units: store.units())
    }

    public init(areas: [Area], buildings: [Building], units: [ResponsibleUnit]) {
        self.areas = areas
        areaLevel = areas.map { Int8($0.level.rank) }
        let sizes = areas.map { Geodesy.area(of: $0.boundary) }
        let order = areas.indices.sorted { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && areas[$0].id < areas[$1].id) }
        var preference = [Int32](repeating: 0, count: areas.count)
        for (rank, k) in order.enumerated() { preference[k] = Int32(rank) }
        areaPreference = preference
        // Levels as groups and the overlap rule as ranks: a lookup can stop at a level's winner.
        areaIndex = PolygonIndex(areas.map(\.boundary), groups: areas.map { UInt8($0.level.rank) }, ranks: preference)

        // Sorted by id, so that on overlapping footprints the smaller index is the lower id.
        let buildings = buildings.sorted { $0.id < $1.id }
        let withFootprint = buildings.enumerated().filter { $0.element.footprint != nil }
        buildingIndex = PolygonIndex(withFootprint.map { $0.element.footprint! })
        buildingOfItem = withFootprint.map { Int32($0.offset) }
        self.buildings = buildings.map { BuildingRef(id: $0.id, address: $0.address) }

        // Most local unit first (the first responder, 首接), then by id.
        let sortedUnits = units.sorted { $0.level.rank != $1.level.rank ? $0.level.rank > $1.level.rank : $0.id < $1.id }
        self.units = sortedUnits.map { UnitRef(id: $0.id, name: $0.name, level: $0.level) }
        let areaPosition = Dictionary(areas.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        var ofArea = [[Int32]](repeating: [], count: areas.count)
        for (k, u) in sortedUnits.enumerated() {
            for a in u.jurisdiction { if let i = areaPosition[a] { ofArea[Int(i)].append(Int32(k)) } }
        }
        unitsOfArea = ofArea
        firstUnitOfArea = ofArea.map(\.first)
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
        var h = Hit()
        h.areas = areasContaining(lon: lon, lat: lat).areas
        return placement(h)
    }

    /// The area ids of a hit, one per level.
    public func placement(_ hit: Hit) -> AreaPlacement {
        var p = AreaPlacement()
        for level in AreaLevel.allCases {
            let a = hit.area(level)
            if a >= 0 { p[level] = areas[Int(a)].id }
        }
        return p
    }

    /// The preferred area per level, from one walk of the combined index.
    func areasContaining(lon: Double, lat: Double) -> LevelBest {
        var best = LevelBest()
        areaIndex.forEachBestContaining(lon: lon, lat: lat) { item in
            best.offer(level: areaLevel[Int(item)], area: item, preference: areaPreference[Int(item)])
        }
        return best
    }

    /// The raw answer for the batch path: indexes, no allocation beyond the result.
    public struct Hit: Sendable {
        public var building: Int32 = -1
        /// Area index per level rank (province … grid), -1 where none.
        public var areas: (Int32, Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1, -1)
        public var unit: Int32 = -1

        public init() {}

        public func area(_ level: AreaLevel) -> Int32 { element(areas, level.rank) }
    }

    /// Places a WGS-84 point: building, areas at every level, and the first responsible unit.
    public func hit(lon: Double, lat: Double) -> Hit {
        var h = Hit()
        h.building = building(lon: lon, lat: lat)
        let b = areasContaining(lon: lon, lat: lat)
        h.areas = b.areas
        // The first unit: units are sorted most local first, so the smallest index wins.
        var unit = Int32.max
        func consider(_ a: Int32) {
            if a >= 0, let u = firstUnitOfArea[Int(a)], u < unit { unit = u }
        }
        consider(b.areas.0); consider(b.areas.1); consider(b.areas.2)
        consider(b.areas.3); consider(b.areas.4); consider(b.areas.5)
        h.unit = unit == .max ? -1 : unit
        return h
    }

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

/// The best (preferred) area seen so far at each level, kept in registers during a walk.
struct LevelBest {
    var areas: (Int32, Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1, -1)
    var preferences: (Int32, Int32, Int32, Int32, Int32, Int32) = (.max, .max, .max, .max, .max, .max)

    @inline(__always) mutating func offer(level: Int8, area: Int32, preference p: Int32) {
        switch level {
        case 0: if p < preferences.0 { preferences.0 = p; areas.0 = area }
        case 1: if p < preferences.1 { preferences.1 = p; areas.1 = area }
        case 2: if p < preferences.2 { preferences.2 = p; areas.2 = area }
        case 3: if p < preferences.3 { preferences.3 = p; areas.3 = area }
        case 4: if p < preferences.4 { preferences.4 = p; areas.4 = area }
        default: if p < preferences.5 { preferences.5 = p; areas.5 = area }
        }
    }

    func area(_ rank: Int) -> Int32 { element(areas, rank) }
}

/// Element `rank` (0 = province … 5 = grid) of a per-level tuple.
@inline(__always)
func element(_ t: (Int32, Int32, Int32, Int32, Int32, Int32), _ rank: Int) -> Int32 {
    switch rank {
    case 0: t.0
    case 1: t.1
    case 2: t.2
    case 3: t.3
    case 4: t.4
    default: t.5
    }
}
