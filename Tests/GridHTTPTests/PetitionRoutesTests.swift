import Foundation
import GridGeo
import GridService
import GridStore
import GridHTTP
import GridModel
import Logging
import ServiceLifecycle
import GridTestSupport
import Synchronization
import Testing

/// The petition desk over real HTTP, each test with a store of its own (these tests write).
@Suite struct PetitionRoutesTests {
    static func freshStore() throws -> GridStore {
        let dir = TemporaryDirectory.lasting()
        SmallDistrict.writeFiles(into: dir)
        try FileManager.default.removeItem(atPath: dir.file("petitions.geojsonl"))
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        return store
    }

    static func body(_ text: String) -> Data { Data(text.utf8) }

    static let water = #"{"channel":"miniapp","kind":"request","category":"water","text":"楼下水管爆裂","location":{"lon":101.7045,"lat":26.5795},"contact":{"name":"张三","phone":"13812345678"}}"#

    @Test func postThenGetTheSamePetitionWithItsPlaceUnitRuleAndDeadlines() async throws {
        try await LoopbackServer.runWithBodies(store: try Self.freshStore()) { request in
            let posted = try await request("POST", "/petitions", Self.body(Self.water))
            #expect(posted.status == 201)
            let id = try #require(posted.json["id"]?.stringValue)
            #expect(posted.location == "/petitions/\(id)")
            #expect(posted.json["status"]?.stringValue == "dispatched")
            #expect(posted.json["placement"]?["areas"]?["grid"]?["id"]?.stringValue == "G1")
            #expect(posted.json["placement"]?["building"]?["id"]?.stringValue == "B1")
            #expect(posted.json["unit"]?["id"]?.stringValue == "U-D")
            #expect(posted.json["assisting_units"]?[0]?["id"]?.stringValue == "U-S1")
            #expect(posted.json["rule"]?["id"]?.stringValue == "R-water")
            #expect(posted.json["rule"]?["reason"]?.stringValue?.contains("东区水务局") == true)
            #expect(posted.json["deadlines"]?["resolve"]?.stringValue?.hasSuffix("23:59:59+08:00") == true)
            // The dispatcher's scope covers the petitioner: the contact is shown whole.
            #expect(posted.json["contact"]?["phone"]?.stringValue == "13812345678")
            #expect(posted.json["events"]?.arrayValue?.count == 2)
            #expect(posted.json["placement"]?["units"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["U-C1", "U-S1", "U-D"])
            let fetched = try await request("GET", "/petitions/\(id)", nil)
            #expect(fetched.status == 200)
            #expect(fetched.json == posted.json)
            // The map layer knows it by its lead unit, without the text or the contact.
            let layer = try await request("GET", "/collections/petitions/items?unit=U-D", nil)
            #expect(layer.json["features"]?[0]?["id"]?.stringValue == id)
            #expect(layer.json["features"]?[0]?["properties"]?["unit"]?.stringValue == "U-D")
            #expect(!layer.text.contains("水管") && !layer.text.contains("1381234"))
            #expect(try await request("GET", "/collections/petitions/items?unit=U-S1", nil).json["numberMatched"]?.doubleValue == 0)
        }
    }

