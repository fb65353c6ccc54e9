import GridGeo
import GridModel

extension Locator {
    /// The store's locator: mapped from its image beside the database when there is one for the
    /// store as it is now, else built from the store and its image written for next time (where
    /// the store keeps one). A damaged or stale image is said in `log` and built again; a missing
    /// one silently.
    public static func open(store: any WanggeStore, log: (String) -> Void = { _ in }) throws -> Locator {
        guard let path = store.locatorImagePath else { return try Locator(store: store) }
        // The version first: a locator built after it is at least as new, never older.
        let key = try store.locatorVersion()
        switch LocatorImageFile.read(path: path, key: key) {
        case .success(let locator):
            return locator
        case .failure(let why):
            if !why.isMissing { log("\(why); building the locator from the store again") }
            return try build(store: store, key: key, log: log)
        }
    }

    /// Builds the locator from the store, at version `key` (read before the store is), and
    /// writes its image where the store keeps one; a failure to write is said in `log` and
    /// leaves the locator in memory only.
    static func build(store: any WanggeStore, key: Int64, log: (String) -> Void) throws -> Locator {
        let locator = try Locator(store: store)
        if let path = store.locatorImagePath {
            do { try LocatorImageFile.write(locator, key: key, to: path) } catch { log("\(error); the locator is kept in memory only") }
        }
        return locator
    }

