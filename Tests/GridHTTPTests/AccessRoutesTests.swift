import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Logging
import Synchronization
import Testing

/// Who may do what over real HTTP: every role against every route, masking by role, the
/// personal-data scan of public answers and the log, and the audit trail.
@Suite struct AccessRoutesTests {
    /// The roles in the order of the table's columns; nil is an anonymous caller.
    static let roles: [Role?] = [nil, .planner, .inspector, .unit, .gridWorker, .dispatcher, .admin]

    /// The small district with its five petitions, a sensitive category (reports about
    /// officials) and one such petition in G1, and a petition whose caller left a phone
    /// number and an ID number in the text.
    static func store() throws -> (GridStore, sensitive: String, talkative: String) {
        let dir = TemporaryDirectory.lasting()
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        let importer = Importer(store: store)
        try importer.importFolder(dir.path) { _ in }
        let officials = #"{"code":"officials","name_zh":"干部作风","name_en":"Conduct of officials","default_level":"district","sensitive":true}"#
        dir.write("categories.json", SmallDistrict.categoriesJSON.replacingOccurrences(of: "}\n]}", with: "},\n\(officials)\n]}"))
        _ = try importer.import(.categories, file: dir.file("categories.json"))
        let desk = PetitionDesk(store: store, recheckSeconds: 0)
        let sensitive = try desk.intake(PetitionIntake(channel: .hotline, kind: .complain, category: "officials", text: "反映社区干部办事推诿",
                                                       location: Coordinate(lon: 101.7045, lat: 26.5795))).petition.id
        let talkative = try desk.intake(PetitionIntake(channel: .hotline, kind: .request, category: "water",
                                                       text: "停水两天，请回电13912345678，身份证11010519491231002X",
                                                       location: Coordinate(lon: 101.7046, lat: 26.5796),
                                                       contact: PetitionIntake.Contact(name: "赵六", phone: "13987654321"))).petition.id
        return (store, sensitive, talkative)
    }

