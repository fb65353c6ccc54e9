import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGeo
import GridHTTP
import GridModel
import GridTestSupport
import Testing

/// What clients nobody here wrote need: QGIS's Basic credentials, web maps on other origins,
/// OWSLib reading the API description and queryables.
@Suite struct ClientInteropTests {
    static func basic(_ token: String, user: String = "qgis") -> String { "Basic " + Data("\(user):\(token)".utf8).base64EncodedString() }

    @Test func theTokenWorksAsTheBasicPasswordWithTheSameRules() async throws {
        let dispatcher = try #require(LoopbackServer.tokens[.dispatcher])
        let planner = try #require(LoopbackServer.tokens[.planner])
        try await LoopbackServer.serve { port in
            let items = "/collections/petitions/items"
            let ok = try await LoopbackServer.send(port, "GET", items, nil, headers: ["Authorization": Self.basic(dispatcher)])
            #expect(ok.status == 200)
            #expect(ok.json["numberMatched"] == 5)
            let refused = try await LoopbackServer.send(port, "GET", items, nil, headers: ["Authorization": Self.basic(planner)])
            #expect(refused.status == 403)
            let wrong = try await LoopbackServer.send(port, "GET", items, nil, headers: ["Authorization": Self.basic("wg_nothing")])
            #expect(wrong.status == 401)
            let garbled = try await LoopbackServer.send(port, "GET", "/locate?lon=101.7&lat=26.58", nil, headers: ["Authorization": "Basic !!!"])
            #expect(garbled.status == 401 && garbled.json["detail"]?.stringValue?.contains("base64") == true)
            // No token where one is needed: the detail says how to send one, Basic included.
            let anonymous = try await LoopbackServer.send(port, "GET", items, nil)
            #expect(anonymous.status == 401)
            #expect(anonymous.json["detail"]?.stringValue?.contains("Basic") == true, "\(anonymous.text)")
        }
    }

    @Test func anyOriginReadsPublicAnswersAndOnlyConfiguredOnesSendTokens() async throws {
        let dispatcher = try #require(LoopbackServer.tokens[.dispatcher])
        let options = ServerOptions(corsOrigins: ["https://map.example.gov.cn"])
        try await LoopbackServer.serve(options: options) { port in
            let preflight = ["Origin": "https://someone.example", "Access-Control-Request-Method": "GET"]
            let p = try await LoopbackServer.send(port, "OPTIONS", "/heatmap", nil, headers: preflight)
            #expect(p.status == 204)
            #expect(p.headers["access-control-allow-origin"] == "*")
            #expect(p.headers["access-control-allow-methods"] == "GET, HEAD")
            #expect(p.headers["access-control-allow-headers"]?.contains("Authorization") == false)
            let read = try await LoopbackServer.send(port, "GET", "/heatmap?bin=square&size=50000", nil, headers: ["Origin": "https://someone.example"])
            #expect(read.headers["access-control-allow-origin"] == "*")
            // A token from an origin nobody configured: the answer is not shared with the page.
            let withToken = try await LoopbackServer.send(port, "GET", "/me", nil, token: dispatcher, headers: ["Origin": "https://someone.example"])
            #expect(withToken.headers["access-control-allow-origin"] == nil)
            // The configured origin may send one.
            let trusted = try await LoopbackServer.send(port, "OPTIONS", "/petitions", nil,
                                                        headers: ["Origin": "https://map.example.gov.cn", "Access-Control-Request-Method": "POST",
                                                                  "Access-Control-Request-Headers": "authorization, content-type"])
            #expect(trusted.headers["access-control-allow-origin"] == "https://map.example.gov.cn")
            #expect(trusted.headers["access-control-allow-credentials"] == "true")
            #expect(trusted.headers["access-control-allow-methods"] == "GET, HEAD, POST")
            #expect(trusted.headers["access-control-allow-headers"]?.contains("Authorization") == true)
            let me = try await LoopbackServer.send(port, "GET", "/me", nil, token: dispatcher, headers: ["Origin": "https://map.example.gov.cn"])
            #expect(me.headers["access-control-allow-origin"] == "https://map.example.gov.cn")
            // OPTIONS without a preflight: the methods the path takes.
            let plain = try await LoopbackServer.send(port, "OPTIONS", "/locate", nil)
            #expect(plain.status == 204 && plain.headers["allow"] == "GET, HEAD, OPTIONS")
            #expect(try await LoopbackServer.send(port, "OPTIONS", "/nowhere", nil).status == 404)
        }
    }