    /// Writes everything a locator answers from into an image (`LocatorImageFile`): the
    /// indexes' tables, the areas without their boundaries (the indexes hold the edges), the
    /// buildings' ids, addresses and points, the units, and each grid cell's answer.
    func write(to w: inout IndexImageWriter) throws {
        try w.strings(areas.map(\.id))
        try w.strings(areas.map(\.name))
        try w.table(areas.map { UInt8($0.level.rank) })
        try w.strings(areas.map { $0.parent ?? "" })
        try w.table(areas.map { Int64($0.population ?? -1) })
        try w.strings(areas.map { $0.worker ?? "" })
        try w.strings(areas.map { $0.phone ?? "" })
        try w.strings(buildings.map(\.id))
        try w.strings(buildings.map(\.address))
        try w.table(buildingPositions.flatMap { [$0.lon, $0.lat] })
        try w.strings(units.map(\.id))
        try w.strings(units.map(\.name))
        try w.table(units.map { UInt8($0.level.rank) })
        try w.table(areaLevel)
        try w.table(areaPreference)
        try w.table(buildingOfItem)
        try w.table(cellAnswerOf)
        try w.table(cellAnswers.flatMap { h in [h.building, h.unit] + (0..<6).map { element(h.areas, $0) } })
        try w.table(unitsOfArea.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1.count)) })
        try w.table(unitsOfArea.flatMap { $0 })
        try areaIndex.write(to: &w)
        try buildingIndex.write(to: &w)
        try edgeGrid.write(to: &w)
    }

    /// The locator `write(to:)` wrote: the indexes viewed in place, the rest read into memory.
    /// Every cross-reference is checked, so a damaged image is an error, never a wrong answer.
    convenience init(reading r: inout IndexImageReader) throws(IndexImageError) {
        let levels = AreaLevel.allCases.sorted { $0.rank < $1.rank }
        func level(_ rank: UInt8) throws(IndexImageError) -> AreaLevel {
            guard Int(rank) < levels.count else { throw .damaged("an area level \(rank)") }
            return levels[Int(rank)]
        }
        let ids = try r.strings(), names = try r.strings(), ranks: [UInt8] = try r.table(), parents = try r.strings()
        let populations: [Int64] = try r.table(), workers = try r.strings(), phones = try r.strings()
        guard [names.count, ranks.count, parents.count, populations.count, workers.count, phones.count].allSatisfy({ $0 == ids.count }) else {
            throw .damaged("the areas' columns differ in length")
        }
        var areas: [Area] = []
        areas.reserveCapacity(ids.count)
        for k in ids.indices {
            areas.append(Area(id: ids[k], name: names[k], level: try level(ranks[k]), parent: parents[k].isEmpty ? nil : parents[k],
                              population: populations[k] < 0 ? nil : Int(populations[k]), worker: workers[k].isEmpty ? nil : workers[k],
                              phone: phones[k].isEmpty ? nil : phones[k], boundary: MultiPolygon([])))
        }
        let buildingIDs = try r.strings(), addresses = try r.strings(), positions: [Double] = try r.table()
        guard addresses.count == buildingIDs.count, positions.count == 2 * buildingIDs.count else { throw .damaged("the buildings' columns differ in length") }
        let buildings = zip(buildingIDs, addresses).map { BuildingRef(id: $0, address: $1) }
        let buildingPositions = (0..<buildingIDs.count).map { Coordinate(lon: positions[2 * $0], lat: positions[2 * $0 + 1]) }
        let unitIDs = try r.strings(), unitNames = try r.strings(), unitRanks: [UInt8] = try r.table()
        guard unitNames.count == unitIDs.count, unitRanks.count == unitIDs.count else { throw .damaged("the units' columns differ in length") }
        var units: [UnitRef] = []
        for k in unitIDs.indices { units.append(UnitRef(id: unitIDs[k], name: unitNames[k], level: try level(unitRanks[k]))) }
        let areaLevel: [Int8] = try r.table(), areaPreference: [Int32] = try r.table(), buildingOfItem: [Int32] = try r.table()
        let cellAnswerOf: [UInt32] = try r.table(), answers: [Int32] = try r.table()
        let unitStarts: [Int32] = try r.table(), unitList: [Int32] = try r.table()
        guard areaLevel.count == areas.count, areaPreference.count == areas.count, answers.count % 8 == 0,
              unitStarts.count == areas.count + 1, unitStarts.last.map({ Int($0) }) == unitList.count,
              zip(unitStarts, unitStarts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw .damaged("the locator's tables do not agree with its \(areas.count) areas")
        }
        func inRange(_ v: Int32, _ count: Int) -> Bool { v >= -1 && Int(v) < count }
        var cellAnswers: [Hit] = []
        cellAnswers.reserveCapacity(answers.count / 8)
        for k in stride(from: 0, to: answers.count, by: 8) {
            var h = Hit()
            h.building = answers[k]
            h.unit = answers[k + 1]
            h.areas = (answers[k + 2], answers[k + 3], answers[k + 4], answers[k + 5], answers[k + 6], answers[k + 7])
            guard inRange(h.building, buildings.count), inRange(h.unit, units.count),
                  (2..<8).allSatisfy({ inRange(answers[k + $0], areas.count) }) else { throw .damaged("a cell's answer names no such area, building or unit") }
            cellAnswers.append(h)
        }
        guard cellAnswerOf.allSatisfy({ $0 == .max || Int($0) < cellAnswers.count }),
              buildingOfItem.allSatisfy({ $0 >= 0 && Int($0) < buildings.count }), unitList.allSatisfy({ $0 >= 0 && Int($0) < units.count }) else {
            throw .damaged("the locator's tables name no such cell answer, building or unit")
        }
        let unitsOfArea = (0..<areas.count).map { Array(unitList[Int(unitStarts[$0])..<Int(unitStarts[$0 + 1])]) }
        let areaIndex = try PolygonIndex(reading: &r)
        let buildingIndex = try PolygonIndex(reading: &r)
        let edgeGrid = try EdgeGrid(reading: &r, sources: [areaIndex, buildingIndex])
        guard areaIndex.itemCount == areas.count, buildingIndex.itemCount == buildingOfItem.count, edgeGrid.cellCount == cellAnswerOf.count else {
            throw .damaged("the locator's indexes do not agree with its tables")
        }
        self.init(areas: areas, buildings: buildings, buildingPositions: buildingPositions, units: units, areaIndex: areaIndex,
                  areaLevel: areaLevel, areaPreference: areaPreference, buildingIndex: buildingIndex, buildingOfItem: buildingOfItem,
                  edgeGrid: edgeGrid, cellAnswerOf: cellAnswerOf, cellAnswers: cellAnswers, unitsOfArea: unitsOfArea)
    }
}
