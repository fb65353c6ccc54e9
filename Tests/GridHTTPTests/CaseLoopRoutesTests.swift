import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// The case loop over real HTTP: each step by the role that takes it, a refused step as a
/// problem naming the field, and the supervisions list.
@Suite struct CaseLoopRoutesTests {
    @Test func aCaseGoesRoundTheLoopOverHTTP() async throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        try await LoopbackServer.runAsRoles(store: store) { request in
            func post(_ role: Role, _ path: String, _ body: String) async throws -> LoopbackServer.Answer {
                try await request(role, "POST", path, Data(body.utf8))
            }
            let created = try await post(.dispatcher, "/petitions",
                                         #"{"channel":"hotline","kind":"request","category":"water","text":"停水","location":{"lon":101.7045,"lat":26.5795}}"#)
            #expect(created.status == 201)
            let id = try #require(created.json["id"]?.stringValue)
            let events = "/petitions/\(id)/events"
            // 督办 by an inspector, with a date in the future.
            let supervised = try await post(.inspector, events, #"{"action":"supervise","level":2,"due":"2099-01-01","note":"请三日内答复"}"#)
            #expect(supervised.status == 201, "\(supervised.text)")
            #expect(supervised.json["supervisions"]?[0]?["level_name"] == "督办")
            #expect(supervised.json["supervisions"]?[0]?["state"] == "open")
            let list = try await request(.inspector, "GET", "/supervisions?state=open", nil)
            #expect(list.json["supervisions"]?.arrayValue?.map { $0["petition"]?.stringValue ?? "" } == [id])
            #expect(try await request(.planner, "GET", "/supervisions", nil).status == 403)
            // Bad input names the field; a refused step leaves nothing.
            let bad = try await post(.unit, events, #"{"action":"extend","working_days":40,"reason":"x"}"#)
            #expect(bad.status == 400)
            #expect(bad.json["problems"]?[0]?["field"] == "working_days")
            let unknown = try await post(.dispatcher, events, #"{"action":"screen","verdict":"maybe"}"#)
            #expect(unknown.status == 400 && unknown.json["problems"]?[0]?["field"] == "verdict")
            // The lead unit (U-D) answers, asks for time; the dispatcher approves.
            #expect(try await post(.unit, events, #"{"action":"answer_supervision","note":"已安排抢修"}"#).status == 201)
            #expect(try await post(.unit, events, #"{"action":"extend","working_days":3,"reason":"等待配件"}"#).status == 201)
            let approved = try await post(.dispatcher, events, #"{"action":"approve_extension"}"#)
            #expect(approved.status == 201 && approved.json["extension_request"] == .null)
            // The unit sends it back; the dispatcher refuses; the status is as before.
            let returned = try await post(.unit, events, #"{"action":"return","reason":"非本单位职责"}"#)
            #expect(returned.json["status"] == "returned")
            let refused = try await post(.dispatcher, events, #"{"action":"refuse_return","note":"属本单位"}"#)
            #expect(refused.json["status"] == "dispatched")
            let illegal = try await post(.dispatcher, events, #"{"action":"refuse_return","note":"x"}"#)
            #expect(illegal.status == 409 && illegal.json["type"] == "/problems/illegal-transition")
            let stats = try await request(.dispatcher, "GET", "/stats?by=unit&min=1", nil)
            #expect(stats.json["groups"]?.arrayValue?.first { $0["id"] == "U-D" }?["returns"] == 1)
        }
    }

    /// The statuses, actions and their Chinese names come from the model through the API; the
    /// map page's script does not write them again.
    @Test func theVocabularyComesFromTheModelAndThePageReadsIt() async throws {
        try await LoopbackServer.run { request in
            let v = try await request("GET", "/vocabulary").json
            let statuses = v["statuses"]?.arrayValue ?? []
            #expect(statuses.map { $0["code"]?.stringValue ?? "" } == Petition.Status.allCases.map(\.rawValue))
            #expect(statuses.first { $0["code"] == "returned" }?["name_zh"] == "退回待处理")
            #expect(statuses.first { $0["code"] == "returned" }?["open"] == .bool(true))
            #expect(v["actions"]?.arrayValue?.first { $0["code"] == "return" }?["name_zh"] == "退回")
            let script = try await request("GET", "/map/assets/map.js").text
            for name in ["已受理", "已派单", "签收", "待定位"] { #expect(!script.contains(name), "the page writes \(name) itself") }
        }
    }
}
