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
        SmallDistrict.writeFiles(into: dir, variedPetitions: 300, seed: 20_261_207)
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

extension FilterRoutesTests {
    /// Runs `body` against a server on the filter store, with its tokens.
    static func withServer(_ body: @Sendable (_ get: @Sendable (String, Role?) async throws -> LoopbackServer.Answer) async throws -> Void) async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let tokens = try LoopbackServer.createTokens(on: store)
        try await LoopbackServer.serve(store: store) { port in
            try await body { path, role in try await LoopbackServer.send(port, "GET", path, nil, token: role.flatMap { tokens[$0] }) }
        }
    }

    static func q(_ filter: String) -> String { filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    static func ids(_ a: LoopbackServer.Answer) -> [String] {
        (a.json["features"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.sorted()
    }

    @Test func errorsSayWhatAndWhereAndHiddenPropertiesAreRefused() async throws {
        try await Self.withServer { get in
            let cut = try await get("/collections/grids/items?filter=" + Self.q("name = '阳城社区第1网格' AND"), nil)
            #expect(cut.status == 400 && cut.json["detail"]?.stringValue?.contains("filter: at character 22: expected a property or a value, found the end of the filter") == true, "\(cut.text)")
            let bang = try await get("/collections/grids/items?filter=" + Self.q("name != 'x'"), nil)
            #expect(bang.status == 400 && bang.text.contains("at character 6") && bang.text.contains("write '<>'"), "\(bang.text)")
            // A grid worker's phone is personal: not a queryable, so a filter on it is refused, not answered.
            let phone = try await get("/collections/grids/items?filter=" + Self.q("phone = '13800000001'"), nil)
            #expect(phone.status == 400 && phone.text.contains("no queryable 'phone' in collection 'grids'"), "\(phone.text)")
            let text = try await get("/collections/petitions/items?filter=" + Self.q("text LIKE '%水%'"), .admin)
            #expect(text.status == 400 && text.text.contains("no queryable 'text'"), "\(text.text)")
            let json = try await get("/collections/grids/items?filter-lang=cql2-json&filter=" + Self.q(#"{"op":"and","args":[{"op":"=","args":[{"property":"name"},"x"]},{"op":"=","args":[{"property":"name"}]}]}"#), nil)
            #expect(json.status == 400 && json.text.contains("at args[1].args: \\\"=\\\" takes 2 arguments, not 1"), "\(json.text)")
            let typed = try await get("/collections/petitions/items?filter=" + Self.q("received_at > '2026-01-01'"), .admin)
            #expect(typed.status == 400 && typed.text.contains("write TIMESTAMP("), "\(typed.text)")
            let crs = try await get("/collections/grids/items?filter-crs=EPSG:3857&filter=" + Self.q("S_INTERSECTS(geometry, POINT(1 2))"), nil)
            #expect(crs.status == 400 && crs.text.contains("filter-crs"), "\(crs.text)")
            let alone = try await get("/collections/grids/items?filter-lang=cql2-text", nil)
            #expect(alone.status == 400 && alone.text.contains("given without a filter"), "\(alone.text)")
            let casei = try await get("/collections/grids/items?filter=" + Self.q("CASEI(name) = 'x'"), nil)
            #expect(casei.status == 400 && casei.text.contains("CASEI"), "\(casei.text)")
        }
    }

    @Test func theCallersScopeComesBeforeAnyFilter() async throws {
        try await Self.withServer { get in
            let all = try await get("/collections/petitions/items?limit=10000&filter=" + Self.q("category = 'property'"), .admin)
            #expect(all.status == 200 && Self.ids(all).count > 50, "\(all.text.prefix(300))")
            // The district water bureau reads the cases routed to it (water) and no others, whatever the filter asks.
            let unit = try await get("/collections/petitions/items?limit=10000&filter=" + Self.q("category = 'property' OR category = 'water'"), .unit)
            let unitAll = try await get("/collections/petitions/items?limit=10000", .unit)
            #expect(unit.status == 200 && !Self.ids(unit).isEmpty && Self.ids(unit) == Self.ids(unitAll), "\(unit.text.prefix(300))")
            let property = try await get("/collections/petitions/items?limit=10000&filter=" + Self.q("category = 'property'"), .unit)
            #expect(property.status == 200 && Self.ids(property).allSatisfy { Self.ids(unitAll).contains($0) } && Self.ids(property).count < Self.ids(all).count)
            let anonymous = try await get("/collections/petitions/items?filter=" + Self.q("category = 'property'"), nil)
            #expect(anonymous.status == 401 || anonymous.status == 403, "\(anonymous.status)")
        }
    }

    @Test func timesDatesAndOpenIntervals() async throws {
        try await Self.withServer { get in
            func ids(_ filter: String) async throws -> [String] {
                let a = try await get("/collections/petitions/items?limit=10000&filter=" + Self.q(filter), .admin)
                #expect(a.status == 200, "\(filter): \(a.text)")
                return Self.ids(a).filter { $0.hasPrefix("P") }
            }
            // PA 2026-11-02T09:00+08:00, PB 2026-10-01T10:30+08:00, PC 2025-01-01T08:00+08:00,
            // PD 2026-11-03T12:00+08:00, PE 2026-11-04T12:00Z. A date is its whole day in China time.
            #expect(try await ids("received_at = DATE('2026-11-02')") == ["PA"])
            #expect(try await ids("received_at > DATE('2026-11-02')") == ["PD", "PE"])
            #expect(try await ids("received_at <= DATE('2026-11-02')") == ["PA", "PB", "PC"])
            #expect(try await ids("T_BEFORE(received_at, DATE('2025-01-02'))") == ["PC"])
            #expect(try await ids("T_INTERSECTS(received_at, INTERVAL('2026-11-02', '..'))") == ["PA", "PD", "PE"])
            #expect(try await ids("T_INTERSECTS(received_at, INTERVAL('..', TIMESTAMP('2026-10-01T02:30:00Z')))") == ["PB", "PC"])
            // DURING is strictly inside: PA at the start and PE at the end are not.
            #expect(try await ids("T_DURING(received_at, INTERVAL('2026-11-02T01:00:00Z', '2026-11-04T12:00:00Z'))") == ["PD"])
            #expect(try await ids("T_INTERSECTS(received_at, INTERVAL('2026-11-02T01:00:00Z', '2026-11-04T12:00:00Z'))") == ["PA", "PD", "PE"])
            #expect(try await ids("T_EQUALS(received_at, TIMESTAMP('2026-11-04T20:00:00+08:00'))") == ["PE"])
            #expect(try await ids("T_DISJOINT(received_at, INTERVAL('2025-06-01', '..'))") == ["PC"])
            #expect(try await ids("received_at BETWEEN TIMESTAMP('2026-11-02T09:00:00+08:00') AND DATE('2026-11-03')") == ["PA", "PD"])
            #expect(try await ids("T_AFTER(received_at, INTERVAL('2026-01-01', '2026-11-03'))") == ["PE"])
            // resolve_by against received_at, property to property.
            let a = try await get("/collections/petitions/items?limit=10000&filter=" + Self.q("T_BEFORE(resolve_by, received_at)"), .admin)
            #expect(a.status == 200 && Self.ids(a).isEmpty, "\(a.text.prefix(200))")
        }
    }

    @Test func axesFollowFilterCRSAndLikeIsExact() async throws {
        try await Self.withServer { get in
            let lonLat = try await get("/collections/grids/items?filter=" + Self.q("S_INTERSECTS(geometry, POINT(101.7045 26.5795))"), nil)
            #expect(Self.ids(lonLat) == ["G1"], "\(lonLat.text.prefix(300))")
            let latLon = try await get("/collections/grids/items?filter-crs=http://www.opengis.net/def/crs/EPSG/0/4326&filter="
                                       + Self.q("S_INTERSECTS(geometry, POINT(26.5795 101.7045))"), nil)
            #expect(Self.ids(latLon) == ["G1"], "\(latLon.text.prefix(300))")
            let swapped = try await get("/collections/grids/items?filter=" + Self.q("S_INTERSECTS(geometry, POINT(26.5795 101.7045))"), nil)
            #expect(swapped.status == 400 && swapped.text.contains("longitude first"), "\(swapped.text)")
            // A GCJ-02 point (as AMap shows it) lands in the same cell once shifted back.
            let gcj = CoordinateSystem.gcj02.fromWGS84(Coordinate(lon: 101.7045, lat: 26.5795))
            let shifted = try await get("/collections/grids/items?filter-crs=urn:wangge:def:crs:gcj02&filter=" + Self.q("S_INTERSECTS(geometry, POINT(\(gcj.lon) \(gcj.lat)))"), nil)
            #expect(Self.ids(shifted) == ["G1"], "\(shifted.text.prefix(300))")
            let within = try await get("/collections/buildings/items?filter=" + Self.q("S_WITHIN(geometry, BBOX(101.70, 26.57, 101.71, 26.59)) AND floors >= 7"), nil)
            #expect(Self.ids(within) == ["B1"], "\(within.text.prefix(300))")
            // CQL2's LIKE is case-sensitive, `_` is one character, `\` escapes.
            for (pattern, expected) in [("b%", [String]()), ("B_", ["B1", "B2", "B3"]), ("B\\_", []), ("%2", ["B2"])] {
                let a = try await get("/collections/buildings/items?filter=" + Self.q("id LIKE '\(pattern)'"), nil)
                #expect(a.status == 200 && Self.ids(a) == expected, "\(pattern): \(a.text.prefix(300))")
            }
            let named = try await get("/collections/buildings/items?filter=" + Self.q("name LIKE '%小区'"), nil)
            #expect(Self.ids(named) == ["B1"])
            // Queryables as query parameters: a comma list means any of them.
            let param = try await get("/collections/buildings/items?floors=7,9", nil)
            #expect(Self.ids(param) == ["B1"], "\(param.text.prefix(300))")
            let empty = try await get("/collections/buildings/items?name=", nil)
            #expect(empty.status == 400 && empty.text.contains("name: empty"), "\(empty.text)")
        }
    }

    @Test func queryablesAreTypedAndTheConformanceClassesDeclared() async throws {
        try await Self.withServer { get in
            let q = try await get("/collections/petitions/queryables", .admin).json
            #expect(q["properties"]?["received_at"]?["format"] == "date-time")
            #expect(q["properties"]?["received_at"]?["x-ogc-role"] == "primary-instant")
            #expect(q["properties"]?["geometry"]?["x-ogc-role"] == "primary-geometry")
            #expect(q["properties"]?["text"] == nil && q["properties"]?["phone"] == nil, "no personal data is queryable")
            let b = try await get("/collections/buildings/queryables", nil).json
            #expect(b["properties"]?["floors"]?["type"] == "integer")
            let c = try await get("/conformance", nil).json["conformsTo"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for name in ["ogcapi-features-3/1.0/conf/filter", "ogcapi-features-3/1.0/conf/features-filter", "cql2/1.0/conf/cql2-text",
                         "cql2/1.0/conf/cql2-json", "cql2/1.0/conf/basic-cql2", "cql2/1.0/conf/advanced-comparison-operators",
                         "cql2/1.0/conf/spatial-functions", "cql2/1.0/conf/temporal-functions"] {
                #expect(c.contains("http://www.opengis.net/spec/\(name)"), "\(name)")
            }
        }
    }
}
