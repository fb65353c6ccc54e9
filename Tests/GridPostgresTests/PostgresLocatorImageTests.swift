import Foundation
import GridModel
import GridPostgres
import GridService
import GridTestSupport
import Testing

/// Over PostgreSQL the locator's image lives in each machine's cache folder: the importing
/// process writes it, every later process on the machine maps it, and an import made from
/// another machine makes it out of date here (it is then built once and written again).
@Suite struct PostgresLocatorImageTests {
    @Test func theImportersImageIsMappedAndAnImportElsewhereMakesItStale() throws {
        let database = try PostgresTestDatabase()
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let store = try PostgresStore(url: database.url)
        let importer = Importer(store: store)
        try importer.importFolder(dir.path) { _ in }
        let path = try #require(store.locatorImagePath)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: Never.self) { try LocatorImageFile.read(path: path, key: try store.locatorVersion()).get() }
        // Another server on this machine maps it without a word.
        let other = try PostgresStore(url: database.url)
        #expect(other.locatorImagePath == path)
        var said: [String] = []
        let mapped = try Locator.open(store: other) { said.append($0) }
        #expect(said.isEmpty && mapped.placement(lon: 101.7045, lat: 26.5795)[.grid] == "G1", "\(said)")
        // Buildings imported from another machine: this machine's image is the old one.
        let old = try Data(contentsOf: URL(fileURLWithPath: path))
        _ = try importer.import(.buildings, file: dir.file("buildings.geojsonl"))
        try old.write(to: URL(fileURLWithPath: path))
        said = []
        let rebuilt = try Locator.open(store: other) { said.append($0) }
        #expect(said.count == 1 && said[0].contains("out of date"), "\(said)")
        #expect(rebuilt.placement(lon: 101.7045, lat: 26.5795)[.grid] == "G1")
        #expect(throws: Never.self) { try LocatorImageFile.read(path: path, key: try store.locatorVersion()).get() }
        withExtendedLifetime((store, other)) {}
    }
}
