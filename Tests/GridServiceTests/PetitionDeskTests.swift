import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Synchronization
import Testing

/// A clock the test moves.
final class TestClock: Sendable {
    let now: Mutex<Timestamp>
    init(_ text: String) { now = Mutex(try! Timestamp.parse(text).get()) }
    func set(_ text: String) { now.withLock { $0 = try! Timestamp.parse(text).get() } }
    var read: @Sendable () -> Timestamp { { self.now.withLock { $0 } } }
}

/// The desk against a real store holding the small district (with its calendar and rules).
@Suite struct PetitionDeskTests {
    /// The small district without its history petitions: every case here is the test's own.
    static func desk(_ dir: TemporaryDirectory, at now: String = "2026-11-02T09:00:00+08:00") throws -> (PetitionDesk, TestClock) {
        SmallDistrict.writeFiles(into: dir)
        try FileManager.default.removeItem(atPath: dir.file("petitions.geojsonl"))
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        let clock = TestClock(now)
        return (PetitionDesk(store: store, recheckSeconds: 0, clock: clock.read), clock)
    }

    static func water(at lon: Double, _ lat: Double, crs: CoordinateSystem = .wgs84, kind: Petition.Kind = .request) -> PetitionIntake {
        PetitionIntake(channel: .miniapp, kind: kind, category: "water", text: "楼下水管爆裂", location: Coordinate(lon: lon, lat: lat),
                       crs: crs, contact: .init(name: "张三", phone: "13812345678"), actor: "接线员 小王")
    }

    @Test func aPetitionIsPlacedRoutedDispatchedAndStoredWithItsEvents() throws {
        let dir = TemporaryDirectory()
        let (desk, _) = try Self.desk(dir)
        let r = try desk.intake(Self.water(at: 101.7045, 26.5795))
        let p = r.petition
        #expect(p.id == "SQ20261102000001")
        #expect(p.status == .dispatched)
        #expect(p.building == "B1")
        #expect(p.placement.ids == [.province: "P", .city: "C", .district: "D", .street: "S1", .community: "C1", .grid: "G1"])
        #expect(p.unit == "U-D")
        #expect(p.assistingUnits == ["U-S1"])
        #expect(p.ruleID == "R-water")
        #expect(p.ruleReason?.contains("东区水务局") == true)
        #expect(p.dispatchBy?.description == "2026-11-02T23:59:59+08:00")
        #expect(p.firstReplyBy?.description == "2026-11-05T23:59:59+08:00")
        #expect(p.resolveBy?.description == "2026-11-16T23:59:59+08:00")
        #expect(r.events.map(\.action) == [.receive, .dispatch])
        #expect(r.events.map(\.actor) == ["接线员 小王", "system"])
        // Every write is in the audit log, by whom.
        let audit = try desk.gridStore.auditEntries().filter { $0.target == p.id }
        #expect(audit.map(\.action) == ["petition.receive", "petition.dispatch"])
        #expect(audit.map(\.actor) == ["接线员 小王", "system"])
        // What was stored is what was answered, events included.
        let stored = try #require(try desk.record(id: p.id))
        #expect(stored.petition == p)
        #expect(stored.events == r.events)
        #expect(stored.petition.contact?.phone == "13812345678", "stored whole; masked only in answers")
        // The next one of the day gets the next number.
        #expect(try desk.intake(Self.water(at: 101.7255, 26.58)).petition.id == "SQ20261102000002")
    }

    @Test func aPhonePointInGCJ02IsConvertedBeforePlacing() throws {
        let dir = TemporaryDirectory()
        let (desk, _) = try Self.desk(dir)
        let wgs = Coordinate(lon: 101.7045, lat: 26.5795)
        let gcj = CoordinateSystem.gcj02.fromWGS84(wgs)
        let p = try desk.intake(Self.water(at: gcj.lon, gcj.lat, crs: .gcj02)).petition
        #expect(p.building == "B1")
        #expect(p.crs == .gcj02)
        #expect(Geodesy.distance(p.location!, wgs) < 0.5)
        // Read as WGS-84 the same numbers land hundreds of metres away, outside B1.
        let wrong = try desk.intake(Self.water(at: gcj.lon, gcj.lat)).petition
        #expect(wrong.building != "B1")
    }