    struct Row: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var body: String?
        /// Expected status per role, in `roles` order.
        var expect: [Int]
        var description: String { "\(method) \(path)" }
    }

    static let newPetition = #"{"channel":"service_point","kind":"request","category":"water","text":"水管漏水","location":{"lon":101.7045,"lat":26.5795}}"#

    /// The route × role table (README, "Roles and tokens"). 404 where a record is outside the
    /// caller's scope, exactly as for one that does not exist.
    static func table(sensitive: String) -> [Row] {
        let all200 = [200, 200, 200, 200, 200, 200, 200]
        let readers = [401, 403, 200, 200, 200, 200, 200]
        let address = "金海路12号阳光小区3栋2单元501室".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        return [
            Row(method: "GET", path: "/", expect: all200),
            Row(method: "GET", path: "/collections", expect: all200),
            Row(method: "GET", path: "/collections/grids/items", expect: all200),
            Row(method: "GET", path: "/collections/buildings/items/B1", expect: all200),
            Row(method: "GET", path: "/collections/units/items", expect: all200),
            Row(method: "GET", path: "/locate?lon=101.7045&lat=26.5795", expect: all200),
            Row(method: "GET", path: "/resolve?address=\(address)", expect: all200),
            Row(method: "GET", path: "/heatmap?bin=area&level=grid", expect: all200),
            Row(method: "GET", path: "/stats?by=unit", expect: all200),
            Row(method: "GET", path: "/supervisions?state=overdue", expect: readers),
            Row(method: "GET", path: "/openapi.json", expect: all200),
            Row(method: "GET", path: "/collections/petitions", expect: readers),
            Row(method: "GET", path: "/collections/petitions/items", expect: readers),
            Row(method: "GET", path: "/collections/petitions/items/PA", expect: readers),
            Row(method: "GET", path: "/collections/petitions/items/PB", expect: [401, 403, 200, 404, 404, 200, 200]),
            Row(method: "GET", path: "/petitions?status=received", expect: readers),
            Row(method: "GET", path: "/petitions/PA", expect: readers),
            Row(method: "GET", path: "/petitions/PB", expect: [401, 403, 200, 404, 404, 200, 200]),
            Row(method: "GET", path: "/petitions/\(sensitive)", expect: [401, 403, 200, 404, 404, 200, 200]),
            Row(method: "GET", path: "/petitions/SQ-none", expect: [401, 403, 404, 404, 404, 404, 404]),
            Row(method: "GET", path: "/buildings/B1/households", expect: [401, 403, 200, 403, 200, 200, 200]),
            Row(method: "GET", path: "/buildings/B2/households", expect: [401, 403, 200, 403, 404, 200, 200]),
            Row(method: "GET", path: "/buildings/B9/households", expect: [401, 403, 404, 403, 404, 404, 404]),
            Row(method: "POST", path: "/petitions", body: newPetition, expect: [401, 403, 403, 403, 201, 201, 201]),
            Row(method: "POST", path: "/petitions/PA/events", body: #"{"action":"note","note":"已核实"}"#,
                expect: [401, 403, 403, 201, 201, 201, 201]),
            Row(method: "POST", path: "/petitions/PA/events", body: #"{"action":"escalate","note":"三日内办结"}"#,
                expect: [401, 403, 403, 403, 403, 201, 201]),
            Row(method: "POST", path: "/petitions/PB/events", body: #"{"action":"note","note":"回访"}"#,
                expect: [401, 403, 403, 404, 404, 201, 201]),
            Row(method: "POST", path: "/petitions/\(sensitive)/events", body: #"{"action":"note","note":"转纪委"}"#,
                expect: [401, 403, 403, 404, 404, 201, 201]),
        ]
    }

    @Test func everyRoleAgainstEveryRoute() async throws {
        let (store, sensitive, _) = try Self.store()
        try await LoopbackServer.runAsRoles(store: store) { request in
            for row in Self.table(sensitive: sensitive) {
                for (role, expected) in zip(Self.roles, row.expect) {
                    let answer = try await request(role, row.method, row.path, row.body.map { Data($0.utf8) })
                    #expect(answer.status == expected, "\(row) as \(role?.rawValue ?? "anonymous"): \(answer.text.prefix(300))")
                    if answer.status >= 400 {
                        #expect(answer.contentType == "application/problem+json", "\(row) as \(role?.rawValue ?? "anonymous")")
                    }
                    if answer.status == 401 {
                        #expect(answer.json["type"] == "/problems/unauthenticated")
                        #expect(answer.wwwAuthenticate?.hasPrefix("Bearer") == true)
                    }
                    if answer.status == 403 { #expect(answer.json["type"] == "/problems/forbidden") }
                    // A refusal never names the record it refused.
                    if answer.status == 401 || answer.status == 403 { #expect(!answer.text.contains("PB") && !answer.text.contains(sensitive)) }
                }
            }
        }
    }

    @Test func aBadTokenIsA401EvenOnPublicRoutesAndRevokingTakesEffect() async throws {
        let (store, _, _) = try Self.store()
        let tokens = try LoopbackServer.createTokens(on: store)
        try await LoopbackServer.serve(store: store) { port in
            let bad = try await LoopbackServer.send(port, "GET", "/collections", nil, token: "wg_0000000000000000000000000000000000000000deadbeef")
            #expect(bad.status == 401 && bad.json["detail"]?.stringValue?.contains("unknown or revoked") == true)
            #expect(try await LoopbackServer.send(port, "GET", "/petitions/PA", nil, token: tokens[.dispatcher]).status == 200)
            // Revoked elsewhere (the CLI, another process): refused within the snapshot's second.
            _ = try AccessTokens(store: store).revoke(id: ApiToken.id(of: tokens[.dispatcher]!), by: "test", at: Timestamp(seconds: 1_790_000_100))
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await LoopbackServer.send(port, "GET", "/petitions/PA", nil, token: tokens[.dispatcher]).status == 401)
        }
    }

    @Test func personalDataIsWholeOnlyWithinScopeAndEveryUnmaskedReadIsAudited() async throws {
        let (store, _, talkative) = try Self.store()
        let tokens = try LoopbackServer.createTokens(on: store)
        let id: @Sendable (Role) -> String = { ApiToken.id(of: tokens[$0]!) }
        try await LoopbackServer.runAsRoles(store: store, tokens: tokens) { request in
            // The petition's own unit (U-D leads water) and the dispatcher see the contact whole.
            for role in [Role.unit, .dispatcher, .gridWorker] {
                let p = try await request(role, "GET", "/petitions/\(talkative)", nil)
                #expect(p.json["contact"]?["phone"] == "13987654321", "\(role)")
                #expect(p.json["text"]?.stringValue?.contains("13912345678") == true)
            }
            let inspected = try await request(.inspector, "GET", "/petitions/\(talkative)", nil)
            #expect(inspected.json["contact"]?["phone"] == "139****4321")
            #expect(inspected.json["contact"]?["name"] == "赵*")
            #expect(inspected.json["text"] == "停水两天，请回电139****5678，身份证1101**********002X")
            #expect(inspected.json["id"]?.stringValue == talkative, "ids are codes, not numbers to mask")

            // The register: whole for the admin and B1's grid worker; masked for dispatcher and inspector.
            for role in [Role.admin, .gridWorker] {
                let b1 = try await request(role, "GET", "/buildings/B1/households", nil)
                #expect(b1.json["masked"] == false)
                #expect(b1.json["households"]?[0]?["persons"]?[0]?["id_number"] == "11010519491231002X", "\(role)")
            }
            for role in [Role.dispatcher, .inspector] {
                let b1 = try await request(role, "GET", "/buildings/B1/households", nil)
                #expect(b1.json["masked"] == true)
                let person = b1.json["households"]?[0]?["persons"]?[0]
                #expect(person?["id_number"] == "1101**********002X" && person?["phone"] == "138****5678" && person?["name"] == "张*", "\(role)")
                #expect(person?["tags"] == ["独居老人", "低保"])
            }

            // The actor of an event is the token; the name typed is kept beside it.
            let posted = try await request(.unit, "POST", "/petitions/\(talkative)/events",
                                           Data(#"{"action":"note","actor":"水务局 李工","note":"已电话联系"}"#.utf8))
            #expect(posted.status == 201)
            let last = posted.json["events"]?.arrayValue?.last
            #expect(last?["actor"]?.stringValue == id(.unit) && last?["signed"] == "水务局 李工")
        }
        let audit = try store.auditEntries()
        func entries(_ action: String, by role: Role) -> [AuditEntry] {
            audit.filter { $0.action == action && $0.actor == id(role) }
        }
        #expect(entries("read.petition.contact", by: .unit).count >= 1)
        #expect(entries("read.petition.contact", by: .dispatcher).count == 1)
        #expect(entries("read.residents", by: .admin).first?.target == "B1")
        #expect(entries("read.residents", by: .gridWorker).count == 1)
        #expect(audit.filter { $0.actor == id(.inspector) }.isEmpty, "masked reads are not audited")
        let note = try #require(entries("petition.note", by: .unit).first)
        #expect(note.target == talkative)
        #expect(note.origin?.hasPrefix("127.0.0.1:") == true, "from where: \(note.origin ?? "nil")")
        #expect(entries("read.petition.contact", by: .dispatcher).first?.origin?.hasPrefix("127.0.0.1:") == true)
    }

    @Test func sensitivePetitionsAreLeftOutOfPublicAggregatesAndScopedLists() async throws {
        let (store, sensitive, _) = try Self.store()
        try await LoopbackServer.runAsRoles(store: store) { request in
            func count(_ role: Role?, _ path: String) async throws -> Double? {
                try await request(role, "GET", path, nil).json["numberMatched"]?.doubleValue
            }
            let heat = "/heatmap?bin=area&level=grid"
            // Roles that read petitions see bins of every size; of them, only some see sensitive categories.
            #expect(try await count(.dispatcher, heat) == (try await count(.unit, heat)).map { $0 + 1 })
            #expect(try await count(.inspector, heat) == (try await count(.gridWorker, heat)).map { $0 + 1 })
            #expect(try await request(nil, "GET", "/heatmap?category=officials", nil).json["numberMatched"] == 0)
            let stats = "/stats?by=area&level=grid"
            let publicTotal = try await request(nil, "GET", stats, nil).json["total"]?["petitions"]?.doubleValue
            let fullTotal = try await request(.admin, "GET", stats, nil).json["total"]?["petitions"]?.doubleValue
            #expect(publicTotal.map { $0 + 1 } == fullTotal)
            // In G1 but sensitive: not in the grid worker's list; in the dispatcher's.
            var ids: [Role: [String]] = [:]
            for role in [Role.dispatcher, .gridWorker, .unit] {
                let page = try await request(role, "GET", "/collections/petitions/items?limit=100", nil)
                ids[role] = page.json["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            }
            #expect(ids[.dispatcher]?.contains(sensitive) == true)
            #expect(ids[.gridWorker]?.contains(sensitive) == false)
            #expect(ids[.gridWorker]?.contains("PA") == true)
            #expect(ids[.unit]?.contains("PA") == true && ids[.unit]?.contains("PB") == false && ids[.unit]?.contains(sensitive) == false)
            let supervision = try await request(.gridWorker, "GET", "/petitions?status=received", nil)
            #expect(supervision.json["petitions"]?.arrayValue?.contains { $0["id"]?.stringValue == sensitive } == false)
        }
    }

    @Test func aGridWorkerTokenForACommunityCoversItsGridCells() async throws {
        let (store, _, _) = try Self.store()
        let token = try AccessTokens(store: store).create(role: .gridWorker, area: "C2", by: "test", at: Timestamp(seconds: 1_790_000_000)).secret
        try await LoopbackServer.serve(store: store) { port in
            let layer = try await LoopbackServer.send(port, "GET", "/collections/petitions/items", nil, token: token)
            // PB stands in G3 and PC in G4, both cells of 金海社区 (C2); PA is in C1.
            #expect(layer.json["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["PB", "PC"])
            #expect(try await LoopbackServer.send(port, "GET", "/collections/petitions/items/PA", nil, token: token).status == 404)
            #expect(try await LoopbackServer.send(port, "GET", "/buildings/B2/households", nil, token: token).status == 200)
        }
    }

    /// Personal data never leaves through a side door: every answer an anonymous caller, a
    /// planner or an inspector gets, and the server's whole log, is scanned for phone and ID
    /// numbers.
    @Test func noPublicAnswerAndNoLogLineHoldsAPhoneOrIDNumber() async throws {
        let (store, sensitive, talkative) = try Self.store()
        let lines = LogLines()
        var logger = Logger(label: "wangge.scan") { _ in CapturingLogHandler(lines: lines) }
        logger.logLevel = .trace
        let tokens = try LoopbackServer.createTokens(on: store)
        let address = "金海路12号阳光小区3栋2单元501室".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        var paths = ["/", "/collections", "/openapi.json", "/locate?lon=101.7045&lat=26.5795", "/resolve?address=\(address)",
                     "/heatmap", "/heatmap?format=points", "/heatmap?bin=area&level=grid", "/stats", "/stats?by=unit",
                     "/petitions?status=received", "/petitions/\(talkative)", "/petitions/\(sensitive)", "/petitions/PA",
                     "/buildings/B1/households", "/buildings/B2/households"]
        for c in ["provinces", "cities", "districts", "streets", "communities", "grids", "buildings", "units", "petitions"] {
            paths += ["/collections/\(c)", "/collections/\(c)/items?limit=1000"]
        }
        paths += ["/collections/grids/items/G1", "/collections/buildings/items/B1", "/collections/petitions/items/\(talkative)"]
        let answers = LogLines()
        let visited = paths
        try await LoopbackServer.serve(store: store, logger: logger) { port in
            for role in [nil, Role.planner, .inspector] {
                for path in visited {
                    let answer = try await LoopbackServer.send(port, "GET", path, nil, token: role.flatMap { tokens[$0] })
                    answers.append("\(path) as \(role?.rawValue ?? "anonymous") → \(answer.status): \(answer.text)")
                }
            }
            // Writes with personal data in their bodies, so that the log has had the chance to leak them.
            let post = #"{"channel":"hotline","kind":"request","category":"water","text":"电话13711112222","address":"金海路12号阳光小区3栋2单元501室","contact":{"name":"钱七","phone":"13711112222"}}"#
            #expect(try await LoopbackServer.send(port, "POST", "/petitions", Data(post.utf8), token: tokens[.dispatcher]).status == 201)
            _ = try await LoopbackServer.send(port, "GET", "/resolve?address=13711112222", nil)
        }
        #expect(answers.all.count == 3 * paths.count)
        #expect(answers.all.filter { $0.contains("→ 200:") }.count > 2 * paths.count, "most answers have content to scan")
        for answer in answers.all { #expect(Self.personalNumber(in: answer) == nil, "\(answer.prefix(400))") }
        let log = lines.all
        #expect(log.count > paths.count * 3, "the access log has a line per request")
        for line in log { #expect(Self.personalNumber(in: line) == nil, "log: \(line)") }
    }

    /// The first mainland mobile number (11 digits, 1[3-9]…) or 18-character ID number in a
    /// text, if any: a whole run of digits, not part of a longer one or of a decimal fraction.
    static func personalNumber(in text: String) -> String? {
        let chars = Array(text)
        var k = 0
        while k < chars.count {
            guard chars[k].isASCII, chars[k].isNumber else { k += 1; continue }
            var end = k
            while end < chars.count, chars[end].isASCII, chars[end].isNumber { end += 1 }
            if end < chars.count, end - k == 17, chars[end] == "X" || chars[end] == "x" { end += 1 }
            let run = String(chars[k..<end])
            let fraction = k > 0 && chars[k - 1] == "."
            if !fraction {
                if run.count == 11, run.hasPrefix("1"), let second = run.dropFirst().first, ("3"..."9").contains(second) { return run }
                if run.count == 18, run.first != "0" { return run }
            }
            k = end
        }
        return nil
    }

    @Test func theScanFindsWhatItLooksFor() {
        #expect(Self.personalNumber(in: "请回电13912345678") == "13912345678")
        #expect(Self.personalNumber(in: "身份证11010519491231002X。") == "11010519491231002X")
        #expect(Self.personalNumber(in: "139****5678 1101**********002X SQ20261123000001") == nil)
    }
}

/// Every log line, message and metadata, for the scan.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, b in b }
        lines.append("\(event.level) \(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}
