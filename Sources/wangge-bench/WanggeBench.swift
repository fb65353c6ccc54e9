import ArgumentParser
import Foundation
import GridDemo
import GridGeo
import GridModel
import GridService
import GridStore

/// Benchmarks with seeded data and printed figures (never timed assertions in tests).
/// Build with `swift build -c release --product wangge-bench`; see BENCHMARKS.md.
@main
struct WanggeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge-bench",
        abstract: "Seeded benchmarks of locate, index build, import and heat maps.",
        subcommands: [LocateBench.self, ImportBench.self, HistoryImportBench.self, ComplexMap.self, HeatmapBench.self, ResolveBench.self, NoticesBench.self, WorkListBench.self, WarningsBench.self, TilesBench.self])
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let v = try body()
    return (v, seconds(clock.now - start))
}

/// Peak resident memory of this process so far.
func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Resident memory of this process now (VmRSS), which unlike the peak shows what a structure
/// built after the peak keeps.
func residentMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

func f(_ v: Double, _ decimals: Int = 2) -> String { String(format: "%.\(decimals)f", v) }

/// The demo district without its petitions, written into `dir` and imported into `dir/demo.db`.
func demoStore(in dir: String, report: (ImportSummary) -> Void = { _ in }) throws -> (DemoDistrict, GridStore) {
    let demo = DemoDistrict.generate(petitionCount: 0)
    for (name, text) in demo.files() where name != "petitions.geojsonl" {
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
    }
    let store = try GridStore(path: dir + "/demo.db")
    try Importer(store: store).importFolder(dir, report: report)
    return (demo, store)
}

struct LocateBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "locate",
        abstract: "Locate throughput after load on the demo and on a 100,000-cell, 1 M-building city; index build time; peak memory.")

    @Option(help: "Points per run.") var points = 2_000_000
    @Option(help: "Runs per map (the best is reported).") var runs = 3
    @Flag(help: "Skip the 100,000-cell city.") var demoOnly = false
    @Flag(help: "Skip the demo.") var cityOnly = false

    func measure(_ name: String, _ locator: Locator, box: BoundingBox) {
        var rng = SeededGenerator(seed: 42)
        var xs = [Double](repeating: 0, count: points), ys = xs
        for k in 0..<points { xs[k] = rng.uniform(box.minLon, box.maxLon); ys[k] = rng.uniform(box.minLat, box.maxLat) }
        var best = Double.infinity
        var found = 0
        for _ in 0..<runs {
            var hits = 0
            let (_, t) = timed {
                for k in 0..<points where locator.hit(lon: xs[k], lat: ys[k]).areas.5 >= 0 { hits += 1 }
            }
            best = min(best, t)
            found = hits
        }
        print("\(name): \(points) random points in the bbox, best of \(runs): \(f(best, 3)) s = \(f(Double(points) / best / 1e6, 2)) M points/s on one core (\(found) inside a grid cell)")
        var bestBatch = Double.infinity
        let batchRuns = ProcessInfo.processInfo.environment["WANGGE_BENCH_BATCH_RUNS"].flatMap { Int($0) } ?? runs
        for _ in 0..<batchRuns {
            let (hits, t) = timed { locator.hits(lons: xs, lats: ys) }
            bestBatch = min(bestBatch, t)
            precondition(hits.filter { $0.areas.5 >= 0 }.count == found, "batch and single answers differ")
        }
        if ProcessInfo.processInfo.environment["WANGGE_BENCH_SPLIT"] != nil {
            // Lookups alone, on points already in Hilbert order (the batch path's inner loop).
            let keys = (0..<points).map { k in PackedRTree.hilbert(UInt32((xs[k] - box.minLon) / (box.maxLon - box.minLon) * 65535), UInt32((ys[k] - box.minLat) / (box.maxLat - box.minLat) * 65535)) }
            let order = (0..<points).sorted { keys[$0] < keys[$1] }
            let sx = order.map { xs[$0] }, sy = order.map { ys[$0] }
            let repeats = ProcessInfo.processInfo.environment["WANGGE_BENCH_SPLIT"] == "profile" ? 10 : 1
            let (_, t) = timed { for _ in 0..<repeats { var hits = 0; for k in 0..<points where locator.hit(lon: sx[k], lat: sy[k]).areas.5 >= 0 { hits += 1 }; precondition(hits == found) } }
            print("  lookups alone in Hilbert order: \(f(Double(points * repeats) / t / 1e6, 2)) M points/s")
        }
        print("\(name), batch path (Locator.hits): \(f(bestBatch, 3)) s = \(f(Double(points) / bestBatch / 1e6, 2)) M points/s on one core")
    }

    func run() throws {
        if !cityOnly { try runDemo() }
        guard !demoOnly else { print("peak memory: \(f(peakMemoryMiB(), 0)) MiB"); return }
        try runCity()
    }

    func runDemo() throws {
        let (demo, tGen) = timed { DemoDistrict.generate(petitionCount: 0) }
        let (demoLocator, tDemo) = timed { Locator(areas: demo.areas, buildings: demo.buildings, units: demo.units) }
        print("demo: \(demo.areas.count) areas, \(demo.buildings.count) buildings; generated in \(f(tGen)) s, index built in \(f(tDemo * 1000, 1)) ms")
        measure("demo locate", demoLocator, box: demo.areas.first { $0.level == .district }!.boundary.boundingBox)
    }

    func runCity() throws {
        let (city, tCity) = timed { SyntheticCity.grid() }
        let grids = city.areas.filter { $0.level == .grid }.count
        print("city: \(city.areas.count) areas (\(grids) grid cells), \(city.buildings.count) buildings; generated in \(f(tCity)) s")
        let (cityLocator, tBuild) = timed { Locator(areas: city.areas, buildings: city.buildings, units: city.units) }
        print("city: index built in \(f(tBuild)) s")
        var box = BoundingBox.empty
        for a in city.areas where a.level == .district { box.extend(a.boundary.boundingBox) }
        measure("city locate", cityLocator, box: box)
        print("peak memory: \(f(peakMemoryMiB(), 0)) MiB")
    }
}

struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import",
        abstract: "Import rate of every demo layer, and of the city's 100,000 grid cells and a share of its buildings, into fresh databases.")

    @Option(help: "How many of the city's buildings to import.") var cityBuildings = 250_000

    func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try demoStore(in: dir) { s in
            print("demo \(s.layer.rawValue): \(s.records) records in \(f(s.seconds, 3)) s = \(f(Double(s.records) / s.seconds, 0)) records/s")
        }
        let city = SyntheticCity.grid()
        var areaText = ""
        for a in city.areas {
            var props = JSONObject([("id", .string(a.id)), ("name", .string(a.name)), ("level", .string(a.level.rawValue))])
            if let p = a.parent { props["parent"] = .string(p) }
            areaText += Feature(geometry: .multiPolygon(a.boundary), properties: props).jsonText(decimals: 7) + "\n"
        }
        var buildingText = ""
        for b in city.buildings.prefix(cityBuildings) {
            buildingText += Feature(geometry: .multiPolygon(b.footprint!), properties: JSONObject([("id", .string(b.id)), ("address", .string(b.address))])).jsonText(decimals: 7) + "\n"
        }
        try Data(areaText.utf8).write(to: URL(fileURLWithPath: dir + "/city-areas.geojsonl"))
        try Data(buildingText.utf8).write(to: URL(fileURLWithPath: dir + "/city-buildings.geojsonl"))
        let cityImporter = Importer(store: try GridStore(path: dir + "/city.db"))
        for (layer, file) in [(ImportLayer.areas, "city-areas.geojsonl"), (.buildings, "city-buildings.geojsonl")] {
            let s = try cityImporter.import(layer, file: dir + "/" + file)
            print("city \(layer.rawValue): \(s.records) records in \(f(s.seconds, 2)) s = \(f(Double(s.records) / s.seconds, 0)) records/s")
        }
        print("peak memory: \(f(peakMemoryMiB(), 0)) MiB")
    }
}

struct ComplexMap: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "complex-map",
        abstract: "Write the real-world-like map (~200 complex polygons, ~300,000 vertices; or a 'country' with --cols 60 --rows 50 --vertices-per-edge 360) and seeded points, for bench/compare-shapely.sh and bench/compare-country.sh.")

    @Option(help: "Folder to write complex-areas.geojson and points.csv into.") var out: String
    @Option(help: "Number of points.") var points = 1_000_000
    @Option(help: "Polygons across.") var cols = 20
    @Option(help: "Polygons down.") var rows = 10
    @Option(help: "Vertices along each side of a polygon.") var verticesPerEdge = 375

    func run() throws {
        let areas = SyntheticCity.complexPolygons(cols: cols, rows: rows, verticesPerEdge: verticesPerEdge)
        let vertices = areas.reduce(0) { $0 + $1.boundary.polygons[0].exterior.count }
        let selfIntersecting = areas.filter { !GeoJSON.warnings(for: .multiPolygon($0.boundary)).isEmpty }.count
        var text = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for (k, a) in areas.enumerated() {
            let props = JSONObject([("id", .string(a.id)), ("name", .string(a.name)), ("level", .string("grid"))])
            text += Feature(geometry: .polygon(a.boundary.polygons[0]), properties: props).jsonText(decimals: 7) + (k == areas.count - 1 ? "\n" : ",\n")
        }
        text += "]}\n"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: out + "/complex-areas.geojson"))
        var box = BoundingBox.empty
        for a in areas { box.extend(a.boundary.boundingBox) }
        try Data(SyntheticCity.pointsCSV(count: points, in: box).utf8).write(to: URL(fileURLWithPath: out + "/points.csv"))
        print("wrote \(out)/complex-areas.geojson: \(areas.count) polygons, \(vertices) vertices, \(selfIntersecting) self-intersecting; \(out)/points.csv: \(points) points")
    }
}
