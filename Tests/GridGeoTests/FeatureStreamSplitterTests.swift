import GridGeo
import Testing

@Suite struct FeatureStreamSplitterTests {
    /// Feeds the text in chunks of `chunk` bytes and returns the ids of the features found.
    func ids(_ text: String, chunk: Int) throws -> [String] {
        var s = FeatureStreamSplitter()
        var out: [String] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            for p in try s.feed(bytes[i..<min(i + chunk, bytes.count)]) {
                out.append(try Feature(json: try JSONParser.parse(p.bytes)).id ?? "?")
            }
            i += chunk
        }
        try s.finish()
        return out
    }

    static let collection = #"""
        {"type": "FeatureCollection", "name": "x", "features": [
          {"type": "Feature", "id": "a", "geometry": null, "properties": {"note": "a } ] \" tricky"}},
          {"type": "Feature", "id": "b", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"features": [1]}}
        ], "crs": null}
        """#

    @Test(arguments: [1, 7, 4096])
    func streamsAFeatureCollectionInAnyChunking(chunk: Int) throws {
        #expect(try ids(Self.collection, chunk: chunk) == ["a", "b"])
    }

    @Test func readsOneFeatureALineAndRecordSeparators() throws {
        let seq = "{\"type\":\"Feature\",\"id\":\"1\",\"geometry\":null,\"properties\":{}}\n\u{1E}{\"type\":\"Feature\",\"id\":\"2\",\"geometry\":null,\"properties\":{}}\n"
        #expect(try ids(seq, chunk: 5) == ["1", "2"])
    }

    @Test func reportsFeatureNumbersAndLines() throws {
        var s = FeatureStreamSplitter()
        let pieces = try s.feed(Array(Self.collection.utf8))
        #expect(pieces.map(\.index) == [1, 2])
        #expect(pieces.map(\.line) == [2, 3])
    }

    @Test func refusesATruncatedFile() throws {
        var s = FeatureStreamSplitter()
        _ = try s.feed(Array(#"{"type":"FeatureCollection","features":[{"type":"Feature""#.utf8))
        #expect(throws: FeatureStreamSplitter.SplitError.self) { try s.finish() }
    }

    @Test func refusesACollectionOfTheWrongType() {
        var s = FeatureStreamSplitter()
        #expect(throws: FeatureStreamSplitter.SplitError.self) {
            _ = try s.feed(Array(#"{"type":"Topology","features":[]}"#.utf8))
        }
    }

    @Test func refusesNonObjectFeatures() {
        var s = FeatureStreamSplitter()
        #expect(throws: FeatureStreamSplitter.SplitError.self) {
            _ = try s.feed(Array(#"{"type":"FeatureCollection","features":[1,2]}"#.utf8))
        }
    }
}

@Suite struct DeclaredCRSTests {
    @Test func readsTheCollectionsCRSMember() throws {
        var s = FeatureStreamSplitter()
        _ = try s.feed(Array(#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},"features":[]}"#.utf8))
        try s.finish()
        #expect(s.declaredCRS == "urn:ogc:def:crs:EPSG::4547")
    }

    @Test(arguments: [("urn:ogc:def:crs:OGC:1.3:CRS84", true), ("EPSG:4326", true), ("urn:ogc:def:crs:EPSG::4490", true),
                      ("urn:ogc:def:crs:EPSG::4547", false), ("EPSG:3857", false)])
    func knowsWhichNamesMeanLonLat(name: String, geographic: Bool) {
        #expect(FeatureStreamSplitter.isGeographicLonLat(name) == geographic)
    }
}
