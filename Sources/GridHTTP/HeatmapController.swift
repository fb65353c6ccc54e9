import Foundation
import GridModel
import GridService
import HTTPTypes
import Hummingbird

/// `GET /heatmap`: petitions counted in hexagons, squares or areas, as GeoJSON.
struct HeatmapController {
    typealias Context = WanggeRequestContext
    let ledgers: StoreSnapshot<PetitionLedger>
    /// For the sensitive categories, which only some roles see counted.
    let desk: PetitionDesk

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get { request, context in try heatmap(request, context) }
        return routes
    }

    func heatmap(_ request: Request, _ context: Context) throws -> Response {
        var query = try HeatmapQuery(try ParameterReader(request, allowed: HeatmapQuery.parameterNames))
        query.hiddenCategories = context.caller.hiddenCategories(sensitive: try desk.registry().sensitiveCategories)
        try query.apply(context.caller.disclosure)
        let clock = ContinuousClock()
        let start = clock.now
        let map = try Heatmap(ledger: try ledgers.current(), query: query, now: Int64(Date().timeIntervalSince1970))
        let body = map.geoJSON()
        let d = (clock.now - start).components
        let ms = Double(d.seconds) * 1000 + Double(d.attoseconds) / 1e15
        var response = Response.geoJSON(body, crs: query.crs)
        // Server time for clients and benchmarks (counting and encoding, not the network).
        response.headers[HTTPField.Name("Server-Timing")!] = "heatmap;dur=\(String(format: "%.2f", ms))"
        return response
    }
}
