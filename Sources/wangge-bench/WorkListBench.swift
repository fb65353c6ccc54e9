import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridDemo
import GridGeo
import GridModel
import GridService
import GridStore

/// `wangge-bench worklist`: the desk's work lists over real HTTP with 10,000 open cases — a real
/// `wangge serve` process on the demo district seeded with them, a person signed in as at the desk,
/// the server time of each list (its Server-Timing header) and the time seen by the client.
/// With `--browser`, the desk page itself in headless Chromium (bench/desk_page.py).
struct WorkListBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worklist",
        abstract: "Work lists of 10,000 open cases over HTTP: server time per list and page; with --browser, the page in Chromium.")

    @Option(help: "Open cases.") var cases = 10_000
    @Option(help: "Requests per query (median and p95 are reported).") var runs = 31
    @Flag(help: "Also load the desk page in headless Chromium (needs chromium-driver and Selenium).") var browser = false

    func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-bench-worklist-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (demo, store) = try demoStore(in: dir)
        let (unit, tSeed) = try timed { try Self.seed(cases, demo: demo, store: store) }
        print("seeded \(cases) open cases on the demo district in \(f(tSeed)) s; the busiest unit \(unit) leads \(try store.openPetitions(unit: unit).count)")
        var cheap = SignInPolicy()
        cheap.bcryptCost = 4
        let accounts = UserAccounts(store: store, policy: cheap)
        let now = PetitionDesk.systemClock()
        _ = try accounts.add(name: "bench-op", role: .dispatcher, password: "Bench-pass-2026", by: "bench", at: now)
        _ = try accounts.add(name: "bench-clerk", role: .unit, unit: unit, password: "Bench-pass-2026", by: "bench", at: now)

        let server = try ServerProcess(db: dir + "/demo.db", in: dir)
        defer { server.stop() }
        let dispatcher = try server.signIn("bench-op", "Bench-pass-2026")
        let clerk = try server.signIn("bench-clerk", "Bench-pass-2026")
        let queries: [(String, String, String)] = [
            ("dispatcher: the list counts (GET /queues)", dispatcher, "/queues"),
            ("dispatcher: 超期, nearest deadline first, page 1", dispatcher, "/petitions?queue=overdue&sort=due&limit=50"),
            ("dispatcher: 待派发 by urgency, page 1", dispatcher, "/petitions?queue=to_dispatch&sort=urgency&limit=50"),
            ("dispatcher: 超期, page 60 (offset 3,000)", dispatcher, "/petitions?queue=overdue&sort=due&limit=50&offset=3000"),
            ("dispatcher: 待回访 newest first", dispatcher, "/petitions?queue=to_callback&sort=newest&limit=50"),
            ("dispatcher: text search in 超期", dispatcher, "/petitions?queue=overdue&q=%E6%A5%BC%E9%81%93&limit=50"),
            ("unit clerk: the list counts", clerk, "/queues"),
            ("unit clerk: 办理中", clerk, "/petitions?queue=in_progress&limit=50"),
        ]
        print("query | matched | server median | server p95 | client median")
        for (name, cookie, path) in queries {
            var server_: [Double] = [], client: [Double] = []
            var matched = "-"
            for _ in 0..<runs {
                let (answer, t) = try timed { try server.get(path, cookie: cookie) }
                guard answer.status == 200 else { throw CleanExit.message("\(path): \(answer.status) \(answer.body.prefix(300))") }
                server_.append(answer.serverMilliseconds ?? .nan)
                client.append(t * 1000)
                if let m = (try? JSONParser.parse(answer.body))?["numberMatched"]?.doubleValue { matched = String(Int(m)) }
            }
            server_.sort()
            client.sort()
            print("\(name) | \(matched) | \(f(server_[runs / 2], 1)) ms | \(f(server_[runs * 95 / 100], 1)) ms | \(f(client[runs / 2], 1)) ms")
        }
        if browser {
            fflush(nil)  // our lines first: the script writes to the same terminal
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("bench/desk_page.py").path
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", script, "--base", server.base, "--name", "bench-op", "--password", "Bench-pass-2026", "--queue", "overdue"]
            try p.run()
            p.waitUntilExit()
        }
    }

    /// `count` open cases spread over the district's grid cells, routed as intake would route
    /// them, in the open statuses in realistic shares, some held as likely repeats, some with an
    /// extension asked or a supervision; received over the last 40 days (many overdue).
    /// - Returns: the unit leading the most.
    static func seed(_ count: Int, demo: DemoDistrict, store: GridStore) throws -> String {
        let registry = try DeskRegistry(store: store)
        let locator = try Locator(store: store)
        var rng = SeededGenerator(seed: 17)
        let cells = demo.areas.filter { $0.level == .grid }.compactMap(\.boundary.interiorPoint)
        let categories = registry.categories.values.filter { !registry.sensitiveCategories.contains($0.code) }.sorted { $0.code < $1.code }
        let statuses: [(Petition.Status, Int)] = [(.received, 15), (.dispatched, 30), (.accepted, 28), (.replied, 14), (.returned, 4), (.reopened, 5), (.unplaced, 4)]
        let weighted = statuses.flatMap { Array(repeating: $0.0, count: $0.1) }
        let now = PetitionDesk.systemClock().seconds
        let texts = ["楼道灯不亮，晚上出行不便", "小区门口路面坑洼积水", "楼上装修噪音扰民", "自来水水压低，高层用不上水", "垃圾清运不及时，气味大"]
        var list: [Petition] = []
        var leads: [String: Int] = [:]
        for k in 0..<count {
            let spot = cells[Int(rng.next() % UInt64(cells.count))]
            let point = Coordinate(lon: spot.lon + rng.uniform(-3e-4, 3e-4), lat: spot.lat + rng.uniform(-3e-4, 3e-4))
            let category = categories[k % categories.count]
            let received = Timestamp(seconds: now - Int64(rng.uniform(0, 40 * 86_400)))
            var p = Petition(id: String(format: "BM%06d", k), receivedAt: received, channel: .hotline, kind: .request, category: category.code,
                             urgency: k % 12 == 0 ? .urgent : .normal, text: texts[k % texts.count] + "（\(k)）",
                             address: nil, location: point, status: weighted[Int(rng.next() % UInt64(weighted.count))])
            let d = PetitionDeadlines(receivedAt: received, kind: p.kind, difficulty: nil, category: category.deadlines, calendar: registry.calendar)
            (p.dispatchBy, p.firstReplyBy, p.resolveBy) = (d.dispatch, d.firstReply, d.resolve)
            if p.status != .unplaced {
                p.placement = locator.placement(lon: point.lon, lat: point.lat)
                let decision = registry.router.route(category: category, kind: p.kind, urgency: p.urgency, placement: p.placement)
                p.unit = decision.lead?.id
                p.assistingUnits = decision.assisting.map(\.id)
                p.ruleID = decision.ruleID
                p.ruleReason = decision.reason
            }
            if p.status != .received, p.status != .unplaced { p.dispatchedAt = Timestamp(seconds: received.seconds + 3600) }
            if p.status == .replied { p.firstReplyAt = Timestamp(seconds: received.seconds + 86_400) }
            if p.status == .received, k % 5 == 0, k > 0 { p.duplicateOf = String(format: "BM%06d", k - 1) }
            if p.status == .accepted, k % 7 == 0 {
                p.caseState.extensionRequest = CaseState.ExtensionRequest(workingDays: 3, reason: "等待配件", at: received, by: "bench")
            }
            if k % 11 == 0, p.status != .unplaced {
                p.caseState.supervisions = [CaseState.Supervision(level: 2, issuer: "bench", at: received, due: Timestamp(seconds: now + 86_400), note: "请尽快办理")]
            }
            if let u = p.unit { leads[u, default: 0] += 1 }
            list.append(p)
        }
        try store.storePetitions(list, source: "wangge-bench worklist")
        return leads.max { $0.value < $1.value }?.key ?? ""
    }
}

