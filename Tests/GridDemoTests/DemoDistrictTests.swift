import Foundation
import GridDemo
import GridGeo
import GridModel
import Testing

@Suite struct DemoDistrictTests {
    static let demo = DemoDistrict.generate(petitionCount: 0)

    @Test func isDeterministicForASeed() {
        let a = DemoDistrict.generate(seed: 99, petitionCount: 300).files()
        let b = DemoDistrict.generate(seed: 99, petitionCount: 300).files()
        #expect(a.map(\.text) == b.map(\.text))
        #expect(DemoDistrict.generate(seed: 100, petitionCount: 0).areasGeoJSON() != DemoDistrict.generate(seed: 99, petitionCount: 0).areasGeoJSON())
    }

    @Test func meetsTheSizesTheIssueAsksFor() {
        let d = DemoDistrictTests.demo
        let count = { (l: AreaLevel) in d.areas.filter { $0.level == l }.count }
        #expect(count(.city) == 1 && count(.district) == 1)
        #expect(count(.street) >= 4 && count(.community) >= 12 && count(.grid) >= 80)
        #expect(d.buildings.count >= 3_000 && d.households.count >= 30_000 && d.persons.count >= 80_000)
        #expect(d.units.count >= 20 && d.categories.count >= 15)
        #expect(Set(d.units.map(\.level)) == [.district, .street, .community])
        #expect(d.areas.allSatisfy { ($0.population ?? 0) > 0 })
        #expect(d.persons.allSatisfy { $0.idNumber.map(IdentityNumber.isValid) ?? true })
        #expect(d.buildings.allSatisfy { $0.address.hasPrefix("四川省攀枝花市东区") && $0.address.hasSuffix("栋") })
    }

    @Test func gridCellsTileEachCommunityExactly() {
        let d = DemoDistrictTests.demo
        for community in d.areas where community.level == .community {
            let cells = d.areas.filter { $0.parent == community.id }
            let sum = cells.reduce(0) { $0 + Geodesy.area(of: $1.boundary) }
            #expect(abs(sum - Geodesy.area(of: community.boundary)) / sum < 1e-6, "\(community.id)")
        }
    }

    @Test func theCommittedGeodataIsWhatTheGeneratorWrites() throws {
        // geodata/ is committed output; a generator change must come with regenerated files.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let demo = DemoDistrict.generate()
        for (name, text) in demo.files() {
            let committed = try String(contentsOf: root.appendingPathComponent("geodata/\(name)"), encoding: .utf8)
            #expect(committed == text, "geodata/\(name) differs from the generator's output: run `swift run wangge-demo`")
        }
    }

    @Test func petitionsAreValidImportRecords() throws {
        let d = DemoDistrict.generate(petitionCount: 2_000)
        #expect(d.petitions.count == 2_000)
        let categories = Set(d.categories.map(\.code))
        for p in d.petitions {
            #expect(p.geometry != nil || p.properties["address"]?.stringValue != nil)
            #expect(categories.contains(p.properties["category"]?.stringValue ?? ""))
            #expect(p.properties["received_at"]?.stringValue?.hasSuffix("+08:00") == true)
        }
        #expect(Set(d.petitions.compactMap { $0.properties["id"]?.stringValue }).count == 2_000)
    }
}
