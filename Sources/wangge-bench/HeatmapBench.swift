import ArgumentParser
import GridDemo
import GridGeo
import GridModel
import GridService

/// `wangge-bench heatmap`: the server time of GET /heatmap (count and encode; what its
/// Server-Timing header reports) over a million petitions in the synthetic city.
struct HeatmapBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "heatmap",
        abstract: "Heat-map server time over 1 M petitions in the 100,000-cell city (hexagons, squares, areas).")

    @Option(help: "Petitions.") var petitions = 1_000_000
    @Option(help: "Runs per query (best and median are reported).") var runs = 21
    @Option(help: "Run only the query with this number (1…), e.g. under perf.") var only: Int?

    func run() throws {
        let (city, tCity) = timed { SyntheticCity.grid(buildingsPerCell: 0) }
        var box = BoundingBox.empty
        for a in city.areas where a.level == .district { box.extend(a.boundary.boundingBox) }
        let end = try Timestamp.parse("2026-11-21T23:59:59+08:00").get()
        var list = SyntheticCity.petitions(count: petitions, in: box, end: end)
        // Placed on the map as intake would place them (area bins count by placement).
        let locator = Locator(areas: city.areas, buildings: [], units: [])
        let (hits, tPlace) = timed { locator.hits(lons: list.map { $0.location!.lon }, lats: list.map { $0.location!.lat }) }
        for k in list.indices { list[k].placement = locator.placement(hits[k]) }
        let (ledger, tLedger) = timed { PetitionLedger(petitions: list, areas: city.areas, residents: [:]) }
        print("city: \(city.areas.count) areas generated in \(f(tCity)) s; \(petitions) petitions placed in \(f(tPlace)) s; ledger built in \(f(tLedger)) s")
        print("bbox: \(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat) (~\(Int(Geodesy.area(of: MultiPolygon([Polygon(exterior: [Coordinate(lon: box.minLon, lat: box.minLat), Coordinate(lon: box.maxLon, lat: box.minLat), Coordinate(lon: box.maxLon, lat: box.maxLat), Coordinate(lon: box.minLon, lat: box.maxLat), Coordinate(lon: box.minLon, lat: box.minLat)])])) / 1e6)) km²)")
        let bbox = "\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)"
        let now = end.seconds
        let queries: [(String, [(String, String)])] = [
            ("500 m hexagons, whole city", [("bbox", bbox), ("bin", "hex"), ("size", "500")]),
            ("500 m hexagons, points format", [("bbox", bbox), ("bin", "hex"), ("size", "500"), ("format", "points")]),
            ("500 m hexagons, 2 categories, open, one quarter", [("bbox", bbox), ("size", "500"), ("category", "water,noise"), ("status", "open"), ("from", "2026-06-01"), ("to", "2026-08-31")]),
            ("100 m hexagons, whole city", [("bbox", bbox), ("bin", "hex"), ("size", "100")]),
            ("250 m squares, whole city", [("bbox", bbox), ("bin", "square"), ("size", "250")]),
            ("communities (area bins)", [("bbox", bbox), ("bin", "area"), ("level", "community")]),
            ("grid cells (area bins, 100,000 polygons)", [("bbox", bbox), ("bin", "area"), ("level", "grid")]),
        ]
        for (number, (name, pairs)) in queries.enumerated() where only == nil || only == number + 1 {
            let query = try HeatmapQuery(try ParameterReader(pairs, allowed: HeatmapQuery.parameterNames))
            var times: [Double] = [], counting: [Double] = []
            var bins = 0, bytes = 0, matched = 0
            for _ in 0..<runs {
                let (map, tCount) = try timed { try Heatmap(ledger: ledger, query: query, now: now) }
                let (json, tEncode) = timed { map.geoJSON() }
                times.append(tCount + tEncode)
                counting.append(tCount)
                (bins, bytes, matched) = (map.bins.count, json.count, map.matched)
            }
            times.sort()
            counting.sort()
            print("\(name): best \(f(times[0] * 1000, 1)) ms, median \(f(times[times.count / 2] * 1000, 1)) ms (counting alone: median \(f(counting[counting.count / 2] * 1000, 1)) ms) — \(matched) petitions in \(bins) bins, \(bytes / 1024) KiB GeoJSON")
        }
        print("peak memory: \(f(peakMemoryMiB(), 0)) MiB")
    }
}
