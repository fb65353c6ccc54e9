import Foundation
import GridGeo
import GridHTTP
import GridModel
import Testing

@Suite struct HeatmapRouteTests {
    @Test func hexagonsAsGeoJSONWithCountsThatAddUp() async throws {
        let answer = try await LoopbackServer.get("/heatmap?bbox=101.70,26.57,101.74,26.59&size=300", as: .dispatcher)
        #expect(answer.status == 200)
        #expect(answer.contentType == "application/geo+json")
        #expect(answer.contentCRS == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>")
        #expect(answer.serverTiming?.hasPrefix("heatmap;dur=") == true)
        let body = answer.json
        #expect(body["type"] == "FeatureCollection")
        #expect(body["bin"] == "hex" && body["size"] == 300)
        let features = body["features"]?.arrayValue ?? []
        // PA, PB and PC have points in the box (PD has none, PE lies east of it).
        #expect(body["numberMatched"] == 3)
        #expect(features.count == 3)
        #expect(features.reduce(0) { $0 + ($1["properties"]?["count"]?.intValue ?? 0) } == 3)
        for f in features {
            #expect(f["geometry"]?["type"] == "Polygon")
            #expect(f["geometry"]?["coordinates"]?[0]?.arrayValue?.count == 7)
            #expect(f["id"] == f["properties"]?["id"])
            #expect(f["id"]?.stringValue?.hasPrefix("hex-300-") == true)
        }
    }

    @Test func areaBinsAndPointsForHeatLayers() async throws {
        let areas = try await LoopbackServer.get("/heatmap?bin=area&level=community&status=open", as: .dispatcher).json
        let byID = Dictionary(uniqueKeysWithValues: (areas["features"]?.arrayValue ?? []).map { ($0["id"]?.stringValue ?? "", $0) })
        #expect(Set(byID.keys) == ["C1", "C2"])
        #expect(byID["C1"]?["properties"]?["name"] == "阳城社区")
        #expect(byID["C1"]?["geometry"]?["type"] == "MultiPolygon")
        let points = try await LoopbackServer.get("/heatmap?bin=square&size=1000&format=points&crs=bd09", as: .dispatcher)
        #expect(points.contentCRS == "<urn:wangge:def:crs:bd09>")
        let features = points.json["features"]?.arrayValue ?? []
        #expect(!features.isEmpty && features.allSatisfy { $0["geometry"]?["type"] == "Point" && $0["properties"]?["weight"] != nil })
    }

    @Test func publicHeatMapsLeaveOutSparseBinsAndRefuseSmallOnes() async throws {
        // Each of the fixture's hexagons holds one petition: fewer than the three a public bin needs.
        let sparse = try await LoopbackServer.get("/heatmap?bbox=101.70,26.57,101.74,26.59&size=300").json
        #expect(sparse["features"]?.arrayValue?.isEmpty == true)
        #expect(sparse["numberMatched"] == 0)
        #expect(sparse["disclosure"]?["min_count"] == 3)
        // A 50 km square holds all three.
        let dense = try await LoopbackServer.get("/heatmap?bbox=101.70,26.57,101.74,26.59&bin=square&size=50000").json
        #expect(dense["features"]?.arrayValue?.count == 1)
        #expect(dense["numberMatched"] == 3)
        let small = try await LoopbackServer.get("/heatmap?size=50", as: .planner)
        #expect(small.status == 400 && small.json["type"] == "/problems/invalid-parameter")
    }

    @Test(arguments: [
        ("/heatmap?size=10&bbox=100,20,110,30", "too-large", "more than 200000; use size="),
        ("/heatmap?bin=triangle", "invalid-parameter", "bin: 'triangle' is not one of hex, square, area"),
        ("/heatmap?from=yesterday", "invalid-parameter", "from: 'yesterday'"),
        ("/heatmap?size=500&size=600", "invalid-parameter", "given more than once"),
        ("/heatmap?radius=5", "unknown-parameter", "'radius' is not a parameter here"),
    ])
    func badRequestsAre400ProblemsWithAHint(uri: String, type: String, detail: String) async throws {
        let answer = try await LoopbackServer.get(uri, as: .dispatcher)
        #expect(answer.status == 400)
        #expect(answer.contentType == "application/problem+json")
        #expect(answer.json["type"]?.stringValue == "/problems/\(type)")
        #expect(answer.json["detail"]?.stringValue?.contains(detail) == true, "\(answer.text)")
    }
}
