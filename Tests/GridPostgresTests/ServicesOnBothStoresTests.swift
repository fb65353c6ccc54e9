import Foundation
import GridGeo
import GridModel
import GridPostgres
import GridService
import GridStore
import GridTestSupport
import Synchronization
import Testing

/// The services behave the same over the SQLite file and over PostgreSQL: the real importer,
/// the desk round the case loop, statistics, notices, webhooks, attachments, the layers, the
/// heat-map ledger and the nightly scan — and several servers over one PostgreSQL database
/// neither lose an update nor hand out an id twice.
@Suite struct ServicesOnBothStoresTests {
    static let now = try! Timestamp.parse("2026-11-02T09:00:00+08:00").get()

    static func caller(_ role: Role, unit: String? = nil, area: String? = nil) -> Caller {
        Caller(token: ApiToken(id: "wg_\(role.rawValue)", role: role, area: area, unit: unit, createdAt: Timestamp(seconds: 0)))
    }

    static func step(_ action: PetitionEvent.Action, _ body: String, _ desk: PetitionDesk, _ id: String, as who: Caller) throws -> Petition? {
        let o = try #require(try JSONParser.parse(#"{"action":"\#(action.rawValue)"\#(body.isEmpty ? "" : ",")\#(body)}"#).objectValue)
        let (request, problems) = PetitionEventRequest.decode(o)
        guard let request else { throw DeskError.invalid(problems) }
        return try desk.post(request, to: id, by: who)?.petition
    }

    static func water(at lon: Double, _ lat: Double) -> PetitionIntake {
        PetitionIntake(channel: .miniapp, kind: .request, category: "water", text: "楼下水管爆裂", location: Coordinate(lon: lon, lat: lat),
                       crs: .wgs84, contact: .init(name: "张三", phone: "13812345678"), actor: "接线员 小王")
    }

