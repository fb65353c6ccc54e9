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

@Suite struct SpatialIndexTests {
    @Test func bulkReplacementLeavesWorkingSpatialIndexes() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        let triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        let before = try Database(path: dir.file("w.db")).query(triggers) { "\($0.string(0)!): \($0.string(1)!)" }
        try store.replaceAreas(GridStoreRegistryTests.areas, buildingPlacements: [:], source: "t")
        let b = Building(id: "B1", address: "x", footprint: MultiPolygon([Polygon(exterior: GridStoreRegistryTests.ring(SmallDistrict.square(101.704, 26.579, 101.705, 26.58)))]),
                         position: Coordinate(lon: 101.7045, lat: 26.5795))
        for _ in 0..<2 {  // twice: the second replacement rebuilds over existing indexes
            try store.replaceBuildings([(b, AreaPlacement(ids: [.grid: "G1"]))], source: "t")
            try store.replaceAreas(GridStoreRegistryTests.areas, buildingPlacements: ["B1": AreaPlacement(ids: [.grid: "G1"])], source: "t")
        }
        let db = try Database(path: dir.file("w.db"))
        for (t, c) in [("area", "geom"), ("building", "footprint"), ("building", "position")] {
            #expect(try db.scalar("SELECT CheckSpatialIndex('\(t)', '\(c)')") == .integer(1), "\(t).\(c)")
            #expect(try db.scalar("SELECT rtreecheck('idx_\(t)_\(c)')") == .text("ok"), "\(t).\(c)")
        }
        // SpatiaLite's triggers (constraints, time stamps, index upkeep) are all back as they were.
        #expect(try db.query(triggers) { "\($0.string(0)!): \($0.string(1)!)" } == before)
        #expect(before.count > 10)
        let viaIndex = try db.query("""
            SELECT id FROM area WHERE ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'area'
              AND f_geometry_column = 'geom' AND search_frame = MakePoint(101.7045, 26.5795, 4326)) AND level = 'grid'
            """) { $0.string(0)! }
        #expect(viaIndex == ["G1"])
        // The index triggers are back: a row inserted now is indexed.
        try db.execute("UPDATE building SET footprint = NULL WHERE id = 'B1'")
        #expect(try db.scalar("SELECT count(*) FROM idx_building_footprint") == .integer(0))
    }
}