    @Test func anAddressNamingAHouseholdPlacesItThere() throws {
        let dir = TemporaryDirectory()
        let (desk, _) = try Self.desk(dir)
        let intake = PetitionIntake(channel: .hotline, kind: .consult, category: "water", text: "水费怎么交",
                                    address: "四川省攀枝花市东区炳草岗街道阳城社区金海路12号阳光小区3栋2单元501室")
        let p = try desk.intake(intake).petition
        #expect(p.household == "H1")
        #expect(p.building == "B1")
        #expect(p.placement[.grid] == "G1")
        #expect(p.status == .dispatched)
        // As people type it: resolved by the address resolver.
        let typed = try desk.intake(PetitionIntake(channel: .hotline, kind: .request, category: "water", text: "停水",
                                                   address: "阳光小区三幢二单元501")).petition
        #expect(typed.household == "H1")
        #expect(typed.placement[.grid] == "G1")
        // Not sure which building (no such one in the compound): kept for the dispatcher.
        let unsure = try desk.intake(PetitionIntake(channel: .hotline, kind: .request, category: "water", text: "停水",
                                                    address: "阳光小区9栋")).petition
        #expect(unsure.status == .unplaced)
        #expect(unsure.building == nil)
    }

    @Test func whatCannotBePlacedIsKeptForTheDispatcherAndPlacedByHand() throws {
        let dir = TemporaryDirectory()
        let (desk, clock) = try Self.desk(dir)
        let outside = try desk.intake(Self.water(at: 101.80, 26.58)).petition
        #expect(outside.status == .unplaced)
        #expect(outside.unit == nil)
        let unknownAddress = try desk.intake(PetitionIntake(channel: .visit, kind: .request, category: "water", text: "停水",
                                                            address: "某某路100号")).petition
        #expect(unknownAddress.status == .unplaced)
        #expect(try desk.supervision(.status(.unplaced)).map(\.petition.id) == [outside.id, unknownAddress.id])
        clock.set("2026-11-02T10:00:00+08:00")
        let placed = try #require(try desk.post(PetitionEventRequest(action: .place, actor: "调度员 老李", building: "B2"), to: unknownAddress.id))
        #expect(placed.events.map(\.action) == [.place, .dispatch])
        #expect(placed.petition.status == .dispatched)
        #expect(placed.petition.building == "B2")
        #expect(placed.petition.placement[.grid] == "G3")
        #expect(placed.petition.unit == "U-D")
        #expect(try desk.supervision(.status(.unplaced)).map(\.petition.id) == [outside.id])
        // A place outside every grid cell is refused, and nothing changes.
        #expect(throws: DeskError.self) { try desk.post(PetitionEventRequest(action: .place, actor: "老李", location: Coordinate(lon: 101.8, lat: 26.58)), to: outside.id) }
        #expect(try desk.record(id: outside.id)?.events.count == 1)
    }

