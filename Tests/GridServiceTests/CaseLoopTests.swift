import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// The case loop after dispatch (督办, 重新定性, 并行派单, 退回, 延期, 甄别, 多维评价), each step an
/// event checked against the lifecycle and the caller's role, on a real store.
@Suite struct CaseLoopTests {
    static func caller(_ role: Role, unit: String? = nil, area: String? = nil) -> Caller {
        Caller(token: ApiToken(id: "wg_\(role.rawValue)", role: role, area: area, unit: unit, createdAt: Timestamp(seconds: 0)))
    }
    static let dispatcher = caller(.dispatcher)
    static let water = caller(.unit, unit: "U-D")
    static let street = caller(.unit, unit: "U-S1")

    static func step(_ action: PetitionEvent.Action, _ body: String, _ desk: PetitionDesk, _ id: String, as who: Caller) throws -> Petition? {
        let o = try #require(try JSONParser.parse(#"{"action":"\#(action.rawValue)"\#(body.isEmpty ? "" : ",")\#(body)}"#).objectValue)
        let (request, problems) = PetitionEventRequest.decode(o)
        guard let request else { throw DeskError.invalid(problems) }
        return try desk.post(request, to: id, by: who)?.petition
    }

    /// A water case in B1 (G1): led by U-D, U-S1 assisting, resolution due 2026-11-16.
    static func waterCase(_ dir: TemporaryDirectory) throws -> (PetitionDesk, TestClock, String) {
        let (desk, clock) = try PetitionDeskTests.desk(dir)
        let id = try desk.intake(PetitionDeskTests.water(at: 101.7045, 26.5795)).petition.id
        return (desk, clock, id)
    }

    @Test func supervisionLevelsAnswersAndTheirOwnWarning() throws {
        let dir = TemporaryDirectory()
        let (desk, clock, id) = try Self.waterCase(dir)
        let inspector = Self.caller(.inspector)
        var p = try #require(try Self.step(.supervise, #""level":1,"due":"2026-11-04","note":"请尽快处理""#, desk, id, as: inspector))
        #expect(p.caseState.supervisions.map(\.level) == [1])
        #expect(p.caseState.supervisions[0].due.description == "2026-11-04T23:59:59+08:00")
        // Not the same level again while it is open; a higher one may follow.
        #expect(throws: DeskError.self) { try Self.step(.supervise, #""level":1,"due":"2026-11-05","note":"再次提醒""#, desk, id, as: Self.dispatcher) }
        p = try #require(try Self.step(.supervise, #""level":2,"due":"2026-11-05","note":"督办""#, desk, id, as: Self.dispatcher))
        // A unit may not supervise; an assisting unit may not answer for the lead.
        #expect(throws: AccessDenied.self) { try Self.step(.supervise, #""level":3,"due":"2026-11-06","note":"x""#, desk, id, as: Self.water) }
        #expect(throws: AccessDenied.self) { try Self.step(.answerSupervision, #""note":"已处理""#, desk, id, as: Self.street) }
        // The lead answers the highest open one first.
        p = try #require(try Self.step(.answerSupervision, #""note":"已派人抢修""#, desk, id, as: Self.water))
        #expect(p.caseState.supervisions.map { $0.answeredAt != nil } == [false, true])
        // The first, unanswered past its date, is warned once.
        clock.set("2026-11-05T08:00:00+08:00")
        #expect(try desk.raiseWarnings() >= 1)
        #expect(try desk.raiseWarnings() == 0)
        let record = try #require(try desk.record(id: id))
        #expect(record.events.filter { $0.action == .warn && $0.details["supervision"] == "0" }.count == 1)
        let overdue = try desk.supervisions(state: .overdue)
        #expect(overdue.map(\.petition.id) == [id] && overdue.map(\.supervision.level) == [1])
        #expect(try desk.supervisions(state: .answered).map(\.supervision.level) == [2])
        #expect(try desk.supervisions(level: 3).isEmpty)
        // Bad input names the field.
        #expect(throws: DeskError.self) { try Self.step(.supervise, #""level":4,"due":"2026-11-09","note":"x""#, desk, id, as: inspector) }
        #expect(throws: DeskError.self) { try Self.step(.supervise, #""level":3,"note":"x""#, desk, id, as: inspector) }
        #expect(throws: DeskError.self) { try Self.step(.supervise, #""level":3,"due":"2026-11-01","note":"x""#, desk, id, as: inspector) }
    }