/// A `wangge serve` process (the binary beside this one) on a free port, for requests with a
/// desk session.
final class ServerProcess {
    let process = Process()
    let base: String
    let session: URLSession

    struct Answer {
        var status: Int
        var body: String
        var serverMilliseconds: Double?
        var cookie: String?
    }

    init(db: String, in dir: String) throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("wangge")
        let port = 20_000 + Int(getpid() % 20_000)
        base = "http://127.0.0.1:\(port)"
        process.executableURL = executable
        process.arguments = ["serve", "--db", db, "--port", "\(port)"]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
        try process.run()
        for _ in 0..<600 {
            if (try? get("/conformance", cookie: nil))?.status == 200 { return }
            usleep(100_000)
        }
        throw CleanExit.message("wangge serve did not start at \(base)")
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func signIn(_ name: String, _ password: String) throws -> String {
        let a = try send("POST", "/session", body: #"{"name":"\#(name)","password":"\#(password)"}"#, cookie: nil)
        guard a.status == 201, let cookie = a.cookie else { throw CleanExit.message("sign-in failed: \(a.status) \(a.body)") }
        return cookie
    }

    func get(_ path: String, cookie: String?) throws -> Answer { try send("GET", path, body: nil, cookie: cookie) }

    func send(_ method: String, _ path: String, body: String?, cookie: String?) throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Answer?
        nonisolated(unsafe) var failure: (any Error)?
        session.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                let timing = http.value(forHTTPHeaderField: "Server-Timing").flatMap { $0.split(separator: "=").last.flatMap { Double($0) } }
                let cookie = http.value(forHTTPHeaderField: "Set-Cookie").map { String($0.split(separator: ";")[0]) }
                result = Answer(status: http.statusCode, body: String(decoding: data ?? Data(), as: UTF8.self), serverMilliseconds: timing, cookie: cookie)
            }
            failure = error
            done.signal()
        }.resume()
        done.wait()
        if let result { return result }
        throw failure ?? CleanExit.message("no answer from \(path)")
    }
}
