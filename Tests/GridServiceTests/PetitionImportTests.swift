import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

@Suite struct PetitionImportTests {
    func loaded(_ dir: TemporaryDirectory) throws -> (GridStore, Importer) { try importedSmallDistrict(dir) }

    @Test func petitionsArePlacedOnTheMapAndGivenTheirDeadline() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try loaded(dir)
        let byID = Dictionary(uniqueKeysWithValues: try store.petitions().map { ($0.id, $0) })
        #expect(byID.count == 5)
        let a = try #require(byID["PA"])
        #expect(a.building == "B1")
        #expect(a.placement.ids == [.province: "P", .city: "C", .district: "D", .street: "S1", .community: "C1", .grid: "G1"])
        // water: 10 working days from Monday 2 November 2026.
        #expect(a.resolveBy?.description == "2026-11-16T23:59:59+08:00")
        #expect(a.receivedAt.description == "2026-11-02T09:00:00+08:00")
        #expect(byID["PB"]?.placement[.grid] == "G3")
        #expect(byID["PB"]?.building == nil)
        // property has the default 20 working days, counted past the National Day holidays
        // (1–7 October) and with the make-up Saturday, 10 October.
        #expect(byID["PB"]?.resolveBy?.description == "2026-11-03T23:59:59+08:00")
        // Only an address: stored, unplaced, its address kept.
        #expect(byID["PD"]?.location == nil)
        #expect(byID["PD"]?.placement.ids.isEmpty == true)
        #expect(byID["PD"]?.address == "金海路99号")
        // In the city, outside the district.
        #expect(byID["PE"]?.placement.ids == [.province: "P", .city: "C"])
        #expect(byID["PE"]?.receivedAt.description == "2026-11-04T12:00:00Z")
    }

    @Test func theSummaryWarnsOfWhatCouldNotBePlaced() throws {
        let dir = TemporaryDirectory()
        let (_, importer) = try loaded(dir)
        let summary = try importer.import(.petitions, file: dir.file("petitions.geojsonl"))
        #expect(summary.records == 5)
        #expect(summary.placed == 3)
        let warnings = summary.warnings.map(\.description)
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("id PD") && $0.contains("resolves to no building") })
        #expect(warnings.contains { $0.contains("id PE") && $0.contains("in no grid cell") })
    }

    @Test func reimportingReplacesByIDInsteadOfDoubling() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let changed = dir.write("more.geojsonl", SmallDistrict.petitionsGeoJSONL.replacingOccurrences(of: #""status":"received""#, with: #""status":"accepted""#)
            + #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.715,26.58]},"properties":{"received_at":"2026-11-05T08:00:00+08:00","channel":"web","kind":"request","category":"water","text":"新的"}}"# + "\n")
        _ = try importer.import(.petitions, file: changed)
        _ = try importer.import(.petitions, file: changed)
        let all = try store.petitions()
        #expect(all.count == 6)
        #expect(all.first { $0.id == "PA" }?.status == .accepted)
        #expect(all.filter { $0.id.hasPrefix("H") }.count == 1)
    }

    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    /// Open history cases past a deadline arrive warned, as the desk's next round would have
    /// warned them; the round then reads only what falls due later, by the stored warning time.
    @Test func openCasesPastADeadlineArriveWarnedAndTheRoundReadsOnlyWhatIsDue() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        // Imported on 10 November: PA (received 2 Nov, water) is past its dispatch and first
        // reply deadlines but not yet its resolution (16 Nov); PC (2025, replied) past resolution.
        try Importer(store: store, clock: { Self.t("2026-11-10T09:00:00+08:00") }).importFolder(dir.path) { _ in }
        let warned = { (id: String) in try store.events(of: id).filter { $0.action == .warn }.map { $0.details["deadline"] ?? "" } }
        #expect(try warned("PA") == ["dispatch", "first_reply"])
        // Replied, but with no reply on record: its first reply is missed as well.
        #expect(try warned("PC") == ["first_reply", "resolve"])
        #expect(try warned("PB").isEmpty, "a closed case is never warned")
        #expect(try store.events(of: "PA").map(\.sequence) == [1, 2, 3])
        #expect(try store.events(of: "PA").last?.at == Self.t("2026-11-10T09:00:00+08:00"))
        // Nothing is due on the day of the import; PA's resolution falls due after 16 Nov.
        #expect(try store.petitionsDueForWarning(at: Self.t("2026-11-10T09:00:00+08:00")).isEmpty)
        let pa = try #require(try store.petition(id: "PA"))
        #expect(pa.nextWarningAt == pa.resolveBy)
        let later = Self.t("2026-11-17T09:00:00+08:00")
        let due = try store.petitionsDueForWarning(at: later)
        #expect(due.contains("PA") && !due.contains("PB") && !due.contains("PC"))
        let desk = PetitionDesk(store: store, recheckSeconds: 0, clock: { later })
        #expect(try desk.raiseWarnings() == due.count)
        #expect(try warned("PA") == ["dispatch", "first_reply", "resolve"])
        #expect(try store.petitionsDueForWarning(at: later).isEmpty)
        #expect(try desk.raiseWarnings() == 0)
    }

    /// A file from before the warning time was stored: every open case starts due, the first
    /// round looks at each once, warns only what is really due and stores each case's true time.
    @Test func aFileFromBeforeTheWarningTimeIsCaughtUpByTheFirstRound() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let imported = Self.t("2026-11-02T09:00:00+08:00")
        do {
            let store = try GridStore(path: dir.file("w.db"))
            try Importer(store: store, clock: { imported }).importFolder(dir.path) { _ in }
        }
        do {
            // Back to schema 13: no warning time at all.
            let db = try Database(path: dir.file("w.db"))
            try db.execute("DROP INDEX petition_warn_at; ALTER TABLE petition DROP COLUMN warn_at_epoch; DELETE FROM wangge_schema WHERE version > 13")
        }
        let store = try GridStore(path: dir.file("w.db"))
        let open = try store.openPetitions(unit: nil, area: nil, status: nil).map(\.id)
        #expect(open.count == 4)
        let file = try Database(path: dir.file("w.db"), create: false, readOnly: true)
        #expect(try file.scalar("SELECT count(*) FROM petition WHERE warn_at_epoch = received_epoch") == .integer(Int64(open.count)))
        #expect(try file.scalar("SELECT count(*) FROM petition WHERE warn_at_epoch IS NULL") == .integer(1), "the closed case")
        // After every receipt, before most deadlines: each open case is looked at once.
        let round = Self.t("2026-11-04T21:00:00+08:00")
        #expect(Set(try store.petitionsDueForWarning(at: round)) == Set(open))
        let raised = try PetitionDesk(store: store, recheckSeconds: 0, clock: { round }).raiseWarnings()
        #expect(raised == (try open.flatMap { try store.events(of: $0) }.filter { $0.action == .warn && $0.at == round }.count))
        #expect(try store.petitionsDueForWarning(at: round).isEmpty)
        for id in open {
            let p = try #require(try store.petition(id: id))
            let stored = try file.scalar("SELECT warn_at_epoch FROM petition WHERE id = ?", [id])
            #expect(stored == (p.nextWarningAt.map { .integer($0.seconds) } ?? .null), "\(id)")
        }
    }

    @Test func aFileWithABadPetitionIsRefusedWholeAndNothingChanges() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let before = try store.petitions()
        let bad = dir.write("bad.geojsonl", [
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.705,26.58]},"properties":{"id":"N1","received_at":"2026-11-05T08:00:00+08:00","channel":"web","kind":"request","category":"water","text":"好的"}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.705,26.58]},"properties":{"id":"N2","received_at":"2026-11-05T08:00:00","channel":"web","kind":"request","category":"gas","text":"坏的"}}"#,
            #"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[101.705,26.58],[101.706,26.58]]},"properties":{"id":"N3","received_at":"2026-11-05T08:00:00Z","channel":"web","kind":"request","category":"water","text":"线"}}"#,
        ].joined(separator: "\n"))
        #expect {
            try importer.import(.petitions, file: bad)
        } throws: { error in
            let text = (error as? ImportFailure)?.problems.map(\.description) ?? []
            return text.count == 3
                && text.contains { $0.contains("feature 2 (line 2) id N2: received_at:") && $0.contains("no UTC offset") }
                && text.contains { $0.contains("id N2: category: 'gas' is not a known category (property, water)") }
                && text.contains { $0.contains("id N3: geometry: a petition's place is a Point, found LineString") }
        }
        #expect(try store.petitions() == before)
    }
    /// The indexes on the petition tables, by name with their SQL, as the file holds them.
    func petitionIndexes(_ dir: TemporaryDirectory) throws -> [String] {
        let db = try Database(path: dir.file("w.db"), create: false, readOnly: true)
        return try db.query("SELECT name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('petition', 'petition_event') ORDER BY name") { $0.string(0) ?? "" }
    }

    @Test func aFileOfManyBatchesIsStoredWholeAndItsIndexesBuiltAgain() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let indexes = try petitionIndexes(dir)
        #expect(indexes.contains { $0.hasPrefix("petition_status: CREATE INDEX") })
        // 10,000 records: three batches, the table far smaller than the load (indexes dropped and rebuilt).
        let summary = try importer.import(.petitions, file: dir.write("many.geojsonl", SmallDistrict.manyPetitions(10_000)))
        #expect(summary.records == 10_000)
        let all = try store.petitions()
        #expect(all.count == 10_005)
        let m = try #require(all.first { $0.id == "M9999" })
        #expect(m.status == .closed && m.rating == .satisfied && m.resolveBy != nil)
        #expect(try store.events(of: "M9999").map(\.action) == [.receive, .dispatch, .resolve, .evaluate])
        #expect(try petitionIndexes(dir) == indexes)
        // Every batch is placed and routed, not only the first.
        #expect(all.filter { $0.id.hasPrefix("M") && $0.placement[.grid] != nil }.count == summary.placed)
        #expect(all.filter { $0.id.hasPrefix("M") && $0.category == "water" && $0.placement[.grid] != nil }.allSatisfy { $0.unit == "U-D" })
    }

    @Test func aProblemInTheLastBatchKeepsNothingOfTheBatchesBefore() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let before = try store.petitions()
        let indexes = try petitionIndexes(dir)
        #expect {
            try importer.import(.petitions, file: dir.write("late.geojsonl", SmallDistrict.manyPetitions(10_000, badAt: 9_990)))
        } throws: { error in
            let problems = (error as? ImportFailure)?.problems.map(\.description) ?? []
            return problems.count == 1 && problems[0].contains("feature 9991 (line 9991) id M9990: category: 'gas'")
        }
        #expect(try store.petitions() == before)
        #expect(try petitionIndexes(dir) == indexes)
        // A duplicate id far apart is found across batches.
        var lines = SmallDistrict.manyPetitions(9_000).split(separator: "\n").map(String.init)
        lines[8_999] = lines[8_999].replacingOccurrences(of: #""id":"M8999""#, with: #""id":"M3""#)
        #expect {
            try importer.import(.petitions, file: dir.write("twice.geojsonl", lines.joined(separator: "\n")))
        } throws: { error in
            (error as? ImportFailure)?.problems.map(\.description) == [
                "\(dir.file("twice.geojsonl")): feature 9000 (line 9000) id M3: id: duplicate id 'M3' (first used by record 4)"]
        }
        #expect(try store.petitions() == before)
    }
}
