import Foundation
import GridDemo
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

@Suite struct LocatorTests {
    static let demo = DemoDistrict.generate(petitionCount: 0)
    static let locator = Locator(areas: demo.areas, buildings: demo.buildings, units: demo.units)

    @Test func everyBuildingIsFoundAtItsOwnPoint() {
        for b in Self.demo.buildings {
            let r = Self.locator.locate(b.position)
            #expect(r.building?.id == b.id)
            #expect(r.areas[.grid] != nil)
            #expect(r.areas[.district]?.id == "510402")
        }
    }

    /// The locator's answer per level against testing every area of that level directly.
    @Test func agreesWithBruteForceOnRandomPoints() {
        var rng = SeededGenerator(seed: 7)
        let box = Self.demo.areas.first { $0.level == .district }!.boundary.boundingBox
        let perLevel = Dictionary(grouping: Self.demo.areas, by: \.level)
        for _ in 0..<3_000 {
            let lon = rng.uniform(box.minLon - 0.01, box.maxLon + 0.01), lat = rng.uniform(box.minLat - 0.01, box.maxLat + 0.01)
            let r = Self.locator.locate(Coordinate(lon: lon, lat: lat))
            for level in [AreaLevel.district, .street, .community, .grid] {
                let containing = (perLevel[level] ?? []).filter { PolygonIndex([$0.boundary]).contains(item: 0, lon: lon, lat: lat) }
                #expect(containing.count <= 1, "the demo's cells do not overlap")
                #expect(r.areas[level]?.id == containing.first?.id)
            }
        }
    }

    func area(_ id: String, _ level: AreaLevel, _ ring: [[Double]]) -> Area {
        Area(id: id, name: id, level: level, parent: nil, boundary: MultiPolygon([Polygon(exterior: ring.map { Coordinate(lon: $0[0], lat: $0[1]) })]))
    }

    @Test func overlapsGoToTheSmallestAreaThenTheLowestID() {
        let big = area("A-big", .grid, SmallDistrict.square(0, 0, 10, 10))
        let small = area("Z-small", .grid, SmallDistrict.square(4, 4, 6, 6))
        let twinB = area("B", .community, SmallDistrict.square(0, 0, 5, 5))
        let twinA = area("A", .community, SmallDistrict.square(0, 0, 5, 5))
        let locator = Locator(areas: [big, small, twinB, twinA], buildings: [], units: [])
        #expect(locator.placement(lon: 5, lat: 5)[.grid] == "Z-small")
        #expect(locator.placement(lon: 1, lat: 1)[.grid] == "A-big")
        #expect(locator.placement(lon: 1, lat: 1)[.community] == "A")
    }

    @Test func nearABorderItNamesTheOtherCells() throws {
        let locator = Locator(areas: [area("G1", .grid, SmallDistrict.square(101.70, 26.57, 101.71, 26.59)),
                                      area("G2", .grid, SmallDistrict.square(101.71, 26.57, 101.72, 26.59))], buildings: [], units: [])
        // 0.0002° ≈ 20 m west of the shared edge.
        let r = locator.locate(Coordinate(lon: 101.7098, lat: 26.58))
        #expect(r.areas[.grid]?.id == "G1")
        #expect(r.nearBorder)
        #expect(r.nearbyGrids.map(\.area.id) == ["G2"])
        #expect(abs(r.nearbyGrids[0].metres - 0.0002 * Geodesy.metresPerDegreeLongitude(atLatitude: 26.58)) < 0.5)
        let inner = locator.locate(Coordinate(lon: 101.705, lat: 26.58))
        #expect(!inner.nearBorder)
        #expect(inner.nearbyGrids.isEmpty)
        #expect(try JSONParser.parse(r.jsonText)["nearby_grids"] != nil)
        #expect(try JSONParser.parse(inner.jsonText)["nearby_grids"] == nil)
    }

