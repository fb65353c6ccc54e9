import Foundation
import GridDemo
import GridGeo
import GridModel
@testable import GridService
import GridStore
import GridTestSupport
import Testing

/// The locator's image on disk answers exactly as a locator built from the polygons, and an
/// image that is stale, damaged or foreign is never used.
@Suite struct LocatorImageTests {
    /// `locator` written to an image and mapped back.
    func mapped(_ locator: Locator, _ dir: TemporaryDirectory) throws -> Locator {
        let path = dir.file("image.locator")
        try LocatorImageFile.write(locator, key: 42, to: path)
        return try LocatorImageFile.read(path: path, key: 42).get()
    }

    /// Every answer the same on random points around `box`, plus `extra`: the grid's fast path,
    /// the index walk, placements, and the whole locate result (units, borders, nearest cell).
    func expectSameAnswers(_ a: Locator, _ b: Locator, box: BoundingBox, points: Int, seed: UInt64, extra: [Coordinate] = []) {
        var rng = SeededGenerator(seed: seed)
        let w = box.maxLon - box.minLon, h = box.maxLat - box.minLat
        let random = (0..<points).map { _ in
            Coordinate(lon: rng.uniform(box.minLon - w * 0.05, box.maxLon + w * 0.05), lat: rng.uniform(box.minLat - h * 0.05, box.maxLat + h * 0.05))
        }
        var differ = 0
        func same(_ x: Locator.Hit, _ y: Locator.Hit) -> Bool {
            x.building == y.building && x.unit == y.unit && (0..<6).allSatisfy { element(x.areas, $0) == element(y.areas, $0) }
        }
        for (k, c) in (random + extra).enumerated() {
            var ok = same(a.hit(lon: c.lon, lat: c.lat), b.hit(lon: c.lon, lat: c.lat)) && same(a.exactHit(lon: c.lon, lat: c.lat), b.exactHit(lon: c.lon, lat: c.lat))
            if k % 7 == 0 { ok = ok && a.locate(c).jsonText == b.locate(c).jsonText }
            if !ok {
                differ += 1
                if differ < 4 { Issue.record("the image answers otherwise at \(c.lon), \(c.lat)") }
            }
        }
        #expect(differ == 0 && a.buildings == b.buildings && a.units == b.units && a.areas == b.areas)
        #expect(a.hits(lons: random.map(\.lon), lats: random.map(\.lat)).map(\.building) == b.hits(lons: random.map(\.lon), lats: random.map(\.lat)).map(\.building))
    }

