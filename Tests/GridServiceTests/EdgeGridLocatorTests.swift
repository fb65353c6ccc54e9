import GridDemo
import GridGeo
import GridModel
@testable import GridService
import Testing

/// The grid-method fast path of `Locator.hit` must answer exactly as the index walk does.
@Suite struct EdgeGridLocatorTests {
    func same(_ a: Locator.Hit, _ b: Locator.Hit) -> Bool {
        a.building == b.building && a.unit == b.unit && (0..<6).allSatisfy { element(a.areas, $0) == element(b.areas, $0) }
    }

    func check(_ locator: Locator, box: BoundingBox, points: Int, seed: UInt64, extra: [Coordinate] = []) {
        var rng = SeededGenerator(seed: seed)
        let w = box.maxLon - box.minLon, h = box.maxLat - box.minLat
        var mismatches = 0
        let random = (0..<points).map { _ in
            Coordinate(lon: rng.uniform(box.minLon - w * 0.05, box.maxLon + w * 0.05), lat: rng.uniform(box.minLat - h * 0.05, box.maxLat + h * 0.05))
        }
        for c in random + extra where !same(locator.hit(lon: c.lon, lat: c.lat), locator.exactHit(lon: c.lon, lat: c.lat)) {
            mismatches += 1
            if mismatches < 5 { Issue.record("grid and index walk differ at \(c.lon), \(c.lat)") }
        }
        #expect(mismatches == 0)
    }

    @Test func demoDistrictWithBuildings() {
        let demo = DemoDistrict.generate(petitionCount: 0)
        let locator = Locator(areas: demo.areas, buildings: demo.buildings, units: demo.units)
        var box = BoundingBox.empty
        for a in demo.areas where a.level == .district { box.extend(a.boundary.boundingBox) }
        // Points inside buildings and just around their corners, where edges crowd a cell.
        var near: [Coordinate] = []
        for b in demo.buildings.prefix(200) {
            near.append(b.position)
            for c in b.footprint?.polygons.first?.exterior.prefix(4) ?? [] {
                for (dx, dy) in [(1e-6, 1e-6), (-1e-6, 1e-6), (1e-6, -1e-6), (-1e-6, -1e-6)] { near.append(Coordinate(lon: c.lon + dx, lat: c.lat + dy)) }
            }
        }
        check(locator, box: box, points: 20_000, seed: 11, extra: near)
    }

    @Test func selfIntersectingComplexBoundaries() {
        let areas = SyntheticCity.complexPolygons(cols: 6, rows: 4, verticesPerEdge: 120)
        let locator = Locator(areas: areas, buildings: [], units: [])
        var box = BoundingBox.empty
        for a in areas { box.extend(a.boundary.boundingBox) }
        check(locator, box: box, points: 50_000, seed: 12)
    }

    @Test func axisAlignedSquaresWithOverlapsAndPointsOnBorders() {
        func square(_ id: String, _ level: AreaLevel, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Area {
            Area(id: id, name: id, level: level, parent: nil, boundary: MultiPolygon([Polygon(exterior: [
                Coordinate(lon: x0, lat: y0), Coordinate(lon: x1, lat: y0), Coordinate(lon: x1, lat: y1), Coordinate(lon: x0, lat: y1), Coordinate(lon: x0, lat: y0)])]))
        }
        let areas = [square("D", .district, 101.70, 26.57, 101.74, 26.59),
                     square("G1", .grid, 101.70, 26.57, 101.72, 26.59), square("G2", .grid, 101.72, 26.57, 101.74, 26.59),
                     square("G3", .grid, 101.715, 26.575, 101.725, 26.585)]  // overlaps both
        let footprint = MultiPolygon([Polygon(exterior: [Coordinate(lon: 101.71, lat: 26.58), Coordinate(lon: 101.711, lat: 26.58),
                                                         Coordinate(lon: 101.711, lat: 26.581), Coordinate(lon: 101.71, lat: 26.581), Coordinate(lon: 101.71, lat: 26.58)])])
        let locator = Locator(areas: areas, buildings: [Building(id: "B", address: "x", footprint: footprint, position: Coordinate(lon: 101.7105, lat: 26.5805))], units: [])
        // Exactly on borders and corners, where the exact path's tie rule decides.
        let onBorders = [Coordinate(lon: 101.72, lat: 26.58), Coordinate(lon: 101.715, lat: 26.575), Coordinate(lon: 101.70, lat: 26.57),
                         Coordinate(lon: 101.71, lat: 26.5805), Coordinate(lon: 101.725, lat: 26.58), Coordinate(lon: 101.73, lat: 26.59)]
        check(locator, box: BoundingBox(minLon: 101.70, minLat: 26.57, maxLon: 101.74, maxLat: 26.59), points: 30_000, seed: 13, extra: onBorders)
    }
}