    @Test func illegalStepsAreRefusedWithTheAllowedOnes() throws {
        let dir = TemporaryDirectory()
        let (desk, clock) = try Self.desk(dir)
        let id = try desk.intake(Self.water(at: 101.7045, 26.5795)).petition.id
        do {
            _ = try desk.post(PetitionEventRequest(action: .resolve, actor: "水务局", outcome: .resolved), to: id)
            Issue.record("resolving a dispatched case must fail")
        } catch let DeskError.illegalTransition(_, action, status, allowed) {
            #expect(action == .resolve)
            #expect(status == .dispatched)
            #expect(allowed.contains(.accept))
            #expect(!allowed.contains(.resolve))
        }
        #expect(try desk.record(id: id)?.events.count == 2, "a refused event leaves nothing behind")
        // Moving the case to another unit needs a reason.
        #expect(throws: DeskError.self) { try desk.post(PetitionEventRequest(action: .dispatch, actor: "调度员", unit: "U-S1"), to: id) }
        let moved = try #require(try desk.post(PetitionEventRequest(action: .dispatch, actor: "调度员", note: "属街道管辖的小区自建管网", unit: "U-S1"), to: id))
        #expect(moved.petition.unit == "U-S1")
        #expect(moved.events.first?.details["from_unit"] == "U-D")
        // No such petition: nil, not an error.
        #expect(try desk.post(PetitionEventRequest(action: .note, actor: "x", note: "y"), to: "SQ-nope") == nil)
        // The full round with an unhappy petitioner: reopened, called back, a new deadline.
        for (action, at) in [(PetitionEvent.Action.accept, "2026-11-03T09:00:00+08:00"), (.reply, "2026-11-04T09:00:00+08:00")] {
            clock.set(at)
            _ = try desk.post(PetitionEventRequest(action: action, actor: "街道 小周"), to: id)
        }
        _ = try desk.post(PetitionEventRequest(action: .resolve, actor: "街道 小周", outcome: .partly), to: id)
        clock.set("2026-11-20T09:00:00+08:00")
        let evaluated = try #require(try desk.post(PetitionEventRequest(action: .evaluate, actor: "诉求人", rating: .notSatisfied), to: id))
        #expect(evaluated.petition.status == .reopened)
        #expect(evaluated.petition.round == 2)
        #expect(evaluated.petition.callback)
        #expect(evaluated.petition.resolveBy?.description == "2026-12-04T23:59:59+08:00", "10 working days from the reopening")
        let log = try #require(try desk.record(id: id)).events
        #expect(log.map(\.sequence) == Array(1...log.count))
        #expect(log.last?.to == .reopened)
    }