    @Test func regradingBeforeAcceptanceReroutesAndRecountsTheDeadlines() throws {
        let dir = TemporaryDirectory()
        let (desk, _, id) = try Self.waterCase(dir)
        let p = try #require(try Self.step(.regrade, #""category":"property","kind":"complain","note":"实为物业管网""#, desk, id, as: Self.dispatcher))
        #expect(p.category == "property" && p.kind == .complain)
        // Property complaints are raised to the street by the rules (R-property).
        #expect(p.unit == "U-S1")
        #expect(p.ruleReason?.hasPrefix("重新定性（实为物业管网）") == true)
        let e = try #require(try desk.record(id: id)?.events.last)
        #expect(e.details["from_category"] == "water" && e.details["category"] == "property" && e.details["from_unit"] == "U-D")
        #expect(p.resolveBy != nil && e.details["resolve_by"] == p.resolveBy?.description)
        // Only a dispatcher regrades; a regrade must change something.
        #expect(throws: AccessDenied.self) { try Self.step(.regrade, #""urgency":"urgent","note":"x""#, desk, id, as: Self.street) }
        #expect(throws: DeskError.self) { try Self.step(.regrade, #""category":"property","note":"x""#, desk, id, as: Self.dispatcher) }
        #expect(throws: DeskError.self) { try Self.step(.regrade, #""category":"gas","note":"x""#, desk, id, as: Self.dispatcher) }
    }

    @Test func parallelDispatchLetsAssistingUnitsNoteButOnlyTheLeadAct() throws {
        let dir = TemporaryDirectory()
        let (desk, _, id) = try Self.waterCase(dir)
        let p = try #require(try Self.step(.dispatch, #""unit":"U-D","assist":["U-S1","U-C1"],"note":"水务主办，街道、社区协办""#, desk, id, as: Self.dispatcher))
        #expect(p.unit == "U-D" && p.assistingUnits == ["U-S1", "U-C1"])
        let community = Self.caller(.unit, unit: "U-C1")
        #expect(try Self.step(.progress, #""note":"已通知住户""#, desk, id, as: community) != nil)
        #expect(throws: AccessDenied.self) { try Self.step(.accept, "", desk, id, as: community) }
        #expect(try Self.step(.accept, "", desk, id, as: Self.water)?.status == .accepted)
        #expect(throws: DeskError.self) { try Self.step(.dispatch, #""unit":"U-D","assist":["U-D"],"note":"x""#, desk, id, as: Self.dispatcher) }
        #expect(throws: DeskError.self) { try Self.step(.dispatch, #""unit":"U-D","assist":["U-X"],"note":"x""#, desk, id, as: Self.dispatcher) }
    }

