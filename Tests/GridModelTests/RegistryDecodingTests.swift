import GridGeo
import GridModel
import Testing

@Suite struct RegistryDecodingTests {
    func feature(_ props: JSONValue, geometry: Geometry?) -> Feature {
        Feature(geometry: geometry, properties: props.objectValue!)
    }

    let square = Geometry.polygon(Polygon(exterior: [Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1), Coordinate(lon: 0, lat: 0)]))

    @Test func listsEveryProblemOfARecord() {
        let (area, problems) = RegistryDecoding.area(feature(["name": "", "level": "town", "population": "many"], geometry: .point(Coordinate(lon: 1, lat: 1))))
        #expect(area == nil)
        #expect(Set(problems.map(\.field)) == ["id", "name", "level", "population", "geometry"])
    }

    @Test func acceptsChineseLevelNamesAndNumericIDs() {
        let (area, problems) = RegistryDecoding.area(feature(["id": 510402, "name": "东区", "level": "区", "population": "330000"], geometry: square))
        #expect(problems.isEmpty)
        #expect(area?.id == "510402")
        #expect(area?.level == .district)
        #expect(area?.population == 330000)
    }

    @Test func aBuildingGetsAPointInsideItsFootprint() {
        let (b, problems) = RegistryDecoding.building(feature(["id": "B1", "address": "金海路12号"], geometry: square))
        #expect(problems.isEmpty)
        #expect(b?.footprint != nil)
        let p = b!.position
        #expect(PolygonIndex([b!.footprint!]).containing(lon: p.lon, lat: p.lat) == [0])
    }

    @Test func csvCellsAreTrimmedAndTagListsSplit() {
        let (p, problems) = RegistryDecoding.person(["id": " P1 ", "household": "H1", "name": "张伟", "tags": "独居老人；低保, 残疾人", "id_number": "", "phone": ""])
        #expect(problems.isEmpty)
        #expect(p?.id == "P1")
        #expect(p?.tags == ["独居老人", "低保", "残疾人"])
        #expect(p?.idNumber == nil)
    }

    @Test func malformedIdentityNumbersAreRefused() {
        let (_, problems) = RegistryDecoding.person(["id": "P1", "household": "H1", "name": "张伟", "id_number": "12345"])
        #expect(problems.map(\.field) == ["id_number"])
    }
}

@Suite struct TrimmingTests {
    @Test(arguments: [
        ("abc", "abc"), ("  abc\t", "abc"), ("幸福路12号", "幸福路12号"), ("\u{3000}幸福路12号\u{3000}", "幸福路12号"),
        ("\u{FEFF}x", "x"), ("x\u{00A0}", "x"), ("（幸福路）", "（幸福路）"), ("\n\r ", ""), ("", ""),
        ("a\u{2003}", "a"), ("\u{2028}b", "b"), ("é", "é"), ("：", "："),
    ])
    func fieldsLoseOnlyTheWhitespaceAroundThem(text: String, trimmed: String) {
        #expect(text.trimmingWhitespace == trimmed)
    }
}
