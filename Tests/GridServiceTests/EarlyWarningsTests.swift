import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// The nightly scan against a real store: a burst of one category's petitions in one place
/// becomes a cluster warning with its place, cells, units and petitions, told to the people
/// there; the scan run again adds nothing; the next day extends the warning; a building where the
/// problem keeps returning and a meter far above its baseline are warned too.
@Suite struct EarlyWarningsTests {
    static let scanDay = Timestamp.day(fromDate: "2026-11-20")!

    /// A year of background petitions spread over the district (both categories), seeded, plus
    /// `burst` water petitions around B1 in G1 on the last two days.
    static func store(_ dir: TemporaryDirectory, burst: Int) throws -> GridStore {
        let (store, _) = try importedSmallDistrict(dir)
        let locator = try Locator(store: store)
        var rng = SeededGenerator(seed: 11)
        var list: [Petition] = []
        func add(_ id: String, _ category: String, lon: Double, lat: Double, day: Int) {
            let received = Timestamp(seconds: Int64(day) * 86_400 - 8 * 3600 + 10 * 3600)
            var p = Petition(id: id, receivedAt: received, channel: .hotline, kind: .request, category: category, urgency: .normal,
                             text: "测试", location: Coordinate(lon: lon, lat: lat), status: .closed)
            p.placement = locator.placement(lon: lon, lat: lat)
            p.unit = category == "water" ? "U-D" : "U-C1"
            list.append(p)
        }
        for k in 0..<700 {
            add("BG\(k)", k % 2 == 0 ? "water" : "property", lon: rng.uniform(101.7005, 101.7395), lat: rng.uniform(26.5705, 26.5895),
                day: scanDay - Int(rng.next() % 365))
        }
        for k in 0..<burst {
            add("BURST\(k)", "water", lon: 101.7045 + rng.uniform(-0.0004, 0.0004), lat: 26.5795 + rng.uniform(-0.0004, 0.0004), day: scanDay - k % 2)
        }
        try store.storePetitions(list, source: "test")
        return store
    }

