import Foundation
import GridGeo
import GridModel
import GridPostgres
import GridService
import GridStore
import GridTestSupport
import Testing

/// `wangge copy`'s service: a deployment moved from SQLite to PostgreSQL and back keeps every
/// row (the checksums of all tables agree at each step), its callers' history (the contact key
/// goes along) and its attachments' bytes; a target that holds data is refused untouched.
@Suite struct StoreCopyTests {
    @Test func aDeploymentGoesToPostgreSQLAndBackWhole() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let sqlite = try GridStore(path: dir.file("w.db"))
        try Importer(store: sqlite).importFolder(dir.path) { _ in }
        // Some life on it: a case with a caller and a file, a token, an account, a hook, a warning scan.
        let now = try Timestamp.parse("2026-11-02T09:00:00+08:00").get()
        let desk = PetitionDesk(store: sqlite, recheckSeconds: 0, clock: { now })
        let dispatcher = Caller(token: ApiToken(id: "wg_d", role: .dispatcher, area: nil, unit: nil, createdAt: now))
        let id = try desk.intake(PetitionIntake(channel: .hotline, kind: .request, category: "water", text: "停水", location: Coordinate(lon: 101.7045, lat: 26.5795),
                                                crs: .wgs84, contact: .init(name: "李四", phone: "13900001111"), actor: "接线员")).petition.id
        let pdf = Array("%PDF-1.4\n照片\n%%EOF\n".utf8)
        let file = try #require(try desk.attach(pdf, declared: "application/pdf", to: id, by: dispatcher))
        _ = try AccessTokens(store: sqlite).create(role: .planner, area: nil, unit: nil, label: "QGIS", by: "admin", at: now)
        _ = try HookSender(store: sqlite, clock: { now }).add(url: "http://127.0.0.1:9/h", events: [.dispatched], unit: nil, by: "admin")
        try EarlyWarnings(store: sqlite).scan(fromDay: now.chinaDay - 2, toDay: now.chinaDay - 1, at: now)

        let database = try PostgresTestDatabase()
        let postgres = try PostgresStore(url: database.url)
        let there = try StoreCopy(from: sqlite, to: postgres).run()
        #expect(there.allSatisfy { $0.matches }, "\(there.filter { !$0.matches })")
        #expect(there.first { $0.table == "petition_event" }.map { $0.rows > 0 } == true)
        #expect(there.first { $0.table == "api_token" }?.rows == 1 && there.first { $0.table == "hook" }?.rows == 1)
        let back = try GridStore(path: dir.file("back.db"))
        let again = try StoreCopy(from: postgres, to: back).run()
        #expect(again.allSatisfy { $0.matches })
        #expect(again.map(\.checksum) == there.map(\.checksum), "the same rows at every step")

        // The copy answers as the original: the caller's history by phone, the file's bytes, the case.
        let copied = PetitionDesk(store: postgres, recheckSeconds: 0, clock: { now })
        #expect(try copied.history(phone: "13900001111", for: dispatcher).map(\.id) == [id])
        #expect(try copied.attachment(id: file.id, for: dispatcher)?.bytes() == pdf)
        #expect(try copied.record(id: id)?.events == desk.record(id: id)?.events)
        // Ids go on from where the original left them.
        let next = try copied.intake(PetitionIntake(channel: .hotline, kind: .request, category: "water", text: "又停水",
                                                    location: Coordinate(lon: 101.7355, lat: 26.5805), crs: .wgs84, contact: nil, actor: "接线员")).petition.id
        #expect(next != id && next.hasPrefix("SQ20261102"))

        // Into a store that holds data: refused, nothing written.
        let before = try back.counts()
        #expect { try StoreCopy(from: postgres, to: back).run() } throws: { "\($0)".contains("is not empty") }
        #expect(try back.counts() == before)
    }
}
