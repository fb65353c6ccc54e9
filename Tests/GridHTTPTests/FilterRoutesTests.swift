import Foundation
import GridGeo
import GridHTTP
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// CQL2 filters (OGC API – Features Part 3) on every collection's items, checked against an
/// evaluator nobody here wrote: PyPI's pygeofilter parses each generated filter and evaluates it
/// natively over the same features, and Wangge must answer the same features to `cql2-text`
/// and to `cql2-json`.
@Suite struct FilterRoutesTests {
    /// The small district with 300 petitions of every channel, kind, urgency and status at
    /// times to the second, some unplaced.
    static func store(_ dir: TemporaryDirectory) throws -> GridStore {
        SmallDistrict.writeFiles(into: dir)
        var rng = SeededGenerator(seed: 20_261_207)
        let channels = ["hotline", "miniapp", "web", "service_point", "visit", "letter"]
        let kinds = ["consult", "suggest", "request", "complain"]
        let urgencies = ["normal", "urgent", "critical"]
        let statuses = ["received", "dispatched", "accepted", "replied", "resolved", "closed"]
        var lines: [String] = []
        for k in 0..<300 {
            let geometry = k % 23 == 0 ? "null"
                : #"{"type":"Point","coordinates":[\#(Double.random(in: 101.695...101.745, using: &rng)),\#(Double.random(in: 26.565...26.595, using: &rng))]}"#
            let seconds = Int64.random(in: 1_767_225_600...1_796_083_200, using: &rng)  // 2026
            let when = Timestamp(seconds: seconds, offsetSeconds: k % 3 == 0 ? 0 : Timestamp.chinaOffset)
            let urgency = k % 7 == 0 ? "" : #","urgency":"\#(urgencies.randomElement(using: &rng)!)""#
            let address = geometry == "null" ? #""address":"金海路\#(k)号","# : ""
            lines.append(#"{"type":"Feature","geometry":\#(geometry),"properties":{\#(address)"id":"F\#(String(format: "%03d", k))","received_at":"\#(when)","channel":"\#(channels.randomElement(using: &rng)!)","kind":"\#(kinds.randomElement(using: &rng)!)","category":"\#(k % 2 == 0 ? "water" : "property")"\#(urgency),"text":"第\#(k)件","status":"\#(statuses.randomElement(using: &rng)!)"}}"#)
        }
        dir.write("petitions.geojsonl", SmallDistrict.petitionsGeoJSONL + lines.joined(separator: "\n") + "\n")
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        return store
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/cql2_check.py").path

    @Test func generatedFiltersAgreeWithPygeofilterInTextAndJSON() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let token = try LoopbackServer.createTokens(on: store)[.admin]!
        try await LoopbackServer.serve(store: store) { port in
            let (status, report) = try await offThePool {
                try runProcess("/usr/bin/env", ["python3", Self.script, "http://127.0.0.1:\(port)", token, "7", "400"])
            }
            if report.contains("No module named 'pygeofilter'") { Issue.record("python3 lacks pygeofilter: scripts/setup.sh --tests installs it") }
            #expect(status == 0 && report.hasSuffix("ok\n"), "\(report)")
        }
    }
}
