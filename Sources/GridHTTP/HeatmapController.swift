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
        // Server time for clients and benchmarks (counting and encoding, not the network).
        return try ServerTiming.measure("heatmap") {
            let map = try Heatmap(ledger: try ledgers.current(), query: query, now: Int64(Date().timeIntervalSince1970))
            return Response.geoJSON(map.geoJSON(), crs: query.crs)
        }
    }
}
