import Foundation
import GridGeo
import GridModel
import GridTestSupport
import Testing

@Suite struct OpenAPITests {
    /// Every route the server answers, as OpenAPI path templates.
    static let served = ["/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items",
                         "/collections/{collectionId}/items/{featureId}", "/locate", "/heatmap", "/openapi.json",
                         "/petitions", "/petitions/{petitionId}", "/petitions/{petitionId}/events", "/stats", "/resolve",
                         "/buildings/{buildingId}/households", "/me", "/categories", "/map", "/map/assets/{asset}",
                         "/map/leaflet/{leafletFile}", "/map/leaflet/images/{image}"]

    @Test func theDocumentCoversEveryRouteAndEveryDocumentedPathAnswers() async throws {
        try await LoopbackServer.run(as: .admin) { request in
            let doc = try await request("GET", "/openapi.json")
            #expect(doc.status == 200)
            #expect(doc.contentType == "application/vnd.oai.openapi+json;version=3.1")
            let json = doc.json
            #expect(json["openapi"] == "3.1.0")
            let paths = json["paths"]?.objectValue?.keys ?? []
            #expect(paths.sorted() == Self.served.sorted())
            for path in paths where json["paths"]?[path]?["get"] != nil {
                var concrete = path.replacingOccurrences(of: "{collectionId}", with: "grids").replacingOccurrences(of: "{featureId}", with: "G1")
                    .replacingOccurrences(of: "{petitionId}", with: "PA").replacingOccurrences(of: "{buildingId}", with: "B1")
                    .replacingOccurrences(of: "{asset}", with: "map.js").replacingOccurrences(of: "{leafletFile}", with: "leaflet.js")
                    .replacingOccurrences(of: "{image}", with: "layers.png")
                if concrete == "/locate" { concrete += "?lon=101.7045&lat=26.5795" }
                if concrete == "/resolve" { concrete += "?address=%E4%BA%BA%E6%B0%91%E8%A1%978%E5%8F%B7" }
                let answer = try await request("GET", concrete)
                #expect(answer.status == 200, "\(concrete) answered \(answer.status)")
            }
            let landing = try await request("GET", "/").json
            #expect(landing["links"]?.arrayValue?.contains { $0["rel"] == "service-desc" && $0["href"]?.stringValue?.hasSuffix("/openapi.json") == true } == true)
        }
    }

    @Test func theDocumentIsValidOpenAPI31() async throws {
        let text = try await LoopbackServer.get("/openapi.json").text
        let dir = TemporaryDirectory()
        let file = dir.write("openapi.json", text)
        let (status, report) = try runProcess("/usr/bin/env", ["python3", "-c", """
            import json, sys
            from openapi_spec_validator import validate
            validate(json.load(open(sys.argv[1])))
            print("valid")
            """, file])
        if report.contains("No module named") {
            Issue.record("python3 lacks openapi-spec-validator: scripts/setup.sh installs it")
        }
        #expect(status == 0 && report.contains("valid"), "\(report)")
    }
}