    @Test func aBurstBecomesAClusterWarningOnceAndTheNextDayExtendsIt() throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir, burst: 12)
        let warnings = EarlyWarnings(store: store)
        let now = Timestamp(seconds: Int64(Self.scanDay + 1) * 86_400)
        let noticesBefore = try store.lastNoticeID()
        try warnings.scan(fromDay: Self.scanDay, toDay: Self.scanDay, at: now)
        let clusters = try store.warnings(kind: .cluster)
        #expect(clusters.count == 1, "\(clusters.map(\.summary))")
        let w = try #require(clusters.first)
        #expect(w.category == "water" && w.endDay == Self.scanDay && w.startDay >= Self.scanDay - 2)
        #expect(w.observed >= 10 && (w.expected ?? 99) < 3 && (w.recurrenceDays ?? 0) >= 100, "\(w)")
        #expect(w.grids == ["G1"] && w.units == ["U-D"] && w.petitions.filter { $0.hasPrefix("BURST") }.count >= 10)
        #expect(Geodesy.distance(w.centre, Coordinate(lon: 101.7045, lat: 26.5795)) < 400)
        // Told once, to the water unit and the cell's grid worker.
        let notices = try store.notices(after: noticesBefore).filter { $0.type == .earlyWarning }
        #expect(notices.count == 1 && notices[0].petition == w.id && notices[0].unit == "U-D" && notices[0].placement[.grid] == "G1")
        #expect(notices[0].concerns(PetitionScope(area: "G1")) && !notices[0].concerns(PetitionScope(area: "G3")))

        // Again: nothing added.
        try warnings.scan(fromDay: Self.scanDay, toDay: Self.scanDay, at: now)
        #expect(try store.warnings().map(\.id) == (try store.warnings()).map(\.id) && (try store.warnings(kind: .cluster)).count == 1)
        #expect(try store.notices(after: noticesBefore).filter { $0.type == .earlyWarning }.count == 1)

        // The burst goes on the next day: the same warning, one day longer, told nobody again.
        let locator = try Locator(store: store)
        let next = Timestamp(seconds: Int64(Self.scanDay + 1) * 86_400 - 8 * 3600 + 9 * 3600)
        try store.storePetitions((0..<6).map { k in
            var p = Petition(id: "MORE\(k)", receivedAt: next, channel: .hotline, kind: .request, category: "water", urgency: .normal,
                             text: "测试", location: Coordinate(lon: 101.7046, lat: 26.5794), status: .received)
            p.placement = locator.placement(lon: 101.7046, lat: 26.5794)
            p.unit = "U-D"
            return p
        }, source: "test")
        try warnings.scan(fromDay: Self.scanDay + 1, toDay: Self.scanDay + 1, at: Timestamp(seconds: now.seconds + 86_400))
        let extended = try store.warnings(kind: .cluster)
        #expect(extended.count == 1 && extended[0].id == w.id && extended[0].endDay == Self.scanDay + 1, "\(extended.map(\.summary))")
        #expect(extended[0].petitions.contains("MORE0") && extended[0].petitions.contains("BURST0"))
        #expect(try store.notices(after: noticesBefore).filter { $0.type == .earlyWarning }.count == 1)

        // Scope: the grid worker of G1 and the water unit see it; G3's worker and the community office do not.
        let g1 = Caller(user: UserAccount(name: "wf", role: .gridWorker, area: "G1", createdAt: now))
        let g3 = Caller(user: UserAccount(name: "lq", role: .gridWorker, area: "G3", createdAt: now))
        let community = Caller(user: UserAccount(name: "c1", role: .unit, unit: "U-C1", createdAt: now))
        #expect(try warnings.list(kind: .cluster, for: g1).count == 1 && (try warnings.list(kind: .cluster, for: g3)).isEmpty)
        #expect(try warnings.list(kind: .cluster, for: community).isEmpty)
        #expect(throws: AccessDenied.self) { try warnings.list(for: .anonymous) }

        // Acknowledged with a note, audited.
        let acknowledged = try warnings.setStatus(id: w.id, to: .acknowledged, note: "已安排排查", by: g1, at: now)
        #expect(acknowledged?.status == .acknowledged)
        #expect(try store.auditEntries(actor: "wf").contains { $0.action == "warning.acknowledged" && $0.target == w.id })
        #expect(try warnings.setStatus(id: w.id, to: .closed, note: nil, by: g3, at: now) == nil, "outside G3's scope: not found")
    }

    /// A range of nights scanned together finds exactly what each night scanned alone finds (the
    /// shared work changes nothing).
    @Test func nightsScannedTogetherAreNightsScannedAlone() throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir, burst: 12)
        let warnings = EarlyWarnings(store: store)
        let registry = try DeskRegistry(store: store)
        let (first, last) = (Self.scanDay - 20, Self.scanDay)
        let history = try store.petitionSightings(fromDay: first - 364, toDay: last)
        let together = warnings.clusterNights(history, fromDay: first, toDay: last, registry: registry)
        var found = 0
        for day in first...last {
            let alone = warnings.clusters(history.filter { $0.receivedDay > day - 365 && $0.receivedDay <= day }, day: day, firstDay: day - 364, registry: registry)
            let a = alone.map { "\($0.category ?? "") \($0.centre) \($0.radiusMetres ?? 0) \($0.observed) \($0.pValue ?? 1) \($0.petitions)" }
            let b = (together[day] ?? []).map { "\($0.category ?? "") \($0.centre) \($0.radiusMetres ?? 0) \($0.observed) \($0.pValue ?? 1) \($0.petitions)" }
            #expect(a == b, "night \(Timestamp.date(ofDay: day))")
            found += a.count
        }
        #expect(found >= 1, "the burst is found on its last night at least")
    }

    @Test func noBurstNoClusterAndABuildingWhereTheProblemReturnsIsWarned() throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir, burst: 0)
        // Three property petitions at B2 in 60 days, each after the one before was resolved.
        var list: [Petition] = []
        for (k, age) in [50, 30, 5].enumerated() {
            let received = Timestamp(seconds: Int64(Self.scanDay - age) * 86_400)
            var p = Petition(id: "R\(k)", receivedAt: received, channel: .hotline, kind: .complain, category: "property", urgency: .normal,
                             text: "电梯又坏了", location: Coordinate(lon: 101.7255, lat: 26.58), status: k < 2 ? .closed : .received, building: "B2")
            if k < 2 { p.resolvedAt = Timestamp(seconds: received.seconds + 5 * 86_400) }
            p.placement = try Locator(store: store).placement(lon: 101.7255, lat: 26.58)
            list.append(p)
        }
        try store.storePetitions(list, source: "test")
        try EarlyWarnings(store: store).scan(fromDay: Self.scanDay, toDay: Self.scanDay, at: Timestamp(seconds: Int64(Self.scanDay + 1) * 86_400))
        #expect(try store.warnings(kind: .cluster).isEmpty, "background alone raises no cluster")
        let recurring = try store.warnings(kind: .recurring)
        #expect(recurring.count == 1 && recurring.first?.building == "B2" && recurring.first?.petitions == ["R0", "R1", "R2"], "\(recurring)")
    }

    @Test func aMeterFarAboveItsBaselineForThreeDaysIsWarnedAndBadReadingsAreRefusedWhole() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try importedSmallDistrict(dir)
        var csv = "building,meter,kind,date,value\n"
        for age in (0..<200).reversed() {
            let value = age < 3 ? 95.0 : 30.0 + Double(age % 5)
            csv += "B1,W-01,water,\(Timestamp.date(ofDay: Self.scanDay - age)),\(value)\n"
        }
        dir.write("readings.csv", csv)
        dir.write("bad.csv", "building,meter,kind,date,value\nB1,W-01,water,2026-11-21,12\nB9,W-02,water,2026-13-01,x\n")
        #expect(throws: (any Error).self) { try importer.import(.readings, file: dir.file("bad.csv")) }
        #expect(try store.meterSeries(fromDay: 0, toDay: Self.scanDay + 10).isEmpty, "a refused file leaves nothing")
        _ = try importer.import(.readings, file: dir.file("readings.csv"))
        try EarlyWarnings(store: store).scan(fromDay: Self.scanDay - 3, toDay: Self.scanDay, at: Timestamp(seconds: Int64(Self.scanDay + 1) * 86_400))
        let meters = try store.warnings(kind: .meter)
        #expect(meters.count == 1, "\(meters)")
        #expect(meters.first?.building == "B1" && meters.first?.meter == "W-01" && meters.first?.grids == ["G1"])
        #expect(meters.first?.startDay == Self.scanDay - 2 && meters.first?.endDay == Self.scanDay)
    }
}
