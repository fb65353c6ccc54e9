import Foundation
import GridGeo
import GridModel
import GridTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real `wangge serve` process on the small district, for probing as a hostile or careless
/// client would: it must answer every probe and still be running after it.
final class HostileServer: @unchecked Sendable {
    let dir = TemporaryDirectory()
    let port: Int
    let process = Process()
    /// A token per role, made with `wangge token create`: the unit's for U-D (water), the
    /// grid worker's for grid cell G1, and one for the discipline office U-J.
    private(set) var tokens: [String: String] = [:]

    /// Imports the small district plus a sensitive category (reports about officials, handled by
    /// the discipline office U-J), makes the tokens and starts the server.
    init(_ extra: [String] = []) throws {
        SmallDistrict.writeFiles(into: dir)
        let officials = #"{"code":"officials","name_zh":"干部作风","name_en":"Conduct of officials","default_level":"district","sensitive":true}"#
        dir.write("categories.json", SmallDistrict.categoriesJSON.replacingOccurrences(of: "}\n]}", with: "},\n\(officials)\n]}"))
        dir.write("units.json", SmallDistrict.unitsJSON.replacingOccurrences(of: "\n]", with:
            ",\n  {\"id\":\"U-J\",\"name\":\"区纪委监委\",\"level\":\"district\",\"jurisdiction\":[\"D\"],\"categories\":[\"officials\"]}\n]"))
        let imported = try Self.cli(["import", "--db", "w.db", "all", "."], in: dir)
        guard imported.status == 0 else { throw Failure(reason: "import: \(imported.stderr)") }
        for (name, args) in [("admin", ["--role", "admin"]), ("dispatcher", ["--role", "dispatcher"]), ("inspector", ["--role", "inspector"]),
                             ("planner", ["--role", "planner"]), ("unit", ["--role", "unit", "--unit", "U-D"]),
                             ("unit-j", ["--role", "unit", "--unit", "U-J"]), ("grid_worker", ["--role", "grid_worker", "--area", "G1"])] {
            let r = try Self.cli(["token", "create", "--db", "w.db"] + args, in: dir)
            guard r.status == 0 else { throw Failure(reason: "token: \(r.stderr)") }
            tokens[name] = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        port = try Self.freePort()
        process.executableURL = WanggeCLITests.executable
        process.arguments = ["serve", "--db", "w.db", "--host", "127.0.0.1", "--port", "\(port)"] + extra
        process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        _ = FileManager.default.createFile(atPath: dir.file("server.log"), contents: nil)
        process.standardError = FileHandle(forWritingAtPath: dir.file("server.log"))
        try process.run()
        let started = ContinuousClock.now
        while !answers() {
            guard process.isRunning, ContinuousClock.now - started < .seconds(120) else {
                throw Failure(reason: "the server did not start: \((try? String(contentsOfFile: dir.file("server.log"), encoding: .utf8)) ?? "")")
            }
            usleep(100_000)
        }
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct Failure: Error { var reason: String }

    /// Whether the process runs and answers an ordinary request.
    func answers() -> Bool {
        guard process.isRunning else { return false }
        return (try? request("GET", "/conformance"))?.status == 200
    }

    /// One request on its own connection, as `role` (a key of `tokens`; nil: anonymous).
    func request(_ method: String, _ path: String, body: String? = nil, as role: String? = nil,
                 contentType: String? = "application/json", headers: [String] = []) throws -> RawAnswer {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let role, let token = tokens[role] { head += "Authorization: Bearer \(token)\r\n" }
        if let body {
            if let contentType { head += "Content-Type: \(contentType)\r\n" }
            head += "Content-Length: \(body.utf8.count)\r\n"
        }
        for h in headers { head += h + "\r\n" }
        return try RawHTTP.exchange(port: port, head + "\r\n" + (body ?? ""))
    }

    /// Posts a petition as the dispatcher (unless told otherwise) and returns its id.
    func post(_ json: String, as role: String = "dispatcher") throws -> String {
        let a = try request("POST", "/petitions", body: json, as: role)
        guard a.status == 201, let id = a.json["id"]?.stringValue else {
            throw Failure(reason: "posting failed: \(a.status) \(a.body)")
        }
        return id
    }

    static func cli(_ arguments: [String], in dir: TemporaryDirectory) throws -> WanggeCLITests.Result {
        try WanggeCLITests().run(arguments, in: dir)
    }

    /// A port nobody listens on now.
    static func freePort() throws -> Int { try freeLoopbackPort() }
}

