import GridModel
import GridService
import Hummingbird

/// `GET /resolve?address=&limit=`: address candidates, best first (the resolve result).
struct ResolveController {
    typealias Context = WanggeRequestContext
    let resolvers: StoreSnapshot<AddressResolver>

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get { request, context in try resolve(request, context) }
        return routes
    }

    /// Households are named only to callers who may read the register, for buildings in their
    /// scope; everyone else gets the building alone.
    func resolve(_ request: Request, _ context: Context) throws -> Response {
        let q = try ParameterReader(request, allowed: ["address", "limit"])
        guard let address = q.string("address"), !address.trimmingWhitespace.isEmpty else {
            throw ParameterError(.missing, "address", "required: the address as typed, e.g. 阳光小区3栋2单元501")
        }
        let limit = try q.int("limit", default: 5, range: 1...50)
        let resolver = try resolvers.current()
        var match = resolver.resolve(address, limit: limit)
        let caller = context.caller
        for k in match.candidates.indices where !(caller.may(.readResidents) && caller.covers(match.candidates[k].placement)) {
            match.candidates[k].household = nil
        }
        return .json(match.json(areas: resolver.areaDirectory))
    }
}
