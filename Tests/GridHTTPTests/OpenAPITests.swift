import Foundation
import GridGeo
import GridModel
import GridTestSupport
import Testing

@Suite struct OpenAPITests {
    /// Every route the server answers, as OpenAPI path templates.
    static let served = ["/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items",
                         "/collections/{collectionId}/items/{featureId}", "/collections/{collectionId}/queryables", "/locate", "/heatmap", "/openapi.json",
                         "/petitions", "/petitions/{petitionId}", "/petitions/{petitionId}/events", "/stats", "/supervisions", "/units/{unitId}/warnings", "/notifications", "/notifications/stream", "/attachments", "/petitions/{petitionId}/attachments", "/attachments/{attachmentId}", "/resolve",
                         "/buildings/{buildingId}/households", "/me", "/categories", "/vocabulary", "/map", "/map/assets/{asset}",
                         "/map/leaflet/{leafletFile}", "/map/leaflet/images/{image}", "/queues", "/session",
                         "/desk", "/desk/intake", "/desk/callbacks", "/desk/case/{caseId}", "/desk/login", "/desk/assets/{deskAsset}",
                         "/warnings", "/warnings/{warningId}", "/warnings/{warningId}/events", "/reports/monthly",
                         "/open311/v2/discovery.{format}", "/open311/v2/services.{format}", "/open311/v2/services/{serviceCode}.{format}",
                         "/open311/v2/requests.{format}", "/open311/v2/requests/{serviceRequestId}.{format}",
                         "/tileMatrixSets", "/tileMatrixSets/WebMercatorQuad", "/collections/{collectionId}/tiles", "/collections/{collectionId}/tiles/WebMercatorQuad",
                         "/collections/{collectionId}/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}",
                         "/heatmap/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"]
        // Each collection's items at its own path, with its own filters (for GDAL's -where).
        + ["provinces", "cities", "districts", "streets", "communities", "grids", "buildings", "units", "petitions"].map { "/collections/\($0)/items" }

    /// A tile over the test district (zoom 11), where every layer but buildings has something.
    static let districtTile: String = {
        let u = WebMercatorTile.unit(lon: 101.72, lat: 26.58)
        return "11/\(Int(u.y * 2048))/\(Int(u.x * 2048))"
    }()

    @Test func theDocumentCoversEveryRouteAndEveryDocumentedPathAnswers() async throws {
        try await LoopbackServer.run(as: .admin) { request in
            let doc = try await request("GET", "/openapi.json?version=3.1")
            #expect(doc.status == 200)
            #expect(doc.contentType == "application/vnd.oai.openapi+json;version=3.1")
            let json = doc.json
            #expect(json["openapi"] == "3.1.0")
            let petitions = json["paths"]?["/collections/petitions/items"]?["get"]?["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(Set(["category", "status", "grid", "unit", "datetime", "bbox"]).isSubset(of: Set(petitions)))
            let paths = json["paths"]?.objectValue?.keys ?? []
            #expect(paths.sorted() == Self.served.sorted())
            // An attachment needs an upload first: AttachmentRoutesTests reads one.
            // (The notification stream never ends: NotificationRoutesTests reads it; a session
            // needs a sign-in: SessionRoutesTests.)
            for path in paths where json["paths"]?[path]?["get"] != nil && !path.contains("{attachmentId}") && path != "/notifications/stream"
                && path != "/session" && path != "/warnings/{warningId}" {
                var concrete = path.replacingOccurrences(of: "{collectionId}", with: "grids").replacingOccurrences(of: "{featureId}", with: "G1")
                    .replacingOccurrences(of: "{petitionId}", with: "PA").replacingOccurrences(of: "{buildingId}", with: "B1")
                    .replacingOccurrences(of: "{asset}", with: "map.js").replacingOccurrences(of: "{leafletFile}", with: "leaflet.js")
                    .replacingOccurrences(of: "{image}", with: "layers.png").replacingOccurrences(of: "{unitId}", with: "U-D")
                    .replacingOccurrences(of: "{caseId}", with: "PA").replacingOccurrences(of: "{deskAsset}", with: "desk.js")
                    .replacingOccurrences(of: "{format}", with: "json").replacingOccurrences(of: "{serviceCode}", with: "water")
                    .replacingOccurrences(of: "{serviceRequestId}", with: "PA")
                    .replacingOccurrences(of: "{tileMatrix}/{tileRow}/{tileCol}", with: Self.districtTile)
                if concrete == "/locate" { concrete += "?lon=101.7045&lat=26.5795" }
                if concrete == "/reports/monthly" { concrete += "?month=2026-11" }
                if concrete == "/resolve" { concrete += "?address=%E4%BA%BA%E6%B0%91%E8%A1%978%E5%8F%B7" }
                let answer = try await request("GET", concrete)
                #expect(answer.status == 200, "\(concrete) answered \(answer.status)")
            }
            let landing = try await request("GET", "/").json
            let descriptions = landing["links"]?.arrayValue?.filter { $0["rel"] == "service-desc" } ?? []
            #expect(descriptions.map { $0["type"]?.stringValue ?? "" } == ["application/vnd.oai.openapi+json;version=3.0", "application/vnd.oai.openapi+json;version=3.1"])
            for d in descriptions {
                let href = d["href"]?.stringValue ?? ""
                let answer = try await request("GET", String(href.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" }))
                #expect(answer.contentType == d["type"]?.stringValue, "\(href)")
            }
        }
    }

    /// What clients ask for is what they get: 3.0 unless they ask for 3.1, plain JSON for a
    /// client that asks only for JSON.
    @Test(arguments: [(nil, nil, "application/vnd.oai.openapi+json;version=3.0", "3.0.3"),
                      ("application/vnd.oai.openapi+json;version=3.0", nil, "application/vnd.oai.openapi+json;version=3.0", "3.0.3"),
                      ("application/vnd.oai.openapi+json;version=3.1", nil, "application/vnd.oai.openapi+json;version=3.1", "3.1.0"),
                      ("application/json", nil, "application/json", "3.0.3"),
                      ("application/json", "3.1", "application/vnd.oai.openapi+json;version=3.1", "3.1.0")] as [(String?, String?, String, String)])
    func theDescriptionIsNegotiated(accept: String?, version: String?, type: String, openapi: String) async throws {
        let path = "/openapi.json" + (version.map { "?version=\($0)" } ?? "")
        let answer = try await LoopbackServer.get(path, accept: accept)
        #expect(answer.contentType == type)
        #expect(answer.json["openapi"]?.stringValue == openapi)
    }

    @Test(arguments: ["3.0", "3.1"])
    func theDocumentIsValidOpenAPI(version: String) async throws {
        let text = try await LoopbackServer.get("/openapi.json?version=\(version)").text
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
