import Foundation
import GridGeo
import GridModel
import GridStore
import GridTestSupport
import Testing

@Suite struct GridStoreRegistryTests {
    static func ring(_ r: [[Double]]) -> [Coordinate] { r.map { Coordinate(lon: $0[0], lat: $0[1]) } }

    static var areas: [Area] {
        SmallDistrict.areaSpecs.map {
            Area(id: $0.id, name: $0.name, level: AreaLevel(rawValue: $0.level)!, parent: $0.parent,
                 boundary: MultiPolygon([Polygon(exterior: ring($0.ring))]))
        }
    }

    @Test func areasRoundTripWithTheirBoundaries() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        try store.replaceAreas(Self.areas, buildingPlacements: [:], source: "test")
        let back = try store.areas()
        #expect(back.count == Self.areas.count)
        #expect(back.first { $0.id == "G1" } == Self.areas.first { $0.id == "G1" })
    }

    @Test func storedGeometryWorksInSpatiaLiteSQL() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        try store.replaceAreas(Self.areas, buildingPlacements: [:], source: "test")
        let db = try Database(path: dir.file("w.db"))
        let hits = try db.query("SELECT id FROM area WHERE level = 'grid' AND ST_Contains(geom, MakePoint(101.715, 26.58, 4326))") { $0.string(0)! }
        #expect(hits == ["G2"])
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        try store.replaceAreas(Self.areas, buildingPlacements: [:], source: "test")
        // A parent that does not exist fails the deferred foreign key at commit.
        var broken = Self.areas
        broken[3].parent = "missing"
        #expect(throws: (any Error).self) { try store.replaceAreas(broken, buildingPlacements: [:], source: "test") }
        #expect(try store.areas() == Self.areas)
    }

    @Test func unitsKeepTheirJurisdictionAndCategories() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        try store.replaceAreas(Self.areas, buildingPlacements: [:], source: "test")
        try store.replaceCategories([GridModel.Category(code: "water", nameZh: "供水", nameEn: "Water", defaultLevel: .district, deadlines: .init())], source: "t")
        let u = ResponsibleUnit(id: "U", name: "水务局", level: .district, jurisdiction: ["D", "S1"], categories: ["water"])
        try store.replaceUnits([u], source: "t")
        #expect(try store.units() == [u])
        #expect(try store.areaIDsInJurisdictions() == ["D": ["U"], "S1": ["U"]])
    }
}
