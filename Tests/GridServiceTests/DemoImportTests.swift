import Foundation
import GridDemo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

@Suite struct DemoImportTests {
    @Test func theImportedDemoPassesTheQualityCheck() throws {
        let dir = TemporaryDirectory()
        let d = LocatorTests.demo
        for (name, text) in d.files() where name != "petitions.geojsonl" { dir.write(name, text) }
        let store = try GridStore(path: dir.file("demo.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        #expect(try QualityCheck(store: store).run().isEmpty)
        #expect(try store.buildings().allSatisfy { $0.1[.grid] != nil })
    }
}