    @Test func aReturnWaitsForTheDispatcherAndIsCountedAgainstTheUnit() throws {
        let dir = TemporaryDirectory()
        let (desk, _, id) = try Self.waterCase(dir)
        _ = try Self.step(.accept, "", desk, id, as: Self.water)
        #expect(throws: DeskError.self) { try Self.step(.sendBack, "", desk, id, as: Self.water) }  // a reason is required
        var p = try #require(try Self.step(.sendBack, #""reason":"属小区自建管网，非市政""#, desk, id, as: Self.water))
        #expect(p.status == .returned && p.caseState.returnedBy == ["U-D"])
        // Refused: back to the unit as it was.
        #expect(throws: AccessDenied.self) { try Self.step(.refuseReturn, #""note":"x""#, desk, id, as: Self.water) }
        p = try #require(try Self.step(.refuseReturn, #""note":"管网属市政""#, desk, id, as: Self.dispatcher))
        #expect(p.status == .accepted && p.unit == "U-D")
        // Returned again and re-dispatched elsewhere.
        _ = try Self.step(.sendBack, #""reason":"确非本单位""#, desk, id, as: Self.water)
        p = try #require(try Self.step(.dispatch, #""unit":"U-S1","note":"改派街道""#, desk, id, as: Self.dispatcher))
        #expect(p.status == .dispatched && p.unit == "U-S1" && p.caseState.returnedBy == ["U-D", "U-D"])
        let stats = try desk.statistics(by: .unit, from: nil, to: nil)
        #expect(stats.groups.first { $0.id == "U-D" }?.figures.returns == 2)
        #expect(stats.total.returns == 2)
        // Resolved cases cannot be sent back.
        _ = try Self.step(.accept, "", desk, id, as: Self.street)
        _ = try Self.step(.resolve, #""outcome":"resolved""#, desk, id, as: Self.street)
        #expect(throws: DeskError.self) { try Self.step(.sendBack, #""reason":"x""#, desk, id, as: Self.street) }
    }

    @Test func anApprovedExtensionMovesTheDeadlineByWorkingDays() throws {
        let dir = TemporaryDirectory()
        let (desk, _, id) = try Self.waterCase(dir)
        #expect(throws: DeskError.self) { try Self.step(.extend, #""working_days":31,"reason":"x""#, desk, id, as: Self.water) }
        #expect(throws: DeskError.self) { try Self.step(.extend, #""working_days":5"#, desk, id, as: Self.water) }
        var p = try #require(try Self.step(.extend, #""working_days":5,"reason":"需更换主管道""#, desk, id, as: Self.water))
        #expect(p.caseState.extensionRequest?.workingDays == 5)
        #expect(throws: DeskError.self) { try Self.step(.extend, #""working_days":2,"reason":"再延""#, desk, id, as: Self.water) }
        #expect(throws: AccessDenied.self) { try Self.step(.approveExtension, "", desk, id, as: Self.water) }
        p = try #require(try Self.step(.approveExtension, "", desk, id, as: Self.dispatcher))
        // Due 2026-11-16 (Mon); five working days on: Tue 17 … Mon 23.
        #expect(p.resolveBy?.description == "2026-11-23T23:59:59+08:00")
        #expect(p.caseState.extensionRequest == nil)
        #expect(throws: DeskError.self) { try Self.step(.refuseExtension, #""note":"x""#, desk, id, as: Self.dispatcher) }
        _ = try Self.step(.extend, #""working_days":3,"reason":"再延三日""#, desk, id, as: Self.water)
        p = try #require(try Self.step(.refuseExtension, #""note":"不予延期""#, desk, id, as: Self.dispatcher))
        #expect(p.resolveBy?.description == "2026-11-23T23:59:59+08:00" && p.caseState.extensionRequest == nil)
    }

    /// Across National Day: the holidays do not count, the Saturday make-up workday does.
    @Test func anExtensionAcrossTheNationalHolidayCountsOnlyWorkingDays() throws {
        let dir = TemporaryDirectory()
        let (desk, _) = try PetitionDeskTests.desk(dir, at: "2026-09-17T09:00:00+08:00")
        let id = try desk.intake(PetitionDeskTests.water(at: 101.7045, 26.5795)).petition.id
        // Ten working days from Thursday 17 September, the make-up Sunday 20th among them.
        #expect(try desk.record(id: id)?.petition.resolveBy?.description == "2026-09-30T23:59:59+08:00")
        _ = try Self.step(.extend, #""working_days":3,"reason":"节日期间无法施工""#, desk, id, as: Self.water)
        let p = try #require(try Self.step(.approveExtension, "", desk, id, as: Self.dispatcher))
        // 1–7 October are holidays: Thursday 8th, Friday 9th and the make-up Saturday 10th.
        #expect(p.resolveBy?.description == "2026-10-10T23:59:59+08:00")
    }

    @Test func screeningAndRatingsCountInTheStatistics() throws {
        let dir = TemporaryDirectory()
        let (desk, _, id) = try Self.waterCase(dir)
        let other = try desk.intake(PetitionDeskTests.water(at: 101.7355, 26.5805)).petition.id
        // The grid worker of the place may screen; a unit may not.
        let worker = Self.caller(.gridWorker, area: "G1")
        #expect(throws: AccessDenied.self) { try Self.step(.screen, #""verdict":"unreasonable""#, desk, id, as: Self.water) }
        #expect(try Self.step(.screen, #""verdict":"unreasonable","note":"恶意重复""#, desk, id, as: worker)?.caseState.screening == .unreasonable)
        // The other is resolved and rated on three dimensions.
        _ = try Self.step(.accept, "", desk, other, as: Self.water)
        _ = try Self.step(.resolve, #""outcome":"resolved""#, desk, other, as: Self.water)
        #expect(throws: DeskError.self) { try Self.step(.evaluate, #""rating":"satisfied","ratings":{"attitude":6,"efficiency":4,"result":5}"#, desk, other, as: Self.dispatcher) }
        let rated = try #require(try Self.step(.evaluate, #""rating":"satisfied","ratings":{"attitude":5,"efficiency":4,"result":3}"#, desk, other, as: Self.dispatcher))
        #expect(rated.caseState.ratings == CaseState.Ratings(attitude: 5, efficiency: 4, result: 3))
        let stats = try desk.statistics(by: .area(.district), from: nil, to: nil)
        #expect(stats.total.unreasonable == 1 && stats.total.petitions == 1, "the unreasonable one is counted apart")
        #expect(stats.total.meanAttitude == 5 && stats.total.meanEfficiency == 4 && stats.total.meanResult == 3)
    }

    @Test func unitsGetYellowAndRedCardsWithTheirReasonsAndPetitions() throws {
        let dir = TemporaryDirectory()
        let (desk, _, id) = try Self.waterCase(dir)
        // An open case: closure 0% → yellow (counted from one petition on).
        var report = try desk.statistics(by: .unit, from: nil, to: nil, minimum: 1)
        var card = try #require(report.warnings["U-D"] ?? nil)
        #expect(card.level == .yellow && card.reasons.contains { $0.hasPrefix("办结率 0%") } && card.petitions == [id])
        #expect(report.warnings["U-D"] != nil && (report.warnings["U-S1"] ?? nil) == nil)
        // A 挂牌督办 left unanswered → red.
        _ = try Self.step(.supervise, #""level":3,"due":"2026-11-20","note":"挂牌督办""#, desk, id, as: Self.dispatcher)
        report = try desk.statistics(by: .unit, from: nil, to: nil, minimum: 1)
        card = try #require(report.warnings["U-D"] ?? nil)
        #expect(card.level == .red && card.reasons.first?.contains("挂牌督办") == true)
        #expect(report.json["groups"]?.arrayValue?.first { $0["id"] == "U-D" }?["warning"]?["level"] == "red")
        // Month by month: this month carries the card.
        let history = try desk.unitWarnings(unit: "U-D", months: 3, for: Self.dispatcher)
        #expect(history.map(\.month) == ["2026-11", "2026-10", "2026-09"])
        #expect(history.first?.warning?.level == .red && history.dropFirst().allSatisfy { $0.warning == nil })
        #expect(throws: DeskError.self) { try desk.unitWarnings(unit: "U-X", months: 1, for: Self.dispatcher) }
    }
}
