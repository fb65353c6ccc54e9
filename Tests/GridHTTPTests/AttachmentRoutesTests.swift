import Foundation
import GridGeo
import GridHTTP
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

/// Files on petitions over real HTTP: stored once by SHA-256 beside the database, the type
/// checked from the bytes, the size limited, read only within scope and audited.
@Suite struct AttachmentRoutesTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 200)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 1, count: 100)

    static func store(_ dir: TemporaryDirectory) throws -> GridStore {
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        return store
    }

    @Test func filesAreCheckedStoredOnceAndReadOnlyWithinScope() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let tokens = try LoopbackServer.createTokens(on: store)
        try await LoopbackServer.serve(store: store) { port in
            func send(_ role: Role?, _ method: String, _ path: String, _ body: [UInt8]? = nil, type: String? = nil) async throws -> LoopbackServer.Answer {
                try await LoopbackServer.send(port, method, path, body.map { Data($0) }, token: role.flatMap { tokens[$0] },
                                              headers: type.map { ["Content-Type": $0] } ?? [:])
            }
            // PA lies in G1, led by U-D.
            let up = try await send(.dispatcher, "POST", "/petitions/PA/attachments", Self.png, type: "image/png")
            #expect(up.status == 201, "\(up.text)")
            let id = try #require(up.json["id"]?.stringValue)
            #expect(id == Digests.sha256(Data(Self.png)))
            #expect(up.json["type"] == "image/png" && up.json["size"] == 208)
            // Stored once, as a file beside the database, with no temporary file left.
            let blob = dir.file("w.db.attachments/\(id.prefix(2))/\(id)")
            #expect(FileManager.default.contents(atPath: blob).map(Array.init) == Self.png)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("w.db.attachments/\(id.prefix(2))")) == [id])
            #expect(try await send(.admin, "POST", "/petitions/PA/attachments", Self.png, type: "image/png").json["id"]?.stringValue == id)
            // The petition lists it; who may see PA reads it, others get what a missing one gets.
            let petition = try await send(.dispatcher, "GET", "/petitions/PA")
            #expect(petition.json["attachments"]?.arrayValue?.map { $0["id"]?.stringValue ?? "" } == [id])
            let read = try await send(.unit, "GET", "/attachments/\(id)")
            #expect(read.status == 200 && read.contentType == "image/png" && Array(read.text.utf8).count > 0)
            let missing = String(repeating: "0", count: 64)
            let hidden = try await send(.gridWorker, "GET", "/attachments/\(id)")  // G1's worker sees PA…
            #expect(hidden.status == 200)
            #expect(try await send(.planner, "GET", "/attachments/\(id)").status == 403)
            #expect(try await send(nil, "GET", "/attachments/\(id)").status == 401)
            #expect(try await send(.unit, "GET", "/attachments/\(missing)").status == 404)
            // …a petition outside the unit's scope cannot be attached to, exactly as a missing one.
            let other = try await send(.unit, "POST", "/petitions/PB/attachments", Self.png, type: "image/png")
            let none = try await send(.unit, "POST", "/petitions/PZ/attachments", Self.png, type: "image/png")
            #expect(other.status == 404 && none.status == 404)
            // The type is checked from the bytes.
            let lying = try await send(.dispatcher, "POST", "/petitions/PA/attachments", Self.jpeg, type: "image/png")
            #expect(lying.status == 415 && lying.json["detail"]?.stringValue?.contains("image/jpeg") == true, "\(lying.text)")
            #expect(try await send(.dispatcher, "POST", "/petitions/PA/attachments", Array("hello".utf8), type: "text/plain").status == 415)
            #expect(try await send(.dispatcher, "POST", "/petitions/PA/attachments", Self.png).status == 415)
            // Uploaded before the intake, carried by it; a resolution's evidence is attached too.
            let photo = try await send(.dispatcher, "POST", "/attachments", Self.jpeg, type: "image/jpeg")
            let photoID = try #require(photo.json["id"]?.stringValue)
            let intake = try await send(.dispatcher, "POST", "/petitions", Array(#"{"channel":"miniapp","kind":"request","category":"water","text":"漏水","location":{"lon":101.7045,"lat":26.5795},"attachments":["\#(photoID)"]}"#.utf8), type: "application/json")
            #expect(intake.status == 201, "\(intake.text)")
            #expect(intake.json["attachments"]?[0]?["id"]?.stringValue == photoID)
            let bad = try await send(.dispatcher, "POST", "/petitions", Array(#"{"channel":"miniapp","kind":"request","category":"water","text":"漏水","location":{"lon":101.7045,"lat":26.5795},"attachments":["\#(missing)"]}"#.utf8), type: "application/json")
            #expect(bad.status == 400 && bad.json["problems"]?[0]?["field"] == "attachments")
            // Reads are audited.
            #expect(try store.auditEntries().contains { $0.action == "read.attachment" && $0.target == id })
        }
    }

    @Test func aFileOverTheLimitIsRefusedBeforeItIsRead() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let tokens = try LoopbackServer.createTokens(on: store)
        try await LoopbackServer.serve(store: store, options: ServerOptions(maxAttachmentBytes: 1024)) { port in
            let big = Self.png + Array(repeating: 0, count: 2000)
            let a = try await LoopbackServer.send(port, "POST", "/petitions/PA/attachments", Data(big), token: tokens[.dispatcher],
                                                  headers: ["Content-Type": "image/png"])
            #expect(a.status == 413 && a.contentType == "application/problem+json")
            #expect(!FileManager.default.fileExists(atPath: dir.file("w.db.attachments")))
        }
    }

    /// A file of several parts, sent by curl with chunked framing (no Content-Length, so the limit
    /// is counted as it arrives): stored and read back byte for byte, a part at a time; one over
    /// the limit is refused and leaves nothing.
    @Test func aLargeFileStreamsInAndOutWhole() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let tokens = try LoopbackServer.createTokens(on: store)
        var rng = SeededGenerator(seed: 19)
        let pdf = Array("%PDF-1.7\n".utf8) + (0..<(3 * BlobParts.size + 12_345)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try Data(pdf).write(to: URL(fileURLWithPath: dir.file("scan.pdf")))
        try Data(pdf + pdf).write(to: URL(fileURLWithPath: dir.file("twice.pdf")))
        try await LoopbackServer.serve(store: store, options: ServerOptions(maxAttachmentBytes: 4 * BlobParts.size)) { port in
            // (Off the concurrency pool, whose few threads the server needs to answer.)
            func curl(_ arguments: [String]) async throws -> String {
                let token = tokens[.dispatcher]!
                let out = try await offThePool { try runProcess("/usr/bin/curl", ["-sS", "-H", "Authorization: Bearer \(token)"] + arguments) }
                #expect(out.status == 0, "\(out.output)")
                return out.output
            }
            let up = try await curl(["-X", "POST", "-H", "Content-Type: application/pdf", "-H", "Transfer-Encoding: chunked",
                               "--data-binary", "@" + dir.file("scan.pdf"), "-w", "\n%{http_code}", "http://127.0.0.1:\(port)/petitions/PA/attachments"])
            #expect(up.hasSuffix("201"), "\(up)")
            let id = Digests.sha256(Data(pdf))
            #expect(up.contains(id) && up.contains("\"size\":\(pdf.count)"))
            let headers = try await curl(["-D", "-", "-o", dir.file("back.pdf"), "http://127.0.0.1:\(port)/attachments/\(id)"])
            #expect(headers.lowercased().contains("content-length: \(pdf.count)"), "\(headers)")
            #expect(FileManager.default.contents(atPath: dir.file("back.pdf")).map(Array.init) == pdf)
            let over = try await curl(["-X", "POST", "-H", "Content-Type: application/pdf", "-H", "Transfer-Encoding: chunked",
                                 "--data-binary", "@" + dir.file("twice.pdf"), "-w", "\n%{http_code}", "http://127.0.0.1:\(port)/attachments"])
            #expect(over.hasSuffix("413") && over.contains("payload-too-large"), "\(over)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("w.db.attachments")).count == 1)
        }
    }
}
