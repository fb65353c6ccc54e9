import GridGeo
import GridModel

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
    /// Each building's point (as stored: footprint centroid or the point it came as), by the
    /// position of `buildings`, which are sorted by id.
    let buildingPositions: [Coordinate]
    let units: [UnitRef]
    /// One index over the areas of every level (item k is area k), so a point costs one lookup
    /// (tile cover, else tree walk); each containing area updates the best of its level.
    let areaIndex: PolygonIndex
    let areaLevel: [Int8]
    /// Lower is preferred: areas ordered by (size, id), the overlap rule.
    let areaPreference: [Int32]

    let buildingIndex: PolygonIndex
    let buildingOfItem: [Int32]
    /// The grid method over area and building edges: most points are answered from their
    /// cell's precomputed answer and the few edges crossing it (see `EdgeGrid`).
    let edgeGrid: EdgeGrid
    /// Per cell, an index into `cellAnswers` (`UInt32.max`: use the exact path).
    let cellAnswerOf: [UInt32]
    /// Building and areas of the polygons containing the whole cell, and the first unit.
    let cellAnswers: [Hit]

    /// Units per area as indexes into `units`, which is sorted most local first.
    let unitsOfArea: [[Int32]]
    let firstUnitOfArea: [Int32?]

    /// Builds the indexes from the store's areas, buildings and units.
    public convenience init(store: any WanggeStore) throws {
        try self.init(areas: store.areas(), buildings: store.buildings().map(\.0), units: store.units())
    }

    public init(areas: [Area], buildings: [Building], units: [ResponsibleUnit]) {
        // The boundaries live on in the indexes' edges; kept here they would double the memory.
        self.areas = areas.map { a in
            var kept = a
            kept.boundary = MultiPolygon([])
            return kept
        }
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
        buildingPositions = buildings.map(\.position)

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

        // The grid covers where the detail is — the finest level's cells and the buildings —
        // with about two cells per edge there, at most 2 M cells (more was no faster on a
        // 100,000-cell city, and larger). Points elsewhere (a province's far corners) take the
        // index walk.
        let finest = areas.map(\.level.rank).max()
        var box = BoundingBox.empty
        var edgeTotal = 0
        for a in areas where a.level.rank == finest {
            box.extend(a.boundary.boundingBox)
            edgeTotal += a.boundary.edgeCount
        }
        for b in withFootprint {
            box.extend(b.element.footprint!.boundingBox)
            edgeTotal += b.element.footprint!.edgeCount
        }
        for a in areas where a.level.rank != finest {
            let b = a.boundary.boundingBox
            if b.minLon >= box.minLon && b.maxLon <= box.maxLon && b.minLat >= box.minLat && b.maxLat <= box.maxLat { edgeTotal += a.boundary.edgeCount }
        }
        let grid = EdgeGrid([areaIndex, buildingIndex], box: box.isEmpty ? BoundingBox(minLon: 0, minLat: 0, maxLon: 1e-9, maxLat: 1e-9) : box,
                            cells: Swift.min(1 << 21, Swift.max(1 << 10, edgeTotal * 2)))
        edgeGrid = grid
        (cellAnswerOf, cellAnswers) = Self.cellAnswers(grid, areaLevel: areaLevel, areaPreference: areaPreference,
                                                       buildingOfItem: buildingOfItem, firstUnitOfArea: firstUnitOfArea)
    }

    /// A locator from its parts (read from an image).
    init(areas: [Area], buildings: [BuildingRef], buildingPositions: [Coordinate], units: [UnitRef], areaIndex: PolygonIndex,
         areaLevel: [Int8], areaPreference: [Int32], buildingIndex: PolygonIndex, buildingOfItem: [Int32], edgeGrid: EdgeGrid,
         cellAnswerOf: [UInt32], cellAnswers: [Hit], unitsOfArea: [[Int32]]) {
        (self.areas, self.buildings, self.buildingPositions, self.units) = (areas, buildings, buildingPositions, units)
        (self.areaIndex, self.areaLevel, self.areaPreference) = (areaIndex, areaLevel, areaPreference)
        (self.buildingIndex, self.buildingOfItem, self.edgeGrid) = (buildingIndex, buildingOfItem, edgeGrid)
        (self.cellAnswerOf, self.cellAnswers) = (cellAnswerOf, cellAnswers)
        self.unitsOfArea = unitsOfArea
        firstUnitOfArea = unitsOfArea.map(\.first)
    }

    /// Each cell's answer from the polygons containing all of it, interned (neighbouring cells
    /// mostly share one); cells with no crossing edges reuse their left neighbour's when it too
    /// has none, since nothing then separates them.
    private static func cellAnswers(_ grid: EdgeGrid, areaLevel: [Int8], areaPreference: [Int32],
                                    buildingOfItem: [Int32], firstUnitOfArea: [Int32?]) -> ([UInt32], [Hit]) {
        struct Key: Hashable { var areas: [Int32]; var building: Int32 }
        var answerOf = [UInt32](repeating: .max, count: grid.cellCount)
        var answers: [Hit] = []
        var index: [Key: UInt32] = [:]
        for cell in 0..<grid.cellCount where !grid.isDegenerate(cell) {
            let clean = grid.crossings(cell).isEmpty
            if clean, let left = grid.leftNeighbour(cell), left < cell, grid.crossings(left).isEmpty, answerOf[left] != .max {
                answerOf[cell] = answerOf[left]
                continue
            }
            var best = LevelBest()
            grid.forEachContainingWholeCell(cell, source: 0) { item in
                best.offer(level: areaLevel[Int(item)], area: item, preference: areaPreference[Int(item)])
            }
            var building: Int32 = -1
            grid.forEachContainingWholeCell(cell, source: 1) { item in
                let b = buildingOfItem[Int(item)]
                if building < 0 || b < building { building = b }
            }
            let key = Key(areas: (0..<6).map { best.area($0) }, building: building)
            if let known = index[key] {
                answerOf[cell] = known
            } else {
                var h = Hit()
                h.areas = best.areas
                h.building = building
                h.unit = firstUnit(best.areas, firstUnitOfArea)
                answerOf[cell] = UInt32(answers.count)
                index[key] = UInt32(answers.count)
                answers.append(h)
            }
        }
        return (answerOf, answers)
    }

    /// The first unit of a point's areas: units are sorted most local first, so the smallest
    /// index wins.
    @inline(__always)
    static func firstUnit(_ areas: (Int32, Int32, Int32, Int32, Int32, Int32), _ firstUnitOfArea: [Int32?]) -> Int32 {
        var unit = Int32.max
        func consider(_ a: Int32) {
            if a >= 0, let u = firstUnitOfArea[Int(a)], u < unit { unit = u }
        }
        consider(areas.0); consider(areas.1); consider(areas.2)
        consider(areas.3); consider(areas.4); consider(areas.5)
        return unit == .max ? -1 : unit
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

    /// A building's point by its id (a binary search of the sorted ids); nil for an unknown id.
    public func position(ofBuilding id: String) -> Coordinate? {
        var low = 0, high = buildings.count
        while low < high {
            let mid = (low + high) / 2
            if buildings[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < buildings.count && buildings[low].id == id ? buildingPositions[low] : nil
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
    ///
    /// From the point's grid cell when it can: the cell's answer, corrected by the parts whose
    /// edges cross the cell; the exact index walk otherwise (outside the grid, or a point on an
    /// edge). Both give the same answer for every point off the boundaries.
    public func hit(lon: Double, lat: Double) -> Hit {
        hit(lon: lon, lat: lat, cell: edgeGrid.cell(x: lon, y: lat))
    }

    /// `hit` for a point whose edge-grid cell is known (-1: off the grid).
    @inline(__always)
    func hit(lon: Double, lat: Double, cell: Int) -> Hit {
        if cell >= 0 {
            let a = cellAnswerOf[cell]
            if a != .max {
                var h = cellAnswers[Int(a)]
                let crossings = edgeGrid.crossings(cell)
                if crossings.isEmpty { return h }
                var best = LevelBest(h.areas, areaPreference)
                var building = h.building
                let c = edgeGrid.centre(cell)
                let areaCount = Int32(areas.count)
                var exact = true
                var lastKey = UInt32.max, lastFlips = false
                for x in crossings {
                    // Crossings sharing their edges are adjacent: test the edges once.
                    let key = edgeGrid.edgeKey(crossing: x)
                    if key != lastKey {
                        guard let f = edgeGrid.flips(crossing: x, centre: c, x: lon, y: lat) else { exact = false; break }
                        lastKey = key
                        lastFlips = f
                    }
                    guard edgeGrid.containsCentre(crossing: x) != lastFlips else { continue }
                    let item = edgeGrid.item(ofCrossing: x)
                    if item < areaCount {
                        best.offer(level: areaLevel[Int(item)], area: item, preference: areaPreference[Int(item)])
                    } else {
                        let b = buildingOfItem[Int(item - areaCount)]
                        if building < 0 || b < building { building = b }
                    }
                }
                if exact {
                    h.areas = best.areas
                    h.building = building
                    h.unit = Self.firstUnit(best.areas, firstUnitOfArea)
                    return h
                }
            }
        }
        return exactHit(lon: lon, lat: lat)
    }

    /// The index walk: every level's best containing area and the building, without the grid.
    func exactHit(lon: Double, lat: Double) -> Hit {
        var h = Hit()
        h.building = building(lon: lon, lat: lat)
        h.areas = areasContaining(lon: lon, lat: lat).areas
        h.unit = Self.firstUnit(h.areas, firstUnitOfArea)
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

    init() {}

    /// Starting from known areas, with their preferences.
    @inline(__always) init(_ areas: (Int32, Int32, Int32, Int32, Int32, Int32), _ preference: [Int32]) {
        self.areas = areas
        func p(_ a: Int32) -> Int32 { a >= 0 ? preference[Int(a)] : .max }
        preferences = (p(areas.0), p(areas.1), p(areas.2), p(areas.3), p(areas.4), p(areas.5))
    }

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
