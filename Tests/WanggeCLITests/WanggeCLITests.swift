import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGeo
import GridModel
import GridTestSupport
import Testing

/// The `wangge` executable as a user runs it: arguments in, text and exit codes out.
@Suite struct WanggeCLITests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built executable sits beside the test bundle.
    static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("wangge").path) && dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("wangge")
    }()

    func run(_ arguments: [String], stdin: String = "", in dir: TemporaryDirectory) throws -> Result {
        let p = Process()
        p.executableURL = Self.executable
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let inFile = dir.write("stdin-\(UUID().uuidString)", stdin)
        let outPath = dir.file("out-\(UUID().uuidString)"), errPath = dir.file("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        p.standardInput = FileHandle(forReadingAtPath: inFile)
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        try p.run()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: try String(contentsOfFile: outPath, encoding: .utf8),
                      stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }

    func imported(_ dir: TemporaryDirectory) throws {
        SmallDistrict.writeFiles(into: dir)
        let r = try run(["import", "--db", "w.db", "all", "."], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("imported 11 areas"))
        #expect(r.stdout.contains("imported 3 buildings"))
    }

    /// The import writes the locator's image beside the database, and commands map it instead
    /// of building the locator: two `locate --batch` processes running at once both map the one
    /// file (their memory maps name it), answer the same, and leave it as it was.
    @Test func twoProcessesMapTheOneLocatorImage() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let image = dir.file("w.db.locator")
        let before = try FileManager.default.attributesOfItem(atPath: image)
        var running: [(process: Process, input: Pipe, output: String)] = []
        for k in 0..<2 {
            let p = Process()
            p.executableURL = Self.executable
            p.arguments = ["locate", "--db", "w.db", "--batch"]
            p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            let input = Pipe(), output = dir.file("mapped-\(k).out")
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            p.standardInput = input
            p.standardOutput = FileHandle(forWritingAtPath: output)
            try p.run()
            running.append((p, input, output))
        }
        // (The kernel names the file by its real path, which the temporary folder's may spell otherwise.)
        let mapped = URL(fileURLWithPath: dir.path).lastPathComponent + "/w.db.locator"
        for r in running {
            var maps = ""
            for _ in 0..<200 where !maps.contains(mapped) {
                maps = (try? String(contentsOfFile: "/proc/\(r.process.processIdentifier)/maps", encoding: .utf8)) ?? ""
                if !maps.contains(mapped) { usleep(50_000) }
            }
            #expect(maps.contains(mapped), "process \(r.process.processIdentifier) does not map \(image)")
        }
        for r in running {
            r.input.fileHandleForWriting.write(Data("101.7045,26.5795\n".utf8))
            try r.input.fileHandleForWriting.close()
            r.process.waitUntilExit()
        }
        let answers = try running.map { try String(contentsOfFile: $0.output, encoding: .utf8) }
        #expect(answers[0] == answers[1] && answers[0].contains("G1"), "\(answers)")
        let after = try FileManager.default.attributesOfItem(atPath: image)
        #expect(after[.modificationDate] as? Date == before[.modificationDate] as? Date
                 && after[.systemFileNumber] as? Int == before[.systemFileNumber] as? Int)
    }

    /// A first start that cannot build the database leaves none behind; a database without areas
    /// is said to be empty by check (and by serve at start).
    @Test func aFailedFirstStartLeavesNothingAndAnEmptyDatabaseIsSaidSo() throws {
        let dir = TemporaryDirectory()
        let missing = try run(["serve", "--db", "new.db", "--demo", "nowhere", "--port", "18999"], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("nowhere/ holds no demo"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("new.db")))
        try FileManager.default.createDirectory(atPath: dir.file("bad"), withIntermediateDirectories: true)
        _ = dir.write("bad/areas.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature"}]}"#)
        let broken = try run(["serve", "--db", "new.db", "--demo", "bad", "--port", "18999"], in: dir)
        #expect(broken.status != 0 && broken.stderr.contains("import of areas refused"), "\(broken.stderr)")
        for suffix in ["", "-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: dir.file("new.db" + suffix))) }
        // Refused late — after the buildings, when the locator's image is written — it leaves no image either.
        let late = TemporaryDirectory()
        SmallDistrict.writeFiles(into: late)
        late.write("persons.csv", "id,household,name\nX1,nowhere\n")
        let lateStart = try run(["serve", "--db", dir.file("late.db"), "--demo", late.path, "--port", "18999"], in: dir)
        #expect(lateStart.status != 0 && lateStart.stderr.contains("refused"), "\(lateStart.stderr)")
        for suffix in ["", "-wal", "-shm", ".locator"] { #expect(!FileManager.default.fileExists(atPath: dir.file("late.db" + suffix)), "late.db\(suffix)") }
        // A database with categories but no areas.
        SmallDistrict.writeFiles(into: dir)
        #expect(try run(["import", "--db", "empty.db", "categories", "categories.json"], in: dir).status == 0)
        let check = try run(["check", "--db", "empty.db"], in: dir)
        #expect(check.status == 1)
        #expect(check.stdout.contains("no_areas"), "\(check.stdout)")
    }

    @Test func hooksAreAddedListedWithoutSecretsAndRemoved() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let bad = try run(["hook", "add", "--db", "w.db", "http://127.0.0.1:9/x", "--events", "dispatched,nonsense"], in: dir)
        #expect(bad.status == 64 && bad.stderr.contains("unknown event 'nonsense'"))
        let added = try run(["hook", "add", "--db", "w.db", "http://127.0.0.1:9/x", "--events", "dispatched,supervised", "--unit", "U-D"], in: dir)
        #expect(added.status == 0, "\(added.stderr)")
        let secret = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("whsec_"))
        let list = try run(["hook", "list", "--db", "w.db"], in: dir)
        #expect(list.stdout.contains("dispatched,supervised\tU-D") && !list.stdout.contains(secret))
        let id = String(list.stdout.prefix { $0 != "\t" })
        #expect(try run(["hook", "remove", "--db", "w.db", id], in: dir).status == 0)
        #expect(try run(["hook", "list", "--db", "w.db"], in: dir).stdout.contains("removed"))
        #expect(try run(["hook", "log", "--db", "w.db"], in: dir).status == 0)
    }

    @Test func aStepOfTheCaseLoopFromTheCommandLine() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let step = try run(["petition", "event", "--db", "w.db", "PA", #"{"action":"supervise","level":2,"due":"2099-01-01","note":"请三日内答复"}"#], in: dir)
        #expect(step.status == 0, "\(step.stderr)")
        #expect(try JSONParser.parse(step.stdout)["supervisions"]?[0]?["level_name"] == "督办")
        let shown = try run(["petition", "show", "--db", "w.db", "PA"], in: dir)
        #expect(try JSONParser.parse(shown.stdout)["events"]?.arrayValue?.last?["action"] == "supervise")
        let bad = try run(["petition", "event", "--db", "w.db", "PA", #"{"action":"extend","working_days":99}"#], in: dir)
        #expect(bad.status == 64 && bad.stderr.contains("working_days"), "\(bad.stderr)")
        let refused = try run(["petition", "event", "--db", "w.db", "PB", #"{"action":"accept"}"#], in: dir)
        #expect(refused.status == 1 && refused.stderr.contains("is closed"), "\(refused.stderr)")
        #expect(try run(["audit", "--db", "w.db"], in: dir).stdout.contains("petition.supervise"))
    }

    @Test func importsThenLocatesAPointAsJSON() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let r = try run(["locate", "--db", "w.db", "101.7045", "26.5795"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout.contains(#""building":{"id":"B1""#))
        #expect(r.stdout.contains(#""grid":{"id":"G1","name":"阳城社区第1网格","worker":"王芳"}"#))
        #expect(r.stdout.contains(#""units":[{"id":"U-C1""#))
    }

    @Test func batchLocateKeepsOrderAndReportsBadLines() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let r = try run(["locate", "--db", "w.db", "--batch"], stdin: "101.7045,26.5795\nnonsense\n101.735,26.58\n", in: dir)
        #expect(r.status == 1, "bad lines make the exit status 1")
        #expect(r.stdout == "101.7045,26.5795,B1,G1,C1,S1,D,U-C1\n,,,,,,,\n101.735,26.58,,G4,C2,S2,D,U-D\n")
        #expect(r.stderr.contains("line 2: expected 'lon,lat'"))
        let skipped = try run(["locate", "--db", "w.db", "--batch", "--skip-bad"], stdin: "101.7045,26.5795\nnonsense\n", in: dir)
        #expect(skipped.status == 0)
        #expect(skipped.stdout == "101.7045,26.5795,B1,G1,C1,S1,D,U-C1\n,,,,,,,\n")
        // Tabs and spaces as spreadsheets and GIS tools copy points; a comma with a space after it.
        let separated = try run(["locate", "--db", "w.db", "--batch"], stdin: "101.7045\t26.5795\n101.7045 26.5795\n101.7045, 26.5795\n", in: dir)
        #expect(separated.status == 0, "\(separated.stderr)")
        #expect(separated.stdout == String(repeating: "101.7045,26.5795,B1,G1,C1,S1,D,U-C1\n", count: 3))
        // One point as map sites copy it.
        let copied = try run(["locate", "--db", "w.db", "101.7045,26.5795"], in: dir)
        #expect(copied.status == 0 && copied.stdout.contains(#""building":{"id":"B1""#))
        // An empty address is refused; a usage error shows the subcommand's own usage.
        let empty = try run(["resolve", "--db", "w.db", ""], in: dir)
        #expect(empty.status != 0 && empty.stderr.contains("the ADDRESS is empty"))
        let layer = try run(["export", "--db", "w.db", "roads"], in: dir)
        #expect(layer.status == 64 && layer.stderr.contains("Usage: wangge export"), "\(layer.stderr)")
        // An export in a Chinese map system says so in the file and on stderr.
        let gcj = try run(["export", "--db", "w.db", "grids", "--crs", "gcj02"], in: dir)
        #expect(gcj.status == 0 && gcj.stderr.contains("not WGS-84"))
        #expect(try JSONParser.parse(gcj.stdout)["coordinate_system"] == "gcj02")
    }

    @Test func resolveAnswersOneAddressAndABatchInOrder() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let one = try run(["resolve", "--db", "w.db", "阳光小区三幢二单元501"], in: dir)
        #expect(one.status == 0, "\(one.stderr)")
        let json = try JSONParser.parse(one.stdout)
        #expect(json["match"]?.stringValue == "exact")
        #expect(json["candidates"]?[0]?["building"]?["id"]?.stringValue == "B1")
        #expect(json["candidates"]?[0]?["household"]?["id"]?.stringValue == "H1")
        #expect(json["candidates"]?[0]?["areas"]?["grid"]?["name"]?.stringValue == "阳城社区第1网格")
        let batch = try run(["resolve", "--db", "w.db", "--batch"], stdin: "人民街8号\n\n金海路12号阳光小区3栋2单元501室\n", in: dir)
        #expect(batch.status == 0)
        let lines = batch.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(lines.count == 3)
        #expect(lines.map { $0?["match"]?.stringValue } == ["exact", "none", "exact"])
        #expect(lines[2]?["query"]?.stringValue == "金海路12号阳光小区3栋2单元501室")
        #expect(try run(["resolve", "--db", "w.db"], in: dir).status != 0)
    }

    @Test func tokensAreCreatedOnceListedWithoutSecretsAndRevoked() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let created = try run(["token", "create", "--db", "w.db", "--role", "unit", "--unit", "U-C1", "--label", "阳城社区"], in: dir)
        #expect(created.status == 0, "\(created.stderr)")
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("wg_"))
        #expect(created.stderr.contains("shown only now"))
        let list = try run(["token", "list", "--db", "w.db"], in: dir)
        #expect(list.stdout.contains(String(secret.prefix(12))))
        #expect(list.stdout.contains("unit=U-C1"))
        #expect(!list.stdout.contains(secret))
        #expect(try run(["token", "revoke", "--db", "w.db", String(secret.prefix(12))], in: dir).status == 0)
        #expect(try run(["token", "list", "--db", "w.db"], in: dir).stdout.contains("revoked"))
        #expect(try run(["token", "revoke", "--db", "w.db", String(secret.prefix(12))], in: dir).status != 0)
        let refused = try run(["token", "create", "--db", "w.db", "--role", "grid_worker"], in: dir)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("needs --area"))
        // Both changes are in the audit log, which never shows the secret.
        let audit = try run(["audit", "--db", "w.db", "--since", "2026-01-01"], in: dir)
        #expect(audit.status == 0)
        let lines = audit.stdout.split(separator: "\n").filter { $0.contains("\ttoken.") }
        #expect(lines.count == 2)
        #expect(audit.stdout.contains("\timport.areas\t"), "imports are audited too")
        #expect(lines.first?.contains("token.create") == true)
        #expect(lines.last?.contains("token.revoke") == true)
        #expect(!audit.stdout.contains(secret))
        #expect(try run(["audit", "--db", "w.db", "--who", "nobody"], in: dir).stdout.isEmpty)
        #expect(try run(["audit", "--db", "w.db", "--since", "yesterday"], in: dir).status != 0)
    }

    @Test func aRefusedImportExitsOneAndListsProblems() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        dir.write("bad.csv", "id,building\nH9,B404\nH9,B1\n")
        let r = try run(["import", "--db", "w.db", "households", "bad.csv"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv: line 2: building: building 'B404' does not exist"))
        #expect(r.stderr.contains("bad.csv: line 3: id: duplicate id 'H9'"))
        #expect(r.stderr.contains("nothing was changed"))
    }

    @Test func checkExitsOneWhenItFindsProblems() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        // B3 straddles G1 and G2.
        let r = try run(["check", "--db", "w.db"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("building_straddles_grids\tbuilding B3 straddles grid cells G1"))
        let json = try run(["check", "--db", "w.db", "--json"], in: dir)
        #expect(json.stdout.contains(#""clean":false"#))
    }

    @Test func checkExitsZeroWhenClean() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        #expect(try run(["import", "--db", "w.db", "areas", "areas.geojson"], in: dir).status == 0)
        let r = try run(["check", "--db", "w.db"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout.contains("clean"))
    }

    @Test func badArgumentsSayWhatToChange() throws {
        let dir = TemporaryDirectory()
        let noDB = try run(["locate", "--db", "missing.db", "101.7", "26.5"], in: dir)
        #expect(noDB.status != 0)
        #expect(noDB.stderr.contains("no database at missing.db"))
        try imported(dir)
        let swapped = try run(["locate", "--db", "w.db", "26.58", "101.7"], in: dir)
        #expect(swapped.status != 0)
        #expect(swapped.stderr.contains("out of range"))
        let crs = try run(["locate", "--db", "w.db", "--crs", "utm", "101.7", "26.58"], in: dir)
        #expect(crs.stderr.contains("unknown --crs 'utm'"))
        let layer = try run(["import", "--db", "w.db", "roads", "x"], in: dir)
        #expect(layer.stderr.contains("unknown layer 'roads'"))
    }

    @Test func checkReportsAnInvalidBoundaryOnceAndQuietly() throws {
        let dir = TemporaryDirectory()
        let bowtie = #"{"type":"Feature","properties":{"id":"G","name":"蝴蝶网格","level":"grid"},"geometry":{"type":"Polygon","coordinates":[[[101.70,26.57],[101.71,26.58],[101.71,26.57],[101.70,26.58],[101.70,26.57]]]}}"#
        let square = SmallDistrict.feature(#""id":"H","name":"旁边网格","level":"grid""#, SmallDistrict.square(101.705, 26.57, 101.715, 26.58))
        dir.write("a.geojsonl", bowtie + "\n" + square + "\n")
        let imported = try run(["import", "--db", "w.db", "areas", "a.geojsonl"], in: dir)
        #expect(imported.status == 0)
        #expect(imported.stderr.contains("self-intersect"))
        let r = try run(["check", "--db", "w.db"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("invalid_geometry\tgrid G has an invalid boundary: Self-intersection"))
        #expect(r.stdout.contains("grid_overlap"))
        #expect(!r.stderr.contains("GEOS"))
        #expect(!r.stderr.contains("RTTOPO"))
    }

    /// Runs a GDAL command-line tool (Debian's gdal-bin, installed by scripts/setup.sh).
    func gdal(_ tool: String, _ arguments: [String], in dir: TemporaryDirectory) throws -> Result {
        let path = "/usr/bin/\(tool)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("\(path) is missing: install gdal-bin (scripts/setup.sh does)")
            return Result(status: -1, stdout: "", stderr: "")
        }
        let (status, output) = try runProcess(path, arguments, in: dir.path)
        return Result(status: status, stdout: output, stderr: "")
    }

    @Test func gdalReadsTheDatabaseAsItIs() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let info = try gdal("ogrinfo", ["-ro", "-so", "-al", "w.db"], in: dir)
        #expect(info.status == 0, "\(info.stdout)")
        #expect(info.stdout.contains("Layer name: area"))
        #expect(info.stdout.contains("Geometry: Multi Polygon"))
        #expect(info.stdout.contains("Feature Count: 11"))
        #expect(info.stdout.contains("Layer name: building"))
        #expect(info.stdout.contains("Feature Count: 3"))
        #expect(info.stdout.contains("WGS 84"))
        // Personal data is not offered as a map layer.
        #expect(!info.stdout.contains("Layer name: person"))
        // The layer statistics QGIS reads its extents from, and China's official CRS, are in the file.
        let stats = try gdal("ogrinfo", ["-ro", "w.db", "-sql", "SELECT row_count, extent_min_x FROM geometry_columns_statistics WHERE f_table_name = 'area'"], in: dir)
        #expect(stats.stdout.contains("row_count (Integer) = 11"), "\(stats.stdout)")
        #expect(stats.stdout.contains("extent_min_x (Real) = 100"), "\(stats.stdout)")
        let srs = try gdal("ogrinfo", ["-ro", "w.db", "-sql", "SELECT count(*) AS n FROM spatial_ref_sys WHERE srid IN (4490, 3857)"], in: dir)
        #expect(srs.stdout.contains("n (Integer) = 2"), "\(srs.stdout)")

        // A planner's round trip: export with ogr2ogr, import the export into a new database.
        let export = try gdal("ogr2ogr", ["-f", "GeoJSON", "areas-out.geojson", "w.db", "area"], in: dir)
        #expect(export.status == 0, "\(export.stdout)")
        let again = try run(["import", "--db", "again.db", "areas", "areas-out.geojson"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("imported 11 areas"))
        let r = try run(["locate", "--db", "again.db", "101.7045", "26.5795"], in: dir)
        #expect(r.stdout.contains(#""grid":{"id":"G1","name":"阳城社区第1网格","worker":"王芳"}"#))
    }

    /// GET over loopback with URLSession, as a browser or GDAL would.
    func get(_ url: String, token: String? = nil) async throws -> (Int, String, String?) {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// `wangge serve` on a random loopback port, building its database from the small
    /// district's files; returns once it answers.
    struct RunningServer {
        var process: Process
        var base: String
        var logPath: String

        /// The secret `serve` printed for a role when it built the demo database.
        func demoToken(_ role: Role) -> String? {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            for line in log.split(separator: "\n") {
                let fields = line.split(separator: "\t").map(String.init)
                if fields.count > 1, fields[0] == role.rawValue { return fields[1] }
            }
            return nil
        }

        func stop() -> String {
            process.terminate()  // SIGTERM
            process.waitUntilExit()
            return (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        }
    }

    func startServer(in dir: TemporaryDirectory, ports: ClosedRange<Int>) async throws -> RunningServer {
        SmallDistrict.writeFiles(into: dir)
        let port = Int.random(in: ports)
        let p = Process()
        p.executableURL = Self.executable
        p.arguments = ["serve", "--db", "served.db", "--demo", ".", "--port", String(port)]
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let logPath = dir.file("serve.log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        // One handle for both, so that the two streams append rather than overwrite each other.
        let log = FileHandle(forWritingAtPath: logPath)
        p.standardError = log
        p.standardOutput = log
        try p.run()
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<100 {
            if (try? await get(base + "/conformance"))?.0 == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return RunningServer(process: p, base: base, logPath: logPath)
    }

    @Test func serveBuildsTheDatabaseAnswersOnLoopbackAndStopsOnSIGTERM() async throws {
        let dir = TemporaryDirectory()
        let server = try await startServer(in: dir, ports: 20_000...40_000)
        defer { if server.process.isRunning { server.process.terminate() } }
        let (status, body, contentType) = try await get(server.base + "/locate?lon=101.7045&lat=26.5795")
        #expect(status == 200)
        #expect(contentType == "application/json; charset=utf-8")
        #expect(body.contains(#""building":{"id":"B1""#))
        let (badStatus, badBody, badType) = try await get(server.base + "/locate?lon=x&lat=1")
        #expect(badStatus == 400)
        #expect(badType == "application/problem+json")
        #expect(badBody.contains("/problems/invalid-parameter"))
        let log = server.stop()
        #expect(server.process.terminationStatus == 0)
        #expect(log.contains("creating it from the demo"))
        #expect(log.contains("path=/locate"))
        #expect(!log.contains("lon=101.7045"), "the access log leaves query strings out")
    }

    @Test func gdalReadsTheServerAsAnOGCAPIFeaturesService() async throws {
        let dir = TemporaryDirectory()
        let server = try await startServer(in: dir, ports: 40_001...60_000)
        defer { if server.process.isRunning { server.process.terminate() } }
        let base = server.base
        let info = try gdal("ogrinfo", ["-ro", "OAPIF:" + base], in: dir)
        #expect(info.status == 0, "\(info.stdout)")
        #expect(!info.stdout.contains("ERROR"), "GDAL reads the API description without complaint: \(info.stdout)")
        for collection in ["provinces", "cities", "districts", "streets", "communities", "grids", "buildings", "units"] {
            #expect(info.stdout.contains(": \(collection) ("), "\(collection) missing in: \(info.stdout)")
        }
        #expect(!info.stdout.contains(": petitions ("), "petitions are not a public layer")
        // With a token (GDAL sends it as a header), the petitions layer is listed and read.
        let token = try #require(server.demoToken(.dispatcher), "serve prints a token per role when it builds the demo database")
        let bearer = ["--config", "GDAL_HTTP_HEADERS", "Authorization: Bearer \(token)"]
        let authorised = try gdal("ogrinfo", bearer + ["-ro", "OAPIF:" + base], in: dir)
        #expect(authorised.stdout.contains(": petitions ("), "\(authorised.stdout)")
        // Two features a page: GDAL must follow the next links to read all four grid cells.
        let copy = try gdal("ogr2ogr", ["-f", "GeoJSON", "grids.geojson", "OAPIF:" + base, "grids", "-oo", "PAGE_SIZE=2"], in: dir)
        #expect(copy.status == 0, "\(copy.stdout)")
        let exported = try JSONParser.parse(try String(contentsOfFile: dir.file("grids.geojson"), encoding: .utf8))
        let ids = exported["features"]?.arrayValue?.compactMap { $0["properties"]?["id"]?.stringValue } ?? []
        #expect(ids.sorted() == ["G1", "G2", "G3", "G4"])
        // Petitions (points, one without geometry) and units (dissolved jurisdictions) read too.
        let petitions = try gdal("ogr2ogr", bearer + ["-f", "GeoJSON", "petitions.geojson", "OAPIF:" + base, "petitions", "-oo", "PAGE_SIZE=2"], in: dir)
        #expect(petitions.status == 0, "\(petitions.stdout)")
        let read = try JSONParser.parse(try String(contentsOfFile: dir.file("petitions.geojson"), encoding: .utf8))
        #expect(read["features"]?.arrayValue?.count == 5)
        // A -where equality filter goes to the server (the API description names it), not
        // evaluated by GDAL after fetching everything.
        let filtered = try gdal("ogrinfo", bearer + ["--debug", "on", "-ro", "OAPIF:" + base, "petitions", "-where", "category='property'"], in: dir)
        #expect(filtered.stdout.contains("/collections/petitions/items?") && filtered.stdout.contains("category=property"), "\(filtered.stdout)")
        let property = read["features"]?.arrayValue?.filter { $0["properties"]?["category"] == "property" }.count ?? -1
        #expect(filtered.stdout.contains("Feature Count: \(property)"), "\(filtered.stdout)")
        #expect(!filtered.stdout.contains("ERROR"))
        let log = server.stop()
        let pages = log.components(separatedBy: "path=/collections/grids/items").count - 1
        #expect(pages >= 2, "GDAL read \(pages) page(s)")
    }

    @Test func exportWritesALayerAsGeoJSONThatGDALReads() throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let grids = try run(["export", "--db", "w.db", "grids", "--bbox", "101.70,26.57,101.715,26.59"], in: dir)
        #expect(grids.status == 0, "\(grids.stderr)")
        let json = try JSONParser.parse(grids.stdout)
        #expect(json["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["G1", "G2"])
        // The worker's phone stays out of exports.
        #expect(!grids.stdout.contains("13800000001"))
        let file = dir.write("grids.geojson", grids.stdout)
        let info = try gdal("ogrinfo", ["-ro", "-so", "-al", file], in: dir)
        #expect(info.stdout.contains("Feature Count: 2"), "\(info.stdout)")

        let petitions = try run(["export", "--db", "w.db", "petitions", "--datetime", "2026-11-01/..", "--where", "category=water", "--crs", "gcj02"], in: dir)
        #expect(petitions.status == 0, "\(petitions.stderr)")
        #expect(try JSONParser.parse(petitions.stdout)["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["PA", "PD"])
        #expect(!petitions.stdout.contains("楼下水管爆裂"), "petition text is personal data and stays out")

        let bad = try run(["export", "--db", "w.db", "grids", "--where", "status=open"], in: dir)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("status: not a parameter here; allowed: crs, bbox, filter, filter-lang, filter-crs, parent, id, name"), "\(bad.stderr)")
        // A CQL2 filter, in either encoding; its errors say where.
        let filtered = try run(["export", "--db", "w.db", "petitions", "--filter",
                                "category = 'water' AND T_AFTER(received_at, DATE('2026-11-01')) AND S_INTERSECTS(geometry, BBOX(101.70, 26.57, 101.71, 26.59))"], in: dir)
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(try JSONParser.parse(filtered.stdout)["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["PA"])
        let encoded = try run(["export", "--db", "w.db", "grids", "--filter-lang", "cql2-json", "--filter",
                            #"{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[101.735,26.58]}]}"#], in: dir)
        #expect(try JSONParser.parse(encoded.stdout)["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["G4"], "\(encoded.stderr)")
        let broken = try run(["export", "--db", "w.db", "grids", "--filter", "name LIKE"], in: dir)
        #expect(broken.status != 0 && broken.stderr.contains("filter: at character 10: expected a pattern in quotes after LIKE"), "\(broken.stderr)")
        let unknown = try run(["export", "--db", "w.db", "roads"], in: dir)
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown layer 'roads'"))
    }

    @Test func heatmapWritesTheSameGeoJSONAsTheServer() async throws {
        let dir = TemporaryDirectory()
        try imported(dir)
        let cli = try run(["heatmap", "--db", "w.db", "--bin", "area", "--level", "grid", "--from", "2025-01-01"], in: dir)
        #expect(cli.status == 0, "\(cli.stderr)")
        let server = try await startServer(in: dir, ports: 20_000...40_000)
        defer { if server.process.isRunning { server.process.terminate() } }
        // The CLI answers a local operator, who sees every bin: the same as a dispatcher.
        let token = try run(["token", "create", "--db", "served.db", "--role", "dispatcher"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let (status, body, _) = try await get(server.base + "/heatmap?bin=area&level=grid&from=2025-01-01", token: token)
        _ = server.stop()
        #expect(status == 200)
        #expect(try JSONParser.parse(cli.stdout) == JSONParser.parse(body))
        #expect(try JSONParser.parse(cli.stdout)["numberMatched"] == 4)
        let tooMany = try run(["heatmap", "--db", "w.db", "--size", "10", "--bbox", "100,20,110,30"], in: dir)
        #expect(tooMany.status != 0)
        #expect(tooMany.stderr.contains("more than 200000; use size="), "\(tooMany.stderr)")
    }
}

extension WanggeCLITests {
    /// A long import shows a progress line on a terminal and writes none into a log or a pipe.
    @Test func aLongImportShowsProgressOnATerminalOnly() throws {
        let dir = TemporaryDirectory()
        let geodata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("geodata").path
        for layer in ["areas", "buildings"] {
            let file = layer == "areas" ? "areas.geojson" : "buildings.geojsonl"
            #expect(try run(["import", "--db", "w.db", layer, geodata + "/" + file], in: dir).status == 0)
        }
        let piped = try run(["import", "--db", "w.db", "households", geodata + "/households.csv"], in: dir)
        #expect(piped.status == 0 && !piped.stderr.contains("rows,"), "\(piped.stderr)")
        // On a terminal (script(1) gives the command one): the line, rewritten in place.
        let command = "\(Self.executable.path) import --db w.db households \(geodata)/households.csv"
        let typed = try runProcess("/usr/bin/script", ["-qec", command, "/dev/null"], in: dir.path)
        #expect(typed.status == 0 && typed.output.contains("households: 10000 rows") && typed.output.contains("\u{1B}[K"), "\(typed.output)")
        #expect(typed.output.contains("imported 34919 households"))
    }
}
