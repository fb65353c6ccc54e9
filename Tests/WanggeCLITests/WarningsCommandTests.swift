import Foundation
import GridGeo
import GridModel
import GridTestSupport
import Testing

/// `wangge warnings`, `wangge import readings` and `wangge report` as an operator runs them.
@Suite struct WarningsCommandTests {
    @Test func readingsScanListAndReport() throws {
        let cli = WanggeCLITests()
        let dir = TemporaryDirectory()
        try cli.imported(dir)
        // 200 days of a water meter at B1, the last three far above.
        var csv = "building,meter,kind,date,value\n"
        let last = Timestamp.day(fromDate: "2026-11-20")!
        for age in (0..<200).reversed() { csv += "B1,W-01,water,\(Timestamp.date(ofDay: last - age)),\(age < 3 ? 90 : 30 + age % 4)\n" }
        dir.write("readings.csv", csv)
        let imported = try cli.run(["import", "--db", "w.db", "readings", "readings.csv"], in: dir)
        #expect(imported.status == 0 && imported.stdout.contains("200"), "\(imported.stdout) \(imported.stderr)")
        dir.write("bad.csv", "building,meter,kind,date,value\nB9,W-01,water,2026-11-20,1\n")
        let bad = try cli.run(["import", "--db", "w.db", "readings", "bad.csv"], in: dir)
        #expect(bad.status == 1 && bad.stderr.contains("no building 'B9'"), "\(bad.stderr)")

        let scan = try cli.run(["warnings", "scan", "--db", "w.db", "--from", "2026-11-18", "--to", "2026-11-20"], in: dir)
        #expect(scan.status == 0 && scan.stdout.contains("scanned 3 days") && scan.stdout.contains("1 new warnings"), "\(scan.stdout) \(scan.stderr)")
        let again = try cli.run(["warnings", "scan", "--db", "w.db", "--from", "2026-11-18", "--to", "2026-11-20"], in: dir)
        #expect(again.stdout.contains("0 new warnings"), "running it again adds nothing: \(again.stdout)")
        let list = try cli.run(["warnings", "list", "--db", "w.db", "--kind", "meter"], in: dir)
        let fc = try JSONParser.parse(list.stdout)
        #expect(fc["type"] == "FeatureCollection" && fc["features"]?.arrayValue?.count == 1)
        #expect(fc["features"]?[0]?["properties"]?["building"] == "B1" && fc["features"]?[0]?["properties"]?["start"] == "2026-11-18")
        let wrongKind = try cli.run(["warnings", "list", "--db", "w.db", "--kind", "volcano"], in: dir)
        #expect(wrongKind.status == 64 && wrongKind.stderr.contains("--kind"))
        let backwards = try cli.run(["warnings", "scan", "--db", "w.db", "--from", "2026-11-20", "--to", "2026-11-01"], in: dir)
        #expect(backwards.status == 64 && backwards.stderr.contains("is after --to"))

        let html = try cli.run(["report", "--db", "w.db", "--month", "2026-11", "--area", "D", "--out", "r.html"], in: dir)
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: dir.file("r.html"), encoding: .utf8)
        #expect(page.contains("诉求月报") && page.contains("<svg"))
        let json = try cli.run(["report", "--db", "w.db", "--month", "2026-11", "--format", "json", "--out", "r.json"], in: dir)
        #expect(json.status == 0)
        let report = try JSONParser.parse(try String(contentsOfFile: dir.file("r.json"), encoding: .utf8))
        #expect(report["month"] == "2026-11" && report["by_area"]?["total"] != nil)
        let badMonth = try cli.run(["report", "--db", "w.db", "--month", "2026-13", "--out", "x.html"], in: dir)
        #expect(badMonth.status == 64 && badMonth.stderr.contains("2026-13"), "\(badMonth.stderr)")
    }
}