    @Test func outsideEveryCellItNamesTheNearest() throws {
        let locator = Locator(areas: [area("G1", .grid, SmallDistrict.square(101.70, 26.57, 101.71, 26.59))], buildings: [], units: [])
        let r = locator.locate(Coordinate(lon: 101.72, lat: 26.58))
        #expect(r.areas[.grid] == nil)
        #expect(r.nearestGrid?.area.id == "G1")
        #expect(abs((r.nearestGrid?.metres ?? 0) - 0.01 * Geodesy.metresPerDegreeLongitude(atLatitude: 26.58)) < 1)
        let json = try JSONParser.parse(r.jsonText)
        #expect(json["areas"]?["grid"] == .null)
        #expect(json["nearest_grid"]?["id"] == "G1")
    }

    @Test func aGCJPointIsConvertedAndEchoed() throws {
        let b = Self.demo.buildings[100]
        let gcj = ChinaShift.wgs84ToGCJ02(b.position)
        let r = Self.locator.locate(gcj, crs: .gcj02)
        #expect(r.building?.id == b.id)
        #expect(r.point == gcj)
        #expect(try JSONParser.parse(r.jsonText)["crs"] == "gcj02")
        // Taken as WGS-84, the same numbers land hundreds of metres away, in another building or none.
        #expect(Self.locator.locate(gcj).building?.id != b.id)
    }

    @Test func unitsComeMostLocalFirst() {
        let b = Self.demo.buildings[0]
        let units = Self.locator.locate(b.position).units
        #expect(units.first?.level == .community)
        #expect(units.map(\.level.rank) == units.map(\.level.rank).sorted(by: >))
        #expect(Self.locator.hit(lon: b.position.lon, lat: b.position.lat).unit >= 0)
    }
}

@Suite struct LocatorOverlapTests {
    @Test func overlappingFootprintsGoToTheLowestBuildingID() {
        let ring = SmallDistrict.square(101.704, 26.579, 101.705, 26.58).map { Coordinate(lon: $0[0], lat: $0[1]) }
        let shape = MultiPolygon([Polygon(exterior: ring)])
        let p = Coordinate(lon: 101.7045, lat: 26.5795)
        let buildings = ["B9", "B2", "B5"].map { Building(id: $0, address: $0, footprint: shape, position: p) }
        #expect(Locator(areas: [], buildings: buildings, units: []).locate(p).building?.id == "B2")
    }
}

@Suite struct LocatorBatchOrderTests {
    @Test func tileOrderGivesTheSameAnswersInInputOrder() {
        var rng = SeededGenerator(seed: 11)
        let box = LocatorTests.demo.areas.first { $0.level == .district }!.boundary.boundingBox
        var lons = (0..<40_000).map { _ in rng.uniform(box.minLon, box.maxLon) }
        var lats = (0..<40_000).map { _ in rng.uniform(box.minLat, box.maxLat) }
        // Buildings too, and a point no map contains.
        lons += LocatorTests.demo.buildings.prefix(500).map(\.position.lon) + [.nan]
        lats += LocatorTests.demo.buildings.prefix(500).map(\.position.lat) + [.nan]
        // Also a batch shorter than one group of input positions, and one ending mid-group.
        for count in [lons.count, 100] {
            let xs = Array(lons.suffix(count)), ys = Array(lats.suffix(count))
            let plain = LocatorTests.locator.hits(lons: xs, lats: ys, spatialOrder: false)
            let ordered = LocatorTests.locator.hits(lons: xs, lats: ys, spatialOrder: true)
            #expect(plain.count == ordered.count)
            var mismatches = 0
            for k in plain.indices where plain[k].building != ordered[k].building || plain[k].unit != ordered[k].unit
                || plain[k].areas != ordered[k].areas { mismatches += 1 }
            #expect(mismatches == 0)
            #expect(ordered.suffix(min(count, 501)).dropLast().allSatisfy { $0.building >= 0 })
            #expect(ordered.last?.areas.5 == -1)
        }
    }
}
