import Foundation
import GridGeo
import GridHTTP
import Testing

/// `GET /locate` over a real socket.
@Suite struct LocateRouteTests {
    @Test func locateAnswersWithTheContractShape() async throws {
        let response = try await LoopbackServer.get("/locate?lon=101.7045&lat=26.5795")
        #expect(response.status == 200)
        #expect(response.contentType == "application/json; charset=utf-8")
        let body = response.json
        #expect(body["point"] == [101.7045, 26.5795])
        #expect(body["building"]?["id"] == "B1")
        #expect(body["areas"]?["grid"]?["id"] == "G1")
        #expect(body["areas"]?["grid"]?["worker"] == "王芳")
        #expect(body["areas"]?["street"]?["name"] == "炳草岗街道")
        #expect(body["units"]?.arrayValue?.first?["id"] == "U-C1")
    }

    @Test func aGCJPointIsConvertedAndEchoed() async throws {
        let gcj = ChinaShift.wgs84ToGCJ02(Coordinate(lon: 101.7045, lat: 26.5795))
        let body = try await LoopbackServer.get("/locate?lon=\(gcj.lon)&lat=\(gcj.lat)&crs=gcj02").json
        #expect(body["building"]?["id"] == "B1")
        #expect(body["crs"] == "gcj02")
        #expect(body["point"] == [.number(gcj.lon), .number(gcj.lat)])
    }

    @Test(arguments: [
        ("/locate?lon=101.7&lat=26.58&zoom=3", "unknown-parameter", "'zoom' is not a parameter"),
        ("/locate?lon=abc&lat=26.58", "invalid-parameter", "'abc' is not a decimal number"),
        ("/locate?lat=26.58", "missing-parameter", "lon is required"),
        ("/locate?lon=26.58&lat=101.7", "invalid-parameter", "out of range"),
        ("/locate?lon=101.7&lat=26.58&lat=26.59", "invalid-parameter", "more than once"),
        ("/locate?lon=101.7&lat=26.58&crs=utm", "invalid-parameter", "use wgs84, gcj02 or bd09"),
        ("/locate?lon=nan&lat=26.58", "invalid-parameter", "not a decimal number"),
    ])
    func badInputIsA400ProblemThatSaysWhatToChange(uri: String, type: String, detail: String) async throws {
        let response = try await LoopbackServer.get(uri)
        #expect(response.status == 400)
        #expect(response.contentType == "application/problem+json")
        let body = response.json
        #expect(body["type"] == .string("/problems/\(type)"))
        #expect(body["status"] == 400)
        #expect(body["detail"]?.stringValue?.contains(detail) == true, "\(body)")
    }

    @Test func unknownPathsAndMethodsAreProblemsToo() async throws {
        try await LoopbackServer.run { request in
            let missing = try await request("GET", "/nowhere")
            #expect(missing.status == 404)
            #expect(missing.contentType == "application/problem+json")
            #expect(missing.json["type"] == "/problems/not-found")
            let post = try await request("POST", "/locate?lon=101.7&lat=26.58")
            #expect(post.status >= 400 && post.status < 500)
            #expect(post.contentType == "application/problem+json")
        }
    }
}

@Suite struct RequestLimitTests {
    @Test func anOversizedBodyIsRefusedWith413BeforeAnyHandler() async throws {
        try await LoopbackServer.runWithBodies { send in
            let big = try await send("POST", "/heatmap", Data(repeating: 0x41, count: 2 << 20))
            #expect(big.status == 413)
            #expect(big.contentType == "application/problem+json")
            #expect(big.json["type"] == "/problems/payload-too-large")
            #expect(big.json["detail"]?.stringValue?.contains("1048576-byte limit") == true, "\(big.text)")
            // A small body goes through to the router, which has no POST here.
            let small = try await send("POST", "/heatmap", Data("{}".utf8))
            #expect(small.status == 404 || small.status == 405)
            #expect(small.json["type"] != "/problems/payload-too-large")
            // The server is still well after refusing.
            let fine = try await send("GET", "/locate?lon=101.7045&lat=26.5795", nil)
            #expect(fine.status == 200)
        }
    }
}