    /// A page on another origin (another port) fetches the heat map in a real browser.
    @Test func aPageOnAnotherOriginFetchesTheHeatMapInChromium() async throws {
        guard MapPageTests.chromiumInstalled() else { return }
        let dir = TemporaryDirectory()
        try await LoopbackServer.serve { port in
            dir.write("page.html", """
                <!doctype html><html><body><script>
                fetch('http://127.0.0.1:\(port)/heatmap?bin=square&size=50000')
                  .then(r => r.json()).then(j => { document.body.dataset.matched = String(j.numberMatched); })
                  .catch(e => { document.body.dataset.error = String(e); });
                </script></body></html>
                """)
            let web = Process()
            web.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let pagePort = Int.random(in: 20_000...60_000)
            web.arguments = ["python3", "-m", "http.server", String(pagePort), "--bind", "127.0.0.1", "--directory", dir.path]
            web.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            web.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try web.run()
            defer { stopHelper(web) }
            // The page's server is up when it answers (a fixed wait was too short on a loaded machine).
            let pageURL = URL(string: "http://localhost:\(pagePort)/page.html")!
            for _ in 0..<300 {
                if (try? await URLSession.shared.data(from: pageURL)) != nil { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            // localhost and 127.0.0.1 on different ports: two origins. A browser that gave up
            // before the page ran (an empty DOM under load) gets one more try.
            var run = try await offThePool { try MapPageTests.chromium(pageURL.absoluteString, "--dump-dom", in: dir) }
            if !run.stdout.contains("data-matched") && !run.stdout.contains("data-error") {
                run = try await offThePool { try MapPageTests.chromium(pageURL.absoluteString, "--dump-dom", in: dir) }
            }
            #expect(run.stdout.contains("data-matched=\"4\""), "\(run.stdout) \(run.console)")
            #expect(!run.stdout.contains("data-error"))
        }
    }

    @Test func queryablesDescribeEachCollectionsFilters() async throws {
        try await LoopbackServer.run(as: .dispatcher) { request in
            let q = try await request("GET", "/collections/petitions/queryables")
            #expect(q.status == 200)
            #expect(q.contentType == "application/schema+json")
            let properties = q.json["properties"]?.objectValue?.keys.sorted() ?? []
            // Properties only: the time a filter names is `received_at` (`datetime` stays a query parameter).
            #expect(Set(["category", "status", "grid", "unit", "received_at", "geometry"]).isSubset(of: Set(properties)), "\(properties)")
            #expect(!properties.contains("datetime") && !properties.contains("text"))
            #expect(q.json["$schema"]?.stringValue?.contains("json-schema.org") == true)
            let grids = try await request("GET", "/collections/grids/queryables")
            #expect(grids.json["properties"]?["parent"]?["type"] == "string")
            #expect(try await request("GET", "/collections/roads/queryables").status == 404)
        }
        #expect(try await LoopbackServer.get("/collections/petitions/queryables").status == 401)
    }

    /// OWSLib, the OGC client library most Python GIS scripts use, reads the API description,
    /// the collections, their queryables and items.
    @Test func owslibReadsTheServiceAndFindsTheAPIDescription() async throws {
        let dir = TemporaryDirectory()
        let script = dir.write("owslib-check.py", """
            import sys
            from owslib.ogcapi.features import Features
            url = sys.argv[1]
            f = Features(url)
            api = f.api()
            assert api["openapi"].startswith("3.0"), api["openapi"]
            ids = [c["id"] for c in f.collections()["collections"]]
            assert "grids" in ids and "petitions" not in ids, ids
            q = f.collection_queryables("grids")
            assert "parent" in q["properties"], q
            items = f.collection_items("grids", limit=2)
            assert items["numberReturned"] == 2 and items["numberMatched"] == 4, items
            print("owslib ok", len(ids))
            """)
        try await LoopbackServer.serve { port in
            let (status, report) = try await offThePool { try runProcess("/usr/bin/env", ["python3", script, "http://127.0.0.1:\(port)"]) }
            if report.contains("No module named 'owslib'") { Issue.record("python3 lacks OWSLib: scripts/setup.sh --tests installs it") }
            #expect(status == 0 && report.contains("owslib ok"), "\(report)")
        }
    }
}
