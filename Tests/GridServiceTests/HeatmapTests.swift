import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

@Suite struct HeatmapTests {
    /// The small district with its five petitions, plus `extra` seeded ones spread over it.
    func ledger(extra: Int = 0) throws -> PetitionLedger { try petitions(extra: extra).1 }

    func petitions(extra: Int) throws -> ([Petition], PetitionLedger) {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        var petitions = try store.petitions()
        var state: UInt64 = 42
        func uniform(_ r: ClosedRange<Double>) -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return r.lowerBound + (r.upperBound - r.lowerBound) * Double(state >> 11) / Double(1 << 53)
        }
        let locator = try Locator(store: store)
        let statuses = Petition.Status.allCases
        for k in 0..<extra {
            let c = Coordinate(lon: uniform(101.70...101.74), lat: uniform(26.57...26.59))
            petitions.append(Petition(id: "R\(k)", receivedAt: Timestamp(seconds: 1_770_000_000 + Int64(k) * 600), channel: .web,
                                      kind: .request, category: k % 3 == 0 ? "water" : "property", urgency: .normal, text: "t",
                                      location: c, status: statuses[k % statuses.count],
                                      placement: locator.placement(lon: c.lon, lat: c.lat),
                                      resolveBy: Timestamp(seconds: 1_770_000_000 + Int64(k) * 600 + 86_400 * 20)))
        }
        return (petitions, PetitionLedger(petitions: petitions, areas: try store.areas(), residents: try store.residentsPerArea()))
    }

    func query(_ pairs: [(String, String)]) throws -> HeatmapQuery {
        try HeatmapQuery(try ParameterReader(pairs, allowed: HeatmapQuery.parameterNames))
    }

    let now = try! Timestamp.parse("2026-11-23T12:00:00+08:00").get().seconds

    @Test(arguments: ["hex", "square"])
    func countsAddUpToTheMatchingPetitionsInTheBox(bin: String) throws {
        let (all, ledger) = try petitions(extra: 3_000)
        for (bbox, filters) in [("101.70,26.57,101.74,26.59", []), ("101.705,26.572,101.733,26.588", [("category", "water")]),
                                ("101.70,26.57,101.74,26.59", [("status", "open,closed")]), ("101.70,26.57,101.72,26.59", [("from", "2026-02-03"), ("to", "2026-02-10")])] {
            let map = try Heatmap(ledger: ledger, query: try query([("bin", bin), ("size", "300"), ("bbox", bbox)] + filters), now: now)
            #expect(map.bins.reduce(0) { $0 + $1.count } == map.matched)
            // The same count, the slow way.
            let q = try query([("bin", bin), ("bbox", bbox)] + filters)
            let box = q.bbox!
            let expected = all.filter { p in
                guard let c = p.location, c.lon >= box.minLon, c.lon <= box.maxLon, c.lat >= box.minLat, c.lat <= box.maxLat else { return false }
                if !q.categories.isEmpty && !q.categories.contains(p.category) { return false }
                if !q.statuses.isEmpty && !(q.statuses.contains(p.status.rawValue) || (q.statuses.contains("open") && p.status.isOpen)) { return false }
                if let f = q.from, p.receivedAt.seconds < f { return false }
                if let t = q.to, p.receivedAt.seconds > t { return false }
                return true
            }.count
            #expect(map.matched == expected, "\(bbox) \(filters)")
            #expect(Set(map.bins.map(\.id)).count == map.bins.count)
            #expect(map.bins.allSatisfy { $0.count > 0 && $0.open <= $0.count && $0.overdue <= $0.open })
        }
    }

    /// The store's narrow ledger read (`ledgerEntries`) gives the very heat maps the whole
    /// petitions give.
    @Test func theStoresLedgerReadMatchesWholePetitions() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try importedSmallDistrict(dir)
        _ = try importer.import(.petitions, file: dir.write("many.geojsonl", SmallDistrict.manyPetitions(2_000)))
        let narrow = try PetitionLedger(store: store)
        let whole = PetitionLedger(petitions: try store.petitions(), areas: try store.areas(), residents: try store.residentsPerArea())
        #expect(narrow.count == 2_005 && narrow.extent == whole.extent && narrow.categoryCodes == whole.categoryCodes)
        for pairs in [[("bin", "area"), ("level", "grid")], [("bin", "area"), ("level", "street"), ("status", "open")],
                      [("bin", "hex"), ("size", "200"), ("category", "water")], [("bin", "square"), ("size", "300"), ("from", "2026-01-01")]] {
            let q = try query(pairs)
            let (a, b) = (try Heatmap(ledger: narrow, query: q, now: now), try Heatmap(ledger: whole, query: q, now: now))
            #expect(a.matched == b.matched && a.matched > 0, "\(pairs)")
            #expect(a.bins.map { "\($0.id) \($0.count) \($0.open) \($0.overdue)" } == b.bins.map { "\($0.id) \($0.count) \($0.open) \($0.overdue)" })
        }
    }

    @Test func theSmallDistrictsPetitionsLandWhereTheyShould() throws {
        let ledger = try ledger()
        let areaMap = try Heatmap(ledger: ledger, query: try query([("bin", "area"), ("level", "grid")]), now: now)
        let byID = Dictionary(uniqueKeysWithValues: areaMap.bins.map { ($0.id, $0) })
        // PA in G1 (open, due 16 Nov: overdue now), PB in G3 (closed), PC in G4 (replied, overdue since 2025).
        #expect(Set(byID.keys) == ["G1", "G3", "G4"])
        #expect(byID["G1"]?.count == 1 && byID["G1"]?.open == 1 && byID["G1"]?.overdue == 1)
        #expect(byID["G3"]?.count == 1 && byID["G3"]?.open == 0)
        #expect(byID["G4"]?.overdue == 1)
        // G1 and G3 have one registered resident each (P1, P2): 1 petition = 10,000 per 10,000
        // residents; nobody is registered in G4.
        #expect(byID["G1"]?.per10k == 10_000)
        #expect(byID["G3"]?.per10k == 10_000)
        #expect(byID["G4"]?.per10k == nil)
        // The default box is the petitions' extent, which holds PE: in the city, in no grid cell.
        #expect(areaMap.matched == 4 && areaMap.unbinned == 1)
        let district = try Heatmap(ledger: ledger, query: try query([("bin", "area"), ("level", "district")]), now: now)
        // D's registered population is 40,000: 3 petitions = 0.75 per 10,000.
        #expect(district.bins.map(\.id) == ["D"])
        #expect(district.bins.first?.per10k == 0.75)
        let overdue = try Heatmap(ledger: ledger, query: try query([("bin", "area"), ("status", "overdue")]), now: now)
        #expect(overdue.bins.map(\.id).sorted() == ["G1", "G4"])
    }

    @Test func binIDsAreStableAcrossBoxesAndPeriods() throws {
        let ledger = try ledger(extra: 2_000)
        let whole = try Heatmap(ledger: ledger, query: try query([("size", "400"), ("bbox", "101.70,26.57,101.74,26.59")]), now: now)
        let part = try Heatmap(ledger: ledger, query: try query([("size", "400"), ("bbox", "101.70,26.57,101.72,26.59"), ("from", "2026-02-01")]), now: now)
        let wholeIDs = Set(whole.bins.map(\.id))
        #expect(!part.bins.isEmpty)
        #expect(part.bins.allSatisfy { wholeIDs.contains($0.id) })
    }

    @Test func tooManyBinsIsRefusedWithTheSizeThatWouldDo() throws {
        let ledger = try ledger()
        #expect {
            try Heatmap(ledger: ledger, query: try query([("size", "10"), ("bbox", "101,26,102,27")]), now: now)
        } throws: { error in
            guard let e = error as? ParameterError, e.kind == .tooLarge, e.name == "size" else { return false }
            // The hint must itself be accepted.
            guard let hint = e.reason.split(separator: "=").last?.split(separator: " ").first, let size = Double(hint) else { return false }
            return (try? Heatmap(ledger: ledger, query: try query([("size", String(size)), ("bbox", "101,26,102,27")]), now: now)) != nil
        }
    }

    @Test(arguments: [
        ([("bin", "circle")], "bin: 'circle' is not one of hex, square, area"),
        ([("size", "-5")], "size: -5 is outside 10…1000000"),
        ([("size", "abc")], "size: 'abc' is not a decimal number"),
        ([("bin", "area"), ("size", "500")], "size: bins of bin=area are the areas themselves"),
        ([("level", "grid")], "level: only bin=area takes a level"),
        ([("bin", "area"), ("level", "village")], "level: 'village' is not a level"),
        ([("from", "2026-05-01T10:00:00")], "from: '2026-05-01T10:00:00': no UTC offset"),
        ([("from", "2026-05-02"), ("to", "2026-05-01")], "from: from is after to"),
        ([("status", "open,lost")], "status: 'lost' is not one of"),
        ([("bbox", "101.8,26,101.7,27")], "bbox: min must not exceed max"),
        ([("colour", "red")], "colour: not a parameter here"),
    ])
    func badParametersSayWhatToChange(pairs: [(String, String)], message: String) {
        #expect {
            _ = try query(pairs)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func pointsFormatGivesWeightedCentresInTheAskedSystem() throws {
        let ledger = try ledger()
        let map = try Heatmap(ledger: ledger, query: try query([("bin", "area"), ("format", "points"), ("crs", "gcj02")]), now: now)
        let json = try JSONParser.parse(map.geoJSON())
        let features = json["features"]?.arrayValue ?? []
        #expect(features.count == 3)
        for f in features {
            #expect(f["geometry"]?["type"] == "Point")
            #expect(f["properties"]?["weight"] == f["properties"]?["count"])
        }
        // GCJ-02 shifts Panzhihua by a few hundred metres east and north.
        let g1 = features.first { $0["id"] == "G1" }
        let lon = g1?["geometry"]?["coordinates"]?[0]?.doubleValue ?? 0
        #expect(lon > 101.705 && lon < 101.71)
        #expect(json["numberMatched"] == .number(4))
        #expect(json["unbinned"] == .number(1))
    }
}
