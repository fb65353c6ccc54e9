import Foundation
import GridGeo
import GridModel
import Testing

@Suite struct ResolveRouteTests {
    @Test func resolveAnswersCandidatesAndRefusesAMissingAddress() async throws {
        try await LoopbackServer.run { request in
            let q = "金海路12号阳光小区3栋2单元501室".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let answer = try await request("GET", "/resolve?address=\(q)&limit=1")
            #expect(answer.status == 200)
            #expect(answer.json["match"]?.stringValue == "exact")
            #expect(answer.json["candidates"]?.arrayValue?.count == 1)
            // The household is named only to those who may read the register.
            #expect(answer.json["candidates"]?[0]?["household"] == .null)
            #expect(answer.json["candidates"]?[0]?["units"]?[0]?["id"]?.stringValue == "U-C1")
            let missing = try await request("GET", "/resolve")
            #expect(missing.status == 400)
            #expect(missing.json["type"]?.stringValue == "/problems/missing-parameter")
            #expect(try await request("GET", "/resolve?address=x&limit=0").status == 400)
        }
        try await LoopbackServer.run(as: .admin) { request in
            let q = "金海路12号阳光小区3栋2单元501室".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let answer = try await request("GET", "/resolve?address=\(q)&limit=1")
            #expect(answer.json["candidates"]?[0]?["household"]?["id"]?.stringValue == "H1")
        }
    }
}