    @Test func theDemoDistrictWithItsBuildings() throws {
        let demo = DemoDistrict.generate(petitionCount: 0)
        let fresh = Locator(areas: demo.areas, buildings: demo.buildings, units: demo.units)
        let dir = TemporaryDirectory()
        let image = try mapped(fresh, dir)
        var box = BoundingBox.empty
        for a in demo.areas where a.level == .district { box.extend(a.boundary.boundingBox) }
        var near: [Coordinate] = []
        for b in demo.buildings.prefix(300) {
            near.append(b.position)
            for c in b.footprint?.polygons.first?.exterior.prefix(4) ?? [] { near.append(c) }
        }
        expectSameAnswers(fresh, image, box: box, points: 20_000, seed: 21, extra: near)
        for b in demo.buildings.prefix(500) { #expect(image.position(ofBuilding: b.id) == fresh.position(ofBuilding: b.id)) }
    }

    @Test func selfIntersectingBoundariesWithManyVertices() throws {
        let areas = SyntheticCity.complexPolygons(cols: 6, rows: 4, verticesPerEdge: 120)
        let fresh = Locator(areas: areas, buildings: [], units: [])
        var box = BoundingBox.empty
        for a in areas { box.extend(a.boundary.boundingBox) }
        expectSameAnswers(fresh, try mapped(fresh, TemporaryDirectory()), box: box, points: 30_000, seed: 22)
    }

    @Test func emptyAndTinyMaps() throws {
        let empty = Locator(areas: [], buildings: [], units: [])
        let box = BoundingBox(minLon: 101.7, minLat: 26.5, maxLon: 101.8, maxLat: 26.6)
        expectSameAnswers(empty, try mapped(empty, TemporaryDirectory()), box: box, points: 100, seed: 23)
        let one = Locator(areas: [Area(id: "G", name: "格", level: .grid, parent: nil, population: 12, worker: "王", phone: "139",
                                       boundary: MultiPolygon([Polygon(exterior: SmallDistrict.square(101.70, 26.57, 101.71, 26.59).map { Coordinate(lon: $0[0], lat: $0[1]) })]))],
                          buildings: [], units: [])
        expectSameAnswers(one, try mapped(one, TemporaryDirectory()), box: box, points: 2000, seed: 24,
                          extra: [Coordinate(lon: 101.70, lat: 26.58), Coordinate(lon: 101.71, lat: 26.59)])
    }

    /// An import writes the image for the store as imported; it is used until an import of
    /// areas, buildings or units changes the store, and a damaged, cut or foreign file is never
    /// used: `Locator.open` says why, builds from the store and writes the image again.
    @Test func aStaleDamagedOrForeignImageIsBuiltAgain() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try importedSmallDistrict(dir)
        let path = try #require(store.locatorImagePath)
        var key = try store.locatorVersion()
        #expect(throws: Never.self) { try LocatorImageFile.read(path: path, key: key).get() }
        let fresh = try Locator(store: store)
        let box = BoundingBox(minLon: 101.69, minLat: 26.56, maxLon: 101.75, maxLat: 26.60)
        var said: [String] = []
        expectSameAnswers(fresh, try Locator.open(store: store) { said.append($0) }, box: box, points: 3000, seed: 25)
        #expect(said.isEmpty)

        // History petitions do not touch it.
        _ = try importer.import(.petitions, file: dir.write("more.geojsonl", SmallDistrict.manyPetitions(3)))
        #expect(try store.locatorVersion() == key)

        func expectRebuilt(_ reason: String) throws {
            said = []
            expectSameAnswers(fresh, try Locator.open(store: store) { said.append($0) }, box: box, points: 500, seed: 26)
            #expect(said.count == 1 && said[0].contains(reason), "\(said)")
            #expect(throws: Never.self) { try LocatorImageFile.read(path: path, key: key).get() }
        }
        // One byte flipped in the payload.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard case .failure(.corrupt(_, let why)) = LocatorImageFile.read(path: path, key: key) else { Issue.record("a flipped byte went unseen"); return }
        #expect(why.contains("checksum"))
        try expectRebuilt("damaged")
        // Cut short.
        bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        try Data(bytes.prefix(bytes.count - 32)).write(to: URL(fileURLWithPath: path))
        try expectRebuilt("damaged")
        // Some other file.
        try Data("SQLite format 3\0 and more bytes than a header holds, which are not an image at all, as anyone can see".utf8)
            .write(to: URL(fileURLWithPath: path))
        try expectRebuilt("not a locator image")
        // The buildings imported again: the image is out of date.
        _ = try importer.import(.buildings, file: dir.file("buildings.geojsonl"))
        let newer = try store.locatorVersion()
        #expect(newer > key)
        // The import wrote the new image; an old one left behind is what a crash between the
        // store's commit and the image's rename would leave.
        #expect(throws: Never.self) { try LocatorImageFile.read(path: path, key: newer).get() }
        try LocatorImageFile.write(fresh, key: key, to: path)
        guard case .failure(.stale) = LocatorImageFile.read(path: path, key: newer) else { Issue.record("an old image was taken for new"); return }
        key = newer
        try expectRebuilt("out of date")
        // The format's own version is checked too.
        bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[8] = 99
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try expectRebuilt("format 99")
    }

    /// Where the image cannot be written, the locator is built and used all the same.
    @Test func anUnwritableFolderOnlyCostsTheRebuild() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let path = try #require(store.locatorImagePath)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)  // a folder where the file would go
        var said: [String] = []
        let locator = try Locator.open(store: store) { said.append($0) }
        #expect(locator.placement(lon: 101.7045, lat: 26.5795)[.grid] == "G1")
        #expect(said.contains { $0.contains("cannot be written") || $0.contains("cannot be read") }, "\(said)")
    }
}
