import Foundation
import GridGeo
import GridHTTP
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// Open311 GeoReport v2 as other systems speak it: the PyPI client `georeport` reads services,
/// definitions and requests in JSON and in XML; requests are posted form-encoded as the standard
/// says (curl), become petitions like any other, and are read back as the caller's role allows.
@Suite struct Open311RoutesTests {
    /// The small district with a sensitive category besides, which no service may offer.
    static func store(_ dir: TemporaryDirectory) throws -> GridStore {
        SmallDistrict.writeFiles(into: dir)
        dir.write("categories.json", SmallDistrict.categoriesJSON.replacingOccurrences(of: "\n        ]}", with: #"""
            ,
              {"code":"discipline","name_zh":"违纪举报","name_en":"Misconduct reports","default_level":"district","sensitive":true}
            ]}
            """#))
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        return store
    }

    /// Runs a Python script against the server; its last line must be `ok`.
    static func python(_ script: String, _ arguments: [String]) async throws -> String {
        let (status, report) = try await offThePool { try runProcess("/usr/bin/env", ["python3", "-c", script] + arguments) }
        if report.contains("No module named 'georeport'") { Issue.record("python3 lacks georeport: scripts/setup.sh --tests installs it") }
        #expect(status == 0 && report.hasSuffix("ok\n"), "\(report)")
        return report
    }

    /// curl, as an app would post: form fields, URL-encoded by curl itself. (Off the concurrency
    /// pool: the server answering it needs that pool's few threads.)
    static func post(_ port: Int, _ path: String, _ fields: [(String, String)]) async throws -> (status: Int, body: String) {
        let arguments = ["-sS", "-w", "\n%{http_code}", "-X", "POST", "http://127.0.0.1:\(port)\(path)"] + fields.flatMap { ["--data-urlencode", "\($0.0)=\($0.1)"] }
        let out = try await offThePool { try runProcess("/usr/bin/curl", arguments) }
        let lines = out.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test func theGeoReportClientReadsServicesAndDefinitionsInJSONAndXML() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        try await LoopbackServer.serve(store: store) { port in
            _ = try await Self.python("""
                import sys
                from georeport import GeoReport
                root = sys.argv[1] + "/open311/v2"
                for fmt in ("json", "xml"):
                    services = GeoReport(root, output_format=fmt).get_service_list()
                    codes = sorted(s["service_code"] for s in services)
                    assert codes == ["property", "water"], (fmt, codes)   # never the sensitive one
                    water = next(s for s in services if s["service_code"] == "water")
                    assert water["service_name"] == "供水" and water["type"] == "realtime", water
                    assert str(water["metadata"]).lower() == "true" and water["group"] == "区县级", water
                    d = GeoReport(root, output_format=fmt).get_service_definition("water")
                    attrs = d["attributes"] if fmt == "json" else d["attributes"]["attribute"]
                    kind = next(a for a in attrs if a["code"] == "kind")
                    values = kind["values"] if fmt == "json" else kind["values"]["value"]
                    assert {v["key"]: v["name"] for v in values}["complain"] == "投诉", values
                    assert kind["datatype"] == "singlevaluelist", kind
                print("ok")
                """, ["http://127.0.0.1:\(port)"])
            // A service no one offers, and the sensitive one: the standard's error list, 404.
            for code in ["gas", "discipline"] {
                let missing = try await LoopbackServer.send(port, "GET", "/open311/v2/services/\(code).xml", nil)
                #expect(missing.status == 404 && missing.contentType == "text/xml; charset=utf-8")
                #expect(missing.text.contains("<errors><error><code>404</code><description>no service '\(code)'"), "\(missing.text)")
            }
            let json = try await LoopbackServer.send(port, "GET", "/open311/v2/services/gas.json", nil)
            #expect(json.json[0]?["code"] == 404)
            #expect(try await LoopbackServer.send(port, "GET", "/open311/v2/services.csv", nil).status == 404)
            let discovery = try await LoopbackServer.send(port, "GET", "/open311/v2/discovery.json", nil)
            #expect(discovery.json["endpoints"]?[0]?["url"]?.stringValue == "http://127.0.0.1:\(port)/open311/v2")
        }
    }

    @Test func aPostedRequestIsAPetitionLikeAnyOtherAndReadsBackAsTheRoleMay() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let tokens = try LoopbackServer.createTokens(on: store)
        let dispatcher = try #require(tokens[.dispatcher])
        try await LoopbackServer.serve(store: store) { port in
            // Placed by its point, routed to the water bureau, given deadlines.
            let posted = try await Self.post(port, "/open311/v2/requests.json", [
                ("api_key", dispatcher), ("jurisdiction_id", "panzhihua.gov.cn"), ("service_code", "water"),
                ("lat", "26.5795"), ("long", "101.7045"), ("description", "楼道水管漏水，联系电话13812345678"),
                ("first_name", "三"), ("last_name", "张"), ("phone", "13812345678"), ("attribute[kind]", "complain"),
                ("media_url", "https://img.example.cn/leak.jpg"),
            ])
            #expect(posted.status == 200, "\(posted.body)")
            let answer = try JSONParser.parse(posted.body)
            let id = try #require(answer[0]?["service_request_id"]?.stringValue)
            #expect(answer[0]?["service_notice"]?.stringValue?.contains("东区水务局") == true, "\(posted.body)")
            #expect(answer[0]?["account_id"] == .null)
            let petition = try #require(try store.petition(id: id))
            #expect(petition.category == "water" && petition.kind == .complain && petition.unit == "U-D")
            #expect(petition.placement[.grid] != nil && petition.resolveBy != nil && petition.contact?.name == "张三")
            #expect(try store.events(of: id).first?.details["media_url"] == "https://img.example.cn/leak.jpg")
            // The standard's own example body, as written (`+` for spaces, percent escapes), with
            // this district's service and place: its unknown attribute is named, then without it
            // the request is taken, the English name kept in its order.
            let example = "api_key=\(dispatcher)&jurisdiction_id=city.gov&service_code=water&lat=26.5795&long=101.7045&address_string=1234+5th+street"
                + "&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111"
                + "&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg"
            for (body, status) in [(example + "&attribute[WHISETN]=123&attribute[WHISETN]=124", 400), (example, 200)] {
                let raw = try await offThePool { try runProcess("/usr/bin/curl", ["-sS", "-w", "\n%{http_code}", "--data-binary", body,
                                                                                 "http://127.0.0.1:\(port)/open311/v2/requests.json"]) }
                #expect(raw.output.hasSuffix("\(status)"), "\(raw.output)")
                if status == 400 { #expect(raw.output.contains("attribute[WHISETN]")) }
                if status == 200 {
                    let sid = try #require(try JSONParser.parse(String(raw.output.dropLast(4)))[0]?["service_request_id"]?.stringValue)
                    let p = try #require(try store.petition(id: sid))
                    #expect(p.contact?.name == "john smith" && p.text == "A large sinkhole is destroying the street")
                    #expect(try store.events(of: sid).first?.details["device_id"] == "tt222111")
                }
            }
            // By address alone: the address resolver finds the building.
            let byAddress = try await Self.post(port, "/open311/v2/requests.xml", [
                ("api_key", dispatcher), ("service_code", "property"), ("address_string", "人民街8号锦绣花园1栋"), ("description", "电梯坏了"),
            ])
            #expect(byAddress.status == 200 && byAddress.body.contains("<service_request_id>"), "\(byAddress.body)")

            // Anyone reads a request's progress — never its place, address or text …
            _ = try await Self.python("""
                import sys
                from georeport import GeoReport
                root, rid = sys.argv[1] + "/open311/v2", sys.argv[2]
                for fmt in ("json", "xml"):
                    r = GeoReport(root, output_format=fmt).get_service_request(rid)
                    assert r["service_request_id"] == rid and r["status"] == "open", r
                    assert r["service_code"] == "water" and r["agency_responsible"] == "东区水务局", r
                    assert "lat" not in r and "description" not in r and "address" not in r, r
                    listed = GeoReport(root, output_format=fmt).get_service_requests(service_code="water", status="open")
                    if fmt == "xml" and not isinstance(listed, list): listed = [listed]
                    assert rid in [x["service_request_id"] for x in listed], listed
                print("ok")
                """, ["http://127.0.0.1:\(port)", id])
            // … a dispatcher's token reads it whole, the text masked as everywhere else.
            let full = try await LoopbackServer.send(port, "GET", "/open311/v2/requests/\(id).json?api_key=\(dispatcher)", nil)
            #expect(full.json[0]?["lat"] == 26.5795 && full.json[0]?["long"] == 101.7045, "\(full.text)")
            #expect(full.json[0]?["media_url"]?.stringValue == "https://img.example.cn/leak.jpg")
            #expect(full.json[0]?["address_id"]?.stringValue != nil)
            let inspector = try await LoopbackServer.send(port, "GET", "/open311/v2/requests/\(id).json", nil, token: tokens[.inspector])
            #expect(inspector.json[0]?["description"]?.stringValue?.contains("13812345678") == false, "\(inspector.text)")
            #expect(inspector.json[0]?["description"]?.stringValue?.contains("楼道水管漏水") == true)
            // A unit's token sees its own cases only; another unit's case is missing.
            let xml = try await LoopbackServer.send(port, "GET", "/open311/v2/requests.xml?start_date=2026-08-01&end_date=2026-10-30", nil)
            #expect(xml.status == 200 && xml.text.hasPrefix("<?xml") && xml.text.contains("<service_request_id>PB</service_request_id>"), "\(xml.text)")
        }
    }

    @Test func badRequestsAreTheStandardsErrorsSayingWhatIsWrong() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let tokens = try LoopbackServer.createTokens(on: store)
        try await LoopbackServer.serve(store: store) { port in
            let before = try store.petitions().count
            let cases: [(fields: [(String, String)], status: Int, says: String)] = [
                ([("service_code", "water"), ("lat", "26.58"), ("long", "101.7")], 403, "api_key"),
                ([("api_key", "wg_nothing"), ("service_code", "water"), ("lat", "26.58"), ("long", "101.7")], 403, "invalid api_key"),
                ([("api_key", tokens[.planner]!), ("service_code", "water"), ("lat", "26.58"), ("long", "101.7")], 403, "planner"),
                ([("api_key", tokens[.dispatcher]!), ("service_code", "discipline"), ("lat", "26.58"), ("long", "101.7")], 400, "service_code"),
                ([("api_key", tokens[.dispatcher]!), ("service_code", "water"), ("lat", "26.58")], 400, "lat/long"),
                ([("api_key", tokens[.dispatcher]!), ("service_code", "water"), ("lat", "126.58"), ("long", "101.7")], 400, "lat/long"),
                ([("api_key", tokens[.dispatcher]!), ("service_code", "water")], 400, "address_string"),
                ([("api_key", tokens[.dispatcher]!), ("service_code", "water"), ("address_id", "B-none")], 400, "address_id"),
                ([("api_key", tokens[.dispatcher]!), ("service_code", "water"), ("lat", "26.58"), ("long", "101.7"), ("attribute[kind]", "praise")], 400, "attribute[kind]"),
                ([("api_key", tokens[.dispatcher]!), ("service_code", "water"), ("lat", "26.58"), ("long", "101.7"), ("media_url", "file:///etc/passwd")], 400, "media_url"),
            ]
            for c in cases {
                let answer = try await Self.post(port, "/open311/v2/requests.xml", c.fields)
                #expect(answer.status == c.status && answer.body.contains("<code>\(c.status)</code>") && answer.body.contains(c.says),
                        "\(c.fields.map(\.0)): \(answer.status) \(answer.body)")
            }
            #expect(try store.petitions().count == before, "nothing stored from a refused request")
            let span = try await LoopbackServer.send(port, "GET", "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", nil)
            #expect(span.status == 400 && span.json[0]?["description"]?.stringValue?.contains("90 days") == true, "\(span.text)")
            let status = try await LoopbackServer.send(port, "GET", "/open311/v2/requests.json?status=pending", nil)
            #expect(status.status == 400 && status.json[0]?["code"] == 400)
            let date = try await LoopbackServer.send(port, "GET", "/open311/v2/requests.json?start_date=yesterday", nil)
            #expect(date.status == 400 && date.json[0]?["description"]?.stringValue?.contains("start_date") == true)
            #expect(try await LoopbackServer.send(port, "GET", "/open311/v2/requests/PZ.json", nil).status == 404)
            // A web app on another origin may read the public answers (CORS knows the routes).
            let preflight = try await LoopbackServer.send(port, "OPTIONS", "/open311/v2/services/water.json", nil,
                                                          headers: ["Origin": "https://app.example.cn", "Access-Control-Request-Method": "GET"])
            #expect(preflight.status == 204 && preflight.headers["access-control-allow-origin"] == "*")
        }
    }
}
