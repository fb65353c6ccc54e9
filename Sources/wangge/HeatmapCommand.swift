import ArgumentParser
import Foundation
import GridService

struct HeatmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heatmap",
        abstract: "Write a petition heat map as GeoJSON to standard output (the options of GET /heatmap).",
        discussion: "Example: wangge heatmap --bin hex --size 500 --from 2026-01-01 --status open > heat.geojson")

    @OptionGroup var store: StoreOptions

    @Option(help: "minLon,minLat,maxLon,maxLat (WGS-84); default: all petitions.") var bbox: String?
    @Option(help: "hex (default), square or area.") var bin: String?
    @Option(help: "Metres: the hexagon's edge or the square's side (default 500).") var size: String?
    @Option(help: "The area level for --bin area (default grid).") var level: String?
    @Option(help: "Received at or after: RFC 3339 time or a date.") var from: String?
    @Option(help: "Received at or before: RFC 3339 time or a date (the whole day).") var to: String?
    @Option(help: "Category codes, comma-separated.") var category: String?
    @Option(help: "Statuses, comma-separated; also open and overdue.") var status: String?
    @Option(help: "polygons (default) or points (bin centres with a weight).") var format: String?
    @Option(help: "Output coordinates: wgs84 (default), gcj02 or bd09.") var crs: String?

    func run() throws {
        let given: [(String, String?)] = [("bbox", bbox), ("bin", bin), ("size", size), ("level", level), ("from", from), ("to", to),
                                          ("category", category), ("status", status), ("format", format), ("crs", crs)]
        do {
            let query = try HeatmapQuery(try ParameterReader(given.compactMap { k, v in v.map { (k, $0) } },
                                                             allowed: HeatmapQuery.parameterNames))
            let ledger = try PetitionLedger(store: try store.open())
            let map = try Heatmap(ledger: ledger, query: query, now: Int64(Date().timeIntervalSince1970))
            try DescriptorOutput.write(map.geoJSON() + [0x0A], to: 1)
        } catch let e as ParameterError {
            throw ValidationError(e.description)
        } catch {
            exitWith(error)
        }
    }
}