    @Test func aLikelyRepeatIsFlaggedAndTheDispatcherMergesOrKeeps() throws {
        let dir = TemporaryDirectory()
        let (desk, clock) = try Self.desk(dir)
        let first = try desk.intake(Self.water(at: 101.7045, 26.5795)).petition
        clock.set("2026-11-04T09:00:00+08:00")
        // About 22 m away, two days later, same category: a likely repeat, held for the dispatcher.
        let again = try desk.intake(Self.water(at: 101.7047, 26.5796)).petition
        #expect(again.duplicateOf == first.id)
        #expect(again.status == .received)
        // Another category at the same place is not a repeat; nor is water 300 m away.
        #expect(try desk.intake(PetitionIntake(channel: .web, kind: .request, category: "property", text: "电梯坏了",
                                               location: Coordinate(lon: 101.7046, lat: 26.5795))).petition.duplicateOf == nil)
        #expect(try desk.intake(Self.water(at: 101.7075, 26.5795)).petition.duplicateOf == nil)
        let merged = try #require(try desk.post(PetitionEventRequest(action: .merge, actor: "调度员", into: first.id), to: again.id))
        #expect(merged.petition.status == .rejected)
        #expect(merged.petition.duplicateOf == first.id)
        #expect(throws: DeskError.self) { try desk.post(PetitionEventRequest(action: .merge, actor: "调度员", into: first.id), to: first.id) }
        // Eight days on the window has passed: not flagged.
        clock.set("2026-11-11T09:00:00+08:00")
        let later = try desk.intake(Self.water(at: 101.7045, 26.5795)).petition
        #expect(later.duplicateOf == nil)
        #expect(later.status == .dispatched)
        // Within the window again (from `later`), kept as its own case.
        clock.set("2026-11-12T09:00:00+08:00")
        let kept = try desk.intake(Self.water(at: 101.7045, 26.5795)).petition
        #expect(kept.duplicateOf == later.id)
        let k = try #require(try desk.post(PetitionEventRequest(action: .keep, actor: "调度员", note: "另一户"), to: kept.id))
        #expect(k.petition.duplicateOf == nil)
        #expect(k.petition.status == .received)
        #expect(try desk.post(PetitionEventRequest(action: .dispatch, actor: "调度员"), to: kept.id)?.petition.unit == "U-D")
    }

    @Test func aMissedDeadlineWarnsOnceAndTheSupervisionListRanksByLateness() throws {
        let dir = TemporaryDirectory()
        let (desk, clock) = try Self.desk(dir)
        let early = try desk.intake(Self.water(at: 101.7045, 26.5795)).petition
        clock.set("2026-11-03T09:00:00+08:00")
        let later = try desk.intake(Self.water(at: 101.7255, 26.58)).petition
        // Thursday 5 Nov, 09:00: nothing missed yet; early's first reply is due tonight.
        clock.set("2026-11-05T09:00:00+08:00")
        #expect(try desk.supervision(.overdue).isEmpty)
        #expect(try desk.supervision(.dueSoon).map(\.petition.id) == [early.id])
        // 7 Nov: both past their first-reply deadline; early the longer.
        clock.set("2026-11-07T09:00:00+08:00")
        let overdue = try desk.supervision(.overdue)
        #expect(overdue.map(\.petition.id) == [early.id, later.id])
        #expect(overdue.first?.deadline == .firstReply)
        #expect(overdue.first?.lateSeconds == Int64(33 * 3600 + 1))
        #expect(try desk.supervision(.overdue, unit: "U-D", area: "S2").map(\.petition.id) == [later.id])
        // The list raised one warning each; asking again raises none.
        #expect(try desk.raiseWarnings() == 0)
        let warns = try #require(try desk.record(id: early.id)).events.filter { $0.action == .warn }
        #expect(warns.count == 1)
        #expect(warns.first?.details["deadline"] == "first_reply")
        #expect(warns.first?.actor == "system")
        // Replying stops the clock for that deadline.
        _ = try desk.post(PetitionEventRequest(action: .accept, actor: "水务局"), to: early.id)
        _ = try desk.post(PetitionEventRequest(action: .reply, actor: "水务局", note: "已安排抢修"), to: early.id)
        #expect(try desk.supervision(.overdue).map(\.petition.id) == [later.id])
        // Past early's resolution deadline (16 Nov) a second, different warning comes; later's
        // is due tonight (17 Nov) and its first-reply warning was raised already.
        clock.set("2026-11-17T09:00:00+08:00")
        // A round told to stop (a server shutting down) leaves the warning to the next round.
        #expect(try desk.raiseWarnings(stop: { true }) == 0)
        #expect(try desk.raiseWarnings() == 1)
        #expect(try desk.record(id: early.id)?.events.filter { $0.action == .warn }.count == 2)
        #expect(try desk.raiseWarnings() == 0)
        // Escalation (督办) is an event too.
        let e = try #require(try desk.post(PetitionEventRequest(action: .escalate, actor: "督查室", note: "限三日内办结"), to: later.id))
        #expect(e.petition.status == .dispatched)
        #expect(e.events.first?.action == .escalate)
    }

    @Test func aStoredPlacementOutlivesABoundaryChange() throws {
        let dir = TemporaryDirectory()
        let (desk, _) = try Self.desk(dir)
        let before = try desk.intake(Self.water(at: 101.7045, 26.5795)).petition
        #expect(before.placement[.grid] == "G1")
        let version = try #require(before.boundaryVersion)
        // The grid cells are redrawn: G1 shrinks to its eastern half, G2 takes the west … 
        let moved = SmallDistrict.areaSpecs.map { a -> String in
            var a = a
            if a.id == "G1" { a.ring = SmallDistrict.square(101.705, 26.57, 101.71, 26.59) }
            if a.id == "G2" { a.ring = SmallDistrict.square(101.70, 26.57, 101.705, 26.59) + [] }
            return SmallDistrict.areaFeature(a)
        }.joined(separator: "\n")
        _ = try Importer(store: desk.gridStore).import(.areas, file: dir.write("areas2.geojsonl", moved))
        // … yet the stored petition keeps where it was counted, and says against which boundaries.
        let after = try #require(try desk.record(id: before.id)).petition
        #expect(after.placement == before.placement)
        #expect(after.boundaryVersion == version)
        // A new petition at the same point is placed on the new map.
        let now = try desk.intake(Self.water(at: 101.7045, 26.5795)).petition
        #expect(now.placement[.grid] == "G2")
        #expect((now.boundaryVersion ?? 0) > version)
    }
}