    /// Everything a scenario reads back, as text, to compare between stores.
    static func scenario(on store: any WanggeStore, in dir: TemporaryDirectory) throws -> [String] {
        try Importer(store: store, clock: { Self.now }).importFolder(dir.path) { _ in }
        let desk = PetitionDesk(store: store, recheckSeconds: 0, clock: { Self.now })
        var out: [String] = []
        let (dispatcher, lead) = (caller(.dispatcher), caller(.unit, unit: "U-D"))
        let first = try desk.intake(water(at: 101.7045, 26.5795))
        let id = first.petition.id
        out.append("intake \(id) \(first.petition.status) \(first.petition.unit ?? "-") \(first.events.map(\.action))")
        out.append("repeat of \(try desk.intake(water(at: 101.7046, 26.5795)).petition.duplicateOf ?? "-")")
        if first.petition.status == .received { _ = try step(.dispatch, #""unit":"U-D""#, desk, id, as: dispatcher) }
        _ = try step(.accept, "", desk, id, as: lead)
        _ = try step(.resolve, #""outcome":"resolved","note":"已修复""#, desk, id, as: lead)
        let rated = try #require(try step(.evaluate, #""rating":"satisfied""#, desk, id, as: dispatcher))
        out.append("rated \(rated.status) \(rated.rating?.rawValue ?? "-")")
        let record = try #require(try desk.record(id: id))
        out.append("events \(record.events.map { "\($0.sequence) \($0.action) \($0.to)" })")
        out.append("caller history \(try desk.history(phone: "13812345678", for: dispatcher).map(\.id))")
        let stats = try desk.statistics(by: .unit, from: nil, to: nil, minimum: 1)
        out.append("stats \(stats.total.petitions) \(stats.groups.map { "\($0.id) \($0.figures.petitions)" })")
        let notices = try desk.notices(since: 0, limit: 100, for: dispatcher)
        out.append("notices \(notices.notices.map { "\($0.type) \($0.petition)" })")
        // Webhooks: queued once for what happens after the hook was added.
        let hooks = HookSender(store: store, clock: { Self.now })
        _ = try hooks.add(url: "http://127.0.0.1:9/hook", events: [.dispatched], unit: nil, by: "admin")
        _ = try desk.intake(water(at: 101.7355, 26.5805))
        out.append("queued \(try store.queueDeliveries(now: 100)) then \(try store.queueDeliveries(now: 100)) claimed \(try store.claimDueDeliveries(now: 100, limit: 10, until: 200).count) then \(try store.claimDueDeliveries(now: 100, limit: 10, until: 200).count)")
        // An attachment stored and read back by whoever reads it.
        let pdf = Array("%PDF-1.4\n现场照片\n%%EOF\n".utf8)
        let attachment = try #require(try desk.attach(pdf, declared: "application/pdf", to: id, by: dispatcher))
        out.append("attachment \(attachment.size) \(try desk.attachment(id: attachment.id, for: dispatcher)?.bytes() == pdf)")
        // The layers and the heat-map ledger.
        let layers = FeatureLayers(store: store)
        let page = try layers.page(of: .petitions, FeaturePage(limit: 5))
        out.append("petitions layer \(page.matched) \(page.features.compactMap(\.id))")
        let grids = try layers.page(of: .areas(.grid), FeaturePage(bbox: BoundingBox(minLon: 101.70, minLat: 26.57, maxLon: 101.71, maxLat: 26.59)))
        out.append("grids in box \(grids.features.compactMap(\.id))")
        out.append("extent \(String(describing: try layers.extent(of: .buildings).spatial))")
        let ledger = try PetitionLedger(store: store)
        out.append("ledger \(ledger.count)")
        // The nightly scan over the imported history.
        try EarlyWarnings(store: store).scan(fromDay: Self.now.chinaDay - 3, toDay: Self.now.chinaDay - 1, at: Self.now)
        out.append("warnings \(try store.warnings(fromDay: nil, toDay: nil, kind: nil, category: nil, status: nil).map { "\($0.kind) \($0.category ?? "-")" })")
        out.append("scanned \(try store.lastScannedDay().map(String.init) ?? "-")")
        // Deadline warnings a month on, found by the stored warning time.
        let month = Timestamp(seconds: Self.now.seconds + 30 * 86_400)
        out.append("due \(try store.petitionsDueForWarning(at: month))")
        out.append("warned \(try PetitionDesk(store: store, recheckSeconds: 0, clock: { month }).raiseWarnings()) then \(try store.petitionsDueForWarning(at: month))")
        return out
    }

    @Test func theServicesGiveTheSameAnswersOverBothStores() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let sqlite = try Self.scenario(on: try GridStore(path: dir.file("w.db")), in: dir)
        let database = try PostgresTestDatabase()
        let postgres = try Self.scenario(on: try PostgresStore(url: database.url), in: dir)
        #expect(postgres == sqlite, "\(zip(postgres, sqlite).filter { $0 != $1 })")
        #expect(sqlite.count > 10 && sqlite[0].contains("SQ20261102000001"))
    }

    @Test func twoServersOverOneDatabaseLoseNoUpdateAndNeverShareAnID() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        try FileManager.default.removeItem(atPath: dir.file("petitions.geojsonl"))
        let database = try PostgresTestDatabase()
        let setup = try PostgresStore(url: database.url)
        try Importer(store: setup).importFolder(dir.path) { _ in }
        // Two "servers": two stores, two desks, each with its own connections and caches.
        let desks = try (0..<2).map { _ in PetitionDesk(store: try PostgresStore(url: database.url), recheckSeconds: 0, clock: { Self.now }) }
        let ids = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for k in 0..<2 {
            group.enter()
            Thread {
                defer { group.leave() }
                for n in 0..<15 {
                    do {
                        let p = try desks[k].intake(Self.water(at: 101.7045 + Double(n) * 0.0004, 26.5795 + Double(k) * 0.0003)).petition
                        ids.withLock { $0.append(p.id) }
                    } catch { failures.withLock { $0.append("\(error)") } }
                }
            }.start()
        }
        group.wait()
        #expect(failures.withLock { $0 } == [])
        let all = ids.withLock { $0 }
        #expect(all.count == 30 && Set(all).count == 30, "\(all.sorted())")
        // Both servers add notes to one case at once: every note kept, numbered without a gap.
        let target = try #require(all.first)
        let dispatcher = Self.caller(.dispatcher)
        for k in 0..<2 {
            group.enter()
            Thread {
                defer { group.leave() }
                for n in 0..<10 {
                    do {
                        if try Self.step(.note, #""note":"server \#(k) note \#(n)""#, desks[k], target, as: dispatcher) == nil { failures.withLock { $0.append("lost") } }
                    }
                    catch { failures.withLock { $0.append("\(error)") } }
                }
            }.start()
        }
        group.wait()
        #expect(failures.withLock { $0 } == [])
        let events = try #require(try desks[0].record(id: target)).events
        #expect(events.filter { $0.action == .note }.count == 20)
        #expect(events.map(\.sequence) == Array(1...events.count))
    }
}
