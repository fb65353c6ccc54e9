import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// The monthly report over HTTP: its figures are `/stats`' for the same month and area, and its
/// HTML page opens in a real browser with its maps and charts drawn and nothing in the console.
@Suite struct ReportRoutesTests {
    @Test func theReportsFiguresAreTheStatsAndItsPageDrawsInABrowser() async throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        // November: a dozen petitions over the district, some closed and rated.
        let locator = try Locator(store: store)
        var rng = SeededGenerator(seed: 5)
        var list: [Petition] = []
        for k in 0..<24 {
            let at = Timestamp(seconds: try Timestamp.parse("2026-11-03T09:00:00+08:00").get().seconds + Int64(k) * 86_400)
            let point = Coordinate(lon: rng.uniform(101.701, 101.739), lat: rng.uniform(26.571, 26.589))
            var p = Petition(id: "N\(k)", receivedAt: at, channel: .hotline, kind: .request, category: k % 3 == 0 ? "property" : "water",
                             urgency: .normal, text: "测试\(k)", location: point, status: k % 2 == 0 ? .closed : .dispatched,
                             resolveBy: Timestamp(seconds: at.seconds + 10 * 86_400))
            p.placement = locator.placement(lon: point.lon, lat: point.lat)
            p.unit = k % 3 == 0 ? "U-C1" : "U-D"
            if k % 2 == 0 { p.resolvedAt = Timestamp(seconds: at.seconds + 86_400); p.closedAt = p.resolvedAt; p.rating = .satisfied; p.outcome = .resolved }
            list.append(p)
        }
        try store.storePetitions(list, source: "test")
        try await LoopbackServer.runAsRoles(store: store) { request in
            let json = try await request(.inspector, "GET", "/reports/monthly?month=2026-11&area=D", nil)
            #expect(json.status == 200, "\(json.text)")
            let stats = try await request(.inspector, "GET", "/stats?by=area&level=street&from=2026-11-01&to=2026-11-30&previous=true&area=D", nil)
            #expect(json.json["by_area"]?["total"] == stats.json["total"], "the report's figures are /stats'")
            #expect(json.json["by_area"]?["groups"] == stats.json["groups"])
            let categories = try await request(.inspector, "GET", "/stats?by=category&from=2026-11-01&to=2026-11-30&previous=true&area=D", nil)
            #expect(json.json["by_category"]?["groups"] == categories.json["groups"])
            #expect(json.json["by_area"]?["total"]?["petitions"] == 25, "our 24 and the fixture's PA of 2 November")
            #expect(try await request(nil, "GET", "/reports/monthly?month=2026-11", nil).status == 401)
            #expect(try await request(.inspector, "GET", "/reports/monthly?month=2026-13", nil).status == 400)
            #expect(try await request(.inspector, "GET", "/reports/monthly?month=2026-11&area=G1", nil).status == 400, "a grid cell is too small for a report")

            let html = try await request(.inspector, "GET", "/reports/monthly?month=2026-11&area=D&format=html", nil)
            #expect(html.status == 200 && html.contentType?.hasPrefix("text/html") == true)
            #expect(html.text.contains("诉求月报") && !html.text.contains("<script"))
            let file = dir.write("report.html", html.text)
            guard MapPageTests.chromiumInstalled() else { return }
            let (dom, console) = try await offThePool { try MapPageTests.chromium("file://" + file, "--dump-dom", in: dir) }
            #expect(console.isEmpty, "\(console)")
            #expect(dom.components(separatedBy: "<path").count - 1 >= 2, "the communities drawn")
            #expect(dom.components(separatedBy: "<rect").count - 1 >= 2, "the category bars drawn")
        }
    }
}
