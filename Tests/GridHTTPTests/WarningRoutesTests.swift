import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// Early warnings over HTTP: the GeoJSON list scoped as petitions are, one warning with its
/// status changes, acknowledging it with a note, bad input named by field.
@Suite struct WarningRoutesTests {
    @Test func warningsAreListedByScopeAndAcknowledged() async throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        let day = Timestamp.day(fromDate: "2026-11-20")!
        let centre = Coordinate(lon: 101.7045, lat: 26.5795)
        try store.putWarning(EarlyWarning(id: "W20261120-001", kind: .cluster, category: "water", startDay: day - 1, endDay: day, observed: 12,
                                          expected: 1.4, pValue: 0.001, recurrenceDays: 500, radiusMetres: 400, centre: centre,
                                          outline: EarlyWarning.circle(around: centre, radius: 400), grids: ["G1"], units: ["U-D"],
                                          petitions: ["PA"], summary: "供水诉求近2天在半径400米内12件"), notice: nil)
        try await LoopbackServer.runAsRoles(store: store) { request in
            let mine = try await request(.gridWorker, "GET", "/warnings?kind=cluster&from=2026-11-01", nil)
            #expect(mine.status == 200 && mine.contentType?.hasPrefix("application/geo+json") == true)
            let f = try #require(mine.json["features"]?[0])
            #expect(f["geometry"]?["type"] == "MultiPolygon" && f["properties"]?["start"] == "2026-11-19" && f["properties"]?["end"] == "2026-11-20")
            #expect(f["properties"]?["grids"]?[0]?["worker"] == "王芳" && f["properties"]?["units"]?[0]?["id"] == "U-D")
            #expect(f["properties"]?["recurrence_days"] == 500 && f["properties"]?["kind_name"] == "时空聚集")
            #expect(try await request(.gridWorker, "GET", "/warnings?from=2026-11-21", nil).json["numberMatched"] == 0)
            #expect(try await request(nil, "GET", "/warnings", nil).status == 401)
            #expect(try await request(.planner, "GET", "/warnings", nil).status == 403)
            #expect(try await request(.dispatcher, "GET", "/warnings?kind=volcano", nil).status == 400)

            let bad = try await request(.gridWorker, "POST", "/warnings/W20261120-001/events", Data(#"{"status":"new"}"#.utf8))
            #expect(bad.status == 400 && bad.json["problems"]?[0]?["field"] == "status")
            let done = try await request(.gridWorker, "POST", "/warnings/W20261120-001/events", Data(#"{"status":"acknowledged","note":"已排查"}"#.utf8))
            #expect(done.status == 200 && done.json["properties"]?["status"] == "acknowledged", "\(done.text)")
            let one = try await request(.inspector, "GET", "/warnings/W20261120-001", nil)
            #expect(one.json["properties"]?["events"]?[0]?["note"] == "已排查")
            #expect(try await request(.dispatcher, "GET", "/warnings/W-NONE", nil).status == 404)
        }
        // The map page draws them for those who read petitions.
        guard MapPageTests.chromiumInstalled() else { return }
        let tokens = try LoopbackServer.createTokens(on: store)
        try await LoopbackServer.serve(store: store) { port in
            let page = "http://127.0.0.1:\(port)/map#token=" + (tokens[.dispatcher] ?? "")
            let (dom, console) = try await offThePool { try MapPageTests.chromium(page, "--dump-dom", in: dir) }
            #expect(console.isEmpty, "\(console)")
            #expect(MapPageTests.bodyData(dom)["warnings"] == "1", "\(MapPageTests.bodyData(dom))")
        }
    }
}
