import ArgumentParser
import Foundation
import GridDemo
import GridGeo
import GridModel
import GridService
import GridStore

/// The bulk import of history petitions, whole process: `wangge import petitions` run as its
/// own process on a seeded file over the synthetic city, into SQLite and (given a server) into
/// PostgreSQL, beside PostgreSQL's own bare `COPY` of the very same rows (read back from the
/// imported database) into a table with only a GiST index, in the same run.
struct HistoryImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history",
        abstract: "History petitions imported per second by `wangge import`, into SQLite and PostgreSQL, beside a bare COPY.")

    @Option(help: "How many petitions the file holds.") var petitions = 1_000_000
    @Option(help: "How many of the city's buildings to import first (placement finds them).") var buildings = 100_000
    @Option(help: "A PostgreSQL server's URL (a user that may create databases); without it, SQLite only.") var postgres: String?
    @Option(help: "The folder with the demo's categories.json, calendar.json and rules.json.") var geodata = "geodata"
    @Option(help: "Where to write the files and databases (default: a new temporary folder); a file or base database an earlier run left there for the same sizes is used again.") var dir: String?
    @Flag(help: "Write the city's folder and the petitions file, then stop (for bench/scale.sh).") var filesOnly = false
    @Flag(help: "Import into SQLite inside this process instead of running `wangge import` (for profiling; no start-up counted, no PostgreSQL).")
    var inProcess = false

    func run() throws {
        let dir = self.dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("wangge-history-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir + "/city", withIntermediateDirectories: true)
        defer { if self.dir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let wangge = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("wangge").path
        guard FileManager.default.isExecutableFile(atPath: wangge) else { throw ValidationError("build wangge beside wangge-bench first: \(wangge)") }

        // Files a run with the same --dir and sizes wrote are used again (the seeds are fixed).
        let file = dir + "/petitions-\(petitions).geojsonl", base = dir + "/base-\(buildings).db"
        let fresh = !FileManager.default.fileExists(atPath: file) || !FileManager.default.fileExists(atPath: base) || postgres != nil || filesOnly
        let (city, box) = fresh ? try writeCity(into: dir + "/city") : (0, BoundingBox.empty)
        if !FileManager.default.fileExists(atPath: file) {
            let (_, tFile) = try timed { try writePetitions(count: petitions, box: box, to: file + ".part") }
            try FileManager.default.moveItem(atPath: file + ".part", toPath: file)
            print("file written in \(f(tFile, 1)) s")
        }
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("city: \(fresh ? "\(city)" : "(as before)") areas, \(buildings) buildings; file: \(petitions) petitions, \(f(Double(size) / 1e6, 0)) MB")

        if filesOnly { return }

        // SQLite: the registry first, then the timed import into a copy of it.
        if !FileManager.default.fileExists(atPath: base) {
            _ = try runProcess(wangge, ["import", "--db", base + ".part", "all", dir + "/city"])
            for suffix in ["", ".locator"] { try FileManager.default.moveItem(atPath: base + ".part" + suffix, toPath: base + suffix) }
        }
        for suffix in ["", ".locator"] {
            try? FileManager.default.removeItem(atPath: dir + "/history.db" + suffix)
            try? FileManager.default.copyItem(atPath: base + suffix, toPath: dir + "/history.db" + suffix)
        }
        if inProcess {
            let importer = Importer(store: try GridStore(path: dir + "/history.db"))
            let (summary, t) = try timed { try importer.import(.petitions, file: file) }
            print("SQLite (in process): \(summary.records) petitions in \(f(t, 2)) s = \(f(Double(summary.records) / t, 0)) petitions/s")
            try deadlineRound(dir + "/history.db")
            return
        }
        let sqlite = try runProcess(wangge, ["import", "--db", dir + "/history.db", "petitions", file])
        report("SQLite (wangge import)", sqlite)
        try deadlineRound(dir + "/history.db")

        guard let postgres else { return }
        let database = "wangge_history_bench_\(getpid())"
        let admin = try PostgresAdmin(url: postgres)
        try admin.psql(["-c", "CREATE DATABASE \(database)"])
        defer { try? admin.psql(["-c", "DROP DATABASE IF EXISTS \(database)"]) }
        let url = admin.url(database: database)
        _ = try runProcess(wangge, ["import", "--db", url, "all", dir + "/city"])
        let pg = try runProcess(wangge, ["import", "--db", url, "petitions", file])
        report("PostgreSQL (wangge import, COPY)", pg)

        // The same rows, as PostgreSQL holds them, into a bare table with a GiST index.
        let rows = dir + "/petition.copy", eventRows = dir + "/event.copy"
        try admin.psql(["-d", database, "-c", "\\copy (SELECT * FROM petition) TO '\(rows)'"])
        try admin.psql(["-d", database, "-c", "\\copy (SELECT * FROM petition_event) TO '\(eventRows)'"])
        try admin.psql(["-d", database, "-c", """
            CREATE TABLE bare_petition (LIKE petition); CREATE INDEX ON bare_petition USING gist (position);
            CREATE TABLE bare_event (LIKE petition_event)
            """])
        let bare = try runProcess(admin.psqlPath, admin.arguments + ["-d", database, "-v", "ON_ERROR_STOP=1",
                                                                      "-c", "\\copy bare_petition FROM '\(rows)'",
                                                                      "-c", "\\copy bare_event FROM '\(eventRows)'"])
        report("PostgreSQL bare COPY (petitions + events, GiST only)", bare)
        print("PostgreSQL: wangge import takes \(f(pg.seconds / bare.seconds, 2))× the bare COPY's time")
    }

    /// The server's minute round of deadline warnings right after the import, beside what a
    /// round read before warning times were stored: every open case, decoded.
    func deadlineRound(_ path: String) throws {
        let store = try GridStore(path: path)
        let desk = PetitionDesk(store: store)
        let (raised, tRound) = try timed { try desk.raiseWarnings() }
        let (open, tOpen) = try timed { try store.openPetitions(unit: nil, area: nil, status: nil).count }
        print("deadline round after the import: \(raised) warnings raised in \(f(tRound * 1000, 1)) ms (the import raised those due); "
              + "reading all \(open) open cases, as a round did before, takes \(f(tOpen * 1000, 0)) ms")
    }

    func report(_ what: String, _ r: ProcessRun) {
        print("\(what): \(petitions) petitions in \(f(r.seconds, 2)) s = \(f(Double(petitions) / r.seconds, 0)) petitions/s, peak memory \(f(r.peakMiB, 0)) MiB")
    }

    /// The synthetic city's areas and a share of its buildings as GeoJSON text sequences, the
    /// demo's categories, calendar and rules, and units: the demo's, each given a share of the
    /// city's areas at its level.
    func writeCity(into dir: String) throws -> (areas: Int, box: BoundingBox) {
        let city = SyntheticCity.grid(buildingsPerCell: max(1, (buildings + 99_999) / 100_000))
        var text = ""
        var box = BoundingBox.empty
        for a in city.areas {
            var props = JSONObject([("id", .string(a.id)), ("name", .string(a.name)), ("level", .string(a.level.rawValue))])
            if let p = a.parent { props["parent"] = .string(p) }
            text += Feature(geometry: .multiPolygon(a.boundary), properties: props).jsonText(decimals: 7) + "\n"
            if a.level == .district { box.extend(a.boundary.boundingBox) }
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/areas.geojsonl"))
        text = ""
        for b in city.buildings.prefix(buildings) {
            text += Feature(geometry: .multiPolygon(b.footprint!), properties: JSONObject([("id", .string(b.id)), ("address", .string(b.address))])).jsonText(decimals: 7) + "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/buildings.geojsonl"))
        for name in ["categories.json", "calendar.json", "rules.json"] {
            try? FileManager.default.removeItem(atPath: dir + "/" + name)
            try FileManager.default.copyItem(atPath: geodata + "/" + name, toPath: dir + "/" + name)
        }
        guard case .success(let json) = Result(catching: { try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: geodata + "/units.json")))) }),
              let units = json.objectValue?["units"]?.arrayValue else { throw ValidationError("no units in \(geodata)/units.json") }
        var byLevel: [String: [String]] = [:]
        for a in city.areas { byLevel[a.level.rawValue, default: []].append(a.id) }
        var seen: [String: Int] = [:]
        let perLevel = Dictionary(grouping: units.compactMap { $0.objectValue?["level"]?.stringValue }, by: { $0 }).mapValues(\.count)
        var out: [JSONValue] = []
        for u in units {
            guard var o = u.objectValue, let level = o["level"]?.stringValue, let areas = byLevel[level], let n = perLevel[level] else { continue }
            let k = seen[level, default: 0]
            seen[level] = k + 1
            o["jurisdiction"] = .array(areas.enumerated().filter { $0.offset % n == k }.map { .string($0.element) })
            out.append(.object(o))
        }
        try Data(JSONValue.object(JSONObject([("units", .array(out))])).jsonText.utf8).write(to: URL(fileURLWithPath: dir + "/units.json"))
        return (city.areas.count, box)
    }

    /// Petitions over two years with their milestones, as one GeoJSON feature a line, written as
    /// they are made (ten million take no more memory than one).
    func writePetitions(count: Int, box: BoundingBox, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path)")
        }
        defer { try? out.close() }
        var rng = SeededGenerator(seed: 19)
        let end = Timestamp(seconds: 1_796_054_400)   // 2026-12-01 China time
        let statuses = ["received", "dispatched", "accepted", "replied", "resolved", "closed", "closed", "closed", "closed", "closed"]
        let kinds = ["request", "complain", "consult", "suggest"]
        let channels = ["hotline", "hotline", "miniapp", "web", "service_point"]
        var chunk = ""
        chunk.reserveCapacity(8 << 20)
        SyntheticCity.forEachPetition(count: count, in: box, end: end, seed: 19) { k, p in
            let received = Timestamp(seconds: end.seconds - (end.seconds - p.receivedAt.seconds) * 2)
            let status = rng.pick(statuses), kind = rng.pick(kinds)
            var props = JSONObject([("id", .string("H\(k)")), ("received_at", .string(received.description)),
                                    ("channel", .string(rng.pick(channels))), ("kind", .string(kind)), ("category", .string(p.category)),
                                    ("urgency", .string("normal")), ("text", .string("历史诉求\(k)：\(p.category)")), ("status", .string(status))])
            for (key, value) in DemoDistrict.milestones(status: status, kind: kind, received: received.description, rng: &rng) { props[key] = value }
            chunk += Feature(geometry: .point(p.location!), properties: props).jsonText(decimals: 7) + "\n"
            if chunk.utf8.count > 8 << 20 { out.write(Data(chunk.utf8)); chunk.removeAll(keepingCapacity: true) }
        }
        out.write(Data(chunk.utf8))
    }
}

