import ArgumentParser
import Foundation
import GridGeo
import GridModel
import GridService
import GridStore

/// Vector tiles per tile, z10–z16, over the synthetic city with many buildings and petitions:
/// Wangge's `FeatureTiles` over the SQLite store (in process, as the server makes them before
/// sending) beside PostGIS's `ST_AsMVT` over the very same rows in PostgreSQL, timed inside the
/// server (no client or network on either side), on the same tiles in the same run. Both write
/// the layer's public properties (those the items carry).
struct TilesBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tiles",
        abstract: "Vector tiles made per tile at z10–z16 by Wangge and by PostGIS's ST_AsMVT on the same rows.")

    @Option(help: "Buildings of the synthetic city to import.") var buildings = 1_000_000
    @Option(help: "Petitions over two years to import.") var petitions = 1_000_000
    @Option(help: "A PostgreSQL + PostGIS server's URL (a user that may create databases).") var postgres: String
    @Option(help: "Tiles per zoom (the same ones for both).") var tilesPerZoom = 60
    @Option(help: "The folder with the demo's categories.json, calendar.json, rules.json and units.json.") var geodata = "geodata"
    @Option(help: "Where to write the files and databases (default: a new temporary folder); an existing one is reused.") var dir: String?
    @Option(help: "Timed passes over the tiles on Wangge's side (for profiling; the figures are the last pass's).") var passes = 1
    @Flag(help: "Leave PostGIS out (for profiling Wangge's side).") var noPostgis = false
    @Option(help: "The lowest zoom timed.") var minZoom = 10

    func run() throws {
        let dir = self.dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("wangge-tiles-\(getpid())").path
        defer { if self.dir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let wangge = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("wangge").path
        guard FileManager.default.isExecutableFile(atPath: wangge) else { throw ValidationError("build wangge beside wangge-bench first: \(wangge)") }
        let admin = try PostgresAdmin(url: postgres)
        let database = "wangge_tiles_bench"
        let url = admin.url(database: database)

        // The city, its petitions, and both databases (kept in --dir for the next run).
        if !FileManager.default.fileExists(atPath: dir + "/tiles.db") {
            try FileManager.default.createDirectory(atPath: dir + "/city", withIntermediateDirectories: true)
            let history = try HistoryImportBench.parse(["--buildings", String(buildings), "--geodata", geodata])
            let (_, box) = try history.writeCity(into: dir + "/city")
            try history.writePetitions(count: petitions, box: box, to: dir + "/petitions.geojsonl")
            let a = try runProcess(wangge, ["import", "--db", dir + "/building.db", "all", dir + "/city"])
            let b = try runProcess(wangge, ["import", "--db", dir + "/building.db", "petitions", dir + "/petitions.geojsonl"])
            print("SQLite: city imported in \(f(a.seconds, 0)) s, petitions in \(f(b.seconds, 0)) s")
            try? admin.psql(["-c", "DROP DATABASE IF EXISTS \(database)"])
            try admin.psql(["-c", "CREATE DATABASE \(database)"])
            let c = try runProcess(wangge, ["import", "--db", url, "all", dir + "/city"])
            let d = try runProcess(wangge, ["import", "--db", url, "petitions", dir + "/petitions.geojsonl"])
            try admin.psql(["-d", database, "-c", "VACUUM ANALYZE"])
            print("PostgreSQL: city imported in \(f(c.seconds, 0)) s, petitions in \(f(d.seconds, 0)) s")
            try FileManager.default.moveItem(atPath: dir + "/building.db", toPath: dir + "/tiles.db")
        }
        let store = try GridStore(path: dir + "/tiles.db")
        let layers = FeatureLayers(store: store)
        let sample = try layers.page(of: .petitions, FeaturePage(limit: 5000))
        print("rows: \(try store.counts()["building"] ?? 0) buildings, \(sample.matched) petitions")

        // The tiles: around petitions picked at random (the ids are in no spatial order), per zoom.
        let ledgers = StoreSnapshot(store: store, following: .petitions) { try PetitionLedger(store: $0) }
        _ = try ledgers.current()
        var rng = SeededGenerator(seed: 16)
        let located: [Coordinate] = sample.features.compactMap { if case .point(let c)? = $0.geometry { c } else { nil } }
        var work: [(layer: FeatureLayer, tile: WebMercatorTile)] = []
        for z in max(0, minZoom)...16 {
            var seen = Set<WebMercatorTile>()
            // (At low zooms the whole city may lie in fewer tiles than asked for.)
            for _ in 0..<20_000 where seen.count < tilesPerZoom {
                let c = located[rng.int(0...(located.count - 1))]
                let u = WebMercatorTile.unit(lon: c.lon, lat: c.lat)
                seen.insert(WebMercatorTile(z: z, x: Int(u.x * Double(1 << z)), y: Int(u.y * Double(1 << z)))!)
            }
            for t in seen.sorted(by: { ($0.x, $0.y) < ($1.x, $1.y) }) {
                work.append((.petitions, t))
                if FeatureTiles.zooms(of: .buildings).contains(z) { work.append((.buildings, t)) }
            }
        }

        // Wangge: the registry's layers read into memory (as a server does behind its first
        // requests), each tile made once to warm the caches, then timed.
        let tiles = FeatureTiles(layers: layers, ledgers: ledgers)
        let memoryBefore = residentMemoryMiB()
        let (_, readSeconds) = try timed { try tiles.prepareInMemoryLayers() }
        print("in-memory tile layers read in \(f(readSeconds, 1)) s; resident memory \(f(memoryBefore, 0)) → \(f(residentMemoryMiB(), 0)) MiB")
        var mine: [String: [(ms: Double, bytes: Int)]] = [:]
        for pass in 0...passes {
            if pass == passes { mine = [:] }
            for w in work {
                let clock = ContinuousClock(), start = clock.now
                let bytes = try tiles.tile(w.layer, w.tile, scope: PetitionScope())
                if pass > 0 { mine["\(w.layer.collectionID) z\(w.tile.z)", default: []].append((seconds(clock.now - start) * 1000, bytes.count)) }
            }
        }

        // PostGIS: the same tiles in one PL/pgSQL loop, each timed with clock_timestamp().
        let list = work.map { "('\($0.layer.collectionID)',\($0.tile.z),\($0.tile.x),\($0.tile.y))" }.joined(separator: ",")
        let script = """
            CREATE TEMP TABLE work(layer text, z int, x int, y int);
            INSERT INTO work VALUES \(list);
            CREATE TEMP TABLE timing(layer text, z int, ms double precision, bytes int);
            DO $$
            DECLARE w record; t0 timestamptz; tile bytea; pass int;
            BEGIN
              FOR pass IN 0..1 LOOP
                FOR w IN SELECT * FROM work LOOP
                  t0 := clock_timestamp();
                  IF w.layer = 'buildings' THEN
                    SELECT ST_AsMVT(q, 'buildings', 4096, 'geom') INTO tile FROM (
                      SELECT id, address, name, number, floors, grid_id AS grid, community_id AS community, street_id AS street,
                             district_id AS district, ST_AsMVTGeom(ST_Transform(footprint, 3857), ST_TileEnvelope(w.z, w.x, w.y), 4096, 64, true) AS geom
                      FROM building WHERE footprint && ST_Transform(ST_TileEnvelope(w.z, w.x, w.y, margin => 64.0 / 4096), 4326)) q;
                  ELSIF w.z >= 14 THEN
                    SELECT ST_AsMVT(q, 'petitions', 4096, 'geom') INTO tile FROM (
                      SELECT id, received_at, channel, kind, category, urgency, status, building_id AS building, grid_id AS grid,
                             community_id AS community, street_id AS street, district_id AS district, resolve_by, unit_id AS unit,
                             ST_AsMVTGeom(ST_Transform(position, 3857), ST_TileEnvelope(w.z, w.x, w.y), 4096, 64, true) AS geom
                      FROM petition WHERE position && ST_Transform(ST_TileEnvelope(w.z, w.x, w.y, margin => 64.0 / 4096), 4326)) q;
                  ELSE
                    -- Below z14 a tile holds too many points: counted into 64 × 64 cells, as Wangge does.
                    SELECT ST_AsMVT(q, 'petitions', 4096, 'geom') INTO tile FROM (
                      SELECT count(*) AS count, ST_MakePoint(cx * 64 + 32, cy * 64 + 32) AS geom FROM (
                        SELECT floor(ST_X(g) / 64) AS cx, floor(ST_Y(g) / 64) AS cy FROM (
                          SELECT ST_AsMVTGeom(ST_Transform(position, 3857), ST_TileEnvelope(w.z, w.x, w.y), 4096, 0, true) AS g
                          FROM petition WHERE position && ST_Transform(ST_TileEnvelope(w.z, w.x, w.y), 4326)) p WHERE g IS NOT NULL) c
                      GROUP BY cx, cy) q;
                  END IF;
                  IF pass = 1 THEN
                    INSERT INTO timing VALUES (w.layer, w.z, extract(epoch FROM clock_timestamp() - t0) * 1000, coalesce(length(tile), 0));
                  END IF;
                END LOOP;
              END LOOP;
            END $$;
            SELECT layer || ' z' || z, string_agg(ms::text || ':' || bytes::text, ',') FROM timing GROUP BY layer, z;
            """
        let out = noPostgis ? "" : try admin.query(database: database, script)
        var theirs: [String: [(ms: Double, bytes: Int)]] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: "|")
            guard parts.count == 2 else { continue }
            theirs[String(parts[0])] = parts[1].split(separator: ",").compactMap { pair in
                let v = pair.split(separator: ":")
                guard v.count == 2, let ms = Double(v[0]), let bytes = Int(v[1]) else { return nil }
                return (ms, bytes)
            }
        }

        print("per tile, \(tilesPerZoom) tiles a zoom (ms: median / p99; tiles/s one after another; mean size)")
        print("layer zoom | Wangge median p99 tiles/s KB | PostGIS median p99 tiles/s KB | PostGIS/Wangge (mean time)")
        func order(_ key: String) -> Int {
            let zoom = Int(key.split(separator: "z").last ?? "") ?? 0
            return (key.hasPrefix("petitions") ? 100 : 0) + zoom
        }
        for key in mine.keys.sorted(by: { order($0) < order($1) }) {
            let a = mine[key] ?? [], b = theirs[key] ?? []
            func summary(_ s: [(ms: Double, bytes: Int)]) -> (String, Double) {
                guard !s.isEmpty else { return ("-", .nan) }
                let ms = s.map(\.ms).sorted()
                let mean = ms.reduce(0, +) / Double(ms.count)
                let p99 = ms[min(ms.count - 1, Int((Double(ms.count) * 0.99).rounded(.up)) - 1)]
                let kb = Double(s.map(\.bytes).reduce(0, +)) / Double(s.count) / 1024
                return ("\(f(ms[ms.count / 2], 2)) \(f(p99, 2)) \(f(1000 / mean, 0)) \(f(kb, 1))", mean)
            }
            let (sa, ma) = summary(a), (sb, mb) = summary(b)
            print("\(key) | \(sa) | \(sb) | \(f(mb / ma, 1))×")
        }
    }
}

extension PostgresAdmin {
    /// Runs a script in `database` and returns what it printed (unaligned, tuples only).
    func query(database: String, _ script: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: psqlPath)
        p.arguments = Array(arguments.dropLast(2)) + ["-d", database, "-v", "ON_ERROR_STOP=1", "-A", "-t", "-f", "-"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = errors
        try p.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchFailure(message: "psql: " + String(decoding: problems, as: UTF8.self)) }
        return String(decoding: text, as: UTF8.self)
    }
}
