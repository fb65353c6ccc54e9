import GridGeo
import GridModel
import GridService
import Hummingbird

/// Early warnings over HTTP: `GET /warnings` (GeoJSON, scoped as petitions are),
/// `GET /warnings/{id}` (with its status changes), `POST /warnings/{id}/events` (acknowledge or
/// close, with a note).
struct WarningsController {
    typealias Context = WanggeRequestContext
    let warnings: EarlyWarnings
    let desk: PetitionDesk

    func addRoutes(to router: Router<Context>) {
        router.get("/warnings") { request, context in try list(request, context) }
        router.get("/warnings/:id") { request, context in try one(request, context) }
        router.post("/warnings/:id/events") { request, context in try await event(request, context) }
    }

    func list(_ request: Request, _ context: Context) throws -> Response {
        let q = try ParameterReader(request, allowed: ["from", "to", "kind", "category", "status", "crs"])
        let crs = try q.coordinateSystem("crs")
        func day(_ name: String) throws -> Int? {
            try q.string(name).map { text in
                guard let d = Timestamp.day(fromDate: text) else { throw ParameterError(.invalid, name, "'\(text)' is not a date such as 2026-05-01") }
                return d
            }
        }
        let kind: EarlyWarning.Kind? = q.string("kind") == nil ? nil : try q.choice("kind", default: .cluster)
        let status: EarlyWarning.Status? = q.string("status") == nil ? nil : try q.choice("status", default: .new)
        let list = try warnings.list(fromDay: try day("from"), toDay: try day("to"), kind: kind, category: q.string("category"),
                                     status: status, for: context.caller)
        return .geoJSON(EarlyWarning.featureCollection(list, registry: try desk.registry(), crs: crs), crs: crs)
    }

    func one(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        let id = context.parameters.get("id") ?? ""
        guard let w = try warnings.warning(id: id, for: context.caller) else { throw Self.noWarning(id) }
        var f = w.feature(registry: try desk.registry())
        f.properties["events"] = .array(try warnings.events(of: id).map { e in
            .object(JSONObject([("at", .string(e.at)), ("actor", .string(e.actor)), ("status", .string(e.status)),
                                ("note", e.note.map(JSONValue.string) ?? .null)]))
        })
        var out = JSONWriter()
        f.write(into: &out, in: .wgs84)
        return .geoJSON(out.bytes, crs: .wgs84)
    }

    /// `{"status": "acknowledged" | "closed", "note": "…"}`.
    func event(_ request: Request, _ context: Context) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        var r = FieldReader(try await Problem.jsonObject(request))
        let status: EarlyWarning.Status? = r.choice("status")
        let note = r.string("note")
        if status == .new { r.problem("status", "a warning goes to acknowledged or closed, not back to new", kind: .choice) }
        guard let status, r.problems.isEmpty else { throw DeskError.invalid(r.problems) }
        let (warnings, caller, now) = (warnings, context.caller, desk.now())
        guard let w = try await blocking({ try warnings.setStatus(id: id, to: status, note: note, by: caller, at: now) }) else { throw Self.noWarning(id) }
        var out = JSONWriter()
        w.feature(registry: try desk.registry()).write(into: &out, in: .wgs84)
        return .geoJSON(out.bytes, crs: .wgs84)
    }

    static func noWarning(_ id: String) -> Problem {
        Problem(.notFound, type: "not-found", title: "No such warning", detail: "no warning '\(id)'")
    }
}