/// A finished child process: its wall time and peak memory.
struct ProcessRun {
    var seconds: Double
    var peakMiB: Double
}

/// Runs a program to its end, its output discarded; throws when it fails.
func runProcess(_ path: String, _ arguments: [String]) throws -> ProcessRun {
    // Under /usr/bin/time for the child's own peak memory (its last line of standard error).
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    p.arguments = ["-f", "%M"] + [path] + arguments
    p.standardOutput = FileHandle.nullDevice
    let errors = Pipe()
    p.standardError = errors
    let clock = ContinuousClock()
    let start = clock.now
    try p.run()
    let text = errors.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let t = seconds(clock.now - start)
    guard p.terminationStatus == 0 else {
        throw BenchFailure(message: "\(path) \(arguments.joined(separator: " ")) failed: \(String(decoding: text.suffix(2000), as: UTF8.self))")
    }
    let kilobytes = String(decoding: text, as: UTF8.self).split(separator: "\n").last.flatMap { Double($0) } ?? 0
    return ProcessRun(seconds: t, peakMiB: kilobytes / 1024)
}

/// A step of a benchmark that failed, with what it printed.
struct BenchFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// psql against a server given by URL (`postgresql://user@host:port/db`).
struct PostgresAdmin {
    var user: String
    var host: String
    var port: String
    let psqlPath = ["/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "psql"

    init(url: String) throws {
        guard let u = URLComponents(string: url), let host = u.host else { throw ValidationError("not a postgresql:// URL: \(url)") }
        user = u.user ?? "postgres"
        self.host = host
        port = String(u.port ?? 5432)
    }

    var arguments: [String] { ["-X", "-q", "-h", host, "-p", port, "-U", user, "-d", "postgres"] }

    func url(database: String) -> String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    func psql(_ more: [String]) throws {
        _ = try runProcess(psqlPath, arguments + ["-v", "ON_ERROR_STOP=1"] + more)
    }
}
