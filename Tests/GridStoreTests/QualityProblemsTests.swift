import Foundation
import GridGeo
import GridModel
import GridStore
import GridTestSupport
import Testing

/// Each data problem `wangge check` reports, planted in an otherwise clean small district.
@Suite struct QualityProblemsTests {
    func store(_ dir: TemporaryDirectory, areas: [Area], buildings: [(Building, AreaPlacement)] = [],
               households: [Household] = [], persons: [Person] = [], units: [ResponsibleUnit] = []) throws -> GridStore {
        let s = try GridStore(path: dir.file("w.db"))
        try s.replaceAreas(areas, buildingPlacements: [:], source: "t")
        try s.replaceBuildings(buildings, source: "t")
        try s.replaceHouseholds(households, source: "t")
        try s.replacePersons(persons, source: "t")
        try s.replaceUnits(units, source: "t")
        return s
    }

    func square(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> MultiPolygon {
        MultiPolygon([Polygon(exterior: GridStoreRegistryTests.ring(SmallDistrict.square(a, b, c, d)))])
    }

    @Test func theSmallDistrictIsClean() throws {
        let dir = TemporaryDirectory()
        let s = try store(dir, areas: GridStoreRegistryTests.areas)
        #expect(try s.qualityProblems().isEmpty)
    }

    @Test func findsOverlappingGridCellsAndTheHoleTheyLeave() throws {
        let dir = TemporaryDirectory()
        var areas = GridStoreRegistryTests.areas
        // G2 shifted 0.001° west: it overlaps G1 by ~2 km² and uncovers a strip of C1.
        let k = areas.firstIndex { $0.id == "G2" }!
        areas[k].boundary = square(101.709, 26.57, 101.719, 26.59)
        let problems = try store(dir, areas: areas).qualityProblems()
        let overlap = problems.first { $0.kind == .gridOverlap }
        #expect(overlap?.subjects == ["G1", "G2"])
        let expected = 0.001 * Geodesy.metresPerDegreeLongitude(atLatitude: 26.58) * 0.02 * Geodesy.metresPerDegreeLatitude(atLatitude: 26.58)
        #expect(abs((overlap?.areaM2 ?? 0) - expected) / expected < 0.01)
        let hole = problems.first { $0.kind == .coverageHole }
        #expect(hole?.subjects == ["C1"])
        #expect(abs((hole?.areaM2 ?? 0) - expected) / expected < 0.01)
    }

    @Test func sliversBelowTheToleranceAreLeftOut() throws {
        let dir = TemporaryDirectory()
        var areas = GridStoreRegistryTests.areas
        let k = areas.firstIndex { $0.id == "G2" }!
        areas[k].boundary = square(101.71 - 1e-9, 26.57, 101.72, 26.59)
        #expect(try store(dir, areas: areas).qualityProblems(toleranceM2: 1).isEmpty)
    }

    @Test func findsBuildingsOutsideOrAcrossGridCells() throws {
        let dir = TemporaryDirectory()
        let across = Building(id: "B3", address: "跨界楼", footprint: square(101.7095, 26.575, 101.711, 26.576), position: Coordinate(lon: 101.7102, lat: 26.5755))
        let outside = Building(id: "B9", address: "界外楼", footprint: square(101.80, 26.60, 101.801, 26.601), position: Coordinate(lon: 101.8005, lat: 26.6005))
        let s = try store(dir, areas: GridStoreRegistryTests.areas,
                          buildings: [(across, AreaPlacement(ids: [.grid: "G2"])), (outside, AreaPlacement())])
        let problems = try s.qualityProblems()
        #expect(problems.first { $0.kind == .buildingStraddlesGrids }?.subjects == ["B3", "G1", "G2"])
        #expect(problems.first { $0.kind == .buildingOutsideGrid }?.subjects == ["B9"])
    }

    @Test func findsEmptyHouseholdsUnitsAndInvalidBoundaries() throws {
        let dir = TemporaryDirectory()
        var areas = GridStoreRegistryTests.areas
        let k = areas.firstIndex { $0.id == "G4" }!
        areas[k].boundary = MultiPolygon([Polygon(exterior: [Coordinate(lon: 101.73, lat: 26.57), Coordinate(lon: 101.74, lat: 26.59),
                                                            Coordinate(lon: 101.74, lat: 26.57), Coordinate(lon: 101.73, lat: 26.59),
                                                            Coordinate(lon: 101.73, lat: 26.57)])])
        let b = Building(id: "B1", address: "x", footprint: nil, position: Coordinate(lon: 101.705, lat: 26.58))
        let s = try store(dir, areas: areas, buildings: [(b, AreaPlacement(ids: [.grid: "G1"]))],
                          households: [Household(id: "H1", building: "B1"), Household(id: "H2", building: "B1")],
                          persons: [Person(id: "P1", household: "H1", name: "张伟")],
                          units: [ResponsibleUnit(id: "U-empty", name: "空单位", level: .street, jurisdiction: [], categories: [])])
        let problems = try s.qualityProblems()
        #expect(problems.first { $0.kind == .householdWithoutPersons }?.subjects == ["H2", "B1"])
        #expect(problems.first { $0.kind == .unitWithoutJurisdiction }?.subjects == ["U-empty"])
        #expect(problems.first { $0.kind == .invalidGeometry }?.message.contains("Self-intersection") == true)
    }
}
