import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// The notification stream (Server-Sent Events) and list over real HTTP: a unit hears of what
/// concerns its cases and nothing else, and `Last-Event-ID` resumes without loss.
@Suite struct NotificationRoutesTests {
    static func water(_ lon: Double) -> String {
        #"{"channel":"hotline","kind":"request","category":"water","text":"停水","location":{"lon":\#(lon),"lat":26.5795}}"#
    }
    static let property = #"{"channel":"hotline","kind":"complain","category":"property","text":"电梯坏了","location":{"lon":101.7255,"lat":26.58}}"#

    /// The ids of the events in an SSE text, in order, with their types.
    static func events(_ text: String) -> [(id: Int, type: String, data: String)] {
        // (Swift reads "\r\n" — the chunked body's framing — as one character: make them plain newlines.)
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").compactMap { block in
            var id: Int?, type = "", data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { type = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            return id.map { ($0, type, data) }
        }
    }

    @Test func aUnitHearsOfItsCasesAsTheyHappenAndResumesWithoutLoss() async throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        let tokens = try LoopbackServer.createTokens(on: store)
        let unit = try #require(tokens[.unit])  // U-D, the district water bureau
        try await LoopbackServer.serve(store: store) { port in
            func post(_ body: String) async throws -> String {
                let a = try await LoopbackServer.send(port, "POST", "/petitions", Data(body.utf8), token: tokens[.dispatcher])
                return a.json["id"]?.stringValue ?? ""
            }
            let stream = try await offThePool { try RawHTTP(port: port) }
            stream.send("GET /notifications/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(unit)\r\nAccept: text/event-stream\r\n\r\n")
            let opened = try await offThePool { stream.receive(for: 60) { $0.contains(": wangge notifications") } }
            #expect(opened.contains("text/event-stream"), "\(opened)")
            // A property complaint goes to the street and community; a water case to U-D.
            _ = try await post(Self.property)
            let first = try await post(Self.water(101.7045))
            let heard = try await offThePool { stream.receive(for: 60) { Self.events($0).contains { $0.data.contains(first) } } }
            let got = Self.events(heard)
            #expect(got.map(\.type) == ["dispatched"], "\(heard)")
            #expect(got.first?.data.contains(first) == true)
            let lastSeen = try #require(got.last?.id)
            // Missed while away: heard first when the stream resumes from Last-Event-ID.
            // (Far enough from the first not to be held as its likely repeat.)
            let second = try await post(Self.water(101.7355))
            let again = try await offThePool { try RawHTTP(port: port) }
            again.send("GET /notifications/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(unit)\r\nLast-Event-ID: \(lastSeen)\r\n\r\n")
            let resumed = try await offThePool { again.receive(for: 60) { Self.events($0).contains { $0.data.contains(second) } } }
            #expect(Self.events(resumed).map(\.data).contains { $0.contains(second) }, "\(resumed)")
            #expect(!Self.events(resumed).contains { $0.data.contains(first) }, "nothing told twice")
            // The same as a list; and not for roles that do not read petitions.
            let list = try await LoopbackServer.send(port, "GET", "/notifications?since=0", nil, token: unit)
            #expect(list.json["notifications"]?.arrayValue?.compactMap { $0["petition"]?.stringValue } == [first, second])
            #expect(try await LoopbackServer.send(port, "GET", "/notifications/stream", nil, token: tokens[.planner]).status == 403)
            #expect(try await LoopbackServer.send(port, "GET", "/notifications?since=x", nil, token: unit).status == 400)
        }
    }
}
