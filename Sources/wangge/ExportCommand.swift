import ArgumentParser
import GridGeo
import GridService
import GridStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a layer as one GeoJSON FeatureCollection to standard output.",
        discussion: """
            LAYER is one of \(FeatureLayer.all.map(\.collectionID).joined(separator: ", ")) (the HTTP collections; \
            a level name such as grid or 社区 works too). The features are those of \
            /collections/LAYER/items, without personal data. Example: \
            wangge export grids --crs gcj02 > grids.geojson
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "The layer (collection) to export.")
    var layer: String

    @Option(help: "Only features meeting minLon,minLat,maxLon,maxLat (WGS-84).")
    var bbox: String?

    @Option(help: "Output coordinates: wgs84 (default), gcj02 (AMap, Tencent) or bd09 (Baidu).")
    var crs: String?

    @Option(help: "For petitions: an RFC 3339 time or date, or an interval start/end (either end may be ..).")
    var datetime: String?

    @Option(name: .customLong("where"), help: "A property filter NAME=VALUE, as the HTTP items query takes (repeatable), e.g. --where district=510402.")
    var filters: [String] = []

    @Option(help: "A CQL2 filter, e.g. --filter \"category = 'water' AND S_INTERSECTS(geometry, BBOX(104.0,30.6,104.1,30.7))\".")
    var filter: String?

    @Option(name: .customLong("filter-lang"), help: "The filter's encoding: cql2-text (default) or cql2-json.")
    var filterLang: String?

    @Option(name: .customLong("filter-crs"), help: "The CRS of the filter's geometries (default CRS84, longitude first; EPSG:4326 is latitude first).")
    var filterCRS: String?

    func run() throws {
        guard let target = FeatureLayer(collectionID: layer) else {
            throw ValidationError("unknown layer '\(layer)': use one of \(FeatureLayer.all.map(\.collectionID).joined(separator: ", "))")
        }
        var pairs: [(String, String)] = []
        if let bbox { pairs.append(("bbox", bbox)) }
        if let crs { pairs.append(("crs", crs)) }
        if let datetime { pairs.append(("datetime", datetime)) }
        if let filter { pairs.append(("filter", filter)) }
        if let filterLang { pairs.append(("filter-lang", filterLang)) }
        if let filterCRS { pairs.append(("filter-crs", filterCRS)) }
        for f in filters {
            guard let eq = f.firstIndex(of: "=") else { throw ValidationError("--where takes NAME=VALUE, found '\(f)'") }
            pairs.append((String(f[..<eq]), String(f[f.index(after: eq)...])))
        }
        do {
            let q = try ParameterReader(pairs, allowed: ["crs"] + FeaturePage.selectionParameters(for: target))
            let filter = try FeaturePage(selecting: target, from: q)
            let system = try q.coordinateSystem("crs")
            if system != .wgs84 { printError("wangge: note: " + FeatureExport.crsNote(system)) }
            try FeatureExport(layers: FeatureLayers(store: try store.open())).write(target, filter: filter, crs: system, to: 1)
        } catch let e as ParameterError {
            throw ValidationError(e.description)
        } catch {
            exitWith(error)
        }
    }
}
