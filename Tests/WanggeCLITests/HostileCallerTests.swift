import Foundation
import GridGeo
import GridTestSupport
import Testing

/// Wangge probed as an attacker or a careless client would: each probe against a real
/// `wangge serve` process over loopback, and the process checked alive and answering after it.
@Suite struct HostileCallerTests {
    static let nineteenNines = String(repeating: "九", count: 19) + "栋"
    static func escaped(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
    static func petition(_ lon: Double, _ lat: Double, category: String = "water", text: String = "水管漏水", extra: String = "") -> String {
        #"{"channel":"hotline","kind":"request","category":"\#(category)","text":"\#(text)","location":{"lon":\#(lon),"lat":\#(lat)}\#(extra)}"#
    }

    @Test func hugeChineseNumeralsInAnAddressNeverStopTheServer() throws {
        let server = try HostileServer()
        let resolved = try server.request("GET", "/resolve?address=" + Self.escaped("阳光小区" + Self.nineteenNines))
        #expect(resolved.status == 200)
        // Through intake, as a petition's address.
        let posted = try server.request("POST", "/petitions", body: #"{"channel":"web","kind":"request","category":"water","text":"漏水","address":"\#(Self.nineteenNines)"}"#,
                                        as: "dispatcher")
        #expect(posted.status == 201, "\(posted.body)")
        #expect(server.answers())
        // A building imported with such an address, picked up by the running server and by a new one.
        server.dir.write("more.geojsonl", SmallDistrict.buildingsGeoJSONL + "\n"
                         + #"{"type":"Feature","properties":{"id":"B9","address":"\#(Self.nineteenNines)"},"geometry":{"type":"Point","coordinates":[101.705,26.58]}}"# + "\n")
        let imported = try HostileServer.cli(["import", "--db", "w.db", "buildings", "more.geojsonl"], in: server.dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try server.request("GET", "/resolve?address=" + Self.escaped(Self.nineteenNines)).status == 200)
        #expect(server.answers())
    }

    @Test func malformedRequestsAreProblemsNotCrashesOrEmptyAnswers() throws {
        let server = try HostileServer()
        // A chunked body with a chunk size that is not hex.
        let chunked = try RawHTTP.exchange(port: server.port, "POST /petitions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                           + "Content-Type: application/json\r\nAuthorization: Bearer \(server.tokens["dispatcher"]!)\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
        #expect(chunked.status == 400)
        #expect(chunked.headers["content-type"] == "application/problem+json")
        #expect(chunked.json["type"]?.stringValue == "/problems/malformed-request")
        // A 100 KB URL.
        let long = try RawHTTP.exchange(port: server.port, "GET /locate?x=" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(long.status == 400)
        #expect(long.headers["content-type"] == "application/problem+json")
        #expect(long.json["type"]?.stringValue == "/problems/malformed-request")
        #expect(server.answers())
    }

    @Test func textsWithNULOrInvalidUTF8AreRefusedWithTheirPlace() throws {
        let server = try HostileServer()
        let nul = try server.request("POST", "/petitions", body: Self.petition(101.7045, 26.5795, text: #"漏水\u0000后面的字"#), as: "dispatcher")
        #expect(nul.status == 400)
        #expect(nul.json["detail"]?.stringValue?.contains("NUL") == true, "\(nul.body)")
        // Bytes that are not UTF-8 (Latin-1 é) inside the text.
        let c = try RawHTTP(port: server.port)
        var body = Array(Self.petition(101.7045, 26.5795, text: "XX").utf8)
        let at = body.firstIndex(of: UInt8(ascii: "X"))!
        body[at] = 0xE9
        c.send("POST /petitions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nAuthorization: Bearer \(server.tokens["dispatcher"]!)\r\nContent-Length: \(body.count)\r\n\r\n")
        c.send(body)
        let invalid = RawAnswer(String(decoding: c.receiveAll(), as: UTF8.self))
        #expect(invalid.status == 400)
        #expect(invalid.json["detail"]?.stringValue?.contains("at byte \(at): invalid UTF-8") == true, "\(invalid.body)")
        #expect(server.answers())
    }

    @Test func jsonRoutesRefuseOtherContentTypes() throws {
        let server = try HostileServer()
        for type in ["text/plain", "application/x-www-form-urlencoded", nil] as [String?] {
            let a = try server.request("POST", "/petitions", body: Self.petition(101.7045, 26.5795), as: "dispatcher", contentType: type)
            #expect(a.status == 415, "\(type ?? "none")")
            #expect(a.headers["content-type"] == "application/problem+json")
        }
        #expect(try server.request("POST", "/petitions", body: Self.petition(101.7045, 26.5795), as: "dispatcher",
                                   contentType: "application/json; charset=utf-8").status == 201)
    }

    @Test func linksNeverFollowTheHostHeaderNorUntrustedForwardingHeaders() throws {
        let server = try HostileServer()
        let spoofed = try server.request("GET", "/", headers: ["Accept: application/json", "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: https"])
        #expect(spoofed.status == 200)
        #expect(!spoofed.body.contains("evil.example"))
        #expect(spoofed.body.contains("http://127.0.0.1:\(server.port)/collections"))
        let host = try RawHTTP.exchange(port: server.port, "GET /collections HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        #expect(host.status == 200)
        #expect(!host.body.contains("evil.example"))

        let configured = try HostileServer(["--public-url", "https://grid.example.gov.cn/wangge/", "--trusted-proxy", "127.0.0.1"])
        let behind = try configured.request("GET", "/collections", headers: ["X-Forwarded-Host: evil.example"])
        #expect(behind.body.contains("https://grid.example.gov.cn/wangge/collections"))
        #expect(!behind.body.contains("evil.example"))
    }

    @Test func methodsOtherThanARoutesAnswer405WithAllowAndGetRoutesAnswerHead() throws {
        let server = try HostileServer()
        let head = try server.request("HEAD", "/conformance")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        for (method, path, allow) in [("PUT", "/petitions", "GET, HEAD, POST"), ("DELETE", "/locate", "GET, HEAD"),
                                      ("PATCH", "/collections/grids/items/G1", "GET, HEAD"), ("GET", "/petitions/X/events", "POST")] {
            let a = try server.request(method, path)
            #expect(a.status == 405, "\(method) \(path)")
            #expect(a.headers["allow"] == allow, "\(method) \(path)")
            #expect(a.headers["content-type"] == "application/problem+json")
        }
        #expect(try server.request("DELETE", "/nothing-here").status == 404)
    }

    @Test func halfSentRequestsAreCutOffAndConnectionsAreCapped() throws {
        let server = try HostileServer(["--header-timeout", "1", "--max-connections", "4"])
        let slow = try RawHTTP(port: server.port, timeoutSeconds: 5)
        slow.send("GET /conformance HTTP/1.1\r\nHost: x\r\n")
        let started = Date()
        #expect(slow.closedByServer())
        #expect(Date().timeIntervalSince(started) < 4.5)
        // Four idle connections hold every place; a fifth is closed on arrival.
        let held = try (0..<4).map { _ in try RawHTTP(port: server.port, timeoutSeconds: 3) }
        Thread.sleep(forTimeInterval: 0.2)
        let fifth = try RawHTTP(port: server.port, timeoutSeconds: 3)
        #expect(fifth.closedByServer())
        _ = held
        // Idle ones are closed after the header timeout, and the server answers again.
        Thread.sleep(forTimeInterval: 1.5)
        #expect(server.answers())
    }

    @Test func pagesAndPersonalAnswersCarryTheirProtectiveHeaders() throws {
        let server = try HostileServer()
        let page = try server.request("GET", "/map")
        #expect(page.status == 200)
        #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        #expect(page.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true)
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.headers["referrer-policy"] != nil)
        #expect(!page.body.contains("<script>"), "no inline script")
        let id = try server.post(Self.petition(101.7045, 26.5795, extra: #","contact":{"name":"赵六","phone":"13987654321"}"#))
        let read = try server.request("GET", "/petitions/\(id)", as: "dispatcher")
        #expect(read.status == 200)
        #expect(read.headers["cache-control"] == "no-store")
        #expect(try server.request("GET", "/buildings/B1/households", as: "admin").headers["cache-control"] == "no-store")
    }

    @Test func inspectorsSeeEveryFreeTextFieldMasked() throws {
        let server = try HostileServer()
        let id = try server.post(#"{"channel":"hotline","kind":"request","category":"water","text":"请回电 138-1234-5678 或 (0812) 333 4444","address":"阳光小区3栋 电话 139 8765 4321 身份证 1101 0519 4912 3100 2X","location":{"lon":101.7045,"lat":26.5795}}"#)
        _ = try server.request("POST", "/petitions/\(id)/events", body: #"{"action":"note","note":"已联系 +86 137.1111.2222"}"#, as: "dispatcher")
        let seen = try server.request("GET", "/petitions/\(id)", as: "inspector")
        #expect(seen.status == 200)
        for number in ["1234", "333 4444", "8765", "0519", "4912 3100", "1111"] { #expect(!seen.body.contains(number), "\(number) shown to an inspector") }
        #expect(seen.json["address"]?.stringValue?.hasPrefix("阳光小区3栋") == true)
        let whole = try server.request("GET", "/petitions/\(id)", as: "dispatcher")
        #expect(whole.body.contains("138-1234-5678"))
    }

    @Test func aRepeatOutsideTheCallersScopeIsNotRevealed() throws {
        let server = try HostileServer()
        // In G2, 40 m from the G1 border; then the G1 grid worker reports the same near the border.
        let hidden = try server.post(Self.petition(101.7102, 26.58))
        let mine = try server.request("POST", "/petitions", body: Self.petition(101.7098, 26.58), as: "grid_worker")
        #expect(mine.status == 201, "\(mine.body)")
        #expect(!mine.body.contains(hidden))
        #expect(mine.json["duplicate_of"] == .null)
        #expect(mine.json["status"]?.stringValue == "dispatched", "handled as any new petition")
        let id = mine.json["id"]?.stringValue ?? ""
        #expect(!(try server.request("GET", "/petitions/\(id)", as: "grid_worker")).body.contains(hidden))
        // The dispatcher still sees the likely repeat.
        #expect(try server.request("GET", "/petitions/\(id)", as: "dispatcher").json["duplicate_of"]?.stringValue == hidden)
        // A repeat the grid worker may see is held with its note, as before.
        let again = try server.request("POST", "/petitions", body: Self.petition(101.7098, 26.5801), as: "grid_worker")
        #expect(again.json["duplicate_of"]?.stringValue == id)
    }

    @Test func publicAggregatesNeverPinpointAPetition() throws {
        let server = try HostileServer()
        let small = try server.request("GET", "/heatmap?size=10")
        #expect(small.status == 400)
        #expect(small.json["detail"]?.stringValue?.contains("100") == true)
        // One petition in a one-minute window: its bin is left out for anonymous callers, shown to a dispatcher.
        _ = try server.post(Self.petition(101.7045, 26.5795))
        let now = Date()
        func stamp(_ d: Date) -> String {
            let f = ISO8601DateFormatter()
            return Self.escaped(f.string(from: d))
        }
        let window = "from=\(stamp(now.addingTimeInterval(-60)))&to=\(stamp(now.addingTimeInterval(60)))"
        // Heat maps follow new petitions within a few seconds: wait until the dispatcher's shows it.
        var dispatcher = try server.request("GET", "/heatmap?size=10&\(window)", as: "dispatcher")
        for _ in 0..<50 where dispatcher.json["features"]?.arrayValue?.count != 1 {
            Thread.sleep(forTimeInterval: 0.2)
            dispatcher = try server.request("GET", "/heatmap?size=10&\(window)", as: "dispatcher")
        }
        #expect(dispatcher.json["features"]?.arrayValue?.count == 1)
        let anonymous = try server.request("GET", "/heatmap?size=100&\(window)")
        #expect(anonymous.status == 200)
        #expect(anonymous.json["features"]?.arrayValue?.isEmpty == true, "\(anonymous.body)")
        #expect(anonymous.json["disclosure"]?["min_count"]?.doubleValue == 3)
        let area = try server.request("GET", "/heatmap?bin=area&level=grid&\(window)")
        #expect(area.json["features"]?.arrayValue?.isEmpty == true)
        // Statistics rows of fewer than three petitions are left out too.
        let stats = try server.request("GET", "/stats?by=area&level=grid&\(window)")
        #expect(stats.json["groups"]?.arrayValue?.isEmpty == true, "\(stats.body)")
        #expect(try server.request("GET", "/stats?by=area&level=grid&\(window)", as: "dispatcher").json["groups"]?.arrayValue?.isEmpty == false)
    }

    /// For every route with a record id and every role that could probe it, a record outside the
    /// caller's scope and one that does not exist answer alike: status, headers, body but the id.
    @Test func hiddenAndMissingRecordsAnswerAlike() throws {
        let server = try HostileServer()
        let inG3 = try server.post(Self.petition(101.7255, 26.58, category: "water"))  // not the G1 grid worker's
        let officials = try server.post(Self.petition(101.7045, 26.5795, category: "officials", text: "反映干部推诿"))
        let ofS1 = try server.post(Self.petition(101.7255, 26.58, category: "property", text: "电梯停运"))  // not U-D's
        func missing(_ id: String) -> String { String(id.dropLast(3)) + "ZZZ" }
        let cases: [(role: String, id: String)] = [("grid_worker", inG3), ("grid_worker", officials), ("unit", officials), ("unit", ofS1)]
        for (role, id) in cases {
            for (method, template, body) in [("GET", "/petitions/{}", nil), ("POST", "/petitions/{}/events", #"{"action":"note","note":"x"}"#),
                                             ("GET", "/collections/petitions/items/{}", nil)] as [(String, String, String?)] {
                let a = try server.request(method, template.replacingOccurrences(of: "{}", with: id), body: body, as: role)
                let b = try server.request(method, template.replacingOccurrences(of: "{}", with: missing(id)), body: body, as: role)
                #expect(a.status == 404, "\(role) \(method) \(template)")
                #expect(a.status == b.status, "\(role) \(method) \(template)")
                #expect(a.body.replacingOccurrences(of: id, with: "ID") == b.body.replacingOccurrences(of: missing(id), with: "ID"), "\(role) \(method) \(template)")
                var ha = a.headers, hb = b.headers
                ha["date"] = nil
                hb["date"] = nil
                #expect(ha == hb, "\(role) \(method) \(template)")
            }
        }
        // A building outside the grid worker's cells and one that does not exist.
        let a = try server.request("GET", "/buildings/B2/households", as: "grid_worker")
        let b = try server.request("GET", "/buildings/BZ/households", as: "grid_worker")
        #expect(a.status == b.status)
        #expect(a.body.replacingOccurrences(of: "B2", with: "ID") == b.body.replacingOccurrences(of: "BZ", with: "ID"))
    }

    @Test func theUnitLeadingASensitiveCaseReadsAndWorksIt() throws {
        let server = try HostileServer()
        let id = try server.post(Self.petition(101.7045, 26.5795, category: "officials", text: "反映干部推诿"))
        let read = try server.request("GET", "/petitions/\(id)", as: "unit-j")
        #expect(read.status == 200, "\(read.body)")
        #expect(read.json["unit"]?["id"]?.stringValue == "U-J")
        #expect(try server.request("POST", "/petitions/\(id)/events", body: #"{"action":"accept"}"#, as: "unit-j").status == 201)
        #expect(try server.request("GET", "/collections/petitions/items/\(id)", as: "unit-j").status == 200)
        // Still hidden from others who may not see the category.
        #expect(try server.request("GET", "/petitions/\(id)", as: "unit").status == 404)
        #expect(try server.request("GET", "/petitions/\(id)", as: "grid_worker").status == 404)
    }

    @Test func aRevokedTokenIsRefusedWithinASecond() throws {
        let server = try HostileServer()
        #expect(try server.request("GET", "/me", as: "inspector").status == 200)
        let id = String(server.tokens["inspector"]!.prefix(12))
        let revoked = try HostileServer.cli(["token", "revoke", "--db", "w.db", id], in: server.dir)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        Thread.sleep(forTimeInterval: 1.0)
        #expect(try server.request("GET", "/me", as: "inspector").status == 401)
    }
}
