import GridModel
import GridService
import Hummingbird

/// `GET /resolve?address=&limit=`: address candidates, best first (DESIGN.md's resolve result).
struct ResolveController<Context: RequestContext> {
    let resolvers: StoreSnapshot<AddressResolver>

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get { request, _ in try resolve(request) }
        return routes
    }

    func resolve(_ request: Request) throws -> Response {
        let q = try ParameterReader(request, allowed: ["address", "limit"])
        guard let address = q.string("address"), !address.trimmingWhitespace.isEmpty else {
            throw ParameterError(.missing, "address", "required: the address as typed, e.g. 阳光小区3栋2单元501")
        }
        let limit = try q.int("limit", default: 5, range: 1...50)
        let resolver = try resolvers.current()
        return .json(resolver.resolve(address, limit: limit).json(areas: resolver.areaDirectory))
    }
}
