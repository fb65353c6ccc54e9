import GridGeo
import GridModel
import Testing

@Suite struct RegistryRulesTests {
    let square = MultiPolygon([Polygon(exterior: [Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1), Coordinate(lon: 0, lat: 0)])])

    func area(_ id: String, _ level: AreaLevel, _ parent: String?) -> Area {
        Area(id: id, name: id, level: level, parent: parent, boundary: square)
    }

    @Test func aParentMustBeAtLeastOneLevelUp() {
        let problems = RegistryRules.areas([
            area("D", .district, nil), area("S", .street, "D"), area("G", .grid, "D"), area("X", .street, "S"),
        ])
        #expect(problems.map(\.record) == [3])
        #expect(problems[0].field == "parent")
        #expect(problems[0].reason.contains("at least one level up"))
    }

    @Test func missingParentsAndRepeatedIDsAreListedTogether() {
        let problems = RegistryRules.areas([area("A", .street, "nowhere"), area("A", .grid, nil)])
        #expect(problems.count == 2)
        #expect(problems.contains { $0.record == 0 && $0.reason.contains("'nowhere' is not in the file") })
        #expect(problems.contains { $0.record == 1 && $0.reason.contains("duplicate id 'A' (first used by record 1)") })
    }

    @Test func householdsNeedAnExistingBuilding() {
        let problems = RegistryRules.households([Household(id: "H1", building: "B1"), Household(id: "H2", building: "B9")],
                                                buildingIDs: ["B1"])
        #expect(problems.map(\.record) == [1])
        #expect(problems[0].reason == "building 'B9' does not exist")
    }

    @Test func unitsNeedExistingAreasCategoriesAndParents() {
        let u = ResponsibleUnit(id: "U", name: "u", level: .street, parent: "P", jurisdiction: ["S", "Q"], categories: ["water", "x"])
        let problems = RegistryRules.units([u], areaIDs: ["S"], categoryCodes: ["water"])
        #expect(Set(problems.map(\.field)) == ["jurisdiction", "categories", "parent"])
    }

    @Test func aWrongCheckCharacterOrAnImplausiblePhoneIsAProblemNotAWarning() {
        func person(_ id: String, _ number: String, _ phone: String = "13812345678") -> [FieldProblem] {
            RegistryDecoding.person(["id": "P", "household": "H", "name": "张伟", "id_number": number, "phone": phone]).1
        }
        #expect(person("P1", "11010519491231002X").isEmpty)
        #expect(person("P2", "11010519491231002Z").map(\.field) == ["id_number"])
        #expect(person("P3", "110105194912310021").first?.reason.contains("mistyped") == true)
        for bad in ["189", "phone!", "1381234567", "12345678901234"] { #expect(person("P4", "11010519491231002X", bad).map(\.field) == ["phone"], "\(bad)") }
        for good in ["138-1234-5678", "+86 138 1234 5678", "(0812) 333-4444", "0812-3334444转8", "87654321"] {
            #expect(person("P5", "11010519491231002X", good).isEmpty, "\(good)")
        }
    }
}
