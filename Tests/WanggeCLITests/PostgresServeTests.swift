import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGeo
import GridTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several `wangge serve` processes over one PostgreSQL database, as a city deploys them: the
/// same answers from each, nothing acknowledged lost when one is killed mid-work, token
/// revocations heard everywhere within a second, and a database restart survived — 503
/// problems meanwhile, never a hang.
@Suite struct PostgresServeTests {
    let cli = WanggeCLITests()

    func send(_ method: String, _ url: String, token: String?, body: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!, timeoutInterval: 20)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    func serve(_ url: String, in dir: TemporaryDirectory, name: String, extra: [String] = []) async throws -> (Process, String) {
        let port = try freeLoopbackPort()
        let p = Process()
        p.executableURL = WanggeCLITests.executable
        p.arguments = ["serve", "--db", url, "--port", String(port)] + extra
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let log = dir.file("\(name).log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: log)
        p.standardOutput = FileHandle(forWritingAtPath: log)
        try p.run()
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<150 {
            if (try? await send("GET", base + "/conformance", token: nil))?.status == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return (p, base)
    }

    static let call = #"{"channel":"hotline","kind":"request","category":"water","text":"停水","location":{"lon":101.7045,"lat":26.5795}}"#

    @Test func twoServersOneDatabaseAKilledServerAndARestartedDatabase() async throws {
        let cluster = try PrivatePostgres()
        try cluster.psql("CREATE DATABASE city")
        let url = cluster.url("city")
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let imported = try cli.run(["import", "--db", url, "all", "."], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let tokens = try cli.run(["token", "demo", "--db", url], in: dir)
        let dispatcher = try #require(tokens.stdout.split(separator: "\n").first { $0.hasPrefix("dispatcher\t") }?.split(separator: "\t")[1]).description
        let (one, a) = try await serve(url, in: dir, name: "one")
        let (two, b) = try await serve(url, in: dir, name: "two")
        defer { stopHelper(one); stopHelper(two) }

        // Taken on one, read on the other; ids from both servers never collide.
        let posted = try await send("POST", a + "/petitions", token: dispatcher, body: Self.call)
        #expect(posted.status == 201, "\(posted.body)")
        let id = try #require(try JSONParser.parse(posted.body)["id"]?.stringValue)
        #expect(try await send("GET", b + "/petitions/\(id)", token: dispatcher).status == 200)
        let other = try await send("POST", b + "/petitions", token: dispatcher, body: Self.call.replacingOccurrences(of: "101.7045", with: "101.7355"))
        #expect(try JSONParser.parse(other.body)["id"]?.stringValue.map { $0 != id } == true)

        // Killed right after acknowledging: what it said it stored is there.
        let last = try await send("POST", a + "/petitions", token: dispatcher, body: Self.call.replacingOccurrences(of: "101.7045", with: "101.7255"))
        kill(one.processIdentifier, SIGKILL)
        one.waitUntilExit()
        let lastID = try #require(try JSONParser.parse(last.body)["id"]?.stringValue)
        #expect(try await send("GET", b + "/petitions/\(lastID)", token: dispatcher).status == 200)

        // The database restarts under the running server: 503 problems meanwhile, then answers again.
        try cluster.stop()
        let during = try await send("GET", b + "/petitions/\(id)", token: dispatcher)
        #expect(during.status == 503 && during.body.contains("store-unavailable"), "\(during.status) \(during.body)")
        try cluster.start()
        var after = 0
        for _ in 0..<50 where after != 200 {
            after = try await send("GET", b + "/petitions/\(id)", token: dispatcher).status
            if after != 200 { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(after == 200)

        // A token revoked from the command line is refused by the running server within a second or so.
        let list = try cli.run(["token", "list", "--db", url], in: dir)
        let dispatcherID = try #require(list.stdout.split(separator: "\n").first { $0.contains("dispatcher") }?.split(separator: "\t").first).description
        #expect(try cli.run(["token", "revoke", "--db", url, dispatcherID], in: dir).status == 0)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(try await send("GET", b + "/petitions/\(id)", token: dispatcher).status == 401)
    }

    @Test func readsThatTolerateLagAreServedByAStreamingReplica() async throws {
        let primary = try PrivatePostgres()
        try primary.psql("CREATE DATABASE city")
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        #expect(try cli.run(["import", "--db", primary.url("city"), "all", "."], in: dir).status == 0)
        let tokens = try cli.run(["token", "demo", "--db", primary.url("city")], in: dir)
        let dispatcher = try #require(tokens.stdout.split(separator: "\n").first { $0.hasPrefix("dispatcher\t") }?.split(separator: "\t")[1]).description
        let replica = try PrivatePostgres(replicaOf: primary)
        #expect(try replica.psql("SELECT pg_is_in_recovery()") == "t")
        let (server, base) = try await serve(primary.url("city"), in: dir, name: "replicated", extra: ["--read-db", replica.url("city")])
        defer { stopHelper(server) }
        func listed() async throws -> Int? {
            let page = try await send("GET", base + "/collections/petitions/items?limit=1", token: dispatcher)
            return try JSONParser.parse(page.body)["numberMatched"]?.intValue
        }
        let before = try #require(try await listed())
        // The replica stops replaying: a petition taken now is on the primary only.
        try replica.psql("SELECT pg_wal_replay_pause()")
        let posted = try await send("POST", base + "/petitions", token: dispatcher, body: Self.call)
        #expect(posted.status == 201, "\(posted.body)")
        let id = try #require(try JSONParser.parse(posted.body)["id"]?.stringValue)
        #expect(try await send("GET", base + "/petitions/\(id)", token: dispatcher).status == 200, "the case itself is read from the primary")
        #expect(try await listed() == before, "the layer is read from the replica, which has not seen it yet")
        try replica.psql("SELECT pg_wal_replay_resume()")
        var after = before
        for _ in 0..<50 where after == before {
            try await Task.sleep(for: .milliseconds(100))
            after = try await listed() ?? before
        }
        #expect(after == before + 1)
        // A replica is never written to, nor migrated.
        let refused = try cli.run(["serve", "--db", "w.db", "--read-db", replica.url("city")], in: dir)
        #expect(refused.status != 0 && refused.stderr.contains("--read-db takes a replica's postgresql:// URL"), "\(refused.stderr)")
    }
}
