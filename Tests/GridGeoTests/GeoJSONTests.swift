import GridGeo
import Testing

@Suite struct GeoJSONTests {
    func geometry(_ text: String) throws -> Geometry { try GeoJSON.geometry(try JSONParser.parse(text)) }

    @Test func readsAPolygonWithAHole() throws {
        let g = try geometry(#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]}"#)
        guard case .polygon(let p) = g else { Issue.record("not a polygon"); return }
        #expect(p.rings.count == 2)
        #expect(p.holes.first?.count == 5)
    }

    @Test(arguments: [
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#, "coordinates[0]", "ring not closed"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#, "coordinates[0]", "at least 4 positions"),
        (#"{"type":"Point","coordinates":[200,10]}"#, "coordinates", "out of range"),
        (#"{"type":"Point","coordinates":[1e400,10]}"#, "coordinates", "non-finite"),
        (#"{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]}"#, "coordinates[0]", "wrong nesting"),
        (#"{"type":"MultiPolygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#, "coordinates[0][0]", "wrong nesting"),
        (#"{"type":"Point","coordinates":["1","2"]}"#, "coordinates", "wrong nesting"),
        (#"{"type":"Circle","coordinates":[1,2]}"#, "type", "unknown geometry type"),
        (#"{"type":"Polygon"}"#, "coordinates", "missing coordinates"),
    ])
    func refusesBrokenGeometryNamingWhereAndWhy(text: String, path: String, reason: String) {
        #expect {
            try geometry(text)
        } throws: { error in
            guard let e = error as? GeoJSONProblem else { return false }
            return e.path.hasSuffix(path) && e.reason.contains(reason)
        }
    }

    @Test func acceptsASelfIntersectingRingWithAWarning() throws {
        let bowtie = try geometry(#"{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}"#)
        let warnings = GeoJSON.warnings(for: bowtie)
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("self-intersect"))
        #expect(warnings[0].contains("[1.0,1.0]"))
    }

    @Test func aValidRingHasNoWarnings() throws {
        let g = try geometry(#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]}"#)
        #expect(GeoJSON.warnings(for: g).isEmpty)
    }

    @Test func warnsOfAHoleOutsideItsExterior() throws {
        let g = try geometry(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[5,5],[6,5],[6,6],[5,6],[5,5]]]}"#)
        #expect(GeoJSON.warnings(for: g).contains { $0.contains("hole 1 lies outside") })
    }

    @Test func featureRoundTrips() throws {
        let text = #"{"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[101.7186,26.5802]},"properties":{"name":"阳城"}}"#
        let f = try Feature(json: try JSONParser.parse(text))
        #expect(f.id == "7")
        let again = try Feature(json: try JSONParser.parse(f.jsonText()))
        #expect(again == f)
    }

    @Test func featureNeedsTheFeatureType() {
        #expect(throws: GeoJSONProblem.self) { try Feature(json: ["type": "Point", "coordinates": [1, 2]]) }
    }

    @Test func roundingWritesSevenDecimals() {
        var w = JSONWriter()
        GeoJSON.write(.point(Coordinate(lon: 101.123456789, lat: 26.5)), into: &w, decimals: 7)
        #expect(w.string == #"{"type":"Point","coordinates":[101.1234568,26.5]}"#)
    }
}
