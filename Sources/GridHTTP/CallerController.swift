import GridGeo
import GridModel
import GridService
import Hummingbird

/// `GET /me`: who the token or the desk session says the caller is and what the role may — for clients (the map
/// page) that show only what the caller can open instead of asking and being refused.
/// `GET /categories`: the petition categories the caller may see, with their names.
struct CallerController {
    typealias Context = WanggeRequestContext
    let desk: PetitionDesk

    func addRoutes(to router: Router<Context>) {
        router.get("/me") { request, context in try me(request, context) }
        router.get("/categories") { request, context in try categories(request, context) }
        router.get("/vocabulary") { request, _ in try vocabulary(request) }
    }

    func me(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        let caller = context.caller
        let registry = try desk.registry()
        let may: [(String, Permission)] = [("read_petitions", .readPetitions), ("take_petitions", .takePetitions),
                                           ("post_events", .postEvents), ("read_residents", .readResidents),
                                           ("see_sensitive_categories", .seeSensitiveCategories)]
        let token = caller.token
        return .json(.object(JSONObject([
            ("role", caller.role.map { .string($0.rawValue) } ?? .null),
            ("token", token.map { .string($0.id) } ?? .null),
            ("user", caller.user.map { .string($0.name) } ?? .null),
            ("label", token?.label.map(JSONValue.string) ?? .null),
            ("unit", caller.unit.map { id in registry.units[id].map(AreaDirectory.json) ?? .string(id) } ?? .null),
            ("area", caller.area.map(registry.namedArea) ?? .null),
            ("may", .object(JSONObject(may.map { (key: $0.0, value: .bool(caller.may($0.1))) }))),
            ("personal_data", .string(caller.seesPersonalData ? "whole" : "masked")),
        ])))
    }

    /// `GET /vocabulary`: the statuses (with whether they are open), the actions, the notice
    /// kinds and every other code a screen shows (channels, kinds, urgencies, ratings, outcomes,
    /// screening verdicts, supervision levels, deadlines, roles, work lists) with their Chinese names — from the model, so that no page writes them again.
    func vocabulary(_ request: Request) throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        func entry(_ code: String, _ name: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
            .object(JSONObject([("code", .string(code)), ("name_zh", .string(name))] + extra.map { (key: $0.0, value: $0.1) }))
        }
        return .json(.object(JSONObject([
            ("statuses", .array(Petition.Status.allCases.map { entry($0.rawValue, $0.chineseName, [("open", .bool($0.isOpen))]) })),
            ("actions", .array(PetitionEvent.Action.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("notices", .array(DeskNotice.Kind.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("channels", .array(Petition.Channel.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("kinds", .array(Petition.Kind.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("urgencies", .array(Petition.Urgency.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("ratings", .array(Petition.Rating.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("outcomes", .array(Petition.Outcome.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("verdicts", .array(CaseState.Screening.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("supervision_levels", .array(CaseState.Supervision.levelNames.sorted { $0.key < $1.key }.map { entry(String($0.key), $0.value) })),
            ("deadlines", .array(PetitionDeadlines.Kind.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("roles", .array(Role.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("queues", .array(WorkQueue.allCases.map { entry($0.rawValue, $0.chineseName) })),
            ("problems", .array(FieldProblem.Kind.allCases.map { entry($0.rawValue, $0.chineseName) })),
        ])))
    }

    func categories(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        let registry = try desk.registry()
        let hidden = context.caller.hiddenCategories(sensitive: registry.sensitiveCategories)
        let list = registry.categories.values.filter { !hidden.contains($0.code) }.sorted { $0.code < $1.code }
        return .json(.object(JSONObject([("categories", .array(list.map { c in
            .object(JSONObject([("code", .string(c.code)), ("name_zh", .string(c.nameZh)), ("name_en", .string(c.nameEn)),
                                ("default_level", .string(c.defaultLevel.rawValue))]))
        }))])))
    }
}
