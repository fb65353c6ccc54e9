import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// Webhooks against a real receiver on loopback that fails at first: deliveries signed with
/// HMAC-SHA256, retried with backoff, logged.
@Suite struct WebhookTests {
    /// A receiver answering 500 to its first `failures` POSTs, then 200; it writes each request's
    /// signature and body, one JSON line each, to `log`.
    static func receiver(port: Int, failures: Int, log: String, in dir: TemporaryDirectory) throws -> Process {
        let script = dir.write("receiver.py", """
            import http.server, json, sys
            port, failures, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
            seen = [0]
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers["Content-Length"]))
                    seen[0] += 1
                    with open(log, "a") as f:
                        f.write(json.dumps({"signature": self.headers["X-Wangge-Signature"], "event": self.headers["X-Wangge-Event"],
                                            "body": body.decode()}) + "\\n")
                    self.send_response(500 if seen[0] <= failures else 200)
                    self.end_headers()
                def log_message(self, *a): pass
            http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
            """)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, String(port), String(failures), log]
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        // Listening when a connection succeeds.
        for _ in 0..<100 {
            if (try? RawHTTP(port: port, timeoutSeconds: 1)) != nil { return p }
            usleep(50_000)
        }
        return p
    }

    @Test func aFailingReceiverGetsTheSignedNoticeAfterRetriesAndTheLogSaysSo() async throws {
        let dir = TemporaryDirectory()
        let (desk, clock) = try PetitionDeskTests.desk(dir)
        let sender = HookSender(store: desk.gridStore, clock: clock.read)
        let port = Int.random(in: 30_000...60_000)
        let log = dir.file("received.jsonl")
        let receiver = try Self.receiver(port: port, failures: 2, log: log, in: dir)
        defer { stopHelper(receiver) }
        let (hook, secret) = try sender.add(url: "http://127.0.0.1:\(port)/hook", events: [.dispatched], unit: "U-D", by: "test")
        #expect(throws: DeskError.self) { try sender.add(url: "ftp://x", events: [.dispatched], unit: nil, by: "test") }
        #expect(throws: DeskError.self) { try sender.add(url: "http://x/", events: [.dispatched], unit: "U-X", by: "test") }
        let id = try desk.intake(PetitionDeskTests.water(at: 101.7045, 26.5795)).petition.id
        // Not wanted: a property case goes to other units.
        var property = PetitionDeskTests.water(at: 101.7255, 26.58)
        property.category = "property"
        _ = try desk.intake(property)

        #expect(try await sender.runOnce() == 1)                                  // 500
        #expect(try await sender.runOnce() == 0, "not due again for 30 s")
        clock.set("2026-11-02T09:00:31+08:00")
        #expect(try await sender.runOnce() == 1)                                  // 500
        clock.set("2026-11-02T09:02:40+08:00")
        #expect(try await sender.runOnce() == 1)                                  // 200
        let deliveries = try desk.gridStore.deliveries()
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.state == .delivered && deliveries.first?.attempts == 3 && deliveries.first?.lastStatus == 200)
        // What the receiver got: the notice, signed with the hook's secret.
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(lines.count == 3)
        let body = try #require(lines.last?["body"]?.stringValue)
        #expect(lines.last?["signature"]?.stringValue == "sha256=" + Digests.hmac(Data(body.utf8), key: Array(secret.utf8)))
        #expect(lines.last?["event"] == "dispatched")
        #expect(try JSONParser.parse(body)["petition"]?.stringValue == id)
        // A removed hook gets nothing more.
        #expect(try desk.gridStore.removeHook(id: hook.id, at: clock.read(), by: "test"))
        _ = try desk.intake(PetitionDeskTests.water(at: 101.7355, 26.58))
        #expect(try await sender.runOnce() == 0)
    }

    @Test func aReceiverThatNeverAnswersIsGivenUpAfterSixTries() async throws {
        let dir = TemporaryDirectory()
        let (desk, clock) = try PetitionDeskTests.desk(dir)
        let sender = HookSender(store: desk.gridStore, clock: clock.read)
        // Nothing listens on this port: every attempt fails at once.
        let port = try #require((40_000...60_000).first { (try? RawHTTP(port: $0, timeoutSeconds: 1)) == nil })
        _ = try sender.add(url: "http://127.0.0.1:\(port)/", events: [.dispatched], unit: nil, by: "test")
        _ = try desk.intake(PetitionDeskTests.water(at: 101.7045, 26.5795))
        var seconds: Int64 = 0
        for delay in [0] + Webhook.retryDelays {
            seconds += delay
            clock.set(Timestamp(seconds: try Timestamp.parse("2026-11-02T09:00:00+08:00").get().seconds + seconds + 1).description)
            #expect(try await sender.runOnce() == 1)
        }
        let d = try #require(try desk.gridStore.deliveries().first)
        #expect(d.state == .failed && d.attempts == 6 && d.lastError != nil)
        #expect(seconds >= 3600, "tries spread over more than an hour")
    }
}
