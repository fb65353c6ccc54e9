import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// A caller's history by phone (a keyed hash, never a scan of numbers), 重信重访率, statistics by
/// category and 环比.
@Suite struct CallerHistoryTests {
    static func intake(_ desk: PetitionDesk, phone: String, category: String = "water", at lon: Double = 101.7045) throws -> String {
        var i = PetitionDeskTests.water(at: lon, 26.5795)
        i.category = category
        i.contact = .init(name: "张三", phone: phone)
        return try desk.intake(i).petition.id
    }

    @Test func theSameCallerIsFoundHoweverThePhoneWasWritten() throws {
        let dir = TemporaryDirectory()
        let (desk, clock) = try PetitionDeskTests.desk(dir)
        let first = try Self.intake(desk, phone: "138-1234-5678")
        clock.set("2026-11-03T10:00:00+08:00")
        let second = try Self.intake(desk, phone: "+86 138 1234 5678", at: 101.7355)
        _ = try Self.intake(desk, phone: "13987654321", category: "property", at: 101.7255)
        let dispatcher = CaseLoopTests.dispatcher
        #expect(try desk.history(phone: "13812345678", for: dispatcher).map(\.id) == [second, first])
        #expect(try desk.history(phone: "139 8765 4321", for: dispatcher).count == 1)
        #expect(try desk.history(phone: "13700000000", for: dispatcher).isEmpty)
        #expect(throws: AccessDenied.self) { try desk.history(phone: "13812345678", for: CaseLoopTests.water) }
        #expect(throws: DeskError.self) { try desk.history(phone: "12", for: dispatcher) }
        // Stored as a keyed hash beside the petition, under a key only the owner reads; searches audited.
        let stored = try #require(try desk.gridStore.petition(id: first))
        #expect(stored.contactKey?.count == 64 && stored.contactKey?.contains("1234") == false)
        let key = try FileManager.default.attributesOfItem(atPath: dir.file("w.db.key"))
        #expect((key[.posixPermissions] as? Int) == 0o600)
        #expect(try desk.gridStore.auditEntries().filter { $0.action == "search.phone" }.count == 3)
        // 重信重访: the second water petition from the same caller within repeat_days.
        let stats = try desk.statistics(by: .category, from: nil, to: nil)
        #expect(stats.total.repeatPetitioners == 1)
        #expect(stats.groups.map(\.id) == ["water", "property"], "ranked by petitions")
        #expect(stats.groups.first?.figures.repeatPetitionerRate == 0.5)
    }

    @Test func previousGivesTheSameFiguresForThePeriodBefore() throws {
        let dir = TemporaryDirectory()
        let (desk, clock) = try PetitionDeskTests.desk(dir)
        _ = try Self.intake(desk, phone: "13812345678")
        clock.set("2026-11-09T10:00:00+08:00")
        _ = try Self.intake(desk, phone: "13912345678")
        _ = try Self.intake(desk, phone: "13712345678", at: 101.7355)
        func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }
        let r = try desk.statistics(by: .category, from: t("2026-11-08T00:00:00+08:00"), to: t("2026-11-15T00:00:00+08:00"), previous: true)
        #expect(r.total.petitions == 2)
        #expect(r.previous?.total.petitions == 1)
        #expect(r.previous?.from.description == "2026-11-01T00:00:00+08:00")
        let json = r.json
        #expect(json["groups"]?[0]?["previous"]?["petitions"] == 1)
        #expect(throws: DeskError.self) { try desk.statistics(by: .unit, from: nil, to: nil, previous: true) }
    }
}