    @Test func theLifeOfACaseOverHTTPAndA409ForAStepOutOfTurn() async throws {
        try await LoopbackServer.runWithBodies(store: try Self.freshStore()) { request in
            let id = try #require(try await request("POST", "/petitions", Self.body(Self.water)).json["id"]?.stringValue)
            let early = try await request("POST", "/petitions/\(id)/events", Self.body(#"{"action":"resolve","actor":"水务局","outcome":"resolved"}"#))
            #expect(early.status == 409)
            #expect(early.contentType == "application/problem+json")
            #expect(early.json["type"]?.stringValue == "/problems/illegal-transition")
            #expect(early.json["status"]?.doubleValue == 409)
            #expect(early.json["allowed"]?.arrayValue?.contains(.string("accept")) == true)
            for step in [#"{"action":"accept","actor":"水务局 李工"}"#, #"{"action":"reply","actor":"水务局 李工","note":"已派抢修队"}"#,
                         #"{"action":"resolve","actor":"水务局 李工","outcome":"resolved"}"#,
                         #"{"action":"evaluate","actor":"诉求人","rating":"satisfied","outcome":"resolved"}"#] {
                let answer = try await request("POST", "/petitions/\(id)/events", Self.body(step))
                #expect(answer.status == 201, "\(step): \(answer.text)")
            }
            let closed = try await request("GET", "/petitions/\(id)", nil)
            #expect(closed.json["status"]?.stringValue == "closed")
            #expect(closed.json["rating"]?.stringValue == "satisfied")
            #expect(closed.json["events"]?.arrayValue?.map { $0["action"]?.stringValue ?? "" } == ["receive", "dispatch", "accept", "reply", "resolve", "evaluate"])
            let missing = try await request("POST", "/petitions/SQ-none/events", Self.body(#"{"action":"note","actor":"x","note":"y"}"#))
            #expect(missing.status == 404)
            #expect(try await request("GET", "/petitions/SQ-none", nil).status == 404)
        }
    }

    @Test func badBodiesAreRefusedNamingEveryField() async throws {
        try await LoopbackServer.runWithBodies(store: try Self.freshStore()) { request in
            let bad = try await request("POST", "/petitions", Self.body(#"{"channel":"fax","kind":"request","category":"gas","text":"x","location":{"lon":"east"}}"#))
            #expect(bad.status == 400)
            #expect(bad.json["type"]?.stringValue == "/problems/invalid-body")
            let fields = Set((bad.json["problems"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue })
            #expect(fields == ["channel", "category", "location"])
            let broken = try await request("POST", "/petitions", Self.body(#"{"channel":"#))
            #expect(broken.status == 400)
            #expect(broken.json["detail"]?.stringValue?.contains("invalid JSON") == true)
            let event = try await request("POST", "/petitions/x/events", Self.body(#"{"action":"warn","actor":"me"}"#))
            #expect(event.status == 400)
            #expect(event.json["detail"]?.stringValue?.contains("recorded by Wangge itself") == true)
            let list = try await request("GET", "/petitions?status=lost", nil)
            #expect(list.status == 400)
            #expect(list.json["detail"]?.stringValue?.contains("overdue, due_soon") == true)
            #expect(try await request("GET", "/stats?level=town", nil).status == 400)
            #expect(try await request("GET", "/stats?by=unit&level=grid", nil).status == 400)
        }
    }

    @Test func theSupervisionListAndStatisticsAnswer() async throws {
        try await LoopbackServer.runWithBodies(store: try Self.freshStore()) { request in
            // Received a month ago and never touched: overdue on every count.
            let old = #"{"channel":"hotline","kind":"request","category":"property","text":"电梯停运","location":{"lon":101.7045,"lat":26.5795},"received_at":"2026-01-05T09:00:00+08:00"}"#
            let id = try #require(try await request("POST", "/petitions", Self.body(old)).json["id"]?.stringValue)
            let overdue = try await request("GET", "/petitions?status=overdue", nil)
            #expect(overdue.status == 200)
            #expect(overdue.json["petitions"]?[0]?["id"]?.stringValue == id)
            #expect((overdue.json["petitions"]?[0]?["hours_late"]?.doubleValue ?? 0) > 24 * 30)
            let warned = try await request("GET", "/petitions/\(id)", nil)
            #expect(warned.json["events"]?.arrayValue?.contains { $0["action"]?.stringValue == "warn" } == true)
            let byUnit = try await request("GET", "/stats?by=unit&min=1", nil)
            #expect(byUnit.status == 200)
            #expect(byUnit.json["total"]?["petitions"]?.doubleValue == 1)
            #expect(byUnit.json["ranking"]?["red"]?[0]?["id"]?.stringValue == "U-C1")
            // `to` includes its instant, as it includes its day.
            for (to, expected) in [("2026-01-05T09:00:00%2B08:00", 1.0), ("2026-01-05T08:59:59%2B08:00", 0), ("2026-01-05", 1)] {
                let total = try await request("GET", "/stats?to=" + to, nil).json["total"]?["petitions"]?.doubleValue
                #expect(total == expected, "to=\(to)")
            }
            let byGrid = try await request("GET", "/stats?level=grid&from=2026-01-01&to=2026-01-31", nil)
            #expect(byGrid.json["groups"]?.arrayValue?.count == 4, "every grid cell, with or without petitions")
            #expect(byGrid.json["groups"]?[0]?["id"]?.stringValue == "G1")
            #expect(byGrid.json["groups"]?[0]?["petitions"]?.doubleValue == 1)
            #expect(byGrid.json["groups"]?[0]?["closure_rate"]?.doubleValue == 0)
            #expect(byGrid.json["groups"]?[1]?["closure_rate"] == .null, "nothing to count is null, not 0")
        }
    }

    @Test func aThousandPetitionsPostedAtOnceAreAllStoredOnceEach() async throws {
        let store = try Self.freshStore()
        let token = try LoopbackServer.createTokens(on: store)[.gridWorker]
        try await LoopbackServer.serve(store: store) { port in
            let ids = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for k in 0..<1_000 {
                    group.addTask {
                        let lon = 101.7005 + Double(k % 40) * 0.00095, lat = 26.5705 + Double(k / 40) * 0.0007
                        let text = #"{"channel":"web","kind":"suggest","category":"property","text":"第\#(k)条建议","location":{"lon":\#(lon),"lat":\#(lat)}}"#
                        let answer = try await LoopbackServer.send(port, "POST", "/petitions", Self.body(text), token: token)
                        return (answer.status, answer.json["id"]?.stringValue)
                    }
                }
                var out: [(Int, String?)] = []
                for try await r in group { out.append(r) }
                return out
            }
            #expect(ids.allSatisfy { $0.0 == 201 }, "\(ids.filter { $0.0 != 201 }.prefix(3))")
            #expect(Set(ids.compactMap(\.1)).count == 1_000)
        }
        #expect(try store.counts()["petition"] == 1_000)
        #expect(Set(try store.petitions().map(\.text)).count == 1_000)
    }
}

@Suite struct DeadlineWatchTests {
    @Test func theRunningServerWarnsOfMissedDeadlinesWithoutBeingAsked() async throws {
        let store = try PetitionRoutesTests.freshStore()
        let desk = PetitionDesk(store: store)
        let old = PetitionIntake(channel: .hotline, kind: .request, category: "water", text: "停水",
                                 location: Coordinate(lon: 101.7045, lat: 26.5795),
                                 receivedAt: try Timestamp.parse("2026-01-05T09:00:00+08:00").get())
        let id = try desk.intake(old).petition.id
        var logger = Logger(label: "wangge.test")
        logger.logLevel = .critical
        let app = buildApplication(store: store, locator: try Locator(store: store), host: "127.0.0.1", port: 0,
                                   deadlineWatch: .milliseconds(50), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var warned: [String] = []
            for _ in 0..<200 where warned.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                warned = try store.events(of: id).filter { $0.action == .warn }.compactMap { $0.details["deadline"] }
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            // First reply and resolution both passed long ago (it was dispatched at intake); one warning each.
            #expect(warned.sorted() == ["first_reply", "resolve"])
        }
        #expect(try store.events(of: id).filter { $0.action == .warn }.count == 2)
    }
}
