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
}
