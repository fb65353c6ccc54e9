import GridModel
import GridService
import Hummingbird

/// `GET /buildings/{id}/households`: the households and persons of a building (户入楼、人到户),
/// for the roles that read the register — whole for an admin and the grid worker of the
/// building's cell, masked for dispatchers and inspectors.
struct ResidentsController {
    typealias Context = WanggeRequestContext
    let register: ResidentRegister

    func addRoutes(to router: Router<Context>) {
        router.get("/buildings/:id/households") { request, context in try await households(request, context) }
    }

    func households(_ request: Request, _ context: Context) async throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        let id = context.parameters.get("id") ?? ""
        let (register, caller) = (register, context.caller)
        // An unmasked read writes its audit entry.
        guard let listing = try await blocking({ try register.residents(ofBuilding: id, for: caller) }) else {
            throw Problem(.notFound, type: "not-found", title: "No such building", detail: "no building '\(id)'")
        }
        return .json(listing.json)
    }
}
