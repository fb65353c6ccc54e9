import GridDemo
import GridGeo
import GridModel
@testable import GridService
import GridStore
import GridTestSupport
import Testing

/// Address resolution against the small district (B1: 金海路12号阳光小区3栋, H1 its 2单元501室;
/// B2: 人民街8号锦绣花园1栋) and, for the accuracy figures, the demo registry.
@Suite struct AddressResolverTests {
    static let resolver: AddressResolver = {
        let dir = TemporaryDirectory()
        let (store, _) = try! importedSmallDistrict(dir)
        return try! AddressResolver(store: store)
    }()

    static func best(_ text: String) -> (AddressMatch.Certainty, AddressMatch.Candidate?) {
        let m = resolver.resolve(text)
        return (m.match, m.candidates.first)
    }

    /// A named district, street or community that the building is not in — registered or not —
    /// is a contradiction: shown under `unmatched`, never an exact answer.
    @Test(arguments: ["四川省攀枝花市西区金海路12号阳光小区3栋", "攀枝花市仁和区金海路12号阳光小区3栋", "东区大河中路街道金海路12号阳光小区3栋"])
    func aNamedAreaThatContradictsTheBuildingKeepsTheAnswerBelowExact(_ text: String) throws {
        let m = Self.resolver.resolve(text)
        #expect(m.match != .exact, "\(m.match)")
        let c = try #require(m.candidates.first)
        #expect(c.building == "B1")
        #expect(!c.unmatched.isEmpty && c.unmatched.allSatisfy { ["district", "street"].contains($0) }, "\(c.unmatched)")
    }

    @Test func compoundsEndingInQuAreNotDistricts() throws {
        let m = Self.resolver.resolve("东区金海路12号阳光小区3栋")
        #expect(m.match == .exact)
        #expect(AddressResolver.administrativeName(in: Array("阳光小区".unicodeScalars)) == nil)
        #expect(AddressResolver.administrativeName(in: Array("西区".unicodeScalars))?.1 == "西区")
    }

    @Test func theFullAddressIsAnExactMatchWithItsHouseholdAreasAndUnits() throws {
        let m = Self.resolver.resolve("四川省攀枝花市东区炳草岗街道阳城社区金海路12号阳光小区3栋2单元501室")
        #expect(m.match == .exact)
        let c = try #require(m.candidates.first)
        #expect(c.building == "B1")
        #expect(c.household == "H1")
        #expect(c.placement[.grid] == "G1")
        #expect(c.units.map(\.id) == ["U-C1", "U-S1", "U-D"])
        #expect(c.score == 1)
        #expect(Set(c.matched).isSuperset(of: ["road", "road_number", "compound", "building", "household", "street", "community"]))
        #expect(c.unmatched.isEmpty)
        #expect(m.parts.map(\.name) == ["province", "city", "district", "street", "community", "road", "road_number", "compound",
                                         "building", "unit", "room"])
        #expect(m.parts.first { $0.name == "street" }?.value == "炳草岗街道")
        #expect(m.parts.first { $0.name == "compound" }?.value == "阳光小区")
        #expect(m.parts.first { $0.name == "room" }?.value == "501")
    }

    @Test(arguments: [
        "阳光小区三幢二单元五〇一",            // Chinese numerals, 幢, bare room, no areas
        "金海路12号阳光小区3-2-501",           // shorthand
        "阳光小区3栋2-501",                   // the other shorthand
        "６１７０００ 阳光小区 ３号楼 ２单元 ５０１室",  // postcode, full width, spaces, 号楼
        "阳光小区3#2单元号501室 13812345678",   // #, 单元号, a phone number
        "东区阳光小区3座2单元501",              // missing levels
    ])
    func damagedFormsStillFindTheHousehold(_ text: String) {
        let (match, c) = Self.best(text)
        #expect(match == .exact || match == .probable, "\(text) → \(match)")
        #expect(c?.building == "B1")
        #expect(c?.household == "H1")
    }

    @Test func aWrongStreetIsToleratedWhenTheRestIsUnique() {
        let (match, c) = Self.best("东华街道金海路12号阳光小区3栋2单元501室")
        #expect(match == .probable)
        #expect(c?.building == "B1")
        #expect(c?.unmatched == ["street"])
    }

    @Test func aOneCharacterTypoInAName() {
        let compound = Self.best("阳光小去3栋2单元501室")
        #expect(compound.0 == .probable)
        #expect(compound.1?.building == "B1")
        let road = Self.best("金海璐12号3栋")
        #expect(road.0 == .probable, "road typo with road number and building")
        #expect(road.1?.building == "B1")
    }

    @Test func aRoadAndNumberAloneFindAStandaloneBuilding() {
        let (match, c) = Self.best("人民街8号")
        #expect(match == .probable || match == .exact)
        #expect(c?.building == "B2")
    }

    @Test func whatDoesNotExistIsNeverAConfidentAnswer() {
        // A building the compound does not have: candidates, but no certainty.
        let missing = Self.best("阳光小区9栋2单元501")
        #expect(missing.0 == .ambiguous)
        #expect(missing.1?.unmatched.contains("building") == true)
        // A compound nobody registered, and text with no address in it.
        #expect(Self.best("幸福家园1栋").0 == .none)
        #expect(Self.best("").0 == .none)
        #expect(Self.best("请尽快处理").0 == .none)
        // An unknown compound at a known road number contradicts it.
        let contradicted = Self.best("金海路12号幸福家园3栋")
        #expect(contradicted.0 != .exact && contradicted.0 != .probable)
    }

    @Test func theDemoEvaluationSetMeetsTheTargets() {
        let demo = LocatorTests.demo
        let placed = demo.buildings.map { ($0, LocatorTests.locator.placement(lon: $0.position.lon, lat: $0.position.lat)) }
        let directory = AreaDirectory(areas: Dictionary(demo.areas.map { ($0.id, AreaDirectory.Entry(name: $0.name, level: $0.level, worker: $0.worker)) },
                                                        uniquingKeysWith: { a, _ in a }), units: demo.units)
        let resolver = AddressResolver(areas: directory, buildings: placed,
                                       households: demo.households.map { ($0.id, $0.building, $0.unit, $0.room) })
        let cases = AddressEvaluation.cases(demo, count: 2_000, seed: 7)
        var resolvable = 0, right = 0, confidentWrong = 0
        for c in cases {
            let m = resolver.resolve(c.text)
            let sure = m.match == .exact || m.match == .probable
            if let expected = c.building {
                resolvable += 1
                if m.candidates.first?.building == expected { right += 1 } else if sure { confidentWrong += 1 }
            } else if sure {
                confidentWrong += 1
            }
        }
        #expect(resolvable > 1_700)
        #expect(Double(right) / Double(resolvable) >= 0.97, "top-1 \(right) of \(resolvable)")
        #expect(confidentWrong == 0)
    }
}
